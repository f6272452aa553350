"""Where a lower layer asks a higher one: Wagtail hooks the higher apps register.

Stories know nothing of experiments or patterns. Where a story's page, the home page
or the resident's flow shows what a higher app knows, it asks through one of these
hooks; ``leren`` and ``search`` register them in their ``wagtail_hooks``.
"""

from wagtail import hooks

# fn(index) -> {name: page}: the index pages an app adds to the site tree, each made
# with ``index(model, title, slug, intro, workflow=False)``.
SITE_TREE = "venster_site_tree"
# fn(request) -> dict: what the home page shows besides the latest stories.
HOME_CONTEXT = "venster_home_context"
# fn(page, request) -> dict: what a story's page shows besides the story (similar ones).
STORY_CONTEXT = "venster_story_context"
# fn(submission) -> list: what became of a resident's published story (patterns).
SUBMISSION_FOLLOW_UP = "venster_submission_follow_up"
# fn() -> iterable of Tag: the shared vocabulary, most used first.
TAG_VOCABULARY = "venster_tag_vocabulary"


def gathered_dict(name: str, *args) -> dict:
    """The dicts every function registered for ``name`` returns, merged."""
    merged: dict = {}
    for hook in hooks.get_hooks(name):
        merged.update(hook(*args))
    return merged


def gathered_list(name: str, *args) -> list:
    """The items every function registered for ``name`` returns, in one list."""
    return [item for hook in hooks.get_hooks(name) for item in hook(*args)]
