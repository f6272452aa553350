"""The accessibility statement (toegankelijkheidsverklaring), a plain public page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Say which standard Venster aims for, how it is tested, and whom to tell."""
    return TemplateResponse(
        request,
        "verhalen/accessibility.html",
        {"editors_email": next(iter(settings.VENSTER_EDITORS_EMAIL), "")},
    )
