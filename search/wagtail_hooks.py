"""The editors' dashboard: recurring patterns that no open experiment works on."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from leren.hooks import DIGEST_PATTERNS
from verhalen.hooks import SUBMISSION_FOLLOW_UP

from .selectors import (
    experiments_index,
    patterns_without_open_experiment,
    submission_follow_up,
)


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


@hooks.register(SUBMISSION_FOLLOW_UP)
def patterns_of_the_story(submission) -> list:
    """The patterns a resident's published story is part of, with experiments."""
    return submission_follow_up(submission=submission)


@hooks.register(DIGEST_PATTERNS)
def patterns_to_start_on(limit: int) -> list:
    """Recurring patterns without an open experiment, for the editors' digest."""
    return list(patterns_without_open_experiment(limit=limit))
