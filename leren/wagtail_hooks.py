"""Wagtail admin registrations for the learning loop."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from verhalen.hooks import HOME_CONTEXT, SITE_TREE, TAG_VOCABULARY

from .admin_views import SysteemfoutRaiseView, can_raise_from, lessons_before_view
from .forms import SysteemfoutForm
from .models import (
    ExperimentenIndexPage,
    ExperimentPage,
    LessonsRead,
    ReflectiesIndexPage,
    Systeemfout,
    TagSummary,
)
from .selectors import experiments_open, systeemfouten_stale, tags_recurring

HISTORY_TEMPLATE = "leren/admin/status_history.html"


def status_history(systeemfout: Systeemfout):
    """Return the flaw's status changes for the admin, with who made them."""
    return systeemfout.history.select_related("changed_by")


class StatusHistoryPanel(Panel):
    """A read-only panel in the edit form: every status change with who and why."""

    class BoundPanel(Panel.BoundPanel):
        template_name = HISTORY_TEMPLATE

        def is_shown(self) -> bool:
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["history"] = status_history(self.instance)
            return context


class StatusHistory(Component):
    """The status history as a component of the inspect view."""

    template_name = HISTORY_TEMPLATE

    def __init__(self, systeemfout: Systeemfout) -> None:
        self.systeemfout = systeemfout

    def get_context_data(self, parent_context=None):
        return {"history": status_history(self.systeemfout)}


class SysteemfoutInspectView(InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "history":
            return _("Status history")
        return super().get_field_label(field_name, field)

    def get_history_display_value(self) -> StatusHistory:
        return StatusHistory(self.object)


class SysteemfoutViewSet(SnippetViewSet):
    model = Systeemfout
    icon = "warning"
    menu_label = _("System flaws")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "status", "owner", UpdatedAtColumn()]
    list_filter = ["status"]
    search_fields = ["title", "description", "workaround", "owner"]
    inspect_view_enabled = True
    inspect_view_class = SysteemfoutInspectView
    inspect_view_fields = [
        "title",
        "description",
        "workaround",
        "owner",
        "status",
        "status_reason",
        "created_at",
        "updated_at",
        "history",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("workaround"),
            FieldPanel("owner"),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("status_reason")],
                heading=_("Status"),
            ),
            StatusHistoryPanel(heading=_("Status history")),
        ],
        base_form_class=SysteemfoutForm,
    )


register_snippet(SysteemfoutViewSet)


@hooks.register("register_admin_urls")
def register_raise_url():
    return [
        path(
            "systeemfouten/",
            include(
                (
                    [
                        path(
                            "raise/<int:page_id>/",
                            SysteemfoutRaiseView.as_view(),
                            name="raise",
                        )
                    ],
                    "systeemfouten_admin",
                )
            ),
        )
    ]


@hooks.register("register_admin_urls")
def register_lessons_before_url():
    return [
        path("experimenten/vooraf/", lessons_before_view, name="lessons_before"),
    ]


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def record_lessons_read(request, page):
    """Record the author's word of having read the lessons before; when publishing
    or submitting without it, say so, and let the page go on."""
    if not isinstance(page.specific, ExperimentPage):
        return
    if request.POST.get("lessons_read"):
        LessonsRead.objects.get_or_create(experiment_id=page.pk, user=request.user)
    elif {"action-publish", "action-submit"} & set(request.POST) and not (
        LessonsRead.objects.filter(experiment_id=page.pk).exists()
    ):
        messages.warning(
            request,
            _(
                "Published without confirming that you read what was tried and "
                "learned before. The panel under the hypothesis shows it."
            ),
        )


@hooks.register("register_page_header_buttons")
def raise_systeemfout_button(page, user, view_name, next_url=None):
    """Offer staff editing a story or reflection to raise a flaw from it."""
    if view_name == "edit" and can_raise_from(page, user):
        yield Button(
            _("Raise a system flaw"),
            url=reverse("systeemfouten_admin:raise", args=[page.pk]),
            icon_name="warning",
            priority=40,
        )


class StaleFlawsPanel(Component):
    """The editors' dashboard: open system flaws nobody changed for 60 days."""

    name = "venster_stale_flaws"
    order = 70
    template_name = "leren/admin/panel_stale_flaws.html"

    def get_context_data(self, parent_context=None):
        return {"flaws": list(systeemfouten_stale()), "now": timezone.now()}


@hooks.register("construct_homepage_panels")
def add_stale_flaws_panel(request, panels) -> None:
    if request.user.has_perm("leren.change_systeemfout"):
        panels.append(StaleFlawsPanel())


from . import signup_admin, tag_admin  # noqa: E402, F401


@hooks.register(SITE_TREE)
def learning_indexes(index) -> dict:
    """The reflections' and experiments' index pages under the home page."""
    return {
        "reflecties": index(
            ReflectiesIndexPage,
            "Reflecties",
            "reflecties",
            "Medewerkers kijken in de spiegel, ook naar wat ze niet weten.",
            workflow=True,
        ),
        "experimenten": index(
            ExperimentenIndexPage,
            "Experimenten",
            "experimenten",
            "Iets anders proberen waar steeds hetzelfde misgaat.",
        ),
    }


@hooks.register(HOME_CONTEXT)
def home_experiments_and_themes(request) -> dict:
    """Open experiments and recurring themes for the home page."""
    return {
        "open_experiments": experiments_open(limit=4),
        "recurring_tags": tags_recurring(limit=15),
    }


@hooks.register(TAG_VOCABULARY)
def tags_by_use():
    """The tags on published content, most used first."""
    summaries = TagSummary.objects.select_related("tag").order_by("-total", "tag__name")
    return (summary.tag for summary in summaries)
