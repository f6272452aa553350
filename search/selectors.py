"""Reads of the stored patterns and what they link to."""

import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import TypeVar

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag

from leren.models import ExperimentenIndexPage, ExperimentPage, TagSynonym
from verhalen.models import VerhaalPage
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
class PatternSeen:
    """Where and when a pattern's stories are, as their own pages show them."""

    first: Shown | None
    last: Shown | None
    provinces: list[str]
    quarters: list[tuple[str, int]]
    # Stories whose page shows only their year, or no period at all: no quarter.
    year_only: int
    without_period: int


def _province(shown: Shown) -> str:
    if shown.place_level == PlaceLevel.MUNICIPALITY:
        return MUNICIPALITY_PROVINCE.get(shown.place, "")
    return shown.place if shown.place_level == PlaceLevel.PROVINCE else ""


def pattern_seen(*, pattern: Patroon) -> PatternSeen:
    """First and last seen, provinces and stories per quarter, from shown values.

    Never from the stories' exact municipality and month: a pattern of a few
    stories would tell what the small-number ladder keeps off their pages.
    """
    shown = [story.shown for story in pattern_stories(pattern=pattern)]
    dated = sorted(
        (value for value in shown if value.period_start), key=lambda v: v.period_start
    )
    quarterly = [
        value
        for value in dated
        if value.period_level in (PeriodLevel.MONTH, PeriodLevel.QUARTER)
    ]
    counts = Counter(
        (value.period_start.year, (value.period_start.month - 1) // 3 + 1)
        for value in quarterly
    )
    quarters = []
    if counts:
        (year, quarter), last = min(counts), max(counts)
        while (year, quarter) <= last:
            quarters.append((f"{year} K{quarter}", counts[(year, quarter)]))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return PatternSeen(
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        provinces=sorted({_province(value) for value in shown} - {""}),
        quarters=quarters,
        year_only=len(dated) - len(quarterly),
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


@dataclass
class TagNetwork:
    """The most used tags of the stories and how often each two occur together."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    size: int = 0


def tags_cooccurring(*, limit: int = 24, size: int = 640) -> TagNetwork:
    """The ``limit`` most used story tags on a circle, joined where they co-occur."""
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
    centre, radius = size / 2, size / 2 - 110
    positions = {}
    network = TagNetwork(size=size)
    for index, tag in enumerate(top):
        angle = 2 * math.pi * index / max(len(top), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        positions[tag] = (round(x, 1), round(y, 1))
        network.nodes.append(
            {
                "name": names[tag],
                "stories": singles[tag],
                "x": positions[tag][0],
                "y": positions[tag][1],
                "r": round(4 + 10 * singles[tag] / singles[top[0]], 1),
                "anchor": "start" if math.cos(angle) >= 0 else "end",
                "label_x": round(x + (14 if math.cos(angle) >= 0 else -14), 1),
            }
        )
    strongest = max(pairs.values(), default=1)
    total = len(stories)
    for (a, b), together in pairs.most_common():
        if together < 2:
            break
        network.edges.append(
            {
                "a": names[a],
                "b": names[b],
                "together": together,
                "lift": round(together * total / (singles[a] * singles[b]), 1),
                "x1": positions[a][0],
                "y1": positions[a][1],
                "x2": positions[b][0],
                "y2": positions[b][1],
                "width": round(1 + 5 * together / strongest, 1),
            }
        )
    return network


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
