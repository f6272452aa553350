"""The experiment form's panel of what was tried and learned before, and the
author's confirmation of having read it."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel

LESSONS_BEFORE_TEMPLATE = "leren/admin/lessons_before.html"


def lessons_before_context(*, tags, hypothesis: str, exclude: int | None) -> dict:
    from .selectors import lessons_before

    found = lessons_before(tags=tags, hypothesis=hypothesis, exclude=exclude)
    return {"lessons": found}


class LessonsBeforePanel(Panel):
    """Ended experiments with their lessons, then matching stories and reflections,
    then open experiments to join: on the tags and hypothesis being written."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "leren/admin/panel_lessons_before.html"

        class Media:
            js = ["leren/js/lessons_before.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            if self.form.is_bound:
                tags = parse_tags(self.form.data.get("tags", ""))
                hypothesis = self.form.data.get("hypothesis", "")
            else:
                tags = [tag.name for tag in page.tags.all()]
                hypothesis = page.hypothesis
            context.update(
                lessons_before_context(
                    tags=tags, hypothesis=hypothesis, exclude=page.pk
                ),
                url=reverse("lessons_before"),
                exclude=page.pk or "",
            )
            return context


class ExperimentPageForm(WagtailAdminPageForm):
    """The experiment's admin form, with the confirmation asked before publishing."""

    lessons_read = forms.BooleanField(
        label=_("I have read what was tried and learned before"),
        help_text=_(
            "Asked before publishing and recorded with your name; publishing does "
            "not wait for it."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, page = self.for_user, self.instance
        if page.pk and user and page.lessons_read.filter(user=user).exists():
            self.fields["lessons_read"].initial = True
