"""Publishing stories or experiments changes the patterns: queue one recompute.

Publications in quick succession share one run: the first queues the task with a
short delay and marks it pending; later ones see the mark and add nothing. The task
clears the mark before it reads, so nothing published meanwhile is missed; beat
recomputes nightly whatever a lost task left behind.
"""

from django.core.cache import cache
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from config.celery import enqueue_on_commit
from leren.models import ExperimentPage
from verhalen.models import VerhaalPage

from .tasks import PATTERNS_PENDING, recompute_patterns

DEBOUNCE_SECONDS = 30


@receiver([page_published, page_unpublished], dispatch_uid="search-patterns")
def queue_patterns(sender, **kwargs) -> None:
    """Queue a debounced pattern recompute after a story or experiment changes."""
    if not issubclass(sender, VerhaalPage | ExperimentPage):
        return
    if cache.add(PATTERNS_PENDING, 1, timeout=10 * 60):
        enqueue_on_commit(recompute_patterns, countdown=DEBOUNCE_SECONDS)
