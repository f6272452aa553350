"""Small-number protection for what leaves Venster as data: exports, the API, counts.

A story's quasi-identifiers are its municipality, perspective, domain and period.
Each story is shown at the first rung of a ladder at which at least ``K`` stories
share its combination: (municipality, month), (municipality, quarter),
(municipality, year), (province, year), (no place, year); below that rung its place
and period are suppressed.

The ladder is climbed over *every* published story, never over the rows being
exported, so two exports of overlapping selections show a story the same way and
cannot be intersected. A rung counts only the stories not already shown at a finer
rung: every label that appears in any export therefore stands for at least ``K``
stories, and a story cannot be singled out by subtracting the finer labels from a
coarser one.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from verhalen.municipalities import MUNICIPALITY_PROVINCE

from .documents import Kind
from .models import Zoekdocument

K = 5


class Level(StrEnum):
    """How far a story's place and period were generalised, finest first."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    PROVINCE = "province"
    NO_PLACE = "no_place"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Generalised:
    """A story's place and period as they may be shown, and the rung that allows it."""

    municipality: str
    period: str
    level: Level

    @property
    def suppressed(self) -> bool:
        return self.level == Level.SUPPRESSED


SUPPRESSED = Generalised(municipality="", period="", level=Level.SUPPRESSED)


def period_month(period: date | str) -> str:
    """``2025-03``, also from an ISO date string as a search engine returns it."""
    if isinstance(period, str):
        return period[:7]
    return f"{period.year}-{period.month:02d}"


def period_quarter(period: date) -> str:
    """``2025-K1``: K for *kwartaal*, as Dutch statistics write it."""
    return f"{period.year}-K{(period.month - 1) // 3 + 1}"


def _province(municipality: str) -> str:
    # An unknown name is no place rather than a leak of that name.
    return MUNICIPALITY_PROVINCE.get(municipality, "")


# Each rung turns (municipality, period) into the place and period it shows.
LADDER: list[tuple[Level, object]] = [
    (Level.MONTH, lambda place, period: (place, period_month(period))),
    (Level.QUARTER, lambda place, period: (place, period_quarter(period))),
    (Level.YEAR, lambda place, period: (place, str(period.year))),
    (Level.PROVINCE, lambda place, period: (_province(place), str(period.year))),
    (Level.NO_PLACE, lambda place, period: ("", str(period.year))),
]


def stories_generalised(*, ids: Iterable[int] | None = None) -> dict[int, Generalised]:
    """Place and period of published stories as exports may show them, by page id.

    Computed over all published stories in one query; ``ids`` only narrows what is
    returned, never what is counted.
    """
    remaining = list(
        Zoekdocument.objects.filter(kind=Kind.STORY).values_list(
            "page_id", "municipality", "perspective", "domain", "period"
        )
    )
    wanted = None if ids is None else set(ids)
    shown: dict[int, Generalised] = {}
    for level, rung in LADDER:
        keys = {
            pk: (*rung(place, period), perspective, domain)
            for pk, place, perspective, domain, period in remaining
        }
        counts = Counter(keys.values())
        unresolved = []
        for row in remaining:
            key = keys[row[0]]
            if counts[key] >= K:
                shown[row[0]] = Generalised(
                    municipality=key[0], period=key[1], level=level
                )
            else:
                unresolved.append(row)
        remaining = unresolved
    for pk, *_ in remaining:
        shown[pk] = SUPPRESSED
    if wanted is None:
        return shown
    return {pk: value for pk, value in shown.items() if pk in wanted}


def count_public(n: int) -> int | None:
    """``n`` as it may be published: ``None`` ("fewer than 5") for 1 to 4."""
    return None if 0 < n < K else n
