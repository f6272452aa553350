"""What the resident sees before confirming: the anonymised text, replacements marked.

The confirmed text travels back to the server inside a signed token that holds only
anonymised text, so what is stored is exactly what the resident was shown and the raw
text never needs to be kept anywhere on the server.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .anonymiser import Label, anonymise

_SALT = "verhalen.preview"
# What a marked stretch held, in the reader's language: the hover text of a mark.
LABEL_NAMES: dict[str, Promise] = {
    Label.PERSON: _("name"),
    Label.ADDRESS: _("address"),
    Label.POSTCODE: _("postcode"),
    Label.PLACE: _("place"),
    Label.PHONE: _("phone number"),
    Label.EMAIL: _("e-mail address"),
    Label.BSN: _("citizen service number (BSN)"),
    Label.IBAN: _("bank account number (IBAN)"),
    Label.DATE_OF_BIRTH: _("date of birth"),
    Label.DATE: _("date"),
    Label.AGE: _("age"),
    Label.LICENSE_PLATE: _("licence plate"),
    Label.ORGANISATION: _("organisation"),
    Label.CASE_NUMBER: _("case number"),
    Label.URL: _("web address"),
    Label.SOCIAL_HANDLE: _("social media account"),
}


@dataclass(frozen=True)
class Segment:
    """A stretch of anonymised text; ``label`` names the personal data it replaced."""

    text: str
    label: str | Promise = ""


@dataclass(frozen=True)
class PreviewField:
    name: str
    anonymised: str
    segments: tuple[Segment, ...]
    replaced: int


def _segments(
    original: str, *, keep_original: bool
) -> tuple[str, tuple[Segment, ...], int]:
    result = anonymise(original)
    segments: list[Segment] = []
    position = 0
    cursor = 0
    for span in result.spans:
        # Span offsets are on the original text; walk both texts side by side.
        unchanged = original[position : span.start]
        placeholder_end = result.text.index("]", cursor + len(unchanged)) + 1
        if unchanged:
            segments.append(Segment(unchanged))
        shown = (
            original[span.start : span.end]
            if keep_original
            else result.text[cursor + len(unchanged) : placeholder_end]
        )
        segments.append(Segment(shown, LABEL_NAMES.get(span.label, span.label)))
        cursor = placeholder_end
        position = span.end
    if original[position:]:
        segments.append(Segment(original[position:]))
    return result.text, tuple(segments), len(result.spans)


def preview_fields(
    texts: dict[str, str], *, keep_original: bool = False
) -> list[PreviewField]:
    """Anonymise each text and split it into segments for display.

    Residents see the placeholders that replace their data; editors checking a page
    see the original words the anonymiser found (``keep_original``).
    """
    fields = []
    for name, original in texts.items():
        anonymised, segments, replaced = _segments(
            original, keep_original=keep_original
        )
        fields.append(PreviewField(name, anonymised, segments, replaced))
    return fields


def preview_token(payload: dict) -> str:
    """Sign what the resident is about to confirm (anonymised text and choices)."""
    return signing.dumps(payload, salt=_SALT, compress=True)


def preview_load(token: str) -> dict | None:
    """Return the signed payload, or None when it was altered or is too old."""
    try:
        return signing.loads(
            token, salt=_SALT, max_age=settings.VENSTER_PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None
