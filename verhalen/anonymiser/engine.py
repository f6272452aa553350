"""The anonymiser: deduce plus Venster's own detectors, merged into one result."""

from __future__ import annotations

import functools
import logging
import re
import time
from typing import TYPE_CHECKING

from stdnum.nl import bsn

from .detectors import detect_patterns
from .lexicon import (
    NON_PERSONAL_TERMS,
    RELATION_CUES,
    STREET_SUFFIXES,
    TITLES,
    common_words,
)
from .names import find_names, tokenize
from .placeholders import placeholders_for
from .results import Anonymised, Candidate, Label, Span

if TYPE_CHECKING:
    from deduce import Deduce

logger = logging.getLogger(__name__)

PRIORITY_DEDUCE = 50

# Deduce's annotators that Venster's own detectors replace (checksummed, and with
# Dutch formats deduce lacks); skipping them keeps the combined anonymiser fast.
DEDUCE_GROUPS_REPLACED = frozenset(
    {"identifiers", "phone_numbers", "email_addresses", "urls", "ages"}
)

DEDUCE_LABELS: dict[str, Label] = {
    "persoon": Label.PERSON,
    "patient": Label.PERSON,
    "locatie": Label.PLACE,
    "ziekenhuis": Label.ORGANISATION,
    "zorginstelling": Label.ORGANISATION,
    "datum": Label.DATE,
    "leeftijd": Label.AGE,
    "telefoonnummer": Label.PHONE,
    "emailadres": Label.EMAIL,
    "url": Label.URL,
    "bsn": Label.BSN,
    "id": Label.CASE_NUMBER,
}


@functools.cache
def deduce_model() -> Deduce:
    """The deduce de-identifier, loaded once per process (about 10 s and 1 GB)."""
    from deduce import Deduce

    logger.info("Loading the Dutch de-identification model (deduce)…")
    started = time.perf_counter()
    model = Deduce()
    logger.info(
        "Loaded the Dutch de-identification model (deduce) in %.1f s",
        time.perf_counter() - started,
    )
    return model


def _starts_sentence(text: str, position: int) -> bool:
    """Whether position is the first word of a sentence or line."""
    before = text[:position].rstrip(" \t\"'‘“(")
    return not before or before[-1] in ".!?:\n"


def _from_deduce(text: str) -> list[Candidate]:
    """Deduce's annotations as candidates, titles trimmed and labels mapped."""
    candidates = []
    document = deduce_model().deidentify(text, disabled=set(DEDUCE_GROUPS_REPLACED))
    for annotation in document.annotations:
        label = DEDUCE_LABELS.get(annotation.tag)
        if label is None:
            continue
        start, end = annotation.start_char, annotation.end_char
        value = text[start:end]
        if value.lower() in NON_PERSONAL_TERMS:
            continue
        if label is Label.BSN and not bsn.is_valid(
            "".join(c for c in value if c.isdigit())
        ):
            label = Label.CASE_NUMBER
        parts: tuple[str, ...] = ()
        if label is Label.PERSON:
            tokens = [t for t in tokenize(value) if t.text[0].isalnum()]
            # Deduce includes titles in the span ("meneer Visser"); keep them visible.
            while len(tokens) > 1 and (
                tokens[0].lower in TITLES
                or tokens[0].lower in RELATION_CUES
                or (tokens[0].lower == "de" and tokens[1].lower == "heer")
            ):
                tokens.pop(0)
            # Deduce takes any listed name at a sentence start ("Pas toen…").
            if (
                len(tokens) == 1
                and _starts_sentence(text, start + tokens[0].start)
                and tokens[0].lower in common_words()
            ):
                continue
            start += tokens[0].start if tokens else 0
            parts = tuple(t.core.lower() for t in tokens if len(t.core) > 1)
        elif label is Label.PLACE and (
            any(c.isdigit() for c in value)
            or value.lower().split()[0].endswith(STREET_SUFFIXES)
        ):
            label = Label.ADDRESS
        candidates.append(Candidate(start, end, label, PRIORITY_DEDUCE, parts))
    return candidates


def _merge_persons(candidates: list[Candidate]) -> list[Candidate]:
    """Join overlapping person candidates into one span covering them all."""
    persons = sorted(
        (c for c in candidates if c.label is Label.PERSON), key=lambda c: c.start
    )
    merged: list[Candidate] = []
    for candidate in persons:
        if merged and candidate.start < merged[-1].end:
            last = merged[-1]
            parts = last.name_parts + tuple(
                p for p in candidate.name_parts if p not in last.name_parts
            )
            merged[-1] = Candidate(
                last.start,
                max(last.end, candidate.end),
                Label.PERSON,
                max(last.priority, candidate.priority),
                parts,
            )
        else:
            merged.append(candidate)
    return [c for c in candidates if c.label is not Label.PERSON] + merged


def _resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: higher priority first, then the longer one."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    ranked = sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start))
    for candidate in ranked:
        if candidate.end <= candidate.start:
            continue
        if any(candidate.start < e and s < candidate.end for s, e in taken):
            continue
        chosen.append(candidate)
        taken.append((candidate.start, candidate.end))
    return sorted(chosen, key=lambda c: c.start)


# A line that holds nothing but initials, as a signature: "(KS)", "JS", "bd"; or
# capitals after a slash that end a line of notes: "Terugbellen vr. /HK".
_INITIALS_LINE = re.compile(
    r"(?m)^[ \t]*\(?[ \t]*([A-Za-z]{2,4})[ \t]*\)?[ \t]*$"
    r"|[ \t]/[ \t]?([A-Z]{2,4})[ \t]*$"
)
# Name particles directly before a surname: "De Prins", "van der Veer".
_PARTICLE_BEFORE = re.compile(
    r"\b((?i:de|van|der|den|ter|ten|te|la|le|von|du|di|da))[ \t]+$"
)


def _signature_initials(text: str) -> list[Candidate]:
    """Initials standing alone on a line sign the text: a person."""
    candidates = []
    for match in _INITIALS_LINE.finditer(text):
        group = 1 if match.group(1) else 2
        letters = match.group(group)
        if letters.islower() and letters in common_words():
            continue
        candidates.append(
            Candidate(
                match.start(group),
                match.end(group),
                Label.PERSON,
                PRIORITY_DEDUCE,
                (letters,),
            )
        )
    return candidates


def _with_particles(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Extend person spans over capitalised name particles just before them.

    Inside a sentence, "begon De Prins" or "met Van der Veer": a particle written
    with a capital belongs to the surname after it. At a sentence start "De" is
    far more often the article, so it is left alone there.
    """
    extended = []
    for candidate in candidates:
        start = candidate.start
        if candidate.label is Label.PERSON:
            while match := _PARTICLE_BEFORE.search(text, max(0, start - 12), start):
                word = match.group(1)
                capitalised = word[0].isupper()
                if capitalised and _starts_sentence(text, match.start(1)):
                    break
                # A lower-case particle joins only between parts of one name.
                if not capitalised and start == candidate.start:
                    break
                start = match.start(1)
        extended.append(
            candidate
            if start == candidate.start
            else Candidate(
                start,
                candidate.end,
                candidate.label,
                candidate.priority,
                candidate.name_parts,
            )
        )
    return extended


def anonymise(text: str) -> Anonymised:
    """Replace the personal data in a Dutch text by readable placeholders."""
    if not text.strip():
        return Anonymised(text=text, spans=())
    candidates = detect_patterns(text)
    candidates += find_names(text)
    candidates += _from_deduce(text)
    candidates += _signature_initials(text)
    chosen = _resolve(_merge_persons(_with_particles(text, candidates)))
    pieces: list[str] = []
    position = 0
    for candidate, placeholder in zip(
        chosen, placeholders_for(text, chosen), strict=True
    ):
        pieces.append(text[position : candidate.start])
        pieces.append(placeholder)
        position = candidate.end
    pieces.append(text[position:])
    # deduce gives numpy integers; spans leave the anonymiser as plain ints.
    spans = tuple(Span(int(c.start), int(c.end), c.label) for c in chosen)
    return Anonymised(text="".join(pieces), spans=spans)


__all__ = ["anonymise", "deduce_model"]
