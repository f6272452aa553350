"""The small-number ladder: how precisely a story's place and period may be shown.

A story's quasi-identifiers are its municipality, perspective, domain and period.
Perspective and domain are always shown; place and period are generalised, each on
its own ladder (municipality → province → no place; month → quarter → year), until
the combination a story is *shown* with is shared by at least ``K`` stories shown
the same way. What cannot be protected so is suppressed: no place and no period.

The ladder is worked out over every published story at once, so every surface (the
story page, cards, search, patterns, API, CSV) shows a story the same way, and
comparing two of them reveals nothing more. Groups are formed by the label a story
is shown with, never by what it shares with stories shown more precisely: each label
that appears anywhere stands for at least ``K`` stories.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum, nonmember

from django.dispatch import Signal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .municipalities import MUNICIPALITY_PROVINCE

K = 5

# Sent inside the transaction that stores a new ladder, with ``page_ids``: the stories
# now shown differently (or no longer at all). Whatever keeps copies of how stories
# are shown (the search indexes) listens and follows.
stories_shown_changed = Signal()


def count_public(n: int) -> int | None:
    """``n`` as it may be published: ``None`` ("fewer than 5") for 1 to 4."""
    return None if 0 < n < K else n


def count_text(n: int) -> str:
    """``n`` in words as a page or header may show it: "minder dan 5" for 1 to 4."""
    return _("fewer than %(k)d") % {"k": K} if count_public(n) is None else str(n)


class PlaceLevel(StrEnum):
    """How precisely a story's place is shown."""

    do_not_call_in_templates = nonmember(True)
    MUNICIPALITY = "municipality"
    PROVINCE = "province"
    NONE = "none"


class PeriodLevel(StrEnum):
    """How precisely a story's period is shown."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    NONE = "none"


@dataclass(frozen=True)
class Shown:
    """A story's place and period as they may be shown, and how generalised."""

    place: str
    place_level: PlaceLevel
    period: str
    period_level: PeriodLevel

    @property
    def suppressed(self) -> bool:
        return self.period_level == PeriodLevel.NONE

    @property
    def period_start(self) -> date | None:
        """The first day of the period as shown, to order by; None when suppressed."""
        if self.period_level == PeriodLevel.NONE:
            return None
        year, _dash, rest = self.period.partition("-")
        if self.period_level == PeriodLevel.QUARTER:
            return date(int(year), (int(rest.lstrip("K")) - 1) * 3 + 1, 1)
        return date(int(year), int(rest or 1), 1)

    @property
    def period_datetime(self) -> str:
        """The period as an HTML ``datetime`` value; a quarter has none."""
        if self.period_level in (PeriodLevel.MONTH, PeriodLevel.YEAR):
            return self.period
        return ""

    @property
    def period_text(self) -> str:
        """The period in words: ``maart 2025``, ``1e kwartaal 2025``, ``2025``."""
        if self.period_level == PeriodLevel.MONTH:
            year, month = self.period.split("-")
            return date_format(date(int(year), int(month), 1), "F Y")
        if self.period_level == PeriodLevel.QUARTER:
            year, quarter = self.period.split("-K")
            return _("quarter %(quarter)s of %(year)s") % {
                "quarter": quarter,
                "year": year,
            }
        return self.period


SUPPRESSED = Shown(
    place="", place_level=PlaceLevel.NONE, period="", period_level=PeriodLevel.NONE
)


@dataclass(frozen=True)
class StoryFacts:
    """What the ladder reads of one published story."""

    pk: int
    municipality: str
    perspective: str
    domain: str
    period: date


def period_month(period: date | str) -> str:
    """``2025-03``, also from an ISO date string as a search engine returns it."""
    if isinstance(period, str):
        return period[:7]
    return f"{period.year}-{period.month:02d}"


def period_quarter(period: date) -> str:
    """``2025-K1``: K for *kwartaal*, as Dutch statistics write it."""
    return f"{period.year}-K{(period.month - 1) // 3 + 1}"


PERIOD_LABEL: dict[PeriodLevel, Callable[[date], str]] = {
    PeriodLevel.MONTH: period_month,
    PeriodLevel.QUARTER: period_quarter,
    PeriodLevel.YEAR: lambda period: str(period.year),
}


def _place(municipality: str, level: PlaceLevel) -> tuple[PlaceLevel, str]:
    # An unknown name is no place rather than a leak of that name; a story without
    # a municipality has no place at any level.
    if level == PlaceLevel.MUNICIPALITY and municipality in MUNICIPALITY_PROVINCE:
        return level, municipality
    if level != PlaceLevel.NONE and MUNICIPALITY_PROVINCE.get(municipality):
        return PlaceLevel.PROVINCE, MUNICIPALITY_PROVINCE[municipality]
    return PlaceLevel.NONE, ""


# The rungs, least information lost first by Sweeney's precision: each step up a
# ladder costs the same, place or period; of two rungs that cost the same, the one
# that keeps the place comes first.
RUNGS: list[tuple[PlaceLevel, PeriodLevel]] = sorted(
    (
        (place, period)
        for place in PlaceLevel
        for period in (PeriodLevel.MONTH, PeriodLevel.QUARTER, PeriodLevel.YEAR)
    ),
    key=lambda rung: (
        list(PlaceLevel).index(rung[0]) + list(PeriodLevel).index(rung[1]),
        list(PlaceLevel).index(rung[0]),
    ),
)

Label = tuple[PlaceLevel, str, PeriodLevel, str, str, str]


def _label(story: StoryFacts, rung: tuple[PlaceLevel, PeriodLevel]) -> Label:
    place_level, place = _place(story.municipality, rung[0])
    return (
        place_level,
        place,
        rung[1],
        PERIOD_LABEL[rung[1]](story.period),
        story.perspective,
        story.domain,
    )


def stories_generalise(
    stories: Iterable[StoryFacts], *, k: int = K
) -> dict[int, Shown]:
    """How each story may be shown: every shown combination is shared by ``k``.

    First each story takes the first rung at which its label is shared by ``k``
    stories still unplaced, or joins a label already shown. Then a story that would
    be suppressed is saved where stories shown elsewhere, from groups larger than
    ``k``, can move to its label with it; the rest is suppressed.
    """
    facts = {story.pk: story for story in stories}
    remaining = list(facts.values())
    label_of: dict[int, Label] = {}
    sizes: Counter[Label] = Counter()
    for rung in RUNGS:
        labels = {story.pk: _label(story, rung) for story in remaining}
        counts = Counter(labels.values())
        unplaced = []
        for story in remaining:
            label = labels[story.pk]
            if sizes[label] or counts[label] >= k:
                label_of[story.pk] = label
                sizes[label] += 1
            else:
                unplaced.append(story)
        remaining = unplaced
    for rung in RUNGS:
        if not remaining:
            break
        remaining = _rescue(
            remaining, rung, facts=facts, label_of=label_of, sizes=sizes, k=k
        )
    return {pk: _shown(label_of.get(pk)) for pk in facts}


def _rescue(
    remaining: list[StoryFacts],
    rung: tuple[PlaceLevel, PeriodLevel],
    *,
    facts: dict[int, StoryFacts],
    label_of: dict[int, Label],
    sizes: Counter[Label],
    k: int,
) -> list[StoryFacts]:
    """Place unplaced stories at ``rung`` with stories a larger group can spare."""
    wanting: dict[Label, list[StoryFacts]] = defaultdict(list)
    for story in remaining:
        wanting[_label(story, rung)].append(story)
    donors: dict[Label, list[int]] = defaultdict(list)
    for pk in label_of:
        label = _label(facts[pk], rung)
        if label in wanting:
            donors[label].append(pk)
    unplaced = []
    for label, stories in wanting.items():
        spare = [pk for pk in donors[label] if label_of[pk] != label]
        # The largest groups first, so that no group drops below k.
        spare.sort(key=lambda pk: -sizes[label_of[pk]])
        moving = []
        budget = Counter({label_of[pk]: sizes[label_of[pk]] - k for pk in spare})
        for pk in spare:
            if len(stories) + len(moving) + sizes[label] >= k:
                break
            if budget[label_of[pk]] > 0:
                budget[label_of[pk]] -= 1
                moving.append(pk)
        if len(stories) + len(moving) + sizes[label] < k:
            unplaced.extend(stories)
            continue
        for pk in moving:
            sizes[label_of[pk]] -= 1
            label_of[pk] = label
        for story in stories:
            label_of[story.pk] = label
        sizes[label] += len(moving) + len(stories)
    return unplaced


def _shown(label: Label | None) -> Shown:
    if label is None:
        return SUPPRESSED
    place_level, place, period_level, period, _perspective, _domain = label
    return Shown(
        place=place, place_level=place_level, period=period, period_level=period_level
    )


@dataclass(frozen=True)
class OrganisationsShown:
    """How many organisations recognise a story or a pattern, as the public sees it.

    Each staff member's mark counts as one organisation. Neither the kind of
    organisation nor a province is ever named beside a count, so no count can say
    "one care provider in Drenthe". Below ``K`` marks even the numbers are held
    back: "fewer than five organisations", without the provinces, so that a single
    organisation's mark cannot be read off as one organisation in one province.
    """

    organisations: int
    provinces: int
    k: int = K

    @property
    def few(self) -> bool:
        return 0 < self.organisations < self.k

    @property
    def text(self) -> str:
        """The count in words, as far as the small-number rule lets it be said."""
        if not self.organisations:
            return _("No organisation has said it recognises this yet.")
        if self.few:
            return _("Recognised by fewer than %(k)d organisations.") % {"k": self.k}
        return _("Recognised by %(organisations)s in %(provinces)s.") % {
            "organisations": ngettext(
                "%(count)d organisation", "%(count)d organisations", self.organisations
            )
            % {"count": self.organisations},
            "provinces": ngettext(
                "%(count)d province", "%(count)d provinces", self.provinces
            )
            % {"count": self.provinces},
        }
