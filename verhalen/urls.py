"""Routes of the resident's flow; they come before Wagtail's page tree."""

from django.urls import path

from . import accessibility, privacy_statement, recognition_views, views

app_name = "verhalen"
urlpatterns = [
    path("deel-je-verhaal/", views.share_story, name="share"),
    path("mijn-verhaal/", views.my_story, name="my-story"),
    path("herken/<int:page_id>/", recognition_views.recognise, name="recognise"),
    path(
        "herkennen-wij/<int:page_id>/",
        recognition_views.recognise_as_organisation,
        name="recognise-organisation",
    ),
    path(
        "toegankelijkheid/",
        accessibility.accessibility_statement,
        name="accessibility",
    ),
    path("privacy/", privacy_statement.privacy_statement, name="privacy"),
]
