"""Celery tasks of the learning loop: thin, idempotent, queued on commit."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_tag_summary() -> int:
    """Recount the recurring tags after content was published or unpublished."""
    return services.tag_summary_refresh()
