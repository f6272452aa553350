"""What Venster's pages share: excerpts, links back, kept restrictions, the month
of a story, the content page every kind of content is declared by (and when it
waits to be indexed), and the tagged index page."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ClassVar

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import get_text_for_indexing

from ..choices import Kind

INDEX_PAGE_SIZE = 20


class ExcerptMixin:
    """What a card shows of a page: a plain-text excerpt of its text, and its tags."""

    excerpt_field = "body"

    @cached_property
    def excerpt(self) -> str:
        return self.search_description or get_text_for_indexing(
            getattr(self, self.excerpt_field)
        )

    @cached_property
    def card_tags(self) -> list:
        """The page's tags, from the list's ``prefetch_related("tags")`` if it made one.

        modelcluster's tag manager builds queries on every ``tags.all()`` to look for
        unsaved changes, which a published page in a list never has.
        """
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "tags" in prefetched:
            return list(prefetched["tags"])
        return list(self.tags.all())


class IndexLinkMixin:
    """A detail page links back to its index; the address is kept per page version."""

    def get_context(self, request, *args, **kwargs):
        from ..page_cache import version_memo

        context = super().get_context(request, *args, **kwargs)
        context["index_url"] = version_memo(
            request,
            f"parent.{self.pk}",
            lambda: self.get_parent().get_url(request=request),
        )
        return context


class KeptRestrictionsMixin:
    """A routed page checks its view restrictions against those kept per version.

    Wagtail looks up a page's restrictions and its ancestors' with two queries on
    every request. Routing hands the page the paths under a restriction, kept until
    any page's version renews, which adding, changing or removing a restriction does
    at once; a page under none of them has none. A page reached otherwise asks the
    database as Wagtail does.
    """

    restricted_paths: frozenset[str] | None = None

    def get_view_restrictions(self):
        kept = self.restricted_paths
        if kept is not None and not any(self.path.startswith(p) for p in kept):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PeriodMixin(models.Model):
    """A month in which something happened; stored as its first day, never a day."""

    period = models.DateField(
        _("period"), help_text=_("The month it happened; the day is not kept.")
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.period:
            self.period = self.period.replace(day=1)


class ContentPage(
    ExcerptMixin, IndexLinkMixin, PeriodMixin, KeptRestrictionsMixin, Page
):
    """A kind of published content: stories, reflections, experiments.

    Its subclass is the one declaration of the kind: what it is called in the search
    (``kind``), which fields hold its own text (``text_fields``: indexed, searched and
    checked), how its tag counts are named (``counted_as``) and what a page of it is
    read along with (``route_select_related``). The index, the importer, the feeds
    and the tag admin take their lists from ``content_models()``, so a new kind is
    declared in its own model alone.
    """

    kind: ClassVar[Kind]
    text_fields: ClassVar[tuple[str, ...]]
    counted_as: ClassVar[str]
    route_select_related: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def get_indexed_instance(self):
        """The page for Wagtail's search index on save, unless its caller indexes it.

        Inside ``search_index_deferred()`` a saved page is not ready to be indexed,
        as Wagtail says of a page whose specific row is not there yet.
        """
        if _search_index_deferred.get():
            return None
        return super().get_indexed_instance()


_search_index_deferred: ContextVar[bool] = ContextVar(
    "search_index_deferred", default=False
)


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """Content pages saved inside are left for the caller to index in bulk.

    For imports, which add every page's tags after the page and then index them
    all at once. Per thread, like Wagtail's ``disable_reference_index_auto_update``:
    an editor saving a page meanwhile is indexed as always.
    """
    token = _search_index_deferred.set(True)
    try:
        yield
    finally:
        _search_index_deferred.reset(token)


def content_models() -> list[type[ContentPage]]:
    """Every kind of content, in the order its apps and models are declared."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ContentPage) and not model._meta.abstract
    ]


def tag_through_models() -> dict[str, type[models.Model]]:
    """Each kind's tagging table, by the name its counts go by ("stories")."""
    return {model.counted_as: model.tags.through for model in content_models()}


class TaggedIndexMixin:
    """An index page that lists its published children, filtered by ``?tag=``."""

    child_model: type[Page]

    def get_context(self, request, *args, **kwargs):
        from ..page_cache import CACHE_QUERY, fragment_seconds
        from ..selectors import pages_tagged, tag_name

        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()
        pages = pages_tagged(model=self.child_model, parent=self, tag_slug=tag)
        context["tag"] = tag
        context["tag_name"] = tag_name(slug=tag) if tag else ""
        context["page_obj"] = Paginator(pages, INDEX_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        # The page cache keeps a copy only for a tag that exists and a page number
        # as served: made-up values cannot fill it.
        number = str(context["page_obj"].number)
        context[CACHE_QUERY] = {
            **({"tag": tag} if context["tag_name"] else {}),
            **({"page": number} if request.GET.get("page") == number else {}),
        }
        # The list is kept for a tag that exists only, for the same reason.
        known = not tag or context["tag_name"]
        context["list_cache_seconds"] = fragment_seconds(request) if known else 0
        return context


class TaggedIndexPage(TaggedIndexMixin, KeptRestrictionsMixin, Page):
    """The one index of a page type under the home page: an introduction, and the
    published pages of ``child_model`` by tag."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["verhalen.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
