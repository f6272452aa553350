"""Readable Dutch placeholders, numbered so mentions stay tellable apart."""

from __future__ import annotations

from collections.abc import Sequence

from .results import Candidate, Label

PLACEHOLDERS: dict[Label, str] = {
    Label.PERSON: "naam",
    Label.ADDRESS: "adres",
    Label.POSTCODE: "postcode",
    Label.PLACE: "plaats",
    Label.PHONE: "telefoonnummer",
    Label.EMAIL: "e-mailadres",
    Label.BSN: "bsn",
    Label.IBAN: "iban",
    Label.DATE_OF_BIRTH: "geboortedatum",
    Label.DATE: "datum",
    Label.AGE: "leeftijd",
    Label.LICENSE_PLATE: "kenteken",
    Label.ORGANISATION: "organisatie",
    Label.CASE_NUMBER: "zaaknummer",
    Label.URL: "url",
    Label.SOCIAL_HANDLE: "account",
}


def _value_key(text: str) -> str:
    """A value as compared for sameness: lower case, letters and digits only."""
    return "".join(c for c in text.lower() if c.isalnum())


def _person_keys(text: str, spans: Sequence[Candidate]) -> list[int]:
    """One entity number per person span, joining mentions of the same person.

    A mention joins an earlier person when its name parts are a subset or superset
    of that person's ("Anne" and "Jansen" after "Anne Jansen").
    """
    entities: list[set[str]] = []
    keys: list[int] = []
    for span in spans:
        parts = set(span.name_parts) or {_value_key(text[span.start : span.end])}
        for number, entity in enumerate(entities):
            if parts <= entity or entity <= parts:
                entity |= parts
                keys.append(number)
                break
        else:
            entities.append(set(parts))
            keys.append(len(entities) - 1)
    return keys


def placeholders_for(text: str, spans: Sequence[Candidate]) -> list[str]:
    """The placeholder for each span (sorted, non-overlapping) of text.

    A label is numbered only when a text holds more than one distinct value of it.
    """
    keys: list[object] = [None] * len(spans)
    by_label: dict[Label, list[int]] = {}
    for index, span in enumerate(spans):
        by_label.setdefault(span.label, []).append(index)
    for label, indexes in by_label.items():
        if label is Label.PERSON:
            label_keys: list[object] = list(
                _person_keys(text, [spans[i] for i in indexes])
            )
        else:
            label_keys = [
                _value_key(text[spans[i].start : spans[i].end]) for i in indexes
            ]
        for index, key in zip(indexes, label_keys, strict=True):
            keys[index] = (label, key)
    numbers: dict[object, int] = {}
    counts: dict[Label, int] = {}
    for key in keys:
        if key not in numbers:
            label = key[0]  # type: ignore[index]
            counts[label] = counts.get(label, 0) + 1
            numbers[key] = counts[label]
    result = []
    for span, key in zip(spans, keys, strict=True):
        word = PLACEHOLDERS[span.label]
        if counts[span.label] > 1:
            word = f"{word} {numbers[key]}"
        result.append(f"[{word}]")
    return result
