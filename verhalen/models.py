"""Stories and the pages that hold them: the home page and the story index."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from .choices import Domain, Perspective

INDEX_PAGE_SIZE = 20


class ExcerptMixin:
    """A short plain-text excerpt of the page's main rich text, for cards."""

    excerpt_field = "body"

    @property
    def excerpt(self) -> str:
        return self.search_description or get_text_for_indexing(
            getattr(self, self.excerpt_field)
        )


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


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "verhalen.VerhalenIndexPage",
        "leren.ReflectiesIndexPage",
        "leren.ExperimentenIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from leren.selectors import experiments_open, tags_recurring

        from .selectors import stories_latest

        context = super().get_context(request, *args, **kwargs)
        context["latest_stories"] = stories_latest(limit=6)
        context["open_experiments"] = experiments_open(limit=4)
        context["recurring_tags"] = tags_recurring(limit=15)
        return context


class TaggedIndexMixin:
    """An index page that lists its published children, filtered by ``?tag=``."""

    child_model: type[Page]

    def get_context(self, request, *args, **kwargs):
        from .selectors import pages_tagged, tag_name

        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()
        pages = pages_tagged(model=self.child_model, parent=self, tag_slug=tag)
        context["tag"] = tag
        context["tag_name"] = tag_name(slug=tag) if tag else ""
        context["page_obj"] = Paginator(pages, INDEX_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return context


class VerhaalTag(TaggedItemBase):
    content_object = ParentalKey(
        "verhalen.VerhaalPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class VerhaalPage(ExcerptMixin, PeriodMixin, Page):
    """A story: what went wrong, what it did to people, what was learned."""

    body = RichTextField(_("what happened"))
    impact = RichTextField(_("what it did to people"), blank=True)
    lessons = RichTextField(_("what was learned"), blank=True)
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices
    )
    domain = models.CharField(_("policy domain"), max_length=20, choices=Domain.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=VerhaalTag, blank=True)
    systeemfouten = ParentalManyToManyField(
        "leren.Systeemfout",
        blank=True,
        related_name="verhalen",
        verbose_name=_("system flaws"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("impact"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [
                FieldPanel("perspective"),
                FieldPanel("domain"),
                FieldPanel("period"),
                FieldPanel("municipality"),
                FieldPanel("tags"),
                FieldPanel("systeemfouten"),
            ],
            heading=_("About this story"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("impact"),
        index.SearchField("lessons"),
        index.FilterField("perspective"),
        index.FilterField("domain"),
        index.FilterField("period"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["verhalen.VerhalenIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")


class VerhalenIndexPage(TaggedIndexMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["verhalen.HomePage"]
    subpage_types = ["verhalen.VerhaalPage"]
    max_count = 1
    child_model = VerhaalPage

    class Meta:
        verbose_name = _("story index")
