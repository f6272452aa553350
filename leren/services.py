"""Writes for the learning loop: the tag summary."""

from collections import Counter

from django.db import transaction
from django.db.models import Count

from verhalen.models import VerhaalTag

from .models import ExperimentTag, ReflectieTag, TagSummary


def _live_tag_counts(through) -> Counter:
    rows = (
        through.objects.filter(content_object__live=True)
        .values("tag_id")
        .annotate(n=Count("id"))
        .values_list("tag_id", "n")
    )
    return Counter(dict(rows))


def tag_summary_refresh() -> int:
    """Recount how often each tag occurs on published content; safe to run any time."""
    stories = _live_tag_counts(VerhaalTag)
    total = stories + _live_tag_counts(ReflectieTag) + _live_tag_counts(ExperimentTag)
    rows = [
        TagSummary(tag_id=tag_id, stories=stories[tag_id], total=count)
        for tag_id, count in total.items()
    ]
    with transaction.atomic():
        TagSummary.objects.exclude(tag_id__in=list(total)).delete()
        TagSummary.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["tag"],
            update_fields=["stories", "total", "refreshed_at"],
        )
    return len(rows)
