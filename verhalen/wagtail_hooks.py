"""Residents' submissions in the Wagtail admin: a list the editors can read and filter.

The editorial decisions themselves (promote, keep internal, ask, decline) are actions
of their own; the text a resident confirmed is never edited here.
"""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import ModerateView
from .models import Inzending
from .selectors import (
    organisation_recognitions_this_month,
    recognitions_this_week,
    submissions_waiting,
)
from .services import WITHDRAW_ACTION


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Submissions are read, filtered and moderated; nobody adds or edits them here."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete", "copy"}:
            return False
        return super().user_has_permission(user, action)


class InzendingViewSet(ModelViewSet):
    model = Inzending
    icon = "mail"
    menu_label = _("Submissions")
    menu_order = 200
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "moderate",
            label=_("Submission"),
            accessor=str,
            get_url=lambda obj: reverse("inzendingen:moderate", args=[obj.pk]),
        ),
        "domain",
        "perspective",
        "consent",
        "created_at",
    ]
    list_filter = ["status", "domain", "perspective", "created_at"]
    search_fields = ["what_happened", "impact", "what_would_help"]
    search_backend_name = None
    # The edit views exist in Wagtail's viewset, but the policy refuses them to all.
    form_fields = ["status"]
    inspect_view_fields = [
        "status",
        "reason",
        "reason_note",
        "what_happened",
        "impact",
        "what_would_help",
        "perspective",
        "domain",
        "municipality",
        "consent",
        "created_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", ModerateView.as_view(), name="moderate"),
        ]


register_permission_policy(Inzending, ReadOnlyPermissionPolicy(Inzending))


class WaitingSubmissionsPanel(Component):
    """The editors' dashboard: submissions waiting for a decision, and for how long."""

    name = "venster_waiting_submissions"
    order = 50
    template_name = "verhalen/admin/panel_waiting.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "submissions": submissions_waiting(),
            "now": timezone.now(),
            "can_moderate": self.request.user.has_perm("verhalen.moderate_inzending"),
        }


class RecognitionsPanel(Component):
    """The editors' dashboard: this week's "dit herken ik"."""

    name = "venster_recognitions"
    order = 60
    template_name = "verhalen/admin/panel_recognitions.html"

    def get_context_data(self, parent_context=None):
        return {"recognitions": recognitions_this_week()}


class OrganisationRecognitionsPanel(Component):
    """The editors' dashboard: the stories organisations recognised most this month.

    Counts only: how many marks and in how many provinces, never who, and never a
    kind of organisation beside a province.
    """

    name = "venster_organisation_recognitions"
    order = 61
    template_name = "verhalen/admin/panel_organisation_recognitions.html"

    def get_context_data(self, parent_context=None):
        return {"widely": organisation_recognitions_this_month()}


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels) -> None:
    if request.user.has_perm("verhalen.view_inzending") or request.user.has_perm(
        "verhalen.moderate_inzending"
    ):
        panels.append(WaitingSubmissionsPanel(request))
    panels.append(RecognitionsPanel())
    panels.append(OrganisationRecognitionsPanel())


@hooks.register("register_admin_viewset")
def register_submissions():
    return InzendingViewSet("inzendingen")


@hooks.register("register_log_actions")
def register_withdrawal_log_action(actions) -> None:
    actions.register_action(
        WITHDRAW_ACTION,
        _("Withdraw by the resident"),
        _("Withdrawn by the resident: the story and its versions were deleted"),
    )
