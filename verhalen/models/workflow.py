"""The anonymisation check: the workflow task before a story goes public."""

from django.utils.translation import gettext_lazy as _
from wagtail.models.workflows import AbstractGroupApprovalTask, TaskStateCommentForm


class AnonymisationCheckTask(AbstractGroupApprovalTask):
    """A workflow step: the editor sees what the anonymiser finds and confirms.

    The anonymiser runs on the page's current text when the editor opens the action,
    with every finding highlighted; approving records that someone looked.
    """

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("approve", _("Anonymisation checked"), True),
                ("reject", _("Needs more anonymisation"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        # The check boxes are the editor's confirmation, not data for the task state.
        for confirmation in ("checked", "page", "doubts_seen"):
            kwargs.pop(confirmation, None)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_form_for_action(self, action):
        from ..forms import AnonymisationCheckForm

        return AnonymisationCheckForm if action == "approve" else TaskStateCommentForm

    def get_template_for_action(self, action):
        return "verhalen/admin/anonymisation_check.html"

    @classmethod
    def get_description(cls):
        return _("Shows what the anonymiser finds in the text; an editor confirms.")

    class Meta:
        verbose_name = _("anonymisation check")
        verbose_name_plural = _("anonymisation checks")
