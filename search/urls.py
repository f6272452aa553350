"""Routes of the search app; they come before Wagtail's page tree."""

from django.urls import path

from verhalen import converters  # noqa: F401 (registers the converters)

from . import exports, views

app_name = "search"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("zoeken/export.csv", exports.search_export, name="export"),
    path("zoeken/gegevenswoordenboek/", exports.data_dictionary, name="dictionary"),
    path("patronen/", views.patterns, name="patterns"),
    path("patronen/samenhang/", views.tag_network, name="network"),
    path("patronen/<int:pk>/", views.pattern_by_number),
    path("patronen/<pattern_address:address>/", views.pattern_detail, name="pattern"),
]
