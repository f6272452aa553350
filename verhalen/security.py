"""Cross-site posts refused on the public pages' one-click actions."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


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
