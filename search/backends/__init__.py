"""Search backends behind one interface, loaded lazily by name.

``database`` is the default: PostgreSQL full-text search on PostgreSQL, plain
matching on SQLite. ``elasticsearch`` is the backend for scale, used when
``ELASTICSEARCH_URL`` is set. Every backend takes a :class:`SearchQuery` and answers
with :class:`SearchResults`; highlights come back as text in which the matched words
sit between :data:`MARK_START` and :data:`MARK_END`, so that one function
(:func:`highlight_html`) escapes them for every backend alike.
"""

import math
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import import_module
from typing import Protocol

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..documents import SearchDocument

MARK_START = "\x02"
MARK_END = "\x03"
MAX_QUERY_LENGTH = 200
FACETS = ("tags", "kind", "perspective", "domain", "period", "status")
SORTS = ("relevance", "newest", "oldest", "title")


@dataclass(frozen=True)
class SearchQuery:
    """What a person asked for: words, facet filters, an order and a page."""

    text: str = ""
    tags: tuple[str, ...] = ()
    kind: str = ""
    perspective: str = ""
    domain: str = ""
    period: str = ""  # a year, "2025"
    status: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        # Control characters would collide with the highlight marks.
        text = "".join(c for c in self.text if c.isprintable()).strip()
        object.__setattr__(self, "text", text[:MAX_QUERY_LENGTH])

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def ordering(self) -> str:
        """The effective order: relevance only means something with words."""
        if self.sort == "relevance" and not self.text:
            return "newest"
        return self.sort

    def filters(self) -> dict[str, str]:
        """The single-valued facet filters that are set."""
        names = ("kind", "perspective", "domain", "period", "status")
        return {name: getattr(self, name) for name in names if getattr(self, name)}

    def with_page(self, page: int) -> "SearchQuery":
        return replace(self, page=page)


@dataclass
class Hit:
    id: int
    kind: str
    title: str
    url: str
    highlight: str
    tags: list[str]
    perspective: str
    domain: str
    municipality: str
    period: date | None
    status: str

    @property
    def highlight_html(self) -> SafeString:
        return highlight_html(self.highlight)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    backend: str
    fallback: bool = False
    notices: list[str] = field(default_factory=list)


class SearchUnavailable(Exception):
    """The backend could not answer: refused, timed out or erred."""


class SearchBackend(Protocol):
    """What every backend does; a contract test class holds each one to it."""

    name: str

    def search(self, query: SearchQuery) -> SearchResults: ...

    def index(self, documents: list[SearchDocument]) -> None: ...

    def delete(self, ids: list[int]) -> None: ...

    def stamps(self) -> dict[int, str]:
        """Every indexed id with the :func:`stamp` of the document it holds."""
        ...

    def reset(self) -> None:
        """Empty the index and set it up afresh (mappings, analysers)."""
        ...

    def similar(self, page_id: int, *, limit: int) -> list[int]:
        """Ids of up to ``limit`` indexed stories most like story ``page_id``, best
        first; none when it is not indexed. Rare shared tags count most, then words.
        """
        ...


def stamp(published_at: str, period: date | str | None, place: str) -> str:
    """What tells an up-to-date copy of a document from a stale one.

    Its publication, and the period and place it holds: the small-number ladder can
    show a story differently without a new publication.
    """
    return f"{published_at}|{str(period or '')[:10]}|{place}"


BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def backend_load(name: str) -> SearchBackend:
    """The backend called ``name``, imported only when asked for."""
    module, _, cls = BACKENDS[name].rpartition(".")
    return getattr(import_module(module), cls)()


def backend_configured() -> str:
    """The name of the backend searches should use first."""
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


def tag_weight(*, stories: int, carrying: int) -> float:
    """How much sharing a tag says: its inverse document frequency among stories.

    A tag on nearly every story says little (about log 2), one on a few says much.
    """
    return math.log(1 + stories / max(carrying, 1))


ELLIPSIS = "…"


def excerpt_window(text: str, start: int, end: int) -> str:
    """``text[start:end]`` narrowed to whole words, with … where text was left out."""
    if start > 0 and not text[start - 1].isspace():
        # Inside a word: begin after it.
        while start < end and not text[start].isspace():
            start += 1
    if end < len(text) and not text[end].isspace():
        cut = end
        while cut > start and not text[cut - 1].isspace():
            cut -= 1
        # A single word longer than the window is kept whole rather than dropped.
        end = cut if cut > start else end
    window = text[start:end].strip()
    if start > 0 and window:
        window = f"{ELLIPSIS} {window}"
    if end < len(text) and window:
        window = f"{window} {ELLIPSIS}"
    return window


def highlight_html(text: str) -> SafeString:
    """``text`` escaped, with the marked words in ``<mark>``."""
    escaped = escape(text)
    # Everything but the marks is escaped above (README, security).
    return mark_safe(  # noqa: S308  # nosec B308 B703
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
