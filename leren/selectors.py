"""Reads of experiments, their sign-ups, system flaws and the shared tag vocabulary."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from taggit.models import Tag

from verhalen.codes import code_hash
from verhalen.models import VerhaalPage
from verhalen.small_numbers import count_text

from .models import (
    OPEN_EXPERIMENT_STATUSES,
    Aanmelding,
    ExperimentPage,
    ExperimentStatus,
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


# The experiments whose lessons a new attempt learns from.
ENDED_EXPERIMENT_STATUSES = (ExperimentStatus.AFGEROND, ExperimentStatus.GESTOPT)
# Words of a hypothesis this frequent in Dutch (wordfreq's zipf scale) say nothing
# about its subject: "we", "denken", "dat", "mensen", "sneller".
HYPOTHESIS_WORD_MAX_ZIPF = 4.5
HYPOTHESIS_WORD_RE = re.compile(r"[^\W\d_]{4,}")


@dataclass
class LessonsBefore:
    """What was tried and learned before on an experiment's tags and hypothesis."""

    ended: list[ExperimentPage] = field(default_factory=list)
    stories: list[VerhaalPage] = field(default_factory=list)
    reflections: list[ReflectiePage] = field(default_factory=list)
    open: list[ExperimentPage] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.ended, self.stories, self.reflections, self.open))


def _tag_ids(names: Iterable[str]) -> set[int]:
    """The tags of these names with their synonyms, both ways."""
    wanted = {name.strip().lower() for name in names if name.strip()}
    if not wanted:
        return set()
    any_name = Q()
    for name in wanted:
        any_name |= Q(name__iexact=name)
    ids = set(Tag.objects.filter(any_name).values_list("pk", flat=True))
    canonical = tag_canonical_ids()
    mains = ids | {canonical[pk] for pk in ids if pk in canonical}
    return mains | {variant for variant, main in canonical.items() if main in mains}


def _hypothesis_words(hypothesis: str) -> str:
    from wordfreq import zipf_frequency

    words = dict.fromkeys(
        word.lower() for word in HYPOTHESIS_WORD_RE.findall(hypothesis or "")
    )
    return " ".join(
        word for word in words if zipf_frequency(word, "nl") < HYPOTHESIS_WORD_MAX_ZIPF
    )


def _matching(pages: QuerySet, *, tag_ids: set[int], words: str, limit: int) -> list:
    """Pages sharing most of the tags first, then pages the hypothesis's words find."""
    found = []
    if tag_ids:
        found = list(
            pages.filter(tags__in=tag_ids)
            .annotate(shared=Count("tags", distinct=True))
            .order_by("-shared", "-first_published_at", "pk")[:limit]
        )
    if words and len(found) < limit:
        seen = [page.pk for page in found]
        found += list(
            pages.exclude(pk__in=seen).search(words, operator="or")[
                : limit - len(found)
            ]
        )
    return found


def lessons_before(
    *, tags: Iterable[str], hypothesis: str = "", exclude: int | None = None, limit=5
) -> LessonsBefore:
    """What an experiment's author reads before starting: ended experiments with
    their lessons, the stories and reflections on the same subject, and the open
    experiments to join rather than duplicate."""
    tag_ids, words = _tag_ids(tags), _hypothesis_words(hypothesis)
    if not (tag_ids or words):
        return LessonsBefore()
    experiments = ExperimentPage.objects.live()
    if exclude:
        experiments = experiments.exclude(pk=exclude)

    def matching(pages: QuerySet) -> list:
        return _matching(pages, tag_ids=tag_ids, words=words, limit=limit)

    return LessonsBefore(
        # Search filters only on indexed filter fields, so the lessons are checked here.
        ended=[
            experiment
            for experiment in matching(
                experiments.filter(status__in=ENDED_EXPERIMENT_STATUSES)
            )
            if experiment.lessons
        ],
        stories=matching(VerhaalPage.objects.live().public()),
        reflections=matching(ReflectiePage.objects.live().public()),
        open=matching(experiments.filter(status__in=OPEN_EXPERIMENT_STATUSES)),
    )


# The purpose under which sign-up codes are hashed (see verhalen.codes).
SIGNUP_CODE = "meedoencode"


def experiment_signups_shown(*, experiment: ExperimentPage) -> str:
    """How many take part, as the public may read it: "minder dan 5" for 1 to 4."""
    return count_text(Aanmelding.objects.filter(experiment=experiment).count())


def signups_visible(*, user) -> QuerySet[Aanmelding]:
    """The sign-ups ``user`` may see: all for the editors; for staff, only those of
    the experiments they own or are the contact person of."""
    signups = Aanmelding.objects.select_related("experiment")
    if not (user.is_authenticated and user.is_active):
        return signups.none()
    if user.has_perm("leren.view_aanmelding"):
        return signups
    return signups.filter(Q(experiment__owner=user) | Q(experiment__contact=user))


def experiments_responsible(*, user) -> QuerySet[ExperimentPage]:
    """The experiments whose sign-ups ``user`` sees as owner or contact person."""
    if not (user.is_authenticated and user.is_active):
        return ExperimentPage.objects.none()
    return ExperimentPage.objects.filter(Q(owner=user) | Q(contact=user))


def signup_by_code(*, code: str) -> Aanmelding | None:
    """The sign-up whose code this is, or None."""
    return (
        Aanmelding.objects.select_related("experiment")
        .filter(code_hash=code_hash(code, purpose=SIGNUP_CODE))
        .first()
    )
