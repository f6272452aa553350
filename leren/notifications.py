"""The e-mails that close the loop: experiment contacts, sign-up notices and the
editors' digest.

Each is recorded in the database before it counts as sent, so a task that runs twice
sends once, and beat finds again whatever a lost task left undone. No e-mail holds
a resident's words or a sign-up's contact details: only titles and addresses of
published, anonymised pages, and links into the admin.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from verhalen.hooks import gathered_list
from verhalen.models import Inzending, SubmissionStatus, VerhaalPage

from .hooks import DIGEST_PATTERNS
from .models import (
    OPEN_EXPERIMENT_STATUSES,
    Aanmelding,
    ExperimentMatch,
    ExperimentPage,
    WeeklyDigest,
)
from .selectors import systeemfouten_stale, tag_canonical_ids

EDITORS_GROUP = "Redactie"


def _mail(template: str, context: dict, recipients: list[str]) -> None:
    """Send ``leren/email/<template>.txt`` and its subject in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=render_to_string(
                f"leren/email/{template}_subject.txt", context
            ).strip(),
            message=render_to_string(f"leren/email/{template}.txt", context),
            from_email=None,
            recipient_list=recipients,
        )


def _canonical(tag_ids, canonical: dict[int, int]) -> set[int]:
    return {canonical.get(tag_id, tag_id) for tag_id in tag_ids}


def experiment_matches_record(*, story_id: int) -> list[ExperimentMatch]:
    """Record which open experiments a published story matches.

    A story matches when it carries at least two of the experiment's tags (after
    synonyms), or the one tag of an experiment that has only one.
    """
    story = VerhaalPage.objects.live().public().filter(pk=story_id).first()
    if story is None:
        return []
    canonical = tag_canonical_ids()
    story_tags = _canonical(story.tags.values_list("pk", flat=True), canonical)
    matches = []
    experiments = (
        ExperimentPage.objects.live()
        .public()
        .filter(status__in=OPEN_EXPERIMENT_STATUSES)
        .prefetch_related("tags")
    )
    for experiment in experiments:
        tags = _canonical((tag.pk for tag in experiment.tags.all()), canonical)
        if tags and len(tags & story_tags) >= min(2, len(tags)):
            match, _ = ExperimentMatch.objects.get_or_create(
                experiment=experiment, story=story
            )
            matches.append(match)
    return matches


def _experiment_recipient(experiment: ExperimentPage) -> str:
    person = experiment.contact or experiment.owner
    return person.email if person and person.is_active and person.email else ""


def experiment_matches_notify(*, story_id: int) -> int:
    """E-mail each matching experiment's contact once; returns how many were sent."""
    sent = 0
    for match in experiment_matches_record(story_id=story_id):
        with transaction.atomic():
            locked = (
                ExperimentMatch.objects.select_for_update()
                .select_related("experiment", "story")
                .filter(pk=match.pk, notified_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            recipient = _experiment_recipient(locked.experiment)
            if recipient:
                _mail(
                    "experiment_match",
                    {
                        "experiment": locked.experiment,
                        "story": locked.story,
                        "base_url": settings.WAGTAILADMIN_BASE_URL,
                    },
                    [recipient],
                )
                sent += 1
            locked.notified_at = timezone.now()
            locked.save(update_fields=["notified_at"])
    return sent


def signup_notify_owner(*, signup_id: int) -> bool:
    """Tell the experiment's contact once that someone signed up; never who.

    The e-mail links to the sign-ups in the admin, where only those allowed see the
    contact details. False if the sign-up is gone or its notice went already.
    """
    with transaction.atomic():
        signup = (
            Aanmelding.objects.select_for_update()
            .filter(pk=signup_id, owner_notified_at__isnull=True)
            .first()
        )
        if signup is None:
            return False
        experiment = ExperimentPage.objects.select_related("owner", "contact").get(
            pk=signup.experiment_id
        )
        recipient = _experiment_recipient(experiment)
        if recipient:
            context = {
                "experiment": experiment,
                "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}"
                f"{reverse('aanmeldingen:index')}?experiment={experiment.pk}",
            }
            _mail("signup_notice", context, [recipient])
        signup.owner_notified_at = timezone.now()
        signup.save(update_fields=["owner_notified_at"])
    return True


def signups_unnotified(*, minutes: int = 5) -> list[int]:
    """Sign-ups older than ``minutes`` whose notice was not sent: the sweep's work."""
    return list(
        Aanmelding.objects.filter(
            owner_notified_at__isnull=True,
            created_at__lt=timezone.now() - timedelta(minutes=minutes),
        ).values_list("pk", flat=True)
    )


def stories_recently_published(*, hours: int = 24) -> list[int]:
    """Stories published in the last ``hours``: the sweep checks them again."""
    since = timezone.now() - timedelta(hours=hours)
    return list(
        VerhaalPage.objects.live()
        .filter(last_published_at__gte=since)
        .values_list("pk", flat=True)
    )


def editors_emails() -> list[str]:
    """The editors' addresses: the configured list and every active Redactie user."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITORS_GROUP)
        .exclude(email="")
    )
    return sorted(
        set(settings.VENSTER_EDITORS_EMAIL) | set(users.values_list("email", flat=True))
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_digest_send(*, today: date | None = None) -> bool:
    """Send the editors this week's digest once; False if it went already."""
    today = today or timezone.localdate()
    week = week_start(today)
    WeeklyDigest.objects.get_or_create(week=week)
    with transaction.atomic():
        digest = WeeklyDigest.objects.select_for_update().get(week=week)
        if digest.sent_at:
            return False
        recipients = editors_emails()
        if recipients:
            since = timezone.now() - timedelta(days=7)
            context = {
                "week": week,
                "received": Inzending.objects.filter(created_at__gte=since).count(),
                "waiting": Inzending.objects.filter(
                    status=SubmissionStatus.RECEIVED
                ).count(),
                "patterns": gathered_list(DIGEST_PATTERNS, 10),
                "stale_flaws": systeemfouten_stale(),
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            }
            _mail("weekly_digest", context, recipients)
        digest.sent_at = timezone.now()
        digest.save(update_fields=["sent_at"])
    return True
