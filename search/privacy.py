"""Small-number protection for what leaves Venster as data: exports, the API, counts.

How precisely a story's place and period may be shown is decided in one place, the
ladder of :mod:`verhalen.small_numbers`, worked out over every published story and
stored per story; the story pages, cards, search, patterns, API and CSV all read
that stored result, so no surface shows a story more precisely than another.
"""

from verhalen.selectors import stories_shown
from verhalen.small_numbers import (
    SUPPRESSED,
    K,
    PeriodLevel,
    PlaceLevel,
    Shown,
    count_public,
    count_text,
    period_month,
    period_quarter,
)

__all__ = [
    "K",
    "SUPPRESSED",
    "PeriodLevel",
    "PlaceLevel",
    "Shown",
    "count_public",
    "facet_count_public",
    "count_text",
    "period_month",
    "period_quarter",
    "stories_generalised",
]


def stories_generalised(*, ids: list[int] | None = None) -> dict[int, Shown]:
    """Place and period of published stories as the ladder allows, by page id."""
    return stories_shown(ids=ids)


# Facets whose small counts could point to a person: below K they are not shown.
PROTECTED_FACETS = frozenset({"perspective", "domain", "period"})


def facet_count_public(name: str, n: int) -> int | None:
    """A facet's count as search pages and the API may show it."""
    return count_public(n) if name in PROTECTED_FACETS else n
