"""Public routes of the learning loop; they come before Wagtail's page tree."""

from django.urls import path

from verhalen import converters  # noqa: F401 (registers the converters)
from verhalen.page_cache import cache_public_pages

from . import feeds, signup_views, views

app_name = "leren"
urlpatterns = [
    path("systeemfouten/", views.systeemfouten, name="systeemfouten"),
    path("systeemfouten/<int:pk>/", views.systeemfout_detail, name="systeemfout"),
    path("meedoen/<int:page_id>/", signup_views.experiment_signup, name="signup"),
    path("meedoen/intrekken/", signup_views.signup_withdrawal, name="signup-withdraw"),
    # Atom feeds, answered from the page cache as the pages are.
    path(
        "feeds/verhalen/",
        cache_public_pages(feeds.StoriesFeed()),
        name="feed-stories",
    ),
    path(
        "feeds/experimenten/",
        cache_public_pages(feeds.ExperimentResultsFeed()),
        name="feed-experiments",
    ),
    path(
        "feeds/systeemfouten/",
        cache_public_pages(feeds.SystemFlawsFeed()),
        name="feed-systeemfouten",
    ),
    path(
        "feeds/onderwerp/<tag_slug:slug>/",
        cache_public_pages(feeds.TagFeed()),
        name="feed-tag",
    ),
]
