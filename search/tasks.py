"""Celery tasks of the search app: thin, idempotent, queued on commit."""

from celery import shared_task
from django.core.cache import cache

from .patterns import patterns_recompute
from .services import search_pages_sync, search_reconcile

PATTERNS_PENDING = "venster:patterns-pending"


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def recompute_patterns() -> int:
    """Recompute the stored patterns from the published stories."""
    # Cleared first, so that a publication during the run queues the next one.
    cache.delete(PATTERNS_PENDING)
    return patterns_recompute()


@shared_task(
    autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8
)
def index_pages(page_ids: list[int]) -> None:
    """Bring the given pages' search documents in step with their published state."""
    search_pages_sync(page_ids=page_ids)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def reconcile_search_index() -> dict[str, int]:
    """Repair drift between the published pages and the search indexes."""
    return search_reconcile()
