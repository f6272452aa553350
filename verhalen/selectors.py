"""Reads of published stories, submissions and recognitions."""

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.rich_text import get_text_for_indexing

from .choices import Kind
from .codes import browser_hash, code_hash, staff_hash
from .hooks import TAG_VOCABULARY, gathered_list
from .models import (
    Beslissing,
    DecisionAction,
    Herkenning,
    Inzending,
    MaandoverzichtPage,
    OrganisatieHerkenning,
    PaginaVersie,
    StoryGeneralisation,
    SubmissionStatus,
    VerhaalPage,
)
from .preview import PreviewField, preview_fields
from .small_numbers import OrganisationsShown, Shown
from .tags import tag_normalise

ROUTE_TIMEOUT = 60 * 60
# The site menu's index pages, by page type (one of each per site); named, not
# imported, since the higher apps' types are theirs.
NAVIGATION_PAGES = {
    "stories": ("verhalen", "verhalenindexpage"),
    "experiments": ("leren", "experimentenindexpage"),
    "reflections": ("leren", "reflectiesindexpage"),
}
# Stories are listed in the order they were published: ordered by their period, a
# story whose period is not shown would stand between neighbours that show theirs.
STORY_ORDER = ("-first_published_at", "-pk")


def stories_latest(*, limit: int) -> QuerySet[VerhaalPage]:
    """Return the most recently published stories, newest first."""
    return (
        VerhaalPage.objects.live()
        .public()
        .select_related("generalisation")
        .order_by(*STORY_ORDER)
        .prefetch_related("tags")[:limit]
    )


def pages_tagged(*, model: type[Page], parent: Page, tag_slug: str = "") -> QuerySet:
    """Return the published children of ``parent``, optionally only those with a tag."""
    pages = model.objects.live().public().child_of(parent)
    if tag_slug:
        pages = pages.filter(tags__slug=tag_slug)
    if issubclass(model, VerhaalPage):
        return (
            pages.select_related("generalisation")
            .order_by(*STORY_ORDER)
            .prefetch_related("tags")
        )
    return pages.order_by("-period", "-first_published_at").prefetch_related("tags")


def stories_shown(*, ids: list[int] | None = None) -> dict[int, Shown]:
    """Place and period of published stories as the small-number ladder allows."""
    rows = StoryGeneralisation.objects.all()
    if ids is not None:
        rows = rows.filter(page_id__in=ids)
    return {row.page_id: row.shown for row in rows}


def page_findings(*, page: Page) -> list[PreviewField]:
    """A page's or flaw's latest text anonymised: findings as written, doubts."""
    latest = page.get_latest_revision_as_object()
    # Each checked model names the fields whose text the check looks at.
    names = getattr(latest, "checked_fields", ())
    texts = {
        str(latest._meta.get_field(name).verbose_name): get_text_for_indexing(
            getattr(latest, name) or ""
        )
        for name in names
    }
    fields = preview_fields(texts, keep_original=True)
    return [field for field in fields if field.anonymised]


def tag_name(*, slug: str) -> str:
    """Return the name of the tag with ``slug``, or "" if none has it."""
    return Tag.objects.filter(slug=slug).values_list("name", flat=True).first() or ""


def submission_by_code(*, code: str) -> Inzending | None:
    """Return the submission this verhaalcode belongs to, if any."""
    return Inzending.objects.filter(code_hash=code_hash(code)).first()


@dataclass(frozen=True)
class WithdrawalReach:
    """What withdrawing a submission deletes, and what stays because it is not theirs.

    ``stories`` are the pages made of the submission, with ``copies`` (aliases) that
    show the same words; both are deleted. ``overviews`` list a story and lose it.
    ``referring`` are the editors' own pages that refer to a story (a reflection on
    it, a link in a text): they stay, and the editors check them.
    """

    stories: list[VerhaalPage]
    copies: list[Page]
    overviews: list[MaandoverzichtPage]
    referring: list[Page]

    @property
    def published(self) -> bool:
        return any(page.live for page in [*self.stories, *self.copies])


def submission_withdrawal_reach(*, submission: Inzending) -> WithdrawalReach:
    """Return every page that holds or refers to the words of this submission."""
    # Promotion links the submission to the story it made through the decision.
    story_ids = Beslissing.objects.filter(
        inzending=submission, story__isnull=False
    ).values_list("story_id", flat=True)
    stories = list(VerhaalPage.objects.filter(pk__in=list(story_ids)))
    copies = list(Page.objects.filter(alias_of__in=stories).specific())
    gone = {page.pk for page in [*stories, *copies]}
    overviews = list(
        MaandoverzichtPage.objects.filter(stories__in=stories)
        .exclude(pk__in=gone)
        .distinct()
    )
    page_type = ContentType.objects.get_for_model(Page)
    source_ids = ReferenceIndex.objects.filter(
        to_content_type=page_type,
        to_object_id__in=[str(pk) for pk in gone],
        base_content_type=page_type,
    ).values_list("object_id", flat=True)
    referring = list(
        Page.objects.filter(pk__in=[int(pk) for pk in source_ids])
        .exclude(pk__in=gone | {page.pk for page in overviews})
        .specific()
    )
    return WithdrawalReach(
        stories=stories, copies=copies, overviews=overviews, referring=referring
    )


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


def _count(rows: QuerySet, field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """How many of ``rows`` (filtered on the outer page) there are, as a subquery."""
    counted = (
        rows.order_by()
        .values("page")
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def story_recognitions(
    *, page: VerhaalPage, browser_token: str
) -> tuple[int, bool, OrganisationsShown]:
    """Who recognised the story, in one query: how many residents, whether this
    browser is one of them, and the organisations as the public may see them."""
    residents = Herkenning.objects.filter(page=OuterRef("pk"))
    mine = (
        residents.filter(browser_hash=browser_hash(browser_token, page_id=page.pk))
        if browser_token
        else residents.filter(pk=None)  # no browser token: none of them is this one
    )
    marks = OrganisatieHerkenning.objects.filter(page=OuterRef("pk"))
    counted = (
        VerhaalPage.objects.filter(pk=page.pk)
        .annotate(
            residents=_count(residents),
            mine=_count(mine),
            organisations=_count(marks),
            provinces=_count(marks, "province", distinct=True),
        )
        .values("residents", "mine", "organisations", "provinces")
        .first()
    ) or {"residents": 0, "mine": 0, "organisations": 0, "provinces": 0}
    return (
        counted["residents"],
        bool(counted["mine"]),
        OrganisationsShown(
            organisations=counted["organisations"], provinces=counted["provinces"]
        ),
    )


def recognitions_of(*, page: VerhaalPage, browser_token: str) -> tuple[int, bool]:
    """How many recognised the story, and whether this browser is one, in one query."""
    residents, mine, _organisations = story_recognitions(
        page=page, browser_token=browser_token
    )
    return residents, mine


def organisation_recognitions_of(*, page_ids: list[int]) -> OrganisationsShown:
    """How many organisations recognise these stories, in how many provinces.

    Each staff member's mark on each story is one organisation: over a pattern's
    stories the marks add up, the provinces are counted once.
    """
    counted = OrganisatieHerkenning.objects.filter(
        page_id__in=page_ids, page__live=True
    ).aggregate(organisations=Count("id"), provinces=Count("province", distinct=True))
    return OrganisationsShown(
        organisations=counted["organisations"], provinces=counted["provinces"]
    )


def organisation_recognition_mine(
    *, page: VerhaalPage, user_id: int
) -> OrganisatieHerkenning | None:
    """This staff member's mark on the story, if they made one."""
    return OrganisatieHerkenning.objects.filter(
        page=page, staff_hash=staff_hash(user_id, page_id=page.pk)
    ).first()


@dataclass(frozen=True)
class WidelyRecognised:
    """A story and how widely organisations recognised it this month."""

    story: VerhaalPage
    organisations: int
    provinces: int


def organisation_recognitions_this_month(*, limit: int = 10) -> list[WidelyRecognised]:
    """Published stories marked by the most organisations since the month began.

    Most marks first; of two with as many, the one seen in more provinces.
    """
    now = timezone.localtime()
    since = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = (
        OrganisatieHerkenning.objects.filter(created_at__gte=since, page__live=True)
        .values("page")
        .annotate(organisations=Count("id"), provinces=Count("province", distinct=True))
        .order_by("-organisations", "-provinces", "page")[:limit]
    )
    pages = VerhaalPage.objects.in_bulk([row["page"] for row in rows])
    return [
        WidelyRecognised(
            story=pages[row["page"]],
            organisations=row["organisations"],
            provinces=row["provinces"],
        )
        for row in rows
        if row["page"] in pages
    ]


_PUNCTUATION = re.compile(r"[^\w\s-]")


def tags_suggested(*, text: str, limit: int = 5) -> list[Tag]:
    """Return tags of the shared vocabulary whose words occur in ``text``."""
    words = " " + tag_normalise(_PUNCTUATION.sub(" ", text)) + " "
    found = [tag for tag in gathered_list(TAG_VOCABULARY) if f" {tag.name} " in words]
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
        (Kind.STORY, story, get_text_for_indexing(f"{story.body} {story.impact}"))
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


def page_cache_version(*, path: str) -> str | None:
    """Return the version cached copies of ``path`` are kept under; None if none.

    The version of every page and that of the page at ``path``, in one indexed read.
    No page's address holds a NUL, which PostgreSQL cannot even compare.
    """
    paths = [""] if "\x00" in path else ["", path]
    tokens = dict(
        PaginaVersie.objects.filter(path__in=paths).values_list("path", "token")
    )
    if "" not in tokens:
        return None
    return f"{tokens['']}.{tokens.get(path, '')}"


def page_for_url_path(*, url_path: str) -> Page | None:
    """The specific page at ``url_path``, in one query once its address is known.

    Wagtail routes a request one level at a time, two queries a level. The page's
    type and key for an address are kept in the page cache; a kept address that no
    longer leads to that page (moved, renamed, deleted) is looked up afresh.
    """
    if "\x00" in url_path:
        return None
    cache = caches["pages"]
    key = "route." + hashlib.sha256(url_path.encode()).hexdigest()
    known = cache.get(key)
    if known is None:
        known = (
            Page.objects.filter(url_path=url_path)
            .values_list("content_type_id", "pk")
            .first()
        )
        if known is None:
            return None
        cache.set(key, known, ROUTE_TIMEOUT)
    content_type_id, pk = known
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    related = getattr(model, "route_select_related", ())
    page = (
        model.objects.filter(pk=pk).select_related(*related).first()
        if model is not None
        else None
    )
    if page is None or page.url_path != url_path:
        cache.delete(key)
        return None
    return page


def restricted_paths() -> frozenset[str]:
    """Paths of the pages whose view restrictions apply to them and all below them.

    A restricted page, and any alias of one: Wagtail checks an alias against its
    source's restrictions.
    """
    return frozenset(
        Page.objects.filter(
            Q(view_restrictions__isnull=False)
            | Q(alias_of__view_restrictions__isnull=False)
        ).values_list("path", flat=True)
    )


def navigation_urls(*, request: HttpRequest) -> dict[str, str]:
    """The addresses of the site's home and index pages, for the site's menu."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    urls = {"home": site.root_page.get_url(request=request)}
    of_type = Q()
    for app_label, model in NAVIGATION_PAGES.values():
        of_type |= Q(content_type__app_label=app_label, content_type__model=model)
    by_type: dict[tuple[str, str], Page] = {}
    for page in Page.objects.in_site(site).filter(of_type).order_by("path"):
        content_type = ContentType.objects.get_for_id(page.content_type_id)
        by_type.setdefault((content_type.app_label, content_type.model), page)
    for name, page_type in NAVIGATION_PAGES.items():
        if page_type in by_type:
            urls[name] = by_type[page_type].get_url(request=request)
    return urls
