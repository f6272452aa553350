"""The privacy statement (privacyverklaring): what Venster keeps, why and how long."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .accessibility import contact_email
from .recognition_views import RECOGNITION_COOKIE, RECOGNITION_COOKIE_DAYS


def privacy_statement(request: HttpRequest) -> HttpResponse:
    """Say in plain words what is processed, on what basis, for how long, for whom."""
    return TemplateResponse(
        request,
        "verhalen/privacy.html",
        {
            "organisation": settings.VENSTER_ORGANISATION_NAME,
            "privacy_email": settings.VENSTER_PRIVACY_CONTACT_EMAIL or contact_email(),
            "dpo_email": settings.VENSTER_DPO_EMAIL,
            "declined_days": settings.VENSTER_RETENTION_DECLINED_DAYS,
            "code_days": settings.VENSTER_RETENTION_CODE_DAYS,
            "signup_days": settings.VENSTER_RETENTION_SIGNUP_DAYS,
            "preview_hours": settings.VENSTER_PREVIEW_MAX_AGE // 3600,
            "recognition_cookie": RECOGNITION_COOKIE,
            "recognition_days": RECOGNITION_COOKIE_DAYS,
        },
    )
