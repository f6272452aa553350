"""Security hooks: no IP addresses stored, no cross-site posts, no foreign frames."""

from collections.abc import Callable
from functools import wraps

from csp.constants import SELF
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def client_ip_withheld(request) -> None:
    """The client address django-axes records for a login attempt: none."""
    return None


def preview_framed_by_admin(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Let the admin's own preview panel frame a page preview; nothing else may.

    Wagtail renders a preview by running the page's URL through the middleware, so the
    public policy's ``frame-ancestors 'none'`` would empty the panel. Wagtail already
    sends ``X-Frame-Options: SAMEORIGIN`` on its preview views; this is the CSP half.
    Placed after the CSP middleware, so that its change is seen when the header is made.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_replace = {"frame-ancestors": [SELF]}
        return response

    return middleware


def same_origin_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a POST that another site's page made the browser send.

    For one-click anonymous actions on public pages, which are cached and so carry no
    CSRF token. Browsers say where a request comes from: ``Sec-Fetch-Site`` in current
    ones, ``Origin`` in older ones. A client that sends neither is not a browser acting
    for someone else, which is what CSRF protection is about.
    """

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        fetch_site = request.headers.get("Sec-Fetch-Site")
        origin = request.headers.get("Origin")
        if fetch_site is not None:
            allowed = fetch_site in ("same-origin", "none")
        elif origin is not None:
            allowed = origin == f"{request.scheme}://{request.get_host()}" or (
                origin in settings.CSRF_TRUSTED_ORIGINS
            )
        else:
            allowed = True
        if not allowed:
            return TemplateResponse(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return checked
