"""What the resident sees before confirming: the anonymised text, replacements marked.

The confirmed text travels back to the server inside a signed token that holds only
anonymised text, so what is stored is exactly what the resident was shown and the raw
text never needs to be kept anywhere on the server. Each purpose signs with its own
salt, so a token made for one form is refused by another, and each token carries a
random nonce, so that confirming it can be done once.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .anonymiser import Label, anonymise
from .anonymiser.doubts import Doubt, doubts_find, original_offsets

# The keys each purpose's payload must hold, besides its nonce.
STORY = "story"
MESSAGE = "message"
_KEYS = {
    STORY: {"texts", "perspective", "domain", "municipality", "consent"},
    MESSAGE: {"texts", "submission", "kind"},
}
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
    """A stretch of text; ``label`` is set when it replaced personal data.

    ``doubt`` is the number of the doubt the stretch is, counted over all fields.
    """

    text: str
    label: str | Promise = ""
    doubt: int = 0


@dataclass(frozen=True)
class PreviewDoubt:
    """A doubt as shown: numbered, with its explanation and a key to remove it."""

    number: int
    key: str
    doubt: Doubt


@dataclass(frozen=True)
class PreviewField:
    name: str
    anonymised: str
    segments: tuple[Segment, ...]
    replaced: int
    doubts: tuple[PreviewDoubt, ...] = ()


def _segments(
    name: str, original: str, *, keep_original: bool, first_doubt: int
) -> PreviewField:
    result = anonymise(original)
    # (start, end) in the anonymised text, what to show, its label, its doubt.
    marks: list[tuple[int, int, str, str, PreviewDoubt | None]] = []
    shift = 0
    for span in result.spans:
        start = span.start + shift
        end = result.text.index("]", start) + 1
        shown = (
            original[span.start : span.end] if keep_original else result.text[start:end]
        )
        marks.append((start, end, shown, span.label, None))
        shift += end - start - (span.end - span.start)
    doubts = []
    for number, doubt in enumerate(doubts_find(result.text), start=first_doubt):
        item = PreviewDoubt(number, f"{name}:{doubt.start}:{doubt.end}", doubt)
        doubts.append(item)
        marks.append((doubt.start, doubt.end, doubt.text, "", item))
    segments: list[Segment] = []
    position = 0
    for start, end, shown, label, item in sorted(marks, key=lambda m: m[0]):
        if result.text[position:start]:
            segments.append(Segment(result.text[position:start]))
        segments.append(
            Segment(shown, LABEL_NAMES.get(label, label), item.number if item else 0)
        )
        position = end
    if result.text[position:]:
        segments.append(Segment(result.text[position:]))
    return PreviewField(
        name, result.text, tuple(segments), len(result.spans), tuple(doubts)
    )


def preview_fields(
    texts: dict[str, str], *, keep_original: bool = False
) -> list[PreviewField]:
    """Anonymise each text and split it into segments for display, doubts numbered.

    Residents see the placeholders that replace their data; editors checking a page
    see the original words the anonymiser found (``keep_original``).
    """
    fields = []
    first_doubt = 1
    for name, original in texts.items():
        field = _segments(
            name, original, keep_original=keep_original, first_doubt=first_doubt
        )
        first_doubt += len(field.doubts)
        fields.append(field)
    return fields


def preview_doubts(fields: list[PreviewField]) -> list[PreviewDoubt]:
    """Every doubt of the fields, in order."""
    return [doubt for field in fields for doubt in field.doubts]


def preview_remove(texts: dict[str, str], keys: set[str]) -> tuple[dict[str, str], int]:
    """The texts with the doubts named by keys replaced by a placeholder.

    The texts are what the resident typed; the keys name doubts in their anonymised
    versions, which the anonymiser reproduces, so each maps back to the typed words.
    """
    changed = dict(texts)
    removed = 0
    for name, original in texts.items():
        result = anonymise(original)
        cuts = []
        for doubt in doubts_find(result.text):
            if f"{name}:{doubt.start}:{doubt.end}" not in keys:
                continue
            offsets = original_offsets(original, result, doubt.start, doubt.end)
            if offsets is not None:
                cuts.append((*offsets, doubt.placeholder))
        text = original
        for start, end, placeholder in sorted(cuts, reverse=True):
            text = text[:start] + placeholder + text[end:]
        changed[name] = text
        removed += len(cuts)
    return changed, removed


def _salt(purpose: str) -> str:
    return f"verhalen.preview.{purpose}"


def preview_token(payload: dict, *, purpose: str) -> str:
    """Sign what the resident is about to confirm (anonymised text and choices)."""
    payload = {**payload, "nonce": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=_salt(purpose), compress=True)


def preview_load(token: str, *, purpose: str) -> dict | None:
    """Return the signed payload, or None when it is altered, too old or not for this.

    The payload holds a ``nonce`` that identifies the token for single use.
    """
    try:
        payload = signing.loads(
            token, salt=_salt(purpose), max_age=settings.VENSTER_PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None
    keys = _KEYS[purpose] | {"nonce"}
    if not isinstance(payload, dict) or not keys <= payload.keys():
        return None
    if not isinstance(payload["texts"], dict) or not isinstance(payload["nonce"], str):
        return None
    return payload
