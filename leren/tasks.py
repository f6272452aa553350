"""Celery tasks of the learning loop: thin, idempotent, queued on commit."""

from celery import shared_task

from . import notifications, services, signup_services


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


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def notify_signup_owner(signup_id: int) -> bool:
    """Tell the experiment's contact that someone signed up; once, and never who."""
    return notifications.signup_notify_owner(signup_id=signup_id)


@shared_task
def sweep_signup_notices() -> int:
    """Queue the notices of sign-ups whose task was lost with the broker."""
    signup_ids = notifications.signups_unnotified(minutes=5)
    for signup_id in signup_ids:
        notify_signup_owner.delay(signup_id)
    return len(signup_ids)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def record_experiment_end(experiment_id: int) -> int:
    """Note whether a just published or unpublished experiment has ended."""
    return signup_services.experiment_ends_record(experiment_id=experiment_id)


@shared_task
def apply_signup_retention() -> dict:
    """Delete the sign-ups of experiments that ended long enough ago; beat runs
    this daily."""
    report = signup_services.signups_retention_apply()
    return {"ended": report.ended, "deleted": report.deleted}
