"""The monthly overviews and their index."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import KeptRestrictionsMixin
from .stories import VerhaalPage


class MaandoverzichtenIndexPage(KeptRestrictionsMixin, Page):
    """Leren van fouten: the monthly overviews, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["verhalen.HomePage"]
    subpage_types = ["verhalen.MaandoverzichtPage"]
    max_count = 1

    class Meta:
        verbose_name = _("monthly overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["overviews"] = (
            MaandoverzichtPage.objects.live().child_of(self).order_by("-month")
        )
        return context


class MaandoverzichtPage(KeptRestrictionsMixin, Page):
    """One month's "Leren van fouten": stories the editors chose, with what they saw."""

    month = models.DateField(_("month"), unique=True)
    intro = RichTextField(_("what we learned this month"), blank=True)
    stories = ParentalManyToManyField(
        VerhaalPage, blank=True, related_name="+", verbose_name=_("stories")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("month"),
        FieldPanel("intro"),
        FieldPanel("stories", widget=forms.CheckboxSelectMultiple),
    ]

    parent_page_types = ["verhalen.MaandoverzichtenIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("monthly overview")
        verbose_name_plural = _("monthly overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chosen_stories"] = (
            VerhaalPage.objects.live()
            .public()
            .filter(pk__in=self.stories.values_list("pk", flat=True))
            .select_related("generalisation")
            .order_by("-first_published_at", "-pk")
        )
        return context
