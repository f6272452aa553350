"""URL routes: the Wagtail admin, language switching, then Wagtail's page tree."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("verhalen.urls")),
    path("api/v1/", include("search.api.urls")),
    path("", include("search.urls")),
    path("", include("leren.urls")),
    path("", include(wagtail_urls)),
]
