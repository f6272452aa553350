"""Writes of the search app: keeping the indexes in step with what is published."""

import logging

from django.conf import settings
from wagtail.models import Page

from verhalen.models import ContentPage, VerhaalPage, content_models
from verhalen.selectors import stories_shown
from verhalen.small_numbers import SUPPRESSED

from .backends import SearchBackend, backend_load, stamp
from .documents import SearchDocument, page_document
from .models import Zoekdocument

logger = logging.getLogger(__name__)

BATCH = 500


def _mirrors() -> list[SearchBackend]:
    """Backends that copy the database's documents, when configured."""
    return [backend_load("elasticsearch")] if settings.ELASTICSEARCH_URL else []


def _stored_document(row: Zoekdocument) -> SearchDocument:
    return SearchDocument(
        id=row.page_id,
        kind=row.kind,
        title=row.title,
        url=row.url,
        text=row.text,
        tags=row.tags,
        perspective=row.perspective,
        domain=row.domain,
        municipality=row.municipality,
        period=row.period,
        status=row.status,
        published_at=row.published_at,
    )


def search_pages_sync(*, page_ids: list[int], mirrors: bool = True) -> None:
    """Index the given pages if they are published and public, remove them if not.

    The database is written first; a mirror that fails raises, so that the task
    retries, and reconciliation repairs whatever retries could not. Without
    ``mirrors`` only the database is written.
    """
    database = backend_load("database")
    documents = [page_document(page) for page in _indexable_pages(page_ids)]
    gone = sorted(set(page_ids) - {doc["id"] for doc in documents})
    database.index(documents)
    database.delete(gone)
    for mirror in _mirrors() if mirrors else []:
        mirror.index(documents)
        mirror.delete(gone)


def _indexable_pages(page_ids: list[int]):
    """Those of the given pages that belong in the index, read a kind at a time."""
    for model in content_models():
        pages = (
            model.objects.filter(pk__in=page_ids)
            .live()
            .public()
            .prefetch_related("tags")
        )
        if model is VerhaalPage:
            pages = pages.select_related("generalisation")
        yield from pages


def search_pages_withhold(*, page_ids: list[int]) -> None:
    """Remove pages from the database index at once; mirrors follow by task."""
    backend_load("database").delete(page_ids)


def search_documents_add(*, parent: Page, pages: list[Page]) -> None:
    """Put freshly published children of ``parent`` in the database index, in bulk.

    For imports: the parent's view restrictions are checked once for all of them.
    Mirrors catch up through reconciliation, queued by the caller.
    """
    if parent.get_view_restrictions().exists():
        return
    documents = [
        page_document(page)
        for page in pages
        if page.live and isinstance(page, ContentPage)
    ]
    backend_load("database").index(documents)


def _published() -> dict[int, str]:
    """The stamp every published, public page's document should have."""
    shown = stories_shown()
    published = {}
    for model in content_models():
        rows = (
            model.objects.live()
            .public()
            .values_list("pk", "last_published_at", "period")
        )
        for pk, at, period in rows:
            place = ""
            if model is VerhaalPage:
                story = shown.get(pk, SUPPRESSED)
                period, place = story.period_start, story.place
            published[pk] = stamp(at.isoformat() if at else "", period, place)
    return published


def _batched(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def search_reconcile() -> dict[str, int]:
    """Repair drift between what is published and what each index holds.

    Returns how many documents were added or refreshed and removed, per index.
    """
    published = _published()
    database = backend_load("database")
    indexed = database.stamps()
    stale = sorted(pk for pk, at in published.items() if indexed.get(pk) != at)
    extra = sorted(set(indexed) - set(published))
    for batch in _batched(stale):
        search_pages_sync(page_ids=batch)
    database.delete(extra)
    report = {"database_refreshed": len(stale), "database_removed": len(extra)}
    for mirror in _mirrors():
        reference = database.stamps()
        mirrored = mirror.stamps()
        missing = sorted(pk for pk, at in reference.items() if mirrored.get(pk) != at)
        surplus = sorted(set(mirrored) - set(reference))
        for batch in _batched(missing):
            rows = Zoekdocument.objects.filter(page_id__in=batch)
            mirror.index([_stored_document(row) for row in rows])
        mirror.delete(surplus)
        report[f"{mirror.name}_refreshed"] = len(missing)
        report[f"{mirror.name}_removed"] = len(surplus)
    if any(report.values()):
        logger.info("Search index reconciled: %s", report)
    return report


def search_index_rebuild() -> int:
    """Empty every index and fill it again from the published pages."""
    database = backend_load("database")
    database.reset()
    for mirror in _mirrors():
        mirror.reset()
    published = sorted(_published())
    for batch in _batched(published):
        search_pages_sync(page_ids=batch)
    return len(published)
