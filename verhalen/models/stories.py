"""Stories and the pages that hold them: the home page and the story index."""

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..choices import Domain, Kind, Perspective
from ..small_numbers import SUPPRESSED, PeriodLevel, PlaceLevel, Shown
from .base import ContentPage, KeptRestrictionsMixin, TaggedIndexPage


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "verhalen.VerhalenIndexPage",
        "leren.ReflectiesIndexPage",
        "leren.ExperimentenIndexPage",
        "verhalen.MaandoverzichtenIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Go straight to the page at the address instead of one level at a time."""
        if path_components:
            from ..page_cache import version_memo
            from ..selectors import page_for_url_path, restricted_paths

            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = page_for_url_path(url_path=url_path)
            if page is not None:
                if isinstance(page, KeptRestrictionsMixin):
                    page.restricted_paths = version_memo(
                        request, "restricted", restricted_paths
                    )
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from ..hooks import HOME_CONTEXT, gathered_dict
        from ..page_cache import fragment_seconds
        from ..selectors import stories_latest

        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's kept fragment has expired.
        context["latest_stories"] = stories_latest(limit=6)
        context.update(gathered_dict(HOME_CONTEXT, request))
        context["lists_cache_seconds"] = fragment_seconds(request)
        return context


class VerhaalTag(TaggedItemBase):
    content_object = ParentalKey(
        "verhalen.VerhaalPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class VerhaalPage(ContentPage):
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
    kind = Kind.STORY
    counted_as = "stories"
    # The story's own text: indexed, searched and checked for personal data.
    text_fields = ("body", "impact", "lessons")
    checked_fields = text_fields
    search_fields = [
        *Page.search_fields,
        *map(index.SearchField, text_fields),
        index.FilterField("perspective"),
        index.FilterField("domain"),
        index.FilterField("period"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["verhalen.VerhalenIndexPage"]
    subpage_types: list[str] = []
    # Read with the page when it is routed or listed: every surface shows it.
    route_select_related = ("generalisation",)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @property
    def shown(self) -> Shown:
        """Place and period as the small-number ladder lets every surface show them."""
        try:
            return self.generalisation.shown
        except StoryGeneralisation.DoesNotExist:
            # Not worked out yet (just published): show neither until it is.
            return SUPPRESSED

    def get_context(self, request, *args, **kwargs):
        from ..hooks import STORY_CONTEXT, gathered_dict
        from ..recognition_views import recognition_cookie
        from ..selectors import story_recognitions

        context = super().get_context(request, *args, **kwargs)
        # A flaw shows only once it is published (its own workflow).
        context["systeemfouten"] = self.systeemfouten.filter(live=True)
        (
            context["recognitions"],
            context["recognised"],
            context["organisations"],
        ) = story_recognitions(page=self, browser_token=recognition_cookie(request))
        context.update(self._organisation_form_context(request))
        context.update(gathered_dict(STORY_CONTEXT, self, request))
        return context

    def _organisation_form_context(self, request) -> dict:
        """The "dit herkennen wij ook" form, for signed-in staff only.

        Only a request that brings a session cookie is asked who it is: reading the
        user of any other request would open its session and keep its page out of
        the cache that answers every anonymous visitor.
        """
        from django.conf import settings

        from ..forms import OrganisationRecognitionForm
        from ..recognition_views import ORGANISATION_NOTICE
        from ..selectors import organisation_recognition_mine
        from ..services import user_is_staff

        if settings.SESSION_COOKIE_NAME not in request.COOKIES or not user_is_staff(
            getattr(request, "user", None) or AnonymousUser()
        ):
            return {}
        mark = organisation_recognition_mine(page=self, user_id=request.user.pk)
        initial = (
            {"organisation_type": mark.organisation_type, "province": mark.province}
            if mark
            else {}
        )
        return {
            "organisation_form": OrganisationRecognitionForm(initial=initial),
            "organisation_mark": mark,
            "organisation_notice": request.GET.get(ORGANISATION_NOTICE, ""),
        }


class StoryGeneralisation(models.Model):
    """How a published story's place and period may be shown (the small-number ladder).

    Derived data: worked out over every published story after each publication,
    unpublication, move or deletion, so that a page renders it without counting.
    """

    page = models.OneToOneField(
        VerhaalPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="generalisation",
    )
    place = models.CharField(max_length=100, blank=True)
    place_level = models.CharField(
        max_length=20, choices=[(level.value, level.value) for level in PlaceLevel]
    )
    period = models.CharField(max_length=10, blank=True)
    period_level = models.CharField(
        max_length=20, choices=[(level.value, level.value) for level in PeriodLevel]
    )

    class Meta:
        verbose_name = _("story generalisation")
        verbose_name_plural = _("story generalisations")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.place_level}/{self.period_level}"

    @property
    def shown(self) -> Shown:
        return Shown(
            place=self.place,
            place_level=PlaceLevel(self.place_level),
            period=self.period,
            period_level=PeriodLevel(self.period_level),
        )


class VerhalenIndexPage(TaggedIndexPage):
    subpage_types = ["verhalen.VerhaalPage"]
    child_model = VerhaalPage

    class Meta:
        verbose_name = _("story index")
