"""Reads of published stories, submissions and recognitions."""

import re
from datetime import timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from leren.models import TagSummary
from leren.tags import tag_normalise

from .codes import browser_hash, code_hash
from .models import Herkenning, Inzending, PaginaVersie, SubmissionStatus, VerhaalPage
from .preview import PreviewField, preview_fields

# The fields whose text the anonymisation check looks at, per page type.
CHECKED_FIELDS = {
    "verhaalpage": ("body", "impact", "lessons"),
    "reflectiepage": ("body", "not_knowing"),
}


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


def page_findings(*, page: Page) -> list[PreviewField]:
    """The page's latest text anonymised, findings shown as written, doubts numbered."""
    latest = page.get_latest_revision_as_object()
    names = CHECKED_FIELDS.get(latest._meta.model_name, ())
    texts = {
        str(latest._meta.get_field(name).verbose_name): get_text_for_indexing(
            getattr(latest, name) or ""
        )
        for name in names
    }
    fields = preview_fields(texts, keep_original=True)
    return [field for field in fields if field.anonymised]


def tag_name(*, slug: str) -> str:
    """Return the name of the tag with ``slug``, or the slug itself if none has it."""
    return Tag.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def submission_by_code(*, code: str) -> Inzending | None:
    """Return the submission this verhaalcode belongs to, if any."""
    return Inzending.objects.filter(code_hash=code_hash(code)).first()


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


def submissions_similar(
    *, submission: Inzending, threshold: float = 0.35, limit: int = 5
) -> list[tuple[str, object, float]]:
    """Earlier submissions and published stories that closely resemble this one.

    Resemblance is the overlap of three-word shingles (Jaccard), compared within the
    same policy domain, which keeps the comparison cheap.
    """
    mine = _shingles(" ".join([submission.what_happened, submission.impact]))
    if not mine:
        return []
    candidates: list[tuple[str, object, str]] = [
        ("inzending", other, " ".join([other.what_happened, other.impact]))
        for other in Inzending.objects.filter(
            domain=submission.domain, created_at__lt=submission.created_at
        ).exclude(what_happened="")[:500]
    ]
    candidates += [
        ("verhaal", story, get_text_for_indexing(f"{story.body} {story.impact}"))
        for story in VerhaalPage.objects.live().filter(domain=submission.domain)[:500]
    ]
    scored = []
    for kind, obj, text in candidates:
        theirs = _shingles(text)
        if theirs:
            score = len(mine & theirs) / len(mine | theirs)
            if score >= threshold:
                scored.append((kind, obj, score))
    return sorted(scored, key=lambda row: -row[2])[:limit]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


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
