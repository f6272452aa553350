"""Reads of published stories, submissions and recognitions."""

from django.db.models import QuerySet
from taggit.models import Tag
from wagtail.models import Page

from .codes import browser_hash, code_hash
from .models import Herkenning, Inzending, VerhaalPage


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
