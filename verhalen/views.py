"""The resident's flow: share a story, preview it anonymised, confirm, follow it up.

No raw text is kept on the server between steps: the preview page carries what the
resident typed back in its own form, and the text to store travels only as a signed
token holding the anonymised version. Every response here is marked no-store, and the
POST parameters are hidden from error reports.
"""

import logging
import re
from datetime import date

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .choices import Domain, Perspective
from .forms import (
    CodeForm,
    ConfirmForm,
    MessageForm,
    StoryForm,
)
from .hooks import SUBMISSION_FOLLOW_UP, gathered_list
from .models import Consent, Inzending, MessageKind, SubmissionStatus
from .preview import (
    MESSAGE,
    STORY,
    preview_doubts,
    preview_fields,
    preview_load,
    preview_remove,
    preview_token,
)
from .ratelimit import rate_limited
from .selectors import (
    submission_by_code,
    submission_story_published,
    submission_withdrawal_reach,
)
from .services import (
    TokenUsed,
    submission_add_message,
    submission_create,
    submission_withdraw,
)

# Words that suggest a formal complaint or objection, which Venster cannot handle.
_COMPLAINT = re.compile(r"\b(klacht\w*|bezwaar\w*|beroep aantekenen)\b", re.IGNORECASE)

logger = logging.getLogger(__name__)


def too_many(request: HttpRequest) -> HttpResponse:
    """The page that says "too many at once, try again later"."""
    return TemplateResponse(request, "verhalen/rate_limited.html", status=429)


def _form_page(request: HttpRequest, form: StoryForm, status: int = 200):
    return TemplateResponse(
        request,
        "verhalen/share_form.html",
        {"form": form, "complaints_url": settings.VENSTER_COMPLAINTS_URL},
        status=status,
    )


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def share_story(request: HttpRequest) -> HttpResponse:
    """Deel je verhaal: the form, its preview, and the confirmation."""
    if request.method == "GET":
        return _form_page(request, StoryForm())
    action = request.POST.get("action", "preview")
    form = StoryForm(request.POST)
    if action == "edit":
        form.is_valid()
        return _form_page(request, form)
    if rate_limited(request, scope="share", limit=30, window=600):
        return too_many(request)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    marked = set(request.POST.getlist("remove"))
    if action == "confirm" and not marked:
        return _confirm_story(request, form)
    notice = ""
    if action in {"remove", "confirm"}:
        # Marked doubts are taken out of what the resident typed, and the result
        # is shown again: what is confirmed is always what was last shown.
        form, notice = _remove_doubts(request, form, marked)
        if not form.is_valid():
            return _form_page(request, form, status=400)

    fields = preview_fields(form.texts())
    data = form.cleaned_data
    token = preview_token(
        {
            "texts": {field.name: field.anonymised for field in fields},
            "perspective": data["perspective"],
            "domain": data["domain"],
            "municipality": data["municipality"],
            "period": data["period"].isoformat() if data["period"] else "",
            "consent": data["consent"],
        },
        purpose=STORY,
    )
    return TemplateResponse(
        request,
        "verhalen/share_preview.html",
        {
            "form": form,
            "fields": fields,
            "token": token,
            "replaced": sum(field.replaced for field in fields),
            "doubts": preview_doubts(fields),
            "notice": notice,
            "looks_like_complaint": any(
                _COMPLAINT.search(text) for text in form.texts().values()
            ),
            "complaints_url": settings.VENSTER_COMPLAINTS_URL,
            "perspective": Perspective(data["perspective"]).label,
            "domain": Domain(data["domain"]).label,
            "period": data["period"],
            "consent": Consent(data["consent"]).label,
        },
    )


def _remove_doubts(
    request: HttpRequest, form: StoryForm, marked: set[str]
) -> tuple[StoryForm, str]:
    """The form with the marked doubts replaced in its texts, and what was done."""
    if not marked:
        return form, _(
            "Tick the words you want removed, then choose “Remove ticked words”."
        )
    texts, removed = preview_remove(form.texts(), marked)
    data = request.POST.copy()
    for name, text in texts.items():
        data[name] = text
    form = StoryForm(data)
    form.is_valid()
    return form, ngettext(
        "We removed %(count)d marked word. Check the text again, then confirm.",
        "We removed %(count)d marked words. Check the text again, then confirm.",
        removed,
    ) % {"count": removed}


def _confirm_story(request: HttpRequest, form: StoryForm) -> HttpResponse:
    confirm = ConfirmForm(request.POST)
    payload = (
        preview_load(confirm.data.get("token", ""), purpose=STORY)
        if confirm.is_valid()
        else None
    )
    if payload is None:
        form.add_error(
            None,
            _("Your preview has expired. Check the preview again, then confirm."),
        )
        return _form_page(request, form, status=400)
    if rate_limited(request, scope="confirm", limit=10, window=3600):
        return too_many(request)
    try:
        submission, code = submission_create(
            texts=payload["texts"],
            perspective=payload["perspective"],
            domain=payload["domain"],
            municipality=payload["municipality"],
            period=date.fromisoformat(payload["period"])
            if payload.get("period")
            else None,
            consent=payload["consent"],
            nonce=payload["nonce"],
        )
    except TokenUsed:
        # A second click or a replay: the story was stored once, its code shown once.
        return TemplateResponse(request, "verhalen/share_already.html", status=409)
    context = {"code": code, "submission": submission}
    try:
        return TemplateResponse(request, "verhalen/share_done.html", context).render()
    except DatabaseError:
        # The story is saved: its code must reach the resident even if the page
        # around it, which reads the database, cannot be built right now.
        logger.warning("Confirmation page without navigation: database unavailable")
        return TemplateResponse(
            request, "verhalen/share_done_plain.html", context
        ).render()


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def my_story(request: HttpRequest) -> HttpResponse:
    """Mijn verhaal: the code opens the story; each button is one action below."""
    if request.method == "GET":
        return TemplateResponse(
            request, "verhalen/my_story_code.html", {"form": CodeForm()}
        )
    if rate_limited(request, scope="code", limit=20, window=600):
        return too_many(request)
    code_form = CodeForm(request.POST)
    submission = (
        submission_by_code(code=code_form.cleaned_data["code"])
        if code_form.is_valid()
        else None
    )
    if submission is None:
        if code_form.is_valid():
            code_form.add_error(
                "code",
                _("We cannot find a story with this code. Check it and try again."),
            )
        return TemplateResponse(
            request, "verhalen/my_story_code.html", {"form": code_form}, status=400
        )

    context = {
        "submission": submission,
        "code": code_form.cleaned_data["code"],
        "notice": "",
    }
    action = MY_STORY_ACTIONS.get(request.POST.get("action", ""), _status_page)
    return action(request, context)


def _message_kind(submission: Inzending) -> str:
    """A message answers the editors' open question, or else adds to the story."""
    if submission.status == SubmissionStatus.QUESTION:
        return MessageKind.ANSWER
    return MessageKind.ADDITION


def _message_preview(request: HttpRequest, context: dict) -> HttpResponse:
    """Show the resident's message as the editors will read it, anonymised."""
    submission = context["submission"]
    message_form = MessageForm(request.POST)
    if not message_form.is_valid():
        context["message_form"] = message_form
        return _status_page(request, context, status=400)
    kind = _message_kind(submission)
    fields = preview_fields({"text": message_form.cleaned_data["text"]})
    context.update(
        message_form=message_form,
        fields=fields,
        kind=kind,
        token=preview_token(
            {
                "submission": submission.pk,
                "kind": kind,
                "texts": {"text": fields[0].anonymised},
            },
            purpose=MESSAGE,
        ),
    )
    return TemplateResponse(request, "verhalen/my_story_preview.html", context)


def _message_send(request: HttpRequest, context: dict) -> HttpResponse:
    """Send the previewed message, once, however often the form is posted."""
    submission = context["submission"]
    message_form = MessageForm(request.POST)
    if not message_form.is_valid():
        context["message_form"] = message_form
        return _status_page(request, context, status=400)
    payload = preview_load(request.POST.get("token", ""), purpose=MESSAGE)
    if payload is None or payload["submission"] != submission.pk:
        context["message_form"] = message_form
        context["notice"] = _(
            "Your preview has expired. Check the preview again, then send it."
        )
        return _status_page(request, context, status=400)
    try:
        submission_add_message(
            submission=submission,
            kind=payload["kind"],
            text=payload["texts"].get("text", ""),
            nonce=payload["nonce"],
        )
    except TokenUsed:
        context["notice"] = _(
            "You already sent this. The editors received it once; "
            "there is no need to send it again."
        )
        return _status_page(request, context, status=409)
    submission.refresh_from_db()
    context["notice"] = _("Thank you. The editors can now read what you added.")
    return _status_page(request, context)


def _withdraw_ask(request: HttpRequest, context: dict) -> HttpResponse:
    """Say what withdrawing takes away, before the resident confirms it."""
    context["reach"] = submission_withdrawal_reach(submission=context["submission"])
    return TemplateResponse(request, "verhalen/my_story_withdraw.html", context)


def _withdraw_confirm(request: HttpRequest, context: dict) -> HttpResponse:
    """Withdraw the story and everything made of it."""
    submission_withdraw(submission=context["submission"])
    return TemplateResponse(request, "verhalen/my_story_withdrawn.html")


def _status_page(
    request: HttpRequest, context: dict, status: int = 200
) -> HttpResponse:
    """The story's status, decisions and messages, and the form to add one."""
    submission = context["submission"]
    context.setdefault("message_form", MessageForm(initial={"code": context["code"]}))
    context["berichten"] = submission.berichten.all()
    context["beslissingen"] = submission.beslissingen.all()
    context["asks_question"] = submission.status == SubmissionStatus.QUESTION
    context["follow_up"] = gathered_list(SUBMISSION_FOLLOW_UP, submission)
    context["published_story"] = submission_story_published(submission=submission)
    return TemplateResponse(request, "verhalen/my_story.html", context, status=status)


# Mijn verhaal's actions, by the button that posts them; any other shows the status.
MY_STORY_ACTIONS = {
    "message-preview": _message_preview,
    "message-confirm": _message_send,
    "withdraw": _withdraw_ask,
    "withdraw-confirm": _withdraw_confirm,
}
