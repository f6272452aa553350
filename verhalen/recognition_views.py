"""Recognition: a resident's "Dit herken ik" and a staff member's "Dit herkennen wij
ook" on a published story."""

import secrets

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .forms import OrganisationRecognitionForm
from .models import VerhaalPage
from .ratelimit import rate_limited
from .security import same_origin_post
from .services import (
    RecognitionRefused,
    organisation_recognition_set,
    organisation_recognition_withdraw,
    recognition_add,
    user_is_staff,
)
from .views import too_many

RECOGNITION_COOKIE = "venster_herkenning"
RECOGNITION_SALT = "venster.herkenning.cookie"
# A post without Venster's own cookie is a browser Venster has not seen: one network
# may add this many of those to a story a day, so dropping cookies cannot inflate it.
RECOGNITION_NEW_PER_DAY = 5
RECOGNITION_COOKIE_DAYS = 365


def recognition_cookie(request: HttpRequest) -> str:
    """The browser's recognition token, if its cookie is one Venster signed."""
    return request.get_signed_cookie(RECOGNITION_COOKIE, "", salt=RECOGNITION_SALT)


@csrf_exempt
@same_origin_post
@require_POST
def recognise(request: HttpRequest, page_id: int) -> HttpResponse:
    """Dit herken ik: one anonymous recognition per browser per published story."""
    page = get_object_or_404(VerhaalPage.objects.live().public(), pk=page_id)
    if rate_limited(request, scope="recognise", limit=60, window=600):
        return too_many(request)
    token = recognition_cookie(request)
    if not token:
        if rate_limited(
            request,
            scope=f"recognise-new.{page.pk}",
            limit=RECOGNITION_NEW_PER_DAY,
            window=24 * 60 * 60,
        ):
            return TemplateResponse(
                request,
                "verhalen/rate_limited.html",
                {"recognitions": True},
                status=429,
            )
        token = secrets.token_urlsafe(32)
    recognition_add(page=page, browser_token=token)
    response = redirect(f"{page.url}#herkennen")
    response.set_signed_cookie(
        RECOGNITION_COOKIE,
        token,
        salt=RECOGNITION_SALT,
        max_age=RECOGNITION_COOKIE_DAYS * 24 * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# What the story page tells a staff member after their mark was saved or taken back.
ORGANISATION_NOTICE = "organisatie"
ORGANISATION_SAVED = "bewaard"
ORGANISATION_WITHDRAWN = "ingetrokken"


@never_cache
@require_POST
def recognise_as_organisation(request: HttpRequest, page_id: int) -> HttpResponse:
    """Dit herkennen wij ook: a staff member's mark for their organisation.

    Signed-in staff only, with Django's CSRF check: the form is shown only on the
    pages of signed-in staff, which are never cached. Whoever is not signed in is
    sent to the login page and back to the story; other accounts are refused.
    """
    page = get_object_or_404(VerhaalPage.objects.live().public(), pk=page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url, reverse("wagtailadmin_login"))
    if not user_is_staff(request.user):
        raise PermissionDenied
    if request.POST.get("action") == "withdraw":
        organisation_recognition_withdraw(page=page, user=request.user)
        return _back_to_story(page, ORGANISATION_WITHDRAWN)
    form = OrganisationRecognitionForm(request.POST)
    if form.is_valid():
        try:
            organisation_recognition_set(
                page=page, user=request.user, **form.cleaned_data
            )
        except RecognitionRefused:
            raise PermissionDenied from None
        return _back_to_story(page, ORGANISATION_SAVED)
    return TemplateResponse(
        request,
        "verhalen/organisation_recognition.html",
        {"story": page, "form": form},
        status=400,
    )


def _back_to_story(page: VerhaalPage, notice: str) -> HttpResponse:
    return redirect(f"{page.url}?{ORGANISATION_NOTICE}={notice}#herkennen-wij")
