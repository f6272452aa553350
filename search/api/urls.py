"""Routes of the researchers' API, under /api/v1/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import docs, views

app_name = "api"

router = SimpleRouter()
router.register("stories", views.StoryViewSet, basename="story")
router.register("experiments", views.ExperimentViewSet, basename="experiment")
router.register("patterns", views.PatternViewSet, basename="pattern")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    *router.urls,
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings=docs.SCHEMA_SETTINGS),
        name="schema",
    ),
    # Swagger UI and ReDoc need scripts that the CSP refuses; a plain page does not.
    path("docs/", docs.api_docs, name="docs"),
    # Last: any other address under /api/v1/ gets Venster's own 404 page.
    re_path(r"^", views.not_found),
]
