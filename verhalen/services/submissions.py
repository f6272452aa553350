"""A resident's submission: storing it once per confirmation, adding to it,
withdrawing it, and telling the editors."""

from datetime import date, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from ..codes import code_generate, code_hash, nonce_hash
from ..models import (
    Bevestiging,
    Inzending,
    InzendingBericht,
    MessageKind,
    SubmissionStatus,
)


class TokenUsed(Exception):
    """The signed preview was confirmed before; nothing is stored a second time."""


def _token_claim(*, nonce: str | None) -> None:
    """Remember that the token with ``nonce`` is used; raise TokenUsed if it was."""
    if nonce is None:
        return
    expires_at = timezone.now() + timedelta(seconds=settings.VENSTER_PREVIEW_MAX_AGE)
    try:
        # A savepoint: two confirmations at once meet at the unique hash.
        with transaction.atomic():
            Bevestiging.objects.create(
                nonce_hash=nonce_hash(nonce), expires_at=expires_at
            )
    except IntegrityError:
        raise TokenUsed from None


@transaction.atomic
def submission_create(
    *,
    texts: dict[str, str],
    perspective: str,
    domain: str,
    municipality: str,
    consent: str,
    nonce: str | None = None,
    period: date | None = None,
) -> tuple[Inzending, str]:
    """Store a confirmed, already anonymised submission; return it and its new code.

    The code itself is returned once, to be shown once; only its hash is stored.
    A ``nonce`` from the confirmed preview makes a second confirmation raise
    ``TokenUsed`` instead of storing the story twice.
    """
    from ..on_commit import enqueue_on_commit
    from ..tasks import notify_editors

    _token_claim(nonce=nonce)
    code = code_generate()
    submission = Inzending.objects.create(
        code_hash=code_hash(code),
        what_happened=texts.get("what_happened", ""),
        impact=texts.get("impact", ""),
        what_would_help=texts.get("what_would_help", ""),
        perspective=perspective,
        domain=domain,
        municipality=municipality,
        period=period.replace(day=1) if period else None,
        consent=consent,
    )
    enqueue_on_commit(notify_editors, submission.pk)
    return submission, code


@transaction.atomic
def submission_add_message(
    *, submission: Inzending, kind: str, text: str, nonce: str | None = None
) -> None:
    """Add the resident's anonymised answer or addition to their submission.

    A ``nonce`` from the confirmed preview makes a second confirmation raise
    ``TokenUsed`` instead of adding the message twice.
    """
    locked = Inzending.objects.select_for_update().get(pk=submission.pk)
    _token_claim(nonce=nonce)
    InzendingBericht.objects.create(inzending=locked, kind=kind, text=text)
    if kind == MessageKind.ANSWER and locked.status == SubmissionStatus.QUESTION:
        locked.status = SubmissionStatus.RECEIVED
        locked.save(update_fields=["status", "updated_at"])


WITHDRAW_ACTION = "venster.withdraw"


@transaction.atomic
def submission_withdraw(*, submission: Inzending) -> None:
    """Delete the submission, everything the resident added, and every story of it.

    A story made of it goes with all its copies: the page, live or draft, its aliases,
    revisions and workflow states. Wagtail's page signals take it out of the search
    indexes, the patterns and the page cache; the monthly overviews that listed it
    lose it. The audit log keeps that page N was withdrawn, and no words of it.
    """
    from ..on_commit import enqueue_on_commit
    from ..selectors import submission_withdrawal_reach
    from ..tasks import notify_editors_withdrawn

    locked = Inzending.objects.select_for_update().filter(pk=submission.pk).first()
    if locked is None:
        return
    reach = submission_withdrawal_reach(submission=locked)
    for story in reach.stories:
        entry = log(
            instance=story,
            action=WITHDRAW_ACTION,
            title=_neutral_label(story.pk),
            data={
                "copies": [page.pk for page in reach.copies],
                "overviews": [page.pk for page in reach.overviews],
                "referring": [page.pk for page in reach.referring],
            },
        )
        enqueue_on_commit(notify_editors_withdrawn, entry.pk)
    for page in [*reach.copies, *reach.stories]:
        pk = page.pk
        page.delete()
        # Earlier entries are labelled with the title, which holds the resident's
        # words, and may quote it in their data: keep who did what, not the words.
        PageLogEntry.objects.filter(page_id=pk).exclude(action=WITHDRAW_ACTION).update(
            label=_neutral_label(pk), data={}
        )
    if reach.stories:
        # The page signals retire every cached copy; clearing also drops the retired
        # copies that would otherwise hold the words until they expire.
        transaction.on_commit(caches["pages"].clear)
    locked.delete()


def _neutral_label(pk: int) -> str:
    return f"Ingetrokken verhaal {pk}"


def withdrawal_notify_editors(*, log_entry_id: int) -> bool:
    """E-mail the editors once that a withdrawal deleted a story; no words of it."""
    with transaction.atomic():
        entry = (
            PageLogEntry.objects.select_for_update()
            .filter(pk=log_entry_id, action=WITHDRAW_ACTION)
            .first()
        )
        if entry is None or entry.data.get("editors_notified"):
            return False
        if settings.VENSTER_EDITORS_EMAIL:
            send_mail(
                subject="Venster: verhaal ingetrokken",
                message=_withdrawal_notice(entry),
                from_email=None,
                recipient_list=settings.VENSTER_EDITORS_EMAIL,
            )
        # An update, not save(): the entry's page is gone and would fail validation.
        PageLogEntry.objects.filter(pk=entry.pk).update(
            data={**entry.data, "editors_notified": True}
        )
    return True


def _withdrawal_notice(entry: PageLogEntry) -> str:
    admin = f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages"
    lines = [
        "Een inwoner heeft een inzending ingetrokken via Mijn verhaal.",
        f"Verhaal {entry.page_id} is daarom verwijderd, met alle versies, "
        "zoekgegevens en kopieën.",
    ]
    if entry.data.get("overviews"):
        lines += [
            "",
            "Het stond in deze maandoverzichten; kijk na of jullie eigen tekst daar "
            "nog uit het verhaal citeert:",
            *(f"{admin}/{pk}/edit/" for pk in entry.data["overviews"]),
        ]
    if entry.data.get("referring"):
        lines += [
            "",
            "Deze pagina's verwezen ernaar; kijk na of ze nog woorden van de inwoner "
            "bevatten:",
            *(f"{admin}/{pk}/edit/" for pk in entry.data["referring"]),
        ]
    return "\n".join(lines) + "\n"


def submission_notify_editors(*, submission_id: int) -> bool:
    """E-mail the editors once that a submission waits; the mail holds no story text."""
    with transaction.atomic():
        submission = (
            Inzending.objects.select_for_update()
            .filter(pk=submission_id, editors_notified_at__isnull=True)
            .first()
        )
        if submission is None:
            return False
        if settings.VENSTER_EDITORS_EMAIL:
            send_mail(
                subject="Venster: nieuwe inzending",
                message=(
                    "Er wacht een nieuwe inzending op de redactie.\n"
                    f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
                ),
                from_email=None,
                recipient_list=settings.VENSTER_EDITORS_EMAIL,
            )
        submission.editors_notified_at = timezone.now()
        submission.save(update_fields=["editors_notified_at"])
    return True
