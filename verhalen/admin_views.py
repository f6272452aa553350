"""The editors' moderation of a submission, as a Wagtail admin view."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .models import DecisionAction, Inzending, ReasonCode
from .selectors import submissions_similar

DECLINE_REASONS = [
    (code, label)
    for code, label in ReasonCode.choices
    if code not in {ReasonCode.PUBLISHED, ReasonCode.CONSENT_INTERNAL}
]


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=DecisionAction.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason for declining"),
        choices=[("", "---------"), *DECLINE_REASONS],
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("Title of the story (when turning it into a story)"),
        max_length=255,
        required=False,
    )
    question = forms.CharField(
        label=gettext_lazy("Question for the resident"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the resident (optional, plain Dutch)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == DecisionAction.DECLINE and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the reason for declining."))
        if action == DecisionAction.PROMOTE and not cleaned.get("title", "").strip():
            self.add_error("title", _("Write a title for the story."))
        if (
            action == DecisionAction.QUESTION
            and not cleaned.get("question", "").strip()
        ):
            self.add_error("question", _("Write the question for the resident."))
        return cleaned


class ModerateView(WagtailAdminTemplateMixin, FormView):
    """Promote, keep internal, ask, or decline one submission, always with a reason."""

    form_class = ModerationForm
    template_name = "verhalen/admin/moderate.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("verhalen.moderate_inzending"):
            raise PermissionDenied
        self.submission = get_object_or_404(Inzending, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Moderate %(submission)s") % {"submission": self.submission}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("inzendingen:index"), "label": _("Submissions")},
            {"url": "", "label": str(self.submission)},
        ]

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        suggestion = services.story_title_suggested(submission=self.submission)
        title = form.fields["title"]
        title.widget.attrs["placeholder"] = suggestion
        title.help_text = _(
            "Write it yourself, without the resident's words. A suggestion: %(title)s"
        ) % {"title": suggestion}
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            submission=self.submission,
            berichten=self.submission.berichten.all(),
            beslissingen=self.submission.beslissingen.select_related("editor"),
            similar=submissions_similar(submission=self.submission),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        action = data["action"]
        editor = self.request.user
        try:
            if action == DecisionAction.PROMOTE:
                story = services.submission_promote(
                    submission=self.submission,
                    editor=editor,
                    title=data["title"],
                    note=data["note"],
                )
            elif action == DecisionAction.INTERNAL:
                services.submission_keep_internal(
                    submission=self.submission, editor=editor, note=data["note"]
                )
            elif action == DecisionAction.QUESTION:
                services.submission_ask(
                    submission=self.submission, editor=editor, question=data["question"]
                )
            else:
                services.submission_decline(
                    submission=self.submission,
                    editor=editor,
                    reason=data["reason"],
                    note=data["note"],
                )
        except services.ModerationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Decision recorded; the resident can read it.")
        )
        if action == DecisionAction.PROMOTE:
            if self.submission.period is None:
                messages.warning(
                    self.request,
                    _(
                        "The resident did not say when it happened: the period is "
                        "the month the story was sent. Change it if the text says "
                        "otherwise."
                    ),
                )
            return redirect("wagtailadmin_pages:edit", story.pk)
        return redirect("inzendingen:index")
