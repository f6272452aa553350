"""The resident's forms: plain Django forms with clear Dutch messages."""

import re
import time
from datetime import date

from django import forms
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm
from wagtail.models import Page
from wagtail.models.workflows import TaskStateCommentForm

from .choices import Domain, OrganisationType, Perspective
from .codes import code_normalise
from .models import Consent
from .municipalities import (
    PROVINCES,
    municipality_canonical,
    municipality_merged,
    municipality_namesakes,
)
from .preview import preview_doubts
from .selectors import page_findings

# Direction overrides and zero-width characters can hide what a text really says.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_STARTED_SALT = "verhalen.form-started"
# How far back the resident can say a story happened.
PERIOD_YEARS = 30


def _started_stamp() -> str:
    return signing.dumps(time.time(), salt=_STARTED_SALT)


class ResidentTextField(forms.CharField):
    """Free text from a resident: invisible control characters removed, size capped."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", settings.VENSTER_MAX_TEXT_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _(
            "Please keep this under %(limit_value)d characters "
            "(you wrote %(show_value)d)."
        )

    def to_python(self, value):
        value = super().to_python(value)
        return _INVISIBLE.sub("", value).strip() if value else value


class SentByAPersonForm(forms.Form):
    """A public form that refuses what a bot sends: a honeypot and a minimum fill time.

    The start stamp is signed, so it cannot be forged to skip the fill time; a form
    open longer than ``VENSTER_FORM_MAX_AGE`` gets a fresh stamp and keeps its text.
    """

    # Bots fill every field; people do not see this one.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    not_sent_message = _("Your message could not be sent. Please try again.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = _started_stamp()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(self.not_sent_message, code="honeypot")
        try:
            started = signing.loads(
                cleaned.get("started", ""),
                salt=_STARTED_SALT,
                max_age=settings.VENSTER_FORM_MAX_AGE,
            )
        except signing.BadSignature:
            # A fresh stamp in the same form: what the person typed stays, and the
            # minimum fill time counts again from now.
            self.data = self.data.copy()
            self.data[self.add_prefix("started")] = _started_stamp()
            raise forms.ValidationError(
                _(
                    "This form was open for too long. Your text is still here: "
                    "check it and send it again."
                ),
                code="expired",
            ) from None
        if time.time() - float(started) < settings.VENSTER_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Take a moment and send it again."),
                code="too_fast",
            )
        return cleaned


class StoryForm(SentByAPersonForm):
    """Deel je verhaal: what happened, what it did, what would have helped."""

    what_happened = ResidentTextField(
        label=_("What happened?"),
        help_text=_(
            "Tell it in your own words. Leave out names, addresses and numbers if you "
            "can; we remove what we find, and you will see the result first."
        ),
    )
    impact = ResidentTextField(label=_("What did it do to you?"), required=False)
    what_would_help = ResidentTextField(
        label=_("What would have helped?"), required=False
    )
    perspective = forms.ChoiceField(
        label=_("Who are you in this story?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
    )
    domain = forms.ChoiceField(
        label=_("What was it about?"), choices=Domain.choices, widget=forms.RadioSelect
    )
    municipality = forms.CharField(
        label=_("Municipality (optional)"),
        required=False,
        max_length=100,
        help_text=_("The municipality where it happened, e.g. Utrecht."),
    )
    period_month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("(month)")), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    period_year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, empty_value=None, required=False
    )
    consent = forms.ChoiceField(
        label=_("What may we do with your story?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
    )

    TEXT_FIELDS = ("what_happened", "impact", "what_would_help")
    not_sent_message = _("Your story could not be sent. Please try again.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["period_year"].choices = [
            ("", _("(year)")),
            *(
                (year, str(year))
                for year in range(this_year, this_year - PERIOD_YEARS, -1)
            ),
        ]

    def clean_municipality(self) -> str:
        typed = self.cleaned_data["municipality"].strip()
        if not typed:
            return ""
        canonical = municipality_canonical(typed)
        if canonical is not None:
            return canonical
        if namesakes := municipality_namesakes(typed):
            choices = [
                _("%(municipality)s in %(province)s")
                % {"municipality": m.name, "province": m.province}
                for m in namesakes
            ]
            raise forms.ValidationError(
                _(
                    "There is more than one municipality called %(name)s: "
                    "%(choices)s. Which one do you mean?"
                ),
                code="ambiguous",
                params={
                    "name": namesakes[0].base_name,
                    "choices": get_text_list(choices, _("and")),
                },
            )
        if merged := municipality_merged(typed):
            raise forms.ValidationError(
                _(
                    "%(name)s has been part of the municipality of %(municipality)s "
                    "since %(year)d. Fill in %(municipality)s."
                ),
                code="merged",
                params={
                    "name": merged.name,
                    "municipality": merged.part_of.name,
                    "year": merged.since.year,
                },
            )
        raise forms.ValidationError(
            _(
                "We do not know this municipality. "
                "Check the spelling, or leave it empty."
            ),
            code="unknown",
        )

    def _period(self, cleaned: dict) -> date | None:
        """The month it happened (its first day), or None; never a day, never ahead."""
        month, year = cleaned.get("period_month"), cleaned.get("period_year")
        if month is None and year is None:
            return None
        if month is None or year is None:
            self.add_error(
                "period_month", _("Choose both the month and the year, or neither.")
            )
            return None
        period = date(year, month, 1)
        if period > timezone.localdate().replace(day=1):
            self.add_error("period_month", _("That month has not come yet."))
            return None
        return period

    def clean(self):
        # The period first: the preview shows it even when the form is refused.
        self.cleaned_data["period"] = self._period(self.cleaned_data)
        return super().clean()

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.TEXT_FIELDS}


class ConfirmForm(forms.Form):
    """The signed, anonymised text the resident confirms."""

    token = forms.CharField(widget=forms.HiddenInput)


class CodeForm(forms.Form):
    """A code Venster gave a person once; the verhaalcode unless a subclass says."""

    label = _("Your verhaalcode")
    not_a_code = _("This is not a verhaalcode. It has twelve letters and digits.")

    code = forms.CharField(
        max_length=40,
        help_text=_("Twelve letters and digits, for example K7PM-Q3XD-9FTA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = self.label

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(self.not_a_code, code="invalid")
        return code


class MessageForm(CodeForm):
    """An answer to the editors' question, or an addition to the story."""

    text = ResidentTextField(label=_("Your text"))
    code = forms.CharField(widget=forms.HiddenInput)


class OrganisationRecognitionForm(forms.Form):
    """A staff member's "dit herkennen wij ook": which kind of organisation, where."""

    organisation_type = forms.ChoiceField(
        label=_("Your organisation is a"),
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of organisation you are.")},
    )
    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", _("Choose a province")), *((p, p) for p in PROVINCES)],
        help_text=_("Where your organisation works. Your name is never shown."),
        error_messages={"required": _("Choose the province you work in.")},
    )


class AnonymisationCheckForm(TaskStateCommentForm):
    """Approving the anonymisation check means having looked at every finding.

    Every doubt in the page's current text needs its own tick; the page travels as
    a hidden field because Wagtail builds this form from the request alone.
    """

    checked = forms.BooleanField(
        label=_("I checked the highlighted parts and the rest of the text"),
        required=True,
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False)
    doubts_seen = forms.MultipleChoiceField(
        label=_("Doubts I looked at"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.doubt_keys: list[str] = []
        page = self._page()
        if page is not None:
            self.doubt_keys = [d.key for d in preview_doubts(page_findings(page=page))]
        self.fields["doubts_seen"].choices = [(k, k) for k in self.doubt_keys]

    def _page(self):
        """The page or system flaw being checked, from ``<app.model>:<pk>``."""
        key = str(self.data.get("page", "")) if self.is_bound else ""
        label, _colon, pk = key.rpartition(":")
        if not pk.isdigit():
            return None
        try:
            model = apps.get_model(label) if label else Page
        except (LookupError, ValueError):
            return None
        if not (issubclass(model, Page) or hasattr(model, "checked_fields")):
            return None
        found = model._default_manager.filter(pk=int(pk)).first()
        return found.specific if isinstance(found, Page) else found

    def seen(self) -> list[str]:
        """The doubts ticked in the form as sent."""
        return self.data.getlist("doubts_seen") if self.is_bound else []

    def clean(self):
        cleaned = super().clean()
        if self._page() is None:
            raise forms.ValidationError(
                _("This check did not load completely. Close it and open it again.")
            )
        missing = set(self.doubt_keys) - set(cleaned.get("doubts_seen") or [])
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "Tick each doubt to confirm you looked at it: "
                    "%(count)d is not ticked yet.",
                    "Tick each doubt to confirm you looked at it: "
                    "%(count)d are not ticked yet.",
                    len(missing),
                )
                % {"count": len(missing)}
            )
        return cleaned


class AdminLoginForm(LoginForm):
    """Wagtail's login form with a label on the password, so it is said in Dutch.

    Wagtail's form gives the field no label, so Django makes one from the field name
    ("Password"), which no catalogue translates.
    """

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
