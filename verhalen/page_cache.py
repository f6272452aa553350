"""Public pages answered from the cache until something they show changes.

Wagtail needs a dozen queries to route and render a story page, and nearly every
visitor is anonymous and sees the same page. Their GETs are answered from Django's
cache, keyed by address and language under the version in ``PaginaVersie``: one
indexed read decides, in every process, which copies are current. Publishing,
unpublishing, moving or deleting a page, a view restriction, a change to a system
flaw or a tag renews the version of every page, so a withdrawn or restricted story is
gone everywhere at once, whichever cache backend holds the copies; a recognition (a
resident's, or an organisation's mark) renews only the copies of its story.

Never answered from the cache: requests with a session (editors) or a recognition
cookie Venster signed (the page tells that browser it recognised the story). Never
stored: anything but a rendered 200, a response marked private or uncacheable, a page
that touched the session, set a cookie or handed out a CSRF token, and a query string
the page did not accept as its own: a page names the parameters (and values) it
serves a copy for in its context under ``CACHE_QUERY``; by default none. Headers the
response varies on are not part of the key: an anonymous copy differs only by
language, so made-up headers or query strings cannot fill a shared cache.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_max_age
from django.utils.translation import get_language
from wagtail.models import Site

from .recognition_views import recognition_cookie
from .selectors import page_cache_version

TIMEOUT = 10 * 60
CACHE_QUERY = "cache_query"
T = TypeVar("T")


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
    ) and _query_accepted(request, response)


def _query_accepted(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the page serves a copy of its own for exactly this query string."""
    if not request.GET:
        return True
    context = getattr(response, "context_data", None) or {}
    return all(
        len(values) == 1 for _, values in request.GET.lists()
    ) and request.GET.dict() == context.get(CACHE_QUERY)


def _key(request: HttpRequest, version: str) -> str:
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagina.{version}.{get_language()}.{address}"


def request_version(request: HttpRequest) -> str | None:
    """The version of the requested page's copies, read at most once per request."""
    if not hasattr(request, "_venster_page_version"):
        request._venster_page_version = page_cache_version(path=request.path)
    return request._venster_page_version


def every_page_version(request: HttpRequest) -> str:
    """The part of the version that every page's copies share; "" when none is kept.

    Templates key shared fragments (lists of cards) on it.
    """
    version = request_version(request)
    return version.split(".", 1)[0] if version else ""


def fragment_seconds(request: HttpRequest) -> int:
    """How long a template may keep a fragment every page shares: 0 without a version.

    With ``{% cache %}`` keyed on ``pages_version``, a fragment is retired with the
    copies of the pages whenever something they show is published or withdrawn.
    """
    return TIMEOUT if every_page_version(request) else 0


def version_memo(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the page cache until every page's version is renewed.

    For what every page shows and only a published change can alter (the menu, the
    site): worked out once per version instead of once per request, in every
    process. A recognition renews only its story's version, so it keeps these.
    """
    every_page = every_page_version(request)
    if not every_page:
        return compute()
    cache = caches["pages"]
    key = f"memo.{every_page}.{name}"
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
    request._wagtail_site = version_memo(
        request, f"site.{request.get_host()}", lambda: _site_with_root(request)
    )


View = Callable[..., HttpResponse]


def cache_public_pages(view: View) -> View:
    """Answer anonymous GETs of ``view`` from the cache while the pages are current."""

    @wraps(view)
    def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        site_remember(request)
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or recognition_cookie(request)
        ):
            return view(request, *args, **kwargs)
        version = request_version(request)
        if version is None:
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = _key(request, version)
        if (cached := cache.get(key)) is not None:
            return cached
        response = view(request, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return response

        def store(rendered: HttpResponse) -> None:
            if _storable(request, rendered):
                cache.set(key, rendered, TIMEOUT)

        if callable(getattr(response, "render", None)):
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return serve
