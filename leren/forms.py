"""Forms of the learning loop: the system flaws register in the Wagtail admin, and
signing up to take part in an experiment."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from verhalen.forms import CodeForm, ResidentTextField, SentByAPersonForm

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


_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_PHONE_DUTCH = re.compile(r"0[1-9]\d{8}")
_PHONE_INTERNATIONAL = re.compile(r"\+[1-9]\d{7,14}")


def phone_normalise(typed: str) -> str | None:
    """A phone number as ``+31612345678``, or None if it cannot be one.

    Dutch numbers have ten digits starting with 0 (``06 12345678``, ``020-1234567``)
    or nine after +31 or 0031; other countries' numbers start with + or 00 and
    have 8 to 15 digits (E.164).
    """
    number = _PHONE_SEPARATORS.sub("", typed)
    if number.startswith("00"):
        number = f"+{number[2:]}"
    if number.startswith("+310"):
        # +31 (0)6 …: the trunk zero is written out of habit.
        number = f"+31{number[4:]}"
    if _PHONE_DUTCH.fullmatch(number):
        return f"+31{number[1:]}"
    if not _PHONE_INTERNATIONAL.fullmatch(number):
        return None
    if number.startswith("+31") and len(number) != 12:
        return None
    return number


class SignupForm(SentByAPersonForm):
    """Doe mee: the least needed to reach someone about one experiment."""

    name = ResidentTextField(
        label=_("Your name or role"),
        max_length=100,
        help_text=_(
            "How we may address you: a first name, or a role such as "
            "“parent in Noord” or “Wmo consultant”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Fill in how we may address you: a first name or a role.")
        },
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _(
                "This is not an e-mail address we can write to. Check it, for "
                "example name@example.nl."
            )
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        help_text=_(
            "For example 06 12345678 or 020 123 4567; a number abroad starts "
            "with +. Fill in an e-mail address, a phone number or both."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    organisation = ResidentTextField(
        label=_("Organisation (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contribution = ResidentTextField(
        label=_("What would you bring? (optional)"),
        required=False,
        max_length=2000,
        help_text=_(
            "Experience, time, a place to meet: whatever you would like to offer. "
            "Leave out anything about your health or your case."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "You may contact me about this experiment only. My details are deleted "
            "when I withdraw, or after the experiment ends."
        ),
        error_messages={
            "required": _(
                "Tick the box to say we may contact you about this experiment; "
                "without it we cannot sign you up."
            )
        },
    )

    not_sent_message = _("Your sign-up could not be sent. Please try again.")

    def clean_phone(self) -> str:
        typed = self.cleaned_data["phone"].strip()
        if not typed:
            return ""
        number = phone_normalise(typed)
        if number is None:
            raise forms.ValidationError(
                _(
                    "This is not a phone number we can call. A Dutch number has "
                    "ten digits, such as 06 12345678; a number abroad starts with +."
                ),
                code="phone",
            )
        return number

    def clean(self):
        data = self.cleaned_data
        if not (data.get("email") or data.get("phone")) and not (
            {"email", "phone"} & set(self.errors)
        ):
            self.add_error(
                "email",
                forms.ValidationError(
                    _(
                        "Fill in an e-mail address or a phone number, so that the "
                        "experiment can reach you."
                    ),
                    code="no_contact",
                ),
            )
        return super().clean()


class SignupCodeForm(CodeForm):
    """The code that withdraws a sign-up."""

    label = _("Your sign-up code")
    not_a_code = _("This is not a sign-up code. It has twelve letters and digits.")
