"""Reads of experiments and of the shared tag vocabulary."""

from django.db.models import QuerySet

from .models import OPEN_EXPERIMENT_STATUSES, ExperimentPage, TagSummary, TagSynonym


def experiments_open(*, limit: int) -> QuerySet[ExperimentPage]:
    """Return published experiments that are open to join or running."""
    return (
        ExperimentPage.objects.live()
        .public()
        .filter(status__in=OPEN_EXPERIMENT_STATUSES)
        .order_by("-period", "-first_published_at")
        .prefetch_related("tags")[:limit]
    )


def tags_recurring(*, limit: int, min_stories: int = 2) -> QuerySet[TagSummary]:
    """Return the tags that recur in most published stories."""
    return (
        TagSummary.objects.filter(stories__gte=min_stories)
        .select_related("tag")
        .order_by("-stories", "tag__name")[:limit]
    )


def tag_canonical_ids() -> dict[int, int]:
    """Map the id of every tag the editors marked as a synonym to its main tag's id."""
    return dict(TagSynonym.objects.values_list("variant_id", "canonical_id"))
