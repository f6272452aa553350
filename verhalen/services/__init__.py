"""Writes for stories: the page tree, residents' submissions and recognitions, the
editors' decisions, retention and what the public pages show; a module per concern."""

from .moderation import (
    ModerationError,
    story_title_suggested,
    submission_ask,
    submission_decline,
    submission_keep_internal,
    submission_promote,
    submissions_mark_published,
)
from .publishing import (
    monthly_overview_prepare,
    story_generalisations_refresh,
)
from .recognitions import (
    RecognitionRefused,
    organisation_recognition_set,
    organisation_recognition_withdraw,
    organisation_recognitions_changed,
    recognition_add,
    user_is_staff,
)
from .retention import (
    RetentionReport,
    retention_apply,
)
from .site import (
    STORY_WORKFLOW,
    SiteTree,
    page_cache_renew,
    site_tree_ensure,
    text_to_rich_text,
    workflow_assign,
)
from .submissions import (
    WITHDRAW_ACTION,
    TokenUsed,
    submission_add_message,
    submission_create,
    submission_notify_editors,
    submission_withdraw,
    withdrawal_notify_editors,
)

__all__ = [
    "ModerationError",
    "RecognitionRefused",
    "RetentionReport",
    "STORY_WORKFLOW",
    "SiteTree",
    "TokenUsed",
    "WITHDRAW_ACTION",
    "monthly_overview_prepare",
    "organisation_recognition_set",
    "organisation_recognition_withdraw",
    "organisation_recognitions_changed",
    "page_cache_renew",
    "recognition_add",
    "retention_apply",
    "site_tree_ensure",
    "story_generalisations_refresh",
    "story_title_suggested",
    "submission_add_message",
    "submission_ask",
    "submission_create",
    "submission_decline",
    "submission_keep_internal",
    "submission_notify_editors",
    "submission_promote",
    "submission_withdraw",
    "submissions_mark_published",
    "text_to_rich_text",
    "user_is_staff",
    "withdrawal_notify_editors",
    "workflow_assign",
]
