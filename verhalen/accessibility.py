"""The accessibility statement (toegankelijkheidsverklaring), a plain public page."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

# The statuses of the Dutch model statement (modelverklaring toegankelijkheid).
STATUSES = {
    "A": _("A: fully compliant"),
    "B": _("B: partially compliant"),
    "C": _("C: first measures taken"),
    "D": _("D: not compliant"),
}


def contact_email() -> str:
    """The organisation's general contact address, or else the editors' first."""
    return settings.VENSTER_CONTACT_EMAIL or next(
        iter(settings.VENSTER_EDITORS_EMAIL), ""
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Say which standard Venster aims for, how it is tested, and whom to tell."""
    return TemplateResponse(
        request,
        "verhalen/accessibility.html",
        {
            "editors_email": contact_email(),
            "organisation": settings.VENSTER_ORGANISATION_NAME,
            "status": STATUSES.get(settings.VENSTER_ACCESSIBILITY_STATUS.upper(), ""),
            "statement_date": date.fromisoformat(settings.VENSTER_ACCESSIBILITY_DATE),
        },
    )
