"""Value types returned by the anonymiser."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    """Kind of personal data a replaced span held."""

    PERSON = "PERSON"
    ADDRESS = "ADDRESS"
    POSTCODE = "POSTCODE"
    PLACE = "PLACE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    BSN = "BSN"
    IBAN = "IBAN"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    DATE = "DATE"
    AGE = "AGE"
    LICENSE_PLATE = "LICENSE_PLATE"
    ORGANISATION = "ORGANISATION"
    CASE_NUMBER = "CASE_NUMBER"
    URL = "URL"
    SOCIAL_HANDLE = "SOCIAL_HANDLE"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A replaced stretch of the input text, as character offsets."""

    start: int
    end: int
    label: Label


@dataclass(frozen=True, slots=True)
class Anonymised:
    """The anonymised text and the spans of the input text that were replaced."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span proposed by one detector, before overlaps are resolved."""

    start: int
    end: int
    label: Label
    priority: int
    # Person mentions carry their name parts so mentions of one person can be joined.
    name_parts: tuple[str, ...] = ()
