"""Reads of the stored patterns and what they link to."""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import combinations
from typing import TypeVar

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag

from leren.models import ExperimentenIndexPage, ExperimentPage, TagSynonym
from verhalen.models import StoryGeneralisation, VerhaalPage
from verhalen.municipalities import MUNICIPALITY_PROVINCE
from verhalen.selectors import STORY_ORDER
from verhalen.small_numbers import PeriodLevel, PlaceLevel, Shown

from .backends import (
    SearchBackend,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    backend_configured,
    backend_load,
)
from .models import Patroon, TrendReason, pattern_address
from .patterns import TREND_MONTHS, stories_with_tags
from .privacy import count_public

logger = logging.getLogger(__name__)

# All stories "stayed about the same" when the recent window is within a tenth of
# the one before.
TOTAL_SAME_WITHIN = 0.1

# After a failure, searches go straight to the database for this long.
UNAVAILABLE_SECONDS = 30
UNAVAILABLE_KEY = "venster:search-unavailable"

# How many similar stories a story's page and the API show.
SIMILAR_STORIES = 5
SIMILAR_SPARE = 5

T = TypeVar("T")


def patterns_best(*, limit: int | None = None) -> QuerySet[Patroon]:
    """The stored patterns, best first."""
    patterns = Patroon.objects.order_by("-score", "pk")
    return patterns[:limit] if limit else patterns


def patterns_without_open_experiment(*, limit: int = 10) -> QuerySet[Patroon]:
    """Recurring patterns that no open experiment works on: invitations to start one."""
    return patterns_best().filter(open_experiment_ids=[])[:limit]


def pattern_experiments(*, pattern: Patroon) -> dict[str, list[ExperimentPage]]:
    """The published experiments whose tags cover the pattern, open and closed."""
    ids = pattern.open_experiment_ids + pattern.closed_experiment_ids
    pages = ExperimentPage.objects.live().public().in_bulk(ids)
    return {
        "open": [pages[i] for i in pattern.open_experiment_ids if i in pages],
        "closed": [pages[i] for i in pattern.closed_experiment_ids if i in pages],
    }


def pattern_trend_text(*, pattern: Patroon) -> str:
    """The pattern's trend as a sentence in the reader's language."""
    numbers = {
        "trend": pattern.get_trend_display(),
        "recent": pattern.recent,
        "previous": pattern.previous,
        "months": TREND_MONTHS,
    }
    if pattern.trend_reason or not pattern.window_end:
        return _(
            "%(reason)s: %(recent)d in the last %(months)d months, %(previous)d in "
            "the %(months)d before"
        ) % {**numbers, "reason": TrendReason.TOO_FEW.label}
    change = pattern.recent_total - pattern.previous_total
    if abs(change) <= TOTAL_SAME_WITHIN * pattern.previous_total:
        total = _("the total stayed about the same")
    elif change > 0:
        total = _("the total rose")
    else:
        total = _("the total fell")
    sentence = ngettext(
        "%(trend)s: %(recent)d story in the last %(months)d months against "
        "%(previous)d in the %(months)d before, while %(total)s",
        "%(trend)s: %(recent)d stories in the last %(months)d months against "
        "%(previous)d in the %(months)d before, while %(total)s",
        pattern.recent,
    )
    return sentence % {**numbers, "total": total}


def _window(
    start: date | None, end: date | None, *, stories: int, all_stories: int
) -> dict:
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "stories": stories,
        "all_stories": all_stories,
    }


def pattern_address_after_merges(*, address: str) -> str:
    """The address a pattern has once its merged tags are read as their main tags."""
    main = dict(TagSynonym.objects.values_list("variant__slug", "canonical__slug"))
    return pattern_address(main.get(part, part) for part in address.split("+"))


def pattern_as_dict(*, pattern: Patroon) -> dict:
    """The pattern as plain data, for the command line and exports."""
    experiments = pattern_experiments(pattern=pattern)
    seen = pattern_seen(pattern=pattern)

    def listed(pages):
        return [{"title": page.title, "url": page.url} for page in pages]

    return {
        "tags": pattern.tags,
        "url": pattern.get_absolute_url(),
        "stories": pattern.stories,
        "growing": pattern.growing,
        "open_experiments": listed(experiments["open"]),
        "closed_experiments": listed(experiments["closed"]),
        "lift": pattern.lift,
        "expected_by_chance": pattern.expected,
        "score": pattern.score,
        "perspectives": pattern.perspectives,
        # Provinces, not municipalities, and only as the stories' pages show them.
        "provinces": seen.provinces,
        "first_seen": seen.first.period if seen.first else "",
        "last_seen": seen.last.period if seen.last else "",
        "recent_period_stories": pattern.recent,
        "previous_period_stories": pattern.previous,
        "trend": pattern.trend,
        "trend_reason": pattern.trend_reason,
        # Recent against previous stories, each per story of the whole site in the
        # same window; none when it has no upper bound (no previous stories).
        "rate_ratio": _rounded(pattern.trend_ratio),
        "rate_ratio_ci": [
            _rounded(pattern.trend_ratio_low),
            _rounded(pattern.trend_ratio_high),
        ],
        "p_value": pattern.trend_p_value,
        "windows": {
            "recent": _window(
                pattern.recent_from,
                pattern.window_end,
                stories=pattern.recent,
                all_stories=pattern.recent_total,
            ),
            "previous": _window(
                pattern.window_start,
                pattern.recent_from - timedelta(days=1)
                if pattern.recent_from
                else None,
                stories=pattern.previous,
                all_stories=pattern.previous_total,
            ),
        },
        "trend_text": pattern_trend_text(pattern=pattern),
        # A sentence in the reader's language, its numbers written as they read them.
        "why": ngettext(
            "%(count)d story carries these tags together, %(lift)s times the "
            "%(expected)s that chance would give",
            "%(count)d stories carry these tags together, %(lift)s times the "
            "%(expected)s that chance would give",
            pattern.stories,
        )
        % {
            "count": pattern.stories,
            "lift": number_format(pattern.lift, 1),
            "expected": number_format(pattern.expected, 1),
        },
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def pattern_stories(*, pattern: Patroon) -> QuerySet[VerhaalPage]:
    """The pattern's stories that are still published, newest first."""
    return (
        VerhaalPage.objects.live()
        .public()
        .filter(pk__in=pattern.story_ids)
        .select_related("generalisation")
        .order_by(*STORY_ORDER)
    )


@dataclass(frozen=True)
class QuarterCount:
    """A pattern's stories in one quarter, beside all stories of that quarter."""

    year: int
    quarter: int
    stories: int
    all_stories: int

    @property
    def label(self) -> str:
        """The quarter as the reader writes it: ``2025 K1``, ``2025 Q1``."""
        return _("%(year)d Q%(quarter)d") % {"year": self.year, "quarter": self.quarter}

    @property
    def share(self) -> float:
        """The pattern's part of all the quarter's stories, from 0 to 1."""
        return self.stories / self.all_stories if self.all_stories else 0.0


@dataclass(frozen=True)
class PatternSeen:
    """Where and when a pattern's stories are, as their own pages show them."""

    first: Shown | None
    last: Shown | None
    provinces: list[str]
    quarters: list[QuarterCount]
    # Stories whose page shows only their year, or no period at all: no quarter.
    year_only: int
    without_period: int


def _province(shown: Shown) -> str:
    if shown.place_level == PlaceLevel.MUNICIPALITY:
        return MUNICIPALITY_PROVINCE.get(shown.place, "")
    return shown.place if shown.place_level == PlaceLevel.PROVINCE else ""


QUARTERLY = (PeriodLevel.MONTH, PeriodLevel.QUARTER)


def _quarter(shown: Shown) -> tuple[int, int] | None:
    """The quarter a story's page shows it in, if its page shows one."""
    start = shown.period_start
    if start is None or shown.period_level not in QUARTERLY:
        return None
    return start.year, (start.month - 1) // 3 + 1


def stories_per_quarter() -> Counter[tuple[int, int]]:
    """All published stories per (year, quarter), as their pages show their period.

    Counted from shown values like a pattern's own quarters, so that a pattern's
    share of a quarter compares like with like and reveals no exact month.
    """
    rows = StoryGeneralisation.objects.filter(
        page__in=VerhaalPage.objects.live().public().values("pk"),
        period_level__in=QUARTERLY,
    ).values_list("period", "period_level")
    return Counter(
        quarter
        for period, level in rows
        if (
            quarter := _quarter(
                Shown(
                    place="",
                    place_level=PlaceLevel.NONE,
                    period=period,
                    period_level=PeriodLevel(level),
                )
            )
        )
    )


def pattern_seen(*, pattern: Patroon) -> PatternSeen:
    """First and last seen, provinces and stories per quarter, from shown values.

    Never from the stories' exact municipality and month: a pattern of a few
    stories would tell what the small-number ladder keeps off their pages.
    """
    shown = [story.shown for story in pattern_stories(pattern=pattern)]
    dated = sorted(
        (value for value in shown if value.period_start), key=lambda v: v.period_start
    )
    counts = Counter(q for value in dated if (q := _quarter(value)))
    quarters = []
    if counts:
        totals = stories_per_quarter()
        (year, quarter), last = min(counts), max(counts)
        while (year, quarter) <= last:
            quarters.append(
                QuarterCount(
                    year=year,
                    quarter=quarter,
                    stories=counts[(year, quarter)],
                    all_stories=totals[(year, quarter)],
                )
            )
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return PatternSeen(
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        provinces=sorted({_province(value) for value in shown} - {""}),
        quarters=quarters,
        year_only=len(dated) - sum(counts.values()),
        without_period=len(shown) - len(dated),
    )


def stories_similar(*, page_id: int, limit: int = SIMILAR_STORIES) -> list[VerhaalPage]:
    """Up to ``limit`` published stories most like story ``page_id``, best first.

    Ranked by the search backend over the index, which holds published, generalised
    text only; read back as published, public pages, so that a story withdrawn
    or restricted before the index has caught up is never among them.
    """
    # A few spare, for ranked stories the index still holds but the site no longer.
    ids, _fell_back = _answer(
        lambda backend: backend.similar(page_id, limit=limit + SIMILAR_SPARE)
    )
    pages = (
        VerhaalPage.objects.live()
        .public()
        .filter(pk__in=ids)
        .exclude(pk=page_id)
        .select_related("generalisation")
        .prefetch_related("tags")
        .in_bulk()
    )
    return [pages[pk] for pk in ids if pk in pages][:limit]


def experiments_index() -> ExperimentenIndexPage | None:
    return ExperimentenIndexPage.objects.first()


def _answer(ask: Callable[[SearchBackend], T]) -> tuple[T, bool]:
    """``ask`` of the configured backend, or of the database when it is down.

    Returns the answer and whether the database stood in for the configured backend.
    """
    name = backend_configured()
    if name != "database" and not cache.get(UNAVAILABLE_KEY):
        try:
            return ask(backend_load(name)), False
        except SearchUnavailable:
            logger.warning("Search backend %s unavailable; using the database", name)
            cache.set(UNAVAILABLE_KEY, 1, timeout=UNAVAILABLE_SECONDS)
    return ask(backend_load("database")), name != "database"


def search_results(*, query: SearchQuery) -> SearchResults:
    """Results from the configured backend, or from the database when it is down."""
    results, fell_back = _answer(lambda backend: backend.search(query))
    if fell_back:
        results.fallback = True
        results.notices.append(
            _(
                "The search engine cannot be reached; these results come from the "
                "database and may rank differently."
            )
        )
    return results


@dataclass(frozen=True)
class TopicCount:
    """A story tag and how many published stories carry it (``None``: below K)."""

    name: str
    stories: int | None


@dataclass(frozen=True)
class PairCount:
    """Two topics and the stories they share, as the small-number rule allows.

    ``together`` and ``lift`` are ``None`` when fewer than K stories share the pair:
    with the topics' own counts the lift would give the exact number back.
    """

    a: str
    b: str
    together: int | None
    lift: float | None

    @property
    def suppressed(self) -> bool:
        return self.together is None


@dataclass
class TagCooccurrence:
    """The most used story tags and, for each two, the stories they share."""

    topics: list[TopicCount] = field(default_factory=list)
    pairs: list[PairCount] = field(default_factory=list)
    stories: int = 0

    def pair(self, a: str, b: str) -> PairCount | None:
        """The pair of topics ``a`` and ``b`` in either order; ``None`` if unshared."""
        return self._by_names.get(frozenset((a, b)))

    @cached_property
    def _by_names(self) -> dict[frozenset[str], PairCount]:
        return {frozenset((p.a, p.b)): p for p in self.pairs}


def tags_cooccurring(*, limit: int = 24) -> TagCooccurrence:
    """The ``limit`` most used story tags and every pair of them that stories share.

    Pairs come most shared first. A count below K leaves here only as ``None``,
    so no page or picture drawn from it can show one.
    """
    stories = stories_with_tags()
    singles: Counter = Counter()
    pairs: Counter = Counter()
    for story in stories.values():
        singles.update(story.tags)
    top = [tag for tag, _count in singles.most_common(limit)]
    chosen = set(top)
    for story in stories.values():
        pairs.update(combinations(sorted(story.tags & chosen), 2))
    names = dict(Tag.objects.filter(pk__in=top).values_list("pk", "name"))
    total = len(stories)
    result = TagCooccurrence(
        topics=[TopicCount(names[tag], count_public(singles[tag])) for tag in top],
        stories=total,
    )
    for (a, b), together in pairs.items():
        shown = count_public(together)
        lift = together * total / (singles[a] * singles[b])
        result.pairs.append(
            PairCount(
                a=names[a],
                b=names[b],
                together=shown,
                lift=None if shown is None else round(lift, 1),
            )
        )
    # Ordered by what may be shown only: among the pairs below K, by name.
    result.pairs.sort(key=lambda p: (p.together is None, -(p.together or 0), p.a, p.b))
    return result


@dataclass
class PatternFollowUp:
    """A pattern a resident's story fed, and what is being tried about it."""

    pattern: Patroon
    open_experiments: list[ExperimentPage]
    closed_experiments: list[ExperimentPage]

    @property
    def results(self) -> list[ExperimentPage]:
        """Covering experiments that have reported a result."""
        return [e for e in self.open_experiments + self.closed_experiments if e.results]


def submission_follow_up(*, submission) -> list[PatternFollowUp]:
    """The patterns the submission's published story is part of, with experiments."""
    story_ids = set(
        submission.beslissingen.filter(story__isnull=False).values_list(
            "story_id", flat=True
        )
    )
    if not story_ids:
        return []
    follow_up = []
    for pattern in patterns_best():
        if story_ids & set(pattern.story_ids):
            experiments = pattern_experiments(pattern=pattern)
            follow_up.append(
                PatternFollowUp(pattern, experiments["open"], experiments["closed"])
            )
    return follow_up
