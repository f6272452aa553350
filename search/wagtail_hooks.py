"""What search adds to the lower apps' pages: patterns, follow-up, similar stories."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from leren.hooks import DIGEST_PATTERNS
from verhalen.hooks import STORY_CONTEXT, SUBMISSION_FOLLOW_UP
from verhalen.page_cache import version_memo

from .selectors import (
    experiments_index,
    patterns_without_open_experiment,
    stories_similar,
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


@hooks.register(STORY_CONTEXT)
def similar_stories(page, request) -> dict:
    """Stories like this one: "dit gebeurde elders ook".

    Worked out once per version of the public pages, which every publication,
    withdrawal, move or tag change renews: a publication can change any story's
    similar ones (tag rarity is counted over all of them), so stored lists would all
    need refreshing at once, while these cost one ranked query per story per version.
    """
    if page.pk is None:
        return {"similar_stories": []}
    return {
        "similar_stories": version_memo(
            request, f"similar.{page.pk}", lambda: stories_similar(page_id=page.pk)
        )
    }
