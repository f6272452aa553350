"""The pattern engine: tag pairs and triples that recur more often than chance.

One pass over the published stories' tags (one query), after the editors' synonyms,
counts every pair and triple per story. A set is a pattern when at least
``min_stories`` stories share it and it occurs clearly more often than the tags'
separate frequencies would give by chance (a lift of at least ``MIN_LIFT``).
Patterns rank by support times log2 of the lift: both how often and how surprising,
weighed up by how widely organisations recognise the stories (``recognition_weight``):

    score = support · log2(lift) · (1 + RECOGNITION_WEIGHT · ln(1 + breadth))

where breadth is the number of distinct (kind of organisation, province) pairs among
the "dit herkennen wij ook" marks on the pattern's stories. A pair counts once however
many of the stories it marked and however many colleagues marked them, so one
organisation marking every story adds as much as marking one; the logarithm makes
each further pair add less: recognition decides between patterns of like support and
lift, and at most doubles a score. One pair weighs ×1.17, 5 pairs ×1.45, all 72 (six
kinds in twelve provinces) ×2.07.

Each pattern's trend compares its stories in the 12 months up to the newest story's
month with the 12 before, against all stories in the same windows (``trend.py``).
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, combinations

from django.db import transaction
from taggit.models import Tag

from leren.models import OPEN_EXPERIMENT_STATUSES, ExperimentPage, ExperimentTag
from leren.selectors import tag_canonical_ids
from verhalen.models import OrganisatieHerkenning, VerhaalPage, VerhaalTag

from .models import Patroon, Trend, pattern_address
from .trend import trend_test

MIN_STORIES = 3
# Sets that occur less than half again as often as chance are coincidence, not news.
MIN_LIFT = 1.5
# And clearly more than chance could give by itself: support at least this many
# standard deviations (of a Poisson count) above what chance would give.
MIN_SURPRISE = 1.5
# In a large collection, a handful of stories is not yet a pattern: at least this
# share of all stories (one in a thousand) must carry the set, and never fewer than
# ``min_stories``.
MIN_SHARE = 0.001
# More tags than this on one story add noise, not patterns, and cost combinations.
MAX_TAGS_PER_STORY = 8
TREND_MONTHS = 12
# How much organisations' recognition counts in the score: see the module docstring.
RECOGNITION_WEIGHT = 0.25


@dataclass
class _Story:
    perspective: str
    municipality: str
    period: date
    tags: set[int] = field(default_factory=set)


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def stories_with_tags() -> dict[int, _Story]:
    canonical = tag_canonical_ids()
    stories = {
        pk: _Story(perspective, municipality, period)
        for pk, perspective, municipality, period in VerhaalPage.objects.live()
        .public()
        .values_list("pk", "perspective", "municipality", "period")
    }
    for story_id, tag_id in VerhaalTag.objects.filter(
        content_object_id__in=list(stories)
    ).values_list("content_object_id", "tag_id"):
        stories[story_id].tags.add(canonical.get(tag_id, tag_id))
    return stories


def recognition_weight(breadth: int) -> float:
    """What a score is multiplied by for ``breadth`` recognising pairs."""
    return 1 + RECOGNITION_WEIGHT * math.log1p(breadth)


def _recognising_pairs(stories: dict[int, _Story]) -> dict[int, set[tuple[str, str]]]:
    """Per story, the (kind of organisation, province) pairs that marked it."""
    pairs: dict[int, set[tuple[str, str]]] = defaultdict(set)
    # One query; the stories' keys are not sent, however many there are.
    for story_id, kind, province in OrganisatieHerkenning.objects.values_list(
        "page_id", "organisation_type", "province"
    ):
        if story_id in stories:
            pairs[story_id].add((kind, province))
    return pairs


def _experiment_tags() -> dict[int, tuple[set[int], bool]]:
    canonical = tag_canonical_ids()
    experiments = dict(
        ExperimentPage.objects.live().public().values_list("pk", "status")
    )
    tags: dict[int, set[int]] = defaultdict(set)
    for experiment_id, tag_id in ExperimentTag.objects.filter(
        content_object_id__in=list(experiments)
    ).values_list("content_object_id", "tag_id"):
        tags[experiment_id].add(canonical.get(tag_id, tag_id))
    return {
        pk: (tags[pk], status in OPEN_EXPERIMENT_STATUSES)
        for pk, status in experiments.items()
    }


def patterns_compute(*, min_stories: int = MIN_STORIES) -> list[Patroon]:
    """Return the recurring tag sets of the published stories, best first (unsaved)."""
    stories = stories_with_tags()
    total = len(stories)
    if not total:
        return []
    ordered = [sorted(story.tags)[:MAX_TAGS_PER_STORY] for story in stories.values()]
    # Counted in one pass each, inside Counter's C loop.
    singles = Counter(chain.from_iterable(ordered))
    counts = Counter(
        chain.from_iterable(
            chain(combinations(tags, 2), combinations(tags, 3)) for tags in ordered
        )
    )
    least = max(min_stories, math.ceil(total * MIN_SHARE))
    chosen = {
        tag_ids: expected
        for tag_ids, support in counts.items()
        if support >= least
        and (expected := total * math.prod(singles[t] / total for t in tag_ids))
        and support >= MIN_LIFT * expected
        and (support - expected) / math.sqrt(expected) >= MIN_SURPRISE
    }
    # Only the chosen sets need their stories: intersections of each tag's stories.
    carriers: dict[int, set[int]] = defaultdict(set)
    for pk, tags in zip(stories, ordered, strict=True):
        for tag in tags:
            carriers[tag].add(pk)
    sets = {
        tag_ids: sorted(set.intersection(*(carriers[t] for t in tag_ids)))
        for tag_ids in chosen
    }

    # Counted back from the newest story, not from today: a collection that stopped
    # growing months ago still compares its last two years.
    newest = max(story.period for story in stories.values()).replace(day=1)
    recent_from = _months_before(newest, TREND_MONTHS - 1)
    previous_from = _months_before(recent_from, TREND_MONTHS)
    window_end = _months_before(newest, -1) - timedelta(days=1)
    all_periods = [story.period for story in stories.values()]
    recent_total = sum(1 for p in all_periods if p >= recent_from)
    previous_total = sum(1 for p in all_periods if previous_from <= p < recent_from)
    experiments = _experiment_tags()
    recognising = _recognising_pairs(stories)
    names = dict(Tag.objects.values_list("pk", "name"))
    slugs = dict(Tag.objects.values_list("pk", "slug"))
    found = []
    for tag_ids, members in sets.items():
        support = len(members)
        expected = chosen[tag_ids]
        lift = support / expected
        periods = [stories[pk].period for pk in members]
        recent = sum(1 for p in periods if p >= recent_from)
        previous = sum(1 for p in periods if previous_from <= p < recent_from)
        trend = trend_test(
            recent=recent,
            previous=previous,
            recent_total=recent_total,
            previous_total=previous_total,
        )
        breadth = len(set().union(*(recognising[pk] for pk in members)))
        covering = [
            (pk, is_open)
            for pk, (tags, is_open) in experiments.items()
            if set(tag_ids) <= tags
        ]
        found.append(
            Patroon(
                tags=sorted(names[t] for t in tag_ids),
                address=pattern_address(slugs[t] for t in tag_ids),
                stories=support,
                lift=round(lift, 3),
                expected=round(expected, 2),
                score=round(support * math.log2(lift) * recognition_weight(breadth), 3),
                perspectives=sorted({stories[pk].perspective for pk in members}),
                municipalities=sorted(
                    {stories[pk].municipality for pk in members} - {""}
                ),
                first_seen=min(periods),
                last_seen=max(periods),
                recent=recent,
                previous=previous,
                growing=trend.trend == Trend.GROWING,
                trend=trend.trend,
                trend_reason=trend.reason,
                trend_ratio=trend.ratio,
                trend_ratio_low=trend.ratio_low,
                trend_ratio_high=trend.ratio_high,
                trend_p_value=trend.p_value,
                recent_total=recent_total,
                previous_total=previous_total,
                window_start=previous_from,
                recent_from=recent_from,
                window_end=window_end,
                story_ids=sorted(members),
                open_experiment_ids=sorted(pk for pk, is_open in covering if is_open),
                closed_experiment_ids=sorted(
                    pk for pk, is_open in covering if not is_open
                ),
            )
        )
    return _without_redundant_pairs(sorted(found, key=lambda p: (-p.score, p.tags)))


def _without_redundant_pairs(patterns: list[Patroon]) -> list[Patroon]:
    """Drop a pair whose every story also carries a triple that contains it."""
    covered = {
        (pair, triple.stories)
        for triple in patterns
        if len(triple.tags) == 3
        for pair in combinations(triple.tags, 2)
    }
    return [
        pattern
        for pattern in patterns
        if len(pattern.tags) != 2
        or (tuple(pattern.tags), pattern.stories) not in covered
    ]


@transaction.atomic
def patterns_recompute(*, min_stories: int = MIN_STORIES) -> int:
    """Replace the stored patterns by freshly computed ones; safe to run any time."""
    patterns = patterns_compute(min_stories=min_stories)
    Patroon.objects.all().delete()
    Patroon.objects.bulk_create(patterns)
    return len(patterns)
