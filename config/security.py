"""Security hooks: no IP addresses stored, no cross-site posts, no foreign frames."""

from collections.abc import Callable

from csp.constants import SELF
from django.http import HttpRequest, HttpResponse


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
