"""What the search index holds of a page: its published, anonymised text and facets.

Only published pages are indexed, and only their public fields: the text editors
published after the anonymisation check. Submissions never reach the index. A story's
place and period are held only as the small-number ladder shows them, so that no
filter, count or order of the search can tell more than the story's own page.
"""

from datetime import date
from typing import TypedDict

from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from verhalen.models import ContentPage, VerhaalPage


class SearchDocument(TypedDict):
    id: int
    kind: str
    title: str
    url: str
    text: str
    tags: list[str]
    perspective: str
    domain: str
    municipality: str
    period: date | None
    status: str
    published_at: str


def page_indexable(page: Page) -> bool:
    """Whether ``page`` belongs in the index: published, public, of an indexed kind."""
    return (
        isinstance(page, ContentPage)
        and page.live
        and not page.get_view_restrictions().exists()
    )


def page_document(page: Page) -> SearchDocument:
    """The index document of a specific, published page."""
    model = type(page)
    municipality, period = getattr(page, "municipality", ""), page.period
    if model is VerhaalPage:
        shown = page.shown
        municipality, period = shown.place, shown.period_start
    text = "\n\n".join(
        get_text_for_indexing(value)
        for value in (getattr(page, name) for name in model.text_fields)
        if value
    )
    return SearchDocument(
        id=page.pk,
        kind=model.kind.value,
        title=page.title,
        url=page.get_url() or "",
        text=text,
        tags=sorted(tag.name for tag in page.tags.all()),
        perspective=getattr(page, "perspective", ""),
        domain=page.domain,
        municipality=municipality,
        period=period,
        status=getattr(page, "status", ""),
        published_at=(
            page.last_published_at.isoformat() if page.last_published_at else ""
        ),
    )
