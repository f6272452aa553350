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

from .anonymiser import anonymise

# The keys each purpose's payload must hold, besides its nonce.
STORY = "story"
MESSAGE = "message"
_KEYS = {
    STORY: {"texts", "perspective", "domain", "municipality", "consent"},
    MESSAGE: {"texts", "submission", "kind"},
}


@dataclass(frozen=True)
class Segment:
    """A stretch of anonymised text; ``label`` is set when it replaced personal data."""

    text: str
    label: str = ""


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
        segments.append(Segment(shown, span.label))
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
