"""The search form: turns query-string parameters into a :class:`SearchQuery`.

The same form reads ``/zoeken/``, its CSV export and the API's search, so a URL
means the same everywhere and can be shared and bookmarked.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from leren.models import ExperimentStatus
from verhalen.choices import Domain, Kind, Perspective
from verhalen.tags import tag_normalise

from .backends import MAX_QUERY_LENGTH, SearchQuery

MAX_TAGS = 5
MAX_PAGE = 500
KIND_CHOICES = Kind.choices
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
]


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters.")
        },
    )
    tag = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=_blank(KIND_CHOICES)
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"), required=False, choices=_blank(Perspective.choices)
    )
    domain = forms.ChoiceField(
        label=_("Policy domain"), required=False, choices=_blank(Domain.choices)
    )
    period = forms.RegexField(
        label=_("Year"),
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Give the year as four digits, e.g. 2025.")},
    )
    status = forms.ChoiceField(
        label=_("Experiment status"),
        required=False,
        choices=_blank(ExperimentStatus.choices),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "min_value": _("Pages are counted from 1."),
            "max_value": _("Only the first %(limit_value)s pages can be shown."),
            "invalid": _("Give the page as a whole number."),
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        self.tags = data.getlist("tag")[:MAX_TAGS] if data is not None else []
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if any(len(tag) > 100 for tag in self.tags):
            raise forms.ValidationError(_("A tag is at most 100 characters."))
        # The database refuses a NUL in a query: such a tag is the asker's error.
        if not all(tag.isprintable() for tag in self.tags):
            raise forms.ValidationError(_("A tag holds no control characters."))
        return cleaned

    def search_query(self, *, per_page: int = 20) -> SearchQuery:
        """The query the valid form describes."""
        data = self.cleaned_data
        return SearchQuery(
            text=data.get("q") or "",
            tags=tuple(dict.fromkeys(tag_normalise(t) for t in self.tags if t.strip())),
            kind=data.get("kind") or "",
            perspective=data.get("perspective") or "",
            domain=data.get("domain") or "",
            period=data.get("period") or "",
            status=data.get("status") or "",
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            per_page=per_page,
        )
