"""Celery tasks of the learning loop: thin, idempotent, queued on commit."""

from celery import shared_task

from . import notifications, services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_tag_summary() -> int:
    """Recount the recurring tags after content was published or unpublished."""
    return services.tag_summary_refresh()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def notify_experiment_contacts(story_id: int) -> int:
    """Tell the contacts of matching open experiments about a published story."""
    return notifications.experiment_matches_notify(story_id=story_id)


@shared_task
def sweep_experiment_matches() -> int:
    """Check the stories of the last day again, in case a task was lost."""
    story_ids = notifications.stories_recently_published(hours=24)
    for story_id in story_ids:
        notify_experiment_contacts.delay(story_id)
    return len(story_ids)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def send_weekly_digest() -> bool:
    """Send the editors this week's digest, once."""
    return notifications.weekly_digest_send()
