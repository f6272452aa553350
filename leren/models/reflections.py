"""Reflections by staff, and their index."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    Page,
)
from wagtail.search import index

from verhalen.choices import Domain, Kind, Perspective
from verhalen.models import (
    ContentPage,
    TaggedIndexPage,
)


class ReflectieTag(TaggedItemBase):
    content_object = ParentalKey(
        "leren.ReflectiePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ReflectiePage(ContentPage):
    """A staff member's look in the mirror on a story or an experiment."""

    body = RichTextField(_("reflection"))
    not_knowing = models.TextField(
        _("what I do not know (yet)"),
        blank=True,
        help_text=_("'I don't know' is an answer too."),
    )
    perspective = models.CharField(
        _("perspective"),
        max_length=20,
        choices=Perspective.choices,
        default=Perspective.MEDEWERKER,
    )
    domain = models.CharField(_("policy domain"), max_length=20, choices=Domain.choices)
    about = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reflects on"),
        help_text=_("The story or experiment this reflection looks at."),
    )
    tags = ClusterTaggableManager(through=ReflectieTag, blank=True)
    systeemfouten = ParentalManyToManyField(
        "leren.Systeemfout",
        blank=True,
        related_name="reflecties",
        verbose_name=_("system flaws"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("not_knowing"),
        MultiFieldPanel(
            [
                PageChooserPanel(
                    "about", page_type=["verhalen.VerhaalPage", "leren.ExperimentPage"]
                ),
                FieldPanel("perspective"),
                FieldPanel("domain"),
                FieldPanel("period"),
                FieldPanel("tags"),
                FieldPanel("systeemfouten"),
            ],
            heading=_("About this reflection"),
        ),
    ]
    kind = Kind.REFLECTION
    counted_as = "reflections"
    # The reflection's own text: indexed, searched and checked for personal data.
    text_fields = ("body", "not_knowing")
    checked_fields = text_fields
    search_fields = [
        *Page.search_fields,
        *map(index.SearchField, text_fields),
        index.FilterField("perspective"),
        index.FilterField("domain"),
        index.FilterField("period"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["leren.ReflectiesIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A flaw shows only once it is published (its own workflow).
        context["systeemfouten"] = self.systeemfouten.filter(live=True)
        return context


class ReflectiesIndexPage(TaggedIndexPage):
    subpage_types = ["leren.ReflectiePage"]
    child_model = ReflectiePage

    class Meta:
        verbose_name = _("reflection index")
