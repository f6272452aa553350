"""The editors' dashboard: recurring patterns that no open experiment works on."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .selectors import experiments_index, patterns_without_open_experiment


class PatternsWithoutExperimentPanel(Component):
    """Patterns without an open experiment: invitations to start one."""

    name = "venster_patterns_without_experiment"
    order = 55
    template_name = "search/admin/panel_patterns.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context=None):
        index = experiments_index()
        can_add = (
            bool(index)
            and index.permissions_for_user(self.request.user).can_add_subpage()
        )
        return {
            "patterns": patterns_without_open_experiment(limit=8),
            "experiments_index": index if can_add else None,
        }


@hooks.register("construct_homepage_panels")
def add_patterns_panel(request, panels) -> None:
    panels.append(PatternsWithoutExperimentPanel(request))
