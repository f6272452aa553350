"""Forms of the system flaws register in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import Systeemfout


class SysteemfoutForm(WagtailAdminModelForm):
    """The snippet form: new flaws start as reported; a status change needs a reason."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # Status changes are the editors' decision, recorded with a reason.
            self.fields.pop("status", None)
            self.fields.pop("status_reason", None)
            return
        self.stored_reason = self.instance.status_reason
        reason = self.fields.get("status_reason")
        if reason is not None:
            # The field asks why this change happens; the stored reason stays put.
            self.initial["status_reason"] = ""
            reason.label = _("Reason for the status change")
            reason.help_text = _(
                "Required when you change the status; shown with the change in the "
                "public register. Earlier reasons are in the status history."
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding or "status" not in self.fields:
            return cleaned
        reason = (cleaned.get("status_reason") or "").strip()
        if "status" not in self.changed_data:
            if reason:
                # The history holds one reason per change; none is edited afterwards.
                self.add_error(
                    "status_reason",
                    _(
                        "A reason is kept only with a status change: change the status "
                        "or leave the reason empty."
                    ),
                )
            cleaned["status_reason"] = self.stored_reason
        elif not reason:
            self.add_error(
                "status_reason",
                _("Say why the status changes; the reason is kept in its history."),
            )
        else:
            cleaned["status_reason"] = reason
        return cleaned

    def save(self, commit: bool = True) -> Systeemfout:
        user = getattr(self, "for_user", None)
        if self.instance._state.adding:
            if not commit:
                return super().save(commit=False)
            self.instance = services.systeemfout_raise(
                systeemfout=super().save(commit=False), user=user
            )
            return self.instance
        # Wagtail saves the text of a published flaw as a revision only
        # (commit=False); the status is the editors' decision and applies at once.
        instance = super().save(commit=commit)
        if "status" in self.changed_data:
            services.systeemfout_status_change(
                systeemfout=instance,
                new_status=instance.status,
                reason=self.cleaned_data["status_reason"],
                user=user,
            )
        return instance


class SysteemfoutRaiseForm(forms.ModelForm):
    """The short form staff fill in to raise a flaw from a story or reflection."""

    class Meta:
        model = Systeemfout
        fields = ["title", "description", "workaround", "owner"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "workaround": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "description": _("Where did the system stand in the way of maatwerk?"),
            "workaround": _("What is done meanwhile, so that people are helped now?"),
            "owner": _("The team or role that takes the flaw further."),
        }
