"""Writes for stories: the page tree, residents' submissions and recognitions."""

# Page titles and introductions are content in Venster's language, not UI strings.

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.conf import settings
from django.core.cache import caches
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.coreutils import cautious_slugify, find_available_slug
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Site, Workflow, WorkflowPage

from .codes import browser_hash, code_generate, code_hash, nonce_hash
from .hooks import SITE_TREE, gathered_dict
from .models import (
    Beslissing,
    Bevestiging,
    Consent,
    DecisionAction,
    Herkenning,
    HomePage,
    Inzending,
    InzendingBericht,
    MaandoverzichtenIndexPage,
    MaandoverzichtPage,
    MessageKind,
    PaginaVersie,
    ReasonCode,
    StoryGeneralisation,
    SubmissionStatus,
    VerhaalPage,
    VerhalenIndexPage,
    page_cache_token_new,
)
from .small_numbers import StoryFacts, stories_generalise, stories_shown_changed


def text_to_rich_text(text: str) -> str:
    """Turn plain text with blank lines between paragraphs into rich text."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in parts if p)


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    verhalen: VerhalenIndexPage
    reflecties: Page
    experimenten: Page


STORY_WORKFLOW = "Verhalen en reflecties"


def workflow_assign(*, page: Page) -> None:
    """Put the pages under ``page`` through the anonymisation check and approval."""
    workflow = Workflow.objects.filter(name=STORY_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


@transaction.atomic
def site_tree_ensure() -> SiteTree:
    """Return Venster's home and index pages, creating whichever is missing.

    The stories' index is made here; the apps above add theirs (``SITE_TREE``).
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own welcome page is the only thing a fresh install has at "home".
        for page in root.get_children().filter(slug="home"):
            if page.specific_class is Page:
                page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title="Venster",
                slug="home",
                intro=(
                    "Fouten als voorwaarde voor vernieuwing: verhalen over wat misging "
                    "in het sociaal domein, en de experimenten die het anders proberen."
                ),
            )
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "root_page": home,
                "hostname": "localhost",
                "site_name": "Venster",
            },
        )

    def index(model, title: str, slug: str, intro: str, workflow: bool = False):
        page = model.objects.first()
        if page is None:
            home.refresh_from_db()
            page = home.add_child(instance=model(title=title, slug=slug, intro=intro))
        if workflow:
            workflow_assign(page=page)
        return page

    return SiteTree(
        home=home,
        verhalen=index(
            VerhalenIndexPage,
            "Verhalen",
            "verhalen",
            "Wat misging, verteld door wie het overkwam en wie erbij was.",
            workflow=True,
        ),
        **gathered_dict(SITE_TREE, index),
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
    from .on_commit import enqueue_on_commit
    from .tasks import notify_editors

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
    from .on_commit import enqueue_on_commit
    from .selectors import submission_withdrawal_reach
    from .tasks import notify_editors_withdrawn

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


def recognition_add(*, page: VerhaalPage, browser_token: str) -> bool:
    """Count one "dit herken ik" from this browser; False if it already did."""
    _, created = Herkenning.objects.get_or_create(
        page=page, browser_hash=browser_hash(browser_token, page_id=page.pk)
    )
    if created:
        # Only the story shows its count: its own copies go, the rest stay.
        page_cache_renew(page=page)
    return created


def page_cache_renew(*, page: Page | None = None) -> None:
    """Retire cached public pages once the current transaction commits.

    Every page, or only the copies of ``page``'s own address (all its languages and
    query strings) when nothing else shows what changed.
    """
    parts = page.get_url_parts() if page is not None else None
    path = parts[2] if parts else ""
    transaction.on_commit(
        lambda: PaginaVersie.objects.update_or_create(
            path=path, defaults={"token": page_cache_token_new()}
        )
    )


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
    from .selectors import tags_suggested

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
    from .selectors import tags_suggested

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


@dataclass(frozen=True)
class RetentionReport:
    declined: int
    codes: int
    confirmations: int = 0


@transaction.atomic
def retention_apply(*, dry_run: bool = False) -> RetentionReport:
    """Delete declined submissions and forget code hashes once their time has come.

    Withdrawn submissions are deleted when the resident withdraws them, so nothing of
    theirs waits here. Used confirmations are forgotten once their token has expired.
    """
    now = timezone.now()
    declined = Inzending.objects.filter(
        status=SubmissionStatus.DECLINED,
        updated_at__lt=now - timedelta(days=settings.VENSTER_RETENTION_DECLINED_DAYS),
    )
    codes = Inzending.objects.filter(
        code_hash__isnull=False,
        created_at__lt=now - timedelta(days=settings.VENSTER_RETENTION_CODE_DAYS),
    )
    confirmations = Bevestiging.objects.filter(expires_at__lt=now)
    report = RetentionReport(
        declined=declined.count(),
        codes=codes.count(),
        confirmations=confirmations.count(),
    )
    if not dry_run:
        declined.delete()
        codes.update(code_hash=None)
        confirmations.delete()
    return report


@transaction.atomic
def monthly_overview_prepare(*, month: date) -> MaandoverzichtPage:
    """Draft the month's "Leren van fouten" with its published stories preselected.

    The editors curate and publish it; running this again changes nothing.
    """
    month = month.replace(day=1)
    existing = MaandoverzichtPage.objects.filter(month=month).first()
    if existing is not None:
        return existing
    index = MaandoverzichtenIndexPage.objects.first()
    if index is None:
        home = site_tree_ensure().home
        index = home.add_child(
            instance=MaandoverzichtenIndexPage(
                title="Leren van fouten",
                slug="leren-van-fouten",
                intro="Elke maand: wat we leerden van wat misging.",
            )
        )
    next_month = (month + timedelta(days=32)).replace(day=1)
    stories = VerhaalPage.objects.live().filter(
        first_published_at__date__gte=month, first_published_at__date__lt=next_month
    )
    with translation.override("nl"):
        title = f"Leren van fouten: {date_format(month, 'F Y')}"
    overview = MaandoverzichtPage(
        title=title, slug=f"{month:%Y-%m}", month=month, live=False
    )
    overview.stories.set(list(stories))
    index.add_child(instance=overview)
    overview.save_revision(log_action=True)
    return overview


def story_generalisations_refresh() -> int:
    """Work the small-number ladder out over every published story and store it.

    Safe to run any time; the public pages are renewed only when a story's shown
    place or period changed. Returns how many stories changed.
    """
    facts = [
        StoryFacts(
            pk=pk,
            municipality=municipality,
            perspective=perspective,
            domain=domain,
            period=period,
        )
        for pk, municipality, perspective, domain, period in VerhaalPage.objects.live()
        .public()
        .values_list("pk", "municipality", "perspective", "domain", "period")
    ]
    shown = stories_generalise(facts)
    with transaction.atomic():
        stored = {
            row.page_id: row.shown
            for row in StoryGeneralisation.objects.select_for_update()
        }
        gone = [pk for pk in stored if pk not in shown]
        changed = [pk for pk, value in shown.items() if stored.get(pk) != value]
        StoryGeneralisation.objects.filter(page_id__in=gone).delete()
        StoryGeneralisation.objects.bulk_create(
            [
                StoryGeneralisation(
                    page_id=pk,
                    place=shown[pk].place,
                    place_level=shown[pk].place_level,
                    period=shown[pk].period,
                    period_level=shown[pk].period_level,
                )
                for pk in changed
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["place", "place_level", "period", "period_level"],
        )
        if gone or changed:
            page_cache_renew()
            stories_shown_changed.send(
                sender=StoryGeneralisation, page_ids=sorted(gone + changed)
            )
    return len(gone) + len(changed)
