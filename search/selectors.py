"""Reads of the stored patterns and what they link to."""

from django.db.models import QuerySet

from leren.models import ExperimentPage

from .models import Patroon


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


def pattern_as_dict(*, pattern: Patroon) -> dict:
    """The pattern as plain data, for the command line and exports."""
    experiments = pattern_experiments(pattern=pattern)

    def listed(pages):
        return [{"title": page.title, "url": page.url} for page in pages]

    return {
        "tags": pattern.tags,
        "stories": pattern.stories,
        "growing": pattern.growing,
        "open_experiments": listed(experiments["open"]),
        "closed_experiments": listed(experiments["closed"]),
        "lift": pattern.lift,
        "expected_by_chance": pattern.expected,
        "score": pattern.score,
        "perspectives": pattern.perspectives,
        "municipalities": pattern.municipalities,
        "first_seen": pattern.first_seen.isoformat(),
        "last_seen": pattern.last_seen.isoformat(),
        "recent_period_stories": pattern.recent,
        "previous_period_stories": pattern.previous,
        "why": (
            f"{pattern.stories} stories carry these tags together, "
            f"{pattern.lift:.1f} times the {pattern.expected:.1f} chance would give"
        ),
    }
