"""Query-string filters of the API's lists, checked by Django forms.

A parameter that does not fit raises DRF's ``ValidationError``, which answers 400
with the form's errors as JSON; unknown parameters are ignored.
"""

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from leren.models import ExperimentStatus
from verhalen.choices import Domain, Perspective
from verhalen.models import StoryGeneralisation
from verhalen.tags import tag_normalise

from ..forms import MAX_TAGS
from ..models import Zoekdocument, Zoektag


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    """A form's errors as plain JSON, the non-field ones as ``non_field_errors``."""
    return {
        ("non_field_errors" if name == "__all__" else name): [str(e) for e in errors]
        for name, errors in form.errors.items()
    }


class _TaggedFilterForm(forms.Form):
    """Repeated ``tag`` parameters: a document must carry every one of them."""

    def __init__(self, data: QueryDict, *args, **kwargs):
        self.tags = [tag for tag in data.getlist("tag") if tag.strip()]
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if len(self.tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Filter on at most %(limit)d tags.") % {"limit": MAX_TAGS}
            )
        if any(len(tag) > 100 for tag in self.tags):
            raise forms.ValidationError(_("A tag is at most 100 characters."))
        if not all(tag.isprintable() for tag in self.tags):
            raise forms.ValidationError(_("A tag holds no control characters."))
        return cleaned

    def filtered(self, documents: QuerySet[Zoekdocument]) -> QuerySet[Zoekdocument]:
        """``documents`` narrowed to what the valid form asks for."""
        for tag in dict.fromkeys(tag_normalise(tag) for tag in self.tags):
            documents = documents.filter(
                Exists(Zoektag.objects.filter(document=OuterRef("pk"), name=tag))
            )
        for name, value in self.cleaned_data.items():
            if value and name == "period":
                documents = documents.filter(period__year=int(value))
            elif value:
                documents = documents.filter(**{name: value})
        return documents


def _choices(choices) -> list[tuple[str, str]]:
    return [("", ""), *choices]


class StoryFilterForm(_TaggedFilterForm):
    perspective = forms.ChoiceField(
        required=False, choices=_choices(Perspective.choices)
    )
    domain = forms.ChoiceField(required=False, choices=_choices(Domain.choices))
    period = forms.RegexField(
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Give the year as four digits, e.g. 2025.")},
    )

    def filtered(self, documents: QuerySet[Zoekdocument]) -> QuerySet[Zoekdocument]:
        """As for any page, but a year matches only the stories that show it."""
        year = self.cleaned_data.get("period")
        if year:
            # Filtering on the stored month would tell a suppressed story's year.
            self.cleaned_data = {**self.cleaned_data, "period": ""}
            documents = documents.filter(
                page_id__in=StoryGeneralisation.objects.filter(
                    period__startswith=year
                ).values("page_id")
            )
        return super().filtered(documents)


class ExperimentFilterForm(_TaggedFilterForm):
    status = forms.ChoiceField(
        required=False, choices=_choices(ExperimentStatus.choices)
    )
    domain = forms.ChoiceField(required=False, choices=_choices(Domain.choices))


def documents_filtered(
    *,
    documents: QuerySet[Zoekdocument],
    form_class: type[_TaggedFilterForm],
    params: QueryDict,
) -> QuerySet[Zoekdocument]:
    """``documents`` filtered by the query string, or a 400 if it does not fit."""
    form = form_class(params)
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.filtered(documents)
