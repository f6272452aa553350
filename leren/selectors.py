"""Reads of experiments, system flaws and the shared tag vocabulary."""

from datetime import timedelta

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from verhalen.models import VerhaalPage

from .models import (
    OPEN_EXPERIMENT_STATUSES,
    ExperimentPage,
    ReflectiePage,
    Systeemfout,
    SysteemfoutStatus,
    SysteemfoutWijziging,
    TagSummary,
    TagSynonym,
)

OPEN_SYSTEEMFOUT_STATUSES = (
    SysteemfoutStatus.GEMELD,
    SysteemfoutStatus.ERKEND,
    SysteemfoutStatus.IN_BEHANDELING,
)
CLOSED_SYSTEEMFOUT_STATUSES = (
    SysteemfoutStatus.OPGELOST,
    SysteemfoutStatus.NIET_OPGELOST,
)


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


def systeemfouten_public() -> QuerySet[Systeemfout]:
    """Return the published flaws with their published stories, reflections, history.

    A published flaw's row holds its last published text; drafts live in revisions.
    """
    return Systeemfout.objects.filter(live=True).prefetch_related(
        Prefetch(
            "verhalen",
            queryset=VerhaalPage.objects.live().public().order_by("title"),
            to_attr="public_stories",
        ),
        Prefetch(
            "reflecties",
            queryset=ReflectiePage.objects.live().public().order_by("title"),
            to_attr="public_reflections",
        ),
        # Who changed a status stays internal, so it is not even read here.
        Prefetch(
            "history",
            queryset=SysteemfoutWijziging.objects.only(
                "systeemfout_id", "old_status", "new_status", "reason", "changed_at"
            ).order_by("-changed_at", "-pk"),
            to_attr="public_history",
        ),
    )


def systeemfouten_register() -> list[tuple[SysteemfoutStatus, list[Systeemfout]]]:
    """Return the flaws grouped by status, open first; empty groups are left out."""
    groups: dict[str, list[Systeemfout]] = {}
    for flaw in systeemfouten_public():
        groups.setdefault(flaw.status, []).append(flaw)
    order = (*OPEN_SYSTEEMFOUT_STATUSES, *CLOSED_SYSTEEMFOUT_STATUSES)
    return [(status, groups[status]) for status in order if status in groups]


def systeemfouten_stale(*, days: int = 60) -> QuerySet[Systeemfout]:
    """Return the open flaws that nobody changed in the last ``days`` days."""
    cutoff = timezone.now() - timedelta(days=days)
    return (
        Systeemfout.objects.filter(
            status__in=OPEN_SYSTEEMFOUT_STATUSES, updated_at__lt=cutoff
        )
        .annotate(last_change_at=Max("history__changed_at"))
        .filter(Q(last_change_at__isnull=True) | Q(last_change_at__lt=cutoff))
        .order_by("updated_at", "pk")
    )
