"""Celery tasks of the search app: thin, idempotent, queued on commit."""

from celery import shared_task
from django.core.cache import cache

from .patterns import patterns_recompute

PATTERNS_PENDING = "venster:patterns-pending"


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def recompute_patterns() -> int:
    """Recompute the stored patterns from the published stories."""
    # Cleared first, so that a publication during the run queues the next one.
    cache.delete(PATTERNS_PENDING)
    return patterns_recompute()
