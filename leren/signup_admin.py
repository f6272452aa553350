"""Sign-ups in the Wagtail admin: seen only by the experiment's people and the editors.

The editors (``leren.view_aanmelding``) see every sign-up; a staff member who owns an
experiment, or is its contact person, sees only that experiment's. Nobody adds or
edits a sign-up here: it is the person's own, and only they or retention remove it,
or an editor on their request. The list exports as a CSV file that a Dutch
spreadsheet opens as it is: semicolons, a byte order mark, no cell read as formula.
Every export is written in the history of each experiment it holds sign-ups of: who,
when, in which format and how many, never whose.
"""

import csv
import uuid

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.views.mixins import Echo
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter, log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from verhalen.spreadsheets import cell_neutralise

from .models import Aanmelding, ExperimentPage
from .selectors import experiments_responsible, signups_visible

# Sign-ups are never added, edited or copied in the admin.
_NEVER = frozenset({"add", "change", "copy"})
EXPORT_ACTION = "venster.signups_export"


def _in_admin(user) -> bool:
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


class SignupPermissionPolicy(ModelPermissionPolicy):
    """Editors by model permission; an experiment's owner and contact for its own."""

    def user_has_permission(self, user, action):
        if action in _NEVER:
            return False
        if super().user_has_permission(user, action):
            return True
        return (
            action == "view"
            and _in_admin(user)
            and experiments_responsible(user=user).exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if action in _NEVER:
            return False
        if super().user_has_permission(user, action):
            return True
        experiment = instance.experiment
        return (
            action == "view"
            and _in_admin(user)
            and user.pk in (experiment.owner_id, experiment.contact_id)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) - _NEVER:
            return self.model._default_manager.none()
        return signups_visible(user=user)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class SignupIndexView(generic.IndexView):
    custom_field_preprocess = {
        "consented_at": {"csv": _local},
        "created_at": {"csv": _local},
        "experiment": {"csv": str, "xlsx": str},
    }

    def get_base_queryset(self):
        return signups_visible(user=self.request.user)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        counts = queryset.order_by().values("experiment").annotate(n=Count("pk"))
        experiments = ExperimentPage.objects.in_bulk(
            [row["experiment"] for row in counts]
        )
        for row in counts:
            log(
                instance=experiments[row["experiment"]],
                action=EXPORT_ACTION,
                user=self.request.user,
                # Its own: Wagtail's history shows one entry per action and uuid.
                uuid=uuid.uuid4(),
                data={"format": spreadsheet_format, "signups": row["n"]},
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def stream_csv(self, queryset):
        """The CSV file, line by line: a Dutch spreadsheet's separator and encoding."""
        writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        yield "\ufeff".encode() + writer.writerow(headings)
        for item in queryset:
            yield writer.writerow(
                [
                    cell_neutralise(
                        str(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                    )
                    for field, value in self.to_row_dict(item).items()
                ]
            )


class SignupInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(signups_visible(user=self.request.user), pk=self.pk)


class SignupDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            signups_visible(user=self.request.user), pk=self.kwargs["pk"]
        )


class SignupViewSet(ModelViewSet):
    model = Aanmelding
    icon = "group"
    menu_label = _("Sign-ups")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = SignupIndexView
    inspect_view_class = SignupInspectView
    delete_view_class = SignupDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "experiment",
        "email",
        "phone",
        "organisation",
        "created_at",
    ]
    list_filter = ["experiment"]
    search_backend_name = None
    form_fields = ["name"]
    inspect_view_fields = [
        "experiment",
        "name",
        "email",
        "phone",
        "organisation",
        "contribution",
        "consented_at",
        "created_at",
    ]
    list_export = inspect_view_fields
    export_headings = {"experiment": _("Experiment")}
    export_filename = "aanmeldingen"


register_permission_policy(Aanmelding, SignupPermissionPolicy(Aanmelding))


@hooks.register("register_admin_viewset")
def register_signups():
    return SignupViewSet("aanmeldingen")


@hooks.register("register_page_header_buttons")
def signups_button(page, user, view_name, next_url=None):
    """On an experiment's edit page: its sign-ups, for those who may see them."""
    if view_name != "edit" or not isinstance(page.specific, ExperimentPage):
        return
    visible = signups_visible(user=user).filter(experiment=page.pk)
    if visible.exists():
        yield Button(
            _("Sign-ups (%(count)d)") % {"count": visible.count()},
            url=f"{reverse('aanmeldingen:index')}?experiment={page.pk}",
            icon_name="group",
            priority=50,
        )


@hooks.register("register_log_actions")
def register_signup_log_actions(actions) -> None:
    @actions.register_action(EXPORT_ACTION)
    class SignupsExported(LogFormatter):
        label = _("Export sign-ups")

        def format_message(self, log_entry):
            data = log_entry.data
            return ngettext(
                "Exported %(count)d sign-up as %(format)s",
                "Exported %(count)d sign-ups as %(format)s",
                data["signups"],
            ) % {"count": data["signups"], "format": data["format"].upper()}
