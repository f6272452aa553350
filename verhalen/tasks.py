"""Celery tasks for residents' submissions: they take keys, never text."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Inzending, VerhaalPage


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def notify_editors(submission_id: int) -> bool:
    """Tell the editors a submission waits; does nothing the second time."""
    return services.submission_notify_editors(submission_id=submission_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def notify_editors_withdrawn(log_entry_id: int) -> bool:
    """Tell the editors a withdrawal deleted a story; does nothing the second time."""
    return services.withdrawal_notify_editors(log_entry_id=log_entry_id)


@shared_task
def sweep_submissions() -> int:
    """Queue the follow-up work of submissions whose task was lost with the broker."""
    waiting = Inzending.objects.filter(
        editors_notified_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(minutes=5),
    ).values_list("pk", flat=True)
    for pk in waiting:
        notify_editors.delay(pk)
    return len(waiting)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def mark_submissions_published(page_id: int) -> int:
    """Mark the submissions behind a published story as published; safe to repeat."""
    story = VerhaalPage.objects.filter(pk=page_id).first()
    return services.submissions_mark_published(story=story) if story else 0


@shared_task
def apply_retention() -> dict:
    """Apply the retention periods; beat runs this daily."""
    report = services.retention_apply()
    return {
        "declined": report.declined,
        "codes": report.codes,
        "confirmations": report.confirmations,
    }


@shared_task
def prepare_monthly_overview() -> int:
    """Draft last month's "Leren van fouten" for the editors; beat runs this monthly."""
    last_month = (timezone.now().date().replace(day=1) - timedelta(days=1)).replace(
        day=1
    )
    return services.monthly_overview_prepare(month=last_month).pk


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_story_generalisations() -> int:
    """Work out how every published story's place and period may be shown."""
    return services.story_generalisations_refresh()
