"""Wagtail admin registrations for the learning loop."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Systeemfout


class SysteemfoutViewSet(SnippetViewSet):
    model = Systeemfout
    icon = "warning"
    menu_label = _("System flaws")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "status", "owner", UpdatedAtColumn()]
    list_filter = ["status"]
    search_fields = ["title", "description", "workaround", "owner"]


register_snippet(SysteemfoutViewSet)
