"""URL routes: the Wagtail admin, language switching, then Wagtail's page tree.

Wagtail's page view is wrapped so that anonymous visitors get public pages from the
cache (``verhalen.page_cache``). The language switch takes no CSRF token: choosing a
language changes nothing but a cookie, and a token would make every public page set
a cookie of its own and so be uncacheable.
"""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from verhalen.page_cache import cache_public_pages

# Wagtail's own routes minus its page view, which comes back cached below.
wagtail_utility_urls = [
    pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Browsers ask for /favicon.ico where a page names no icon (JSON, files).
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}img/venster.svg"),
    ),
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("verhalen.urls")),
    path("api/v1/", include("search.api.urls")),
    path("", include("search.urls")),
    path("", include("leren.urls")),
    *wagtail_utility_urls,
    re_path(
        wagtail_urls.serve_pattern,
        cache_public_pages(wagtail_views.serve),
        name="wagtail_serve",
    ),
]
