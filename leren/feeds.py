"""Atom feeds: follow new stories, experiment results, system flaws or a topic.

No account needed. Only what the public pages show goes in: published, public pages
with the anonymised text editors published, and a story's place and period as the
small-number ladder shows them. The feeds are answered from the page cache like the
pages, and retired with them when something is published or withdrawn.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from verhalen.models import VerhaalPage, content_models
from verhalen.selectors import STORY_ORDER

from .models import (
    ExperimentPage,
    ExperimentStatus,
    SysteemfoutWijziging,
)

ITEMS = 20
RESULT_STATUSES = (ExperimentStatus.AFGEROND, ExperimentStatus.GESTOPT)


def _story_line(story: VerhaalPage) -> str:
    """Where and when, as the story's own page shows it; nothing when suppressed."""
    shown = story.shown
    return " · ".join(part for part in (shown.period_text, shown.place) if part)


class _PageFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Page) -> str:
        return item.title

    def item_link(self, item: Page) -> str:
        return item.get_url()

    def item_pubdate(self, item: Page):
        return item.first_published_at

    def item_updateddate(self, item: Page):
        return item.last_published_at

    def item_categories(self, item: Page) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_description(self, item: Page) -> str:
        text = item.excerpt
        if isinstance(item, VerhaalPage) and (line := _story_line(item)):
            return f"{line}\n\n{text}"
        return text


class StoriesFeed(_PageFeed):
    """The newest published stories."""

    title = gettext_lazy("Venster: new stories")
    subtitle = gettext_lazy("Stories of what went wrong, newest first.")

    def link(self) -> str:
        return reverse("leren:feed-stories")

    def items(self):
        return (
            VerhaalPage.objects.live()
            .public()
            .select_related("generalisation")
            .prefetch_related("tags")
            .order_by(*STORY_ORDER)[:ITEMS]
        )


class ExperimentResultsFeed(_PageFeed):
    """Experiments that ended, completed or stopped, with what they taught."""

    title = gettext_lazy("Venster: results of experiments")
    subtitle = gettext_lazy("Experiments that were completed or stopped, and lessons.")

    def link(self) -> str:
        return reverse("leren:feed-experiments")

    def items(self):
        return (
            ExperimentPage.objects.live()
            .public()
            .filter(status__in=RESULT_STATUSES)
            .prefetch_related("tags")
            .order_by("-last_published_at", "-pk")[:ITEMS]
        )

    def item_title(self, item: ExperimentPage) -> str:
        return f"{item.title}: {item.get_status_display()}"

    def item_description(self, item: ExperimentPage) -> str:
        return get_text_for_indexing(item.lessons or item.results or "") or item.excerpt


class SystemFlawsFeed(Feed):
    """Every status change of a published system flaw, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Venster: system flaws")
    subtitle = gettext_lazy("What changed in the register of system flaws.")

    def link(self) -> str:
        return reverse("leren:systeemfouten")

    def items(self):
        # Who changed a status stays internal, so it is not even read here.
        return (
            SysteemfoutWijziging.objects.filter(systeemfout__live=True)
            .select_related("systeemfout")
            .only(
                "pk",
                "new_status",
                "reason",
                "changed_at",
                "systeemfout__id",
                "systeemfout__title",
            )
            .order_by("-changed_at", "-pk")[:ITEMS]
        )

    def item_title(self, item: SysteemfoutWijziging) -> str:
        return f"{item.systeemfout.title}: {item.get_new_status_display()}"

    def item_link(self, item: SysteemfoutWijziging) -> str:
        return reverse("leren:systeemfout", args=[item.systeemfout.pk])

    def item_guid(self, item: SysteemfoutWijziging) -> str:
        return f"systeemfout-{item.systeemfout.pk}-wijziging-{item.pk}"

    def item_description(self, item: SysteemfoutWijziging) -> str:
        return item.reason

    def item_pubdate(self, item: SysteemfoutWijziging):
        return item.changed_at


class TagFeed(_PageFeed):
    """Everything published on one topic: stories, reflections and experiments."""

    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404(_("No topic has this name."))
        return tag

    def title(self, tag: Tag) -> str:
        return _("Venster: %(topic)s") % {"topic": tag.name}

    def subtitle(self, tag: Tag) -> str:
        return _("Stories, reflections and experiments on %(topic)s.") % {
            "topic": tag.name
        }

    def link(self, tag: Tag) -> str:
        return reverse("leren:feed-tag", args=[tag.slug])

    def items(self, tag: Tag) -> list[Page]:
        found = []
        for model in content_models():
            pages = model.objects.live().public().filter(tags__slug=tag.slug)
            found += (
                pages.select_related(*model.route_select_related)
                .prefetch_related("tags")
                .order_by("-first_published_at")[:ITEMS]
            )
        found.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
        return found[:ITEMS]
