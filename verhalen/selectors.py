"""Reads of published stories, submissions and recognitions."""

import re
from datetime import timedelta
from difflib import SequenceMatcher

from django.db.models import Count, QuerySet
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from leren.models import TagSummary
from leren.tags import tag_normalise

from .codes import browser_hash, code_hash
from .models import (
    DecisionAction,
    Herkenning,
    Inzending,
    PaginaVersie,
    SubmissionStatus,
    VerhaalPage,
)


def stories_latest(*, limit: int) -> QuerySet[VerhaalPage]:
    """Return the most recent published stories, newest period first."""
    return (
        VerhaalPage.objects.live()
        .public()
        .order_by("-period", "-first_published_at")
        .prefetch_related("tags")[:limit]
    )


def pages_tagged(*, model: type[Page], parent: Page, tag_slug: str = "") -> QuerySet:
    """Return the published children of ``parent``, optionally only those with a tag."""
    pages = model.objects.live().public().child_of(parent)
    if tag_slug:
        pages = pages.filter(tags__slug=tag_slug)
    return pages.order_by("-period", "-first_published_at").prefetch_related("tags")


def tag_name(*, slug: str) -> str:
    """Return the name of the tag with ``slug``, or the slug itself if none has it."""
    return Tag.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def submission_by_code(*, code: str) -> Inzending | None:
    """Return the submission this verhaalcode belongs to, if any."""
    return Inzending.objects.filter(code_hash=code_hash(code)).first()


def submission_story_published(*, submission: Inzending) -> VerhaalPage | None:
    """The published story this submission became, if it is public now."""
    return (
        VerhaalPage.objects.live()
        .public()
        .filter(
            pk__in=submission.beslissingen.filter(action=DecisionAction.PROMOTE).values(
                "story"
            )
        )
        .first()
    )


def recognitions_count(*, page: VerhaalPage) -> int:
    return Herkenning.objects.filter(page=page).count()


def recognition_exists(*, page: VerhaalPage, browser_token: str) -> bool:
    """Whether this browser already said it recognises the story."""
    return (
        bool(browser_token)
        and Herkenning.objects.filter(
            page=page, browser_hash=browser_hash(browser_token)
        ).exists()
    )


_PUNCTUATION = re.compile(r"[^\w\s-]")


def tags_suggested(*, text: str, limit: int = 5) -> list[Tag]:
    """Return tags of the shared vocabulary whose words occur in ``text``."""
    words = " " + tag_normalise(_PUNCTUATION.sub(" ", text)) + " "
    found = [
        summary.tag
        for summary in TagSummary.objects.select_related("tag").order_by("-total")
        if f" {summary.tag.name} " in words
    ]
    return found[:limit]


# How many recent submissions and stories a submission is compared with, and how
# many of its words: enough for duplicates sent weeks apart, bounded in cost.
SIMILAR_CANDIDATES = 300
SIMILAR_WORDS = 400
_PLACEHOLDER_NUMBER = re.compile(r"\[(\w+) \d+\]")


def submissions_similar(
    *, submission: Inzending, threshold: float = 0.6, limit: int = 5
) -> list[tuple[str, object, float]]:
    """Recent submissions and published stories that closely resemble this one.

    Resemblance is difflib's ratio over the normalised words of the anonymised texts
    (``[naam 1]`` and ``[naam 2]`` count as the same word), so a text sent again with
    a few words changed, added or dropped still stands out. Candidates are checked
    with the cheap upper bound first.
    """
    mine = _words(" ".join([submission.what_happened, submission.impact]))
    if not mine:
        return []
    candidates: list[tuple[str, object, str]] = [
        ("inzending", other, " ".join([other.what_happened, other.impact]))
        for other in Inzending.objects.exclude(pk=submission.pk)
        .exclude(what_happened="")
        .order_by("-created_at")[:SIMILAR_CANDIDATES]
    ]
    candidates += [
        ("verhaal", story, get_text_for_indexing(f"{story.body} {story.impact}"))
        for story in VerhaalPage.objects.live().order_by("-first_published_at")[
            :SIMILAR_CANDIDATES
        ]
    ]
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(mine)
    scored = []
    for kind, obj, text in candidates:
        matcher.set_seq1(_words(text))
        if (
            matcher.real_quick_ratio() >= threshold
            and matcher.quick_ratio() >= threshold
            and (score := matcher.ratio()) >= threshold
        ):
            scored.append((kind, obj, score))
    return sorted(scored, key=lambda row: -row[2])[:limit]


def _words(text: str) -> list[str]:
    text = _PLACEHOLDER_NUMBER.sub(r"\1", text.lower())
    return re.findall(r"\w+", text)[:SIMILAR_WORDS]


def submissions_waiting(*, limit: int = 10) -> QuerySet[Inzending]:
    """Submissions that wait for the editors, the longest-waiting first."""
    return Inzending.objects.filter(
        status__in=[SubmissionStatus.RECEIVED, SubmissionStatus.QUESTION]
    ).order_by("created_at")[:limit]


def recognitions_this_week(*, limit: int = 10) -> list[tuple[VerhaalPage, int]]:
    """Published stories most recognised in the last seven days, with their counts."""
    since = timezone.now() - timedelta(days=7)
    rows = (
        Herkenning.objects.filter(created_at__gte=since, page__live=True)
        .values("page")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    )
    pages = VerhaalPage.objects.in_bulk([row["page"] for row in rows])
    return [(pages[row["page"]], row["n"]) for row in rows if row["page"] in pages]


def page_cache_token() -> str | None:
    """Return the token cached public pages are kept under; None if there is none."""
    return PaginaVersie.objects.filter(pk=1).values_list("token", flat=True).first()
