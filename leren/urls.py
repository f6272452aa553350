"""Public routes of the learning loop; they come before Wagtail's page tree."""

from django.urls import path

from . import views

app_name = "leren"
urlpatterns = [
    path("systeemfouten/", views.systeemfouten, name="systeemfouten"),
    path("systeemfouten/<int:pk>/", views.systeemfout_detail, name="systeemfout"),
]
