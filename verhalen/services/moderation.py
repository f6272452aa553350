"""The editors' decisions on a submission: promote to a story, keep, ask, decline."""

from html import escape

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.coreutils import cautious_slugify, find_available_slug

from ..models import (
    Beslissing,
    Consent,
    DecisionAction,
    Inzending,
    InzendingBericht,
    MessageKind,
    ReasonCode,
    SubmissionStatus,
    VerhaalPage,
)
from .site import site_tree_ensure, text_to_rich_text


class ModerationError(Exception):
    """A decision that cannot be taken, with a message for the editor."""


def _decide(
    *,
    submission: Inzending,
    editor,
    action: str,
    status: str,
    reason: str = "",
    note: str = "",
    story: VerhaalPage | None = None,
) -> Beslissing:
    locked = Inzending.objects.select_for_update().filter(pk=submission.pk).first()
    if locked is None:
        raise ModerationError(_("The resident withdrew this submission."))
    locked.status = status
    locked.reason = reason
    locked.reason_note = note
    locked.save(update_fields=["status", "reason", "reason_note", "updated_at"])
    return Beslissing.objects.create(
        inzending=locked,
        action=action,
        reason=reason,
        note=note,
        editor=editor,
        story=story,
    )


def story_title_suggested(*, submission: Inzending) -> str:
    """A title to start from, made of the domain and tags, not the resident's words."""
    from ..selectors import tags_suggested

    tags = tags_suggested(text=" ".join([submission.what_happened, submission.impact]))
    with translation.override(settings.LANGUAGE_CODE):
        domain = submission.get_domain_display()
        if not tags:
            return _("%(domain)s: the story of a %(perspective)s") % {
                "domain": domain,
                "perspective": submission.get_perspective_display().lower(),
            }
        return _("%(domain)s: %(tags)s") % {
            "domain": domain,
            "tags": ", ".join(tag.name for tag in tags[:3]),
        }


def _later_additions(submission: Inzending) -> str:
    """The resident's answers and additions as rich text, in order, marked as later."""
    parts = []
    question = ""
    with translation.override(settings.LANGUAGE_CODE):
        for bericht in submission.berichten.order_by("created_at", "pk"):
            if bericht.kind == MessageKind.QUESTION:
                question = bericht.text
                continue
            when = date_format(timezone.localtime(bericht.created_at), "j F Y")
            if bericht.kind == MessageKind.ANSWER and question:
                label = _("Later answer (%(date)s) to the question “%(question)s”:") % {
                    "date": when,
                    "question": question,
                }
            elif bericht.kind == MessageKind.ANSWER:
                label = _("Later answer (%(date)s):") % {"date": when}
            else:
                label = _("Later addition (%(date)s):") % {"date": when}
            parts.append(f"<p><b>{escape(label)}</b></p>")
            parts.append(text_to_rich_text(bericht.text))
    return "".join(parts)


@transaction.atomic
def submission_promote(
    *, submission: Inzending, editor, title: str, note: str = ""
) -> VerhaalPage:
    """Turn a submission into a draft story under the editor's title, with tags.

    The period is the month the resident gave, or else the month it was sent; the
    resident's answers and additions follow the text, marked as later additions.
    """
    from ..selectors import tags_suggested

    if submission.consent != Consent.PUBLISH:
        raise ModerationError(
            _("The resident did not consent to publication; keep it internal instead.")
        )
    title = title.strip()
    if not title:
        raise ModerationError(_("Write a title for the story."))
    index = site_tree_ensure().verhalen
    slug = find_available_slug(index, cautious_slugify(title)[:200] or "verhaal")
    period = submission.period or timezone.localdate(submission.created_at)
    story = VerhaalPage(
        title=title,
        slug=slug,
        body=text_to_rich_text(submission.what_happened) + _later_additions(submission),
        impact=text_to_rich_text(submission.impact),
        lessons=text_to_rich_text(submission.what_would_help),
        perspective=submission.perspective,
        domain=submission.domain,
        municipality=submission.municipality,
        period=period.replace(day=1),
        live=False,
    )
    text = " ".join([submission.what_happened, submission.impact])
    story.tags.add(*tags_suggested(text=text))
    index.add_child(instance=story)
    story.save_revision(user=editor, log_action=True)
    _decide(
        submission=submission,
        editor=editor,
        action=DecisionAction.PROMOTE,
        status=SubmissionStatus.PROMOTED,
        reason=ReasonCode.PUBLISHED,
        note=note,
        story=story,
    )
    return story


@transaction.atomic
def submission_keep_internal(*, submission: Inzending, editor, note: str = "") -> None:
    """Keep a submission for internal learning only."""
    reason = (
        ReasonCode.CONSENT_INTERNAL
        if submission.consent == Consent.INTERNAL
        else ReasonCode.IDENTIFIABLE
    )
    _decide(
        submission=submission,
        editor=editor,
        action=DecisionAction.INTERNAL,
        status=SubmissionStatus.INTERNAL,
        reason=reason,
        note=note,
    )


@transaction.atomic
def submission_ask(*, submission: Inzending, editor, question: str) -> None:
    """Ask the resident a question; they answer through their verhaalcode."""
    if not question.strip():
        raise ModerationError(_("Write the question for the resident."))
    _decide(
        submission=submission,
        editor=editor,
        action=DecisionAction.QUESTION,
        status=SubmissionStatus.QUESTION,
        note=question,
    )
    InzendingBericht.objects.create(
        inzending=submission, kind=MessageKind.QUESTION, text=question.strip()
    )


@transaction.atomic
def submission_decline(
    *, submission: Inzending, editor, reason: str, note: str = ""
) -> None:
    """Decline a submission with a reason code the resident can read."""
    if reason not in ReasonCode.values or reason == ReasonCode.PUBLISHED:
        raise ModerationError(_("Choose the reason for declining."))
    _decide(
        submission=submission,
        editor=editor,
        action=DecisionAction.DECLINE,
        status=SubmissionStatus.DECLINED,
        reason=reason,
        note=note,
    )


def submissions_mark_published(*, story: VerhaalPage) -> int:
    """Once a promoted story is published, tell its resident through the status."""
    pks = Beslissing.objects.filter(
        story=story, action=DecisionAction.PROMOTE
    ).values_list("inzending_id", flat=True)
    return Inzending.objects.filter(
        pk__in=list(pks), status=SubmissionStatus.PROMOTED
    ).update(status=SubmissionStatus.PUBLISHED, updated_at=timezone.now())
