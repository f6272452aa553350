"""Routes of the researchers' API, under /api/v1/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("stories", views.StoryViewSet, basename="story")
router.register("experiments", views.ExperimentViewSet, basename="experiment")
router.register("patterns", views.PatternViewSet, basename="pattern")

urlpatterns = [
    *router.urls,
    path("search/", views.SearchView.as_view(), name="search"),
    # The schema only: Swagger UI and ReDoc would load their assets from a CDN.
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings={"SCHEMA_PATH_PREFIX": "/api/v1"}),
        name="schema",
    ),
    # Last: any other address under /api/v1/ gets Venster's own 404 page.
    re_path(r"^", views.not_found),
]
