"""Doe mee: signing up to take part in an experiment, and withdrawing with the code.

No account: the person leaves the least needed to be reached and gets a code, shown
once, that withdraws the sign-up. Every response is marked no-store and the POST
parameters are hidden from error reports, as in the share flow.
"""

import logging

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from verhalen.ratelimit import rate_limited

from .forms import SignupCodeForm, SignupForm
from .models import ExperimentPage
from .signup_services import SignupClosed, signup_create, signup_withdraw

# One network may send this many sign-ups, valid or not, in an hour.
SIGNUP_LIMIT, SIGNUP_WINDOW = 10, 60 * 60
# And try this many codes in ten minutes, as for the verhaalcode.
CODE_LIMIT, CODE_WINDOW = 20, 10 * 60

logger = logging.getLogger(__name__)


def _too_many(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "verhalen/rate_limited.html", status=429)


def _closed(request: HttpRequest, experiment: ExperimentPage, status: int):
    return TemplateResponse(
        request, "leren/signup_closed.html", {"experiment": experiment}, status=status
    )


def _form_page(request, experiment: ExperimentPage, form: SignupForm, status=200):
    return TemplateResponse(
        request,
        "leren/signup_form.html",
        {"experiment": experiment, "form": form},
        status=status,
    )


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def experiment_signup(request: HttpRequest, page_id: int) -> HttpResponse:
    """Doe mee: the form for an open or running experiment, and the code after it."""
    experiment = get_object_or_404(
        ExperimentPage.objects.live().public().specific(), pk=page_id
    )
    if not experiment.is_open:
        return _closed(request, experiment, 200 if request.method == "GET" else 409)
    if request.method == "GET":
        return _form_page(request, experiment, SignupForm())
    if rate_limited(request, scope="signup", limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW):
        return _too_many(request)
    form = SignupForm(request.POST)
    if not form.is_valid():
        return _form_page(request, experiment, form, status=400)
    data = form.cleaned_data
    try:
        signup, code = signup_create(
            experiment=experiment,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            organisation=data["organisation"],
            contribution=data["contribution"],
        )
    except SignupClosed:
        return _closed(request, experiment, 409)
    context = {"experiment": experiment, "code": code}
    try:
        return TemplateResponse(request, "leren/signup_done.html", context).render()
    except DatabaseError:
        # The sign-up is saved: its code must reach the person even if the page
        # around it, which reads the database, cannot be built right now.
        logger.warning("Sign-up page without navigation: database unavailable")
        return TemplateResponse(
            request, "leren/signup_done_plain.html", context
        ).render()


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def signup_withdrawal(request: HttpRequest) -> HttpResponse:
    """Withdraw a sign-up with its code: its contact details are deleted at once."""
    if request.method == "GET":
        return TemplateResponse(
            request, "leren/signup_withdraw.html", {"form": SignupCodeForm()}
        )
    if rate_limited(request, scope="signup-code", limit=CODE_LIMIT, window=CODE_WINDOW):
        return _too_many(request)
    form = SignupCodeForm(request.POST)
    experiment = (
        signup_withdraw(code=form.cleaned_data["code"]) if form.is_valid() else None
    )
    if experiment is None:
        if form.is_valid():
            # A wrong code and one used before read the same: nothing is kept of a
            # withdrawn sign-up, not even that it existed.
            form.add_error(
                "code",
                _(
                    "We cannot find a sign-up with this code. Check it and try "
                    "again. If you already withdrew, nothing of it is kept."
                ),
            )
        return TemplateResponse(
            request, "leren/signup_withdraw.html", {"form": form}, status=400
        )
    return TemplateResponse(
        request, "leren/signup_withdrawn.html", {"experiment": experiment}
    )
