"""Public pages answered from the cache until something they show changes.

Wagtail needs a dozen queries to route and render a story page, and nearly every
visitor is anonymous and sees the same page. Their GETs are answered from Django's
cache, keyed by Django's own cache-key helpers (URL and language) under the token in
``PaginaVersie``: one indexed read decides, in every process, which copies are
current. Publishing, unpublishing, moving or deleting a page, a recognition, a change
to a system flaw or a tag renews the token, so a withdrawn story is gone everywhere at
once, whichever cache backend holds the copies.

Never answered from the cache: requests with a session (editors) or a recognition
cookie (the page tells that browser it recognised the story). Never stored: anything
but a rendered 200, a response marked private or uncacheable, and a page that touched
the session, set a cookie or handed out a CSRF token.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_cache_key, get_max_age, learn_cache_key
from wagtail.models import Site

from .selectors import page_cache_token
from .views import RECOGNITION_COOKIE

TIMEOUT = 10 * 60
T = TypeVar("T")
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, RECOGNITION_COOKIE)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    control = response.get("Cache-Control", "")
    return not (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.accessed)
        or "private" in control
        or "no-store" in control
        or get_max_age(response) == 0
    )


def request_token(request: HttpRequest) -> str | None:
    """The page-cache token, read at most once per request."""
    if not hasattr(request, "_venster_page_token"):
        request._venster_page_token = page_cache_token()
    return request._venster_page_token


def version_memo(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the page cache until the token is renewed.

    For what every page shows and only a published change can alter (the menu):
    worked out once per version instead of once per request, in every process.
    """
    token = request_token(request)
    if token is None:
        return compute()
    cache = caches["pages"]
    key = f"memo.{token}.{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _site_with_root(request: HttpRequest) -> Site | None:
    """The request's site with its root page, specific, loaded for keeping."""
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018
    return site


def site_remember(request: HttpRequest) -> None:
    """Give Wagtail the request's site and root page as kept for this page version.

    Wagtail finds them with three queries a request (``Site.find_for_request`` and
    the root page, generic then specific) and keeps them on the request, where it
    finds them here instead.
    """
    host = f"{request.get_host()}"
    request._wagtail_site = version_memo(
        request, f"site.{host}", lambda: _site_with_root(request)
    )


View = Callable[..., HttpResponse]


def cache_public_pages(view: View) -> View:
    """Answer anonymous GETs of ``view`` from the cache while the pages are current."""

    @wraps(view)
    def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        site_remember(request)
        if request.method not in ("GET", "HEAD") or any(
            name in request.COOKIES for name in PERSONAL_COOKIES
        ):
            return view(request, *args, **kwargs)
        token = request_token(request)
        if token is None:
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        prefix = f"pagina.{token}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None and (cached := cache.get(key)) is not None:
            return cached
        response = view(request, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return response

        def store(rendered: HttpResponse) -> None:
            if _storable(request, rendered):
                key = learn_cache_key(request, rendered, TIMEOUT, prefix, cache=cache)
                cache.set(key, rendered, TIMEOUT)

        if callable(getattr(response, "render", None)):
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return serve
