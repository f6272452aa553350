"""Publishing changes the search indexes and the patterns: signals queue the work.

Pattern recomputes are debounced: the first publication queues the task with a short
delay and marks it pending; later ones see the mark and add nothing. The task clears
the mark before it reads, so nothing published meanwhile is missed; beat recomputes
nightly whatever a lost task left behind, and reconciles the search indexes often.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from leren.hooks import tags_merged
from leren.models import ExperimentPage
from verhalen.models import ContentPage, VerhaalPage, content_models
from verhalen.on_commit import enqueue_on_commit
from verhalen.services import organisation_recognitions_changed
from verhalen.small_numbers import stories_shown_changed

from .services import search_pages_sync, search_pages_withhold
from .tasks import PATTERNS_PENDING, index_pages, recompute_patterns

DEBOUNCE_SECONDS = 30


@receiver([page_published, page_unpublished], dispatch_uid="search-patterns")
def queue_patterns(sender, **kwargs) -> None:
    """Queue a debounced pattern recompute after a story or experiment changes."""
    if not issubclass(sender, VerhaalPage | ExperimentPage):
        return
    if cache.add(PATTERNS_PENDING, 1, timeout=10 * 60):
        enqueue_on_commit(recompute_patterns, countdown=DEBOUNCE_SECONDS)


@receiver(organisation_recognitions_changed, dispatch_uid="search-patterns-marks")
def queue_patterns_on_recognition(sender, **kwargs) -> None:
    """An organisation's mark weighs in a pattern's score: recompute, debounced."""
    if cache.add(PATTERNS_PENDING, 1, timeout=10 * 60):
        enqueue_on_commit(recompute_patterns, countdown=DEBOUNCE_SECONDS)


@receiver([page_published, page_unpublished], dispatch_uid="search-index-publish")
def queue_index_on_publish(sender, instance, **kwargs) -> None:
    """Index a page when it is published, remove it when it is unpublished."""
    if issubclass(sender, ContentPage):
        enqueue_on_commit(index_pages, [instance.pk])


@receiver(post_page_move, dispatch_uid="search-index-move")
def queue_index_on_move(sender, instance, **kwargs) -> None:
    """A move changes the URLs of the page and everything under it."""
    moved = instance.get_descendants(inclusive=True).type(*content_models())
    ids = list(moved.values_list("pk", flat=True))
    if ids:
        enqueue_on_commit(index_pages, ids)


@receiver(post_delete, dispatch_uid="search-index-delete")
def queue_index_on_delete(sender, instance, **kwargs) -> None:
    """A deleted page leaves every index."""
    if issubclass(sender, ContentPage):
        enqueue_on_commit(index_pages, [instance.pk])


@receiver(
    [post_save, post_delete],
    sender=PageViewRestriction,
    dispatch_uid="search-index-restriction",
)
def queue_index_on_restriction(sender, instance, **kwargs) -> None:
    """A restricted page and those under it leave the indexes; freed, they return.

    They leave the database index, which the API and CSV read, as the change
    commits; the task brings Elasticsearch in step and adds pages freed again.
    """
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    under = page.get_descendants(inclusive=True).type(*content_models())
    ids = list(under.values_list("pk", flat=True))
    if not ids:
        return
    if kwargs.get("created") is not None:
        transaction.on_commit(lambda: search_pages_withhold(page_ids=ids))
    enqueue_on_commit(index_pages, ids)


@receiver(stories_shown_changed, dispatch_uid="search-index-shown")
def reindex_stories_shown_differently(sender, page_ids, **kwargs) -> None:
    """Stories the ladder shows differently: their documents follow as it commits.

    The database index, which the pages, API and CSV search, follows at once, so that
    no filter by year can find a story by a period its page no longer shows; the
    task brings Elasticsearch in step.
    """
    transaction.on_commit(lambda: search_pages_sync(page_ids=page_ids, mirrors=False))
    enqueue_on_commit(index_pages, page_ids)


@receiver(tags_merged, dispatch_uid="search-tags-merged")
def reindex_after_a_tag_merge(sender, page_ids, **kwargs) -> None:
    """Merged tags change the pages that carried them and the patterns."""
    if page_ids:
        enqueue_on_commit(index_pages, page_ids)
    enqueue_on_commit(recompute_patterns)
