"""Writes for stories: the page tree, residents' submissions and recognitions."""

# Page titles and introductions are content in Venster's language, not UI strings.

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from .codes import browser_hash, code_generate, code_hash
from .models import (
    Herkenning,
    HomePage,
    Inzending,
    InzendingBericht,
    MessageKind,
    SubmissionStatus,
    VerhaalPage,
    VerhalenIndexPage,
)


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    verhalen: VerhalenIndexPage
    reflecties: Page
    experimenten: Page


@transaction.atomic
def site_tree_ensure() -> SiteTree:
    """Return Venster's home and index pages, creating whichever is missing."""
    from leren.models import ExperimentenIndexPage, ReflectiesIndexPage

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

    def index(model, title: str, slug: str, intro: str):
        existing = model.objects.first()
        if existing is not None:
            return existing
        home.refresh_from_db()
        return home.add_child(instance=model(title=title, slug=slug, intro=intro))

    return SiteTree(
        home=home,
        verhalen=index(
            VerhalenIndexPage,
            "Verhalen",
            "verhalen",
            "Wat misging, verteld door wie het overkwam en wie erbij was.",
        ),
        reflecties=index(
            ReflectiesIndexPage,
            "Reflecties",
            "reflecties",
            "Medewerkers kijken in de spiegel, ook naar wat ze niet weten.",
        ),
        experimenten=index(
            ExperimentenIndexPage,
            "Experimenten",
            "experimenten",
            "Iets anders proberen waar steeds hetzelfde misgaat.",
        ),
    )


@transaction.atomic
def submission_create(
    *,
    texts: dict[str, str],
    perspective: str,
    domain: str,
    municipality: str,
    consent: str,
) -> tuple[Inzending, str]:
    """Store a confirmed, already anonymised submission; return it and its new code.

    The code itself is returned once, to be shown once; only its hash is stored.
    """
    from config.celery import enqueue_on_commit

    from .tasks import notify_editors

    code = code_generate()
    submission = Inzending.objects.create(
        code_hash=code_hash(code),
        what_happened=texts.get("what_happened", ""),
        impact=texts.get("impact", ""),
        what_would_help=texts.get("what_would_help", ""),
        perspective=perspective,
        domain=domain,
        municipality=municipality,
        consent=consent,
    )
    enqueue_on_commit(notify_editors, submission.pk)
    return submission, code


@transaction.atomic
def submission_add_message(*, submission: Inzending, kind: str, text: str) -> None:
    """Add the resident's anonymised answer or addition to their submission."""
    locked = Inzending.objects.select_for_update().get(pk=submission.pk)
    if locked.is_withdrawn:
        raise ValueError("withdrawn submissions take no messages")
    InzendingBericht.objects.create(inzending=locked, kind=kind, text=text)
    if kind == MessageKind.ANSWER and locked.status == SubmissionStatus.QUESTION:
        locked.status = SubmissionStatus.RECEIVED
        locked.save(update_fields=["status", "updated_at"])


@transaction.atomic
def submission_withdraw(*, submission: Inzending) -> None:
    """Delete everything the resident wrote; only the bare status remains."""
    locked = Inzending.objects.select_for_update().get(pk=submission.pk)
    locked.berichten.all().delete()
    locked.what_happened = locked.impact = locked.what_would_help = ""
    locked.municipality = ""
    locked.status = SubmissionStatus.WITHDRAWN
    locked.save()


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
        page=page, browser_hash=browser_hash(browser_token)
    )
    return created
