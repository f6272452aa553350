"""What the anonymiser doubts: words left in an anonymised text that may identify.

A rule-based anonymiser misses things. Rather than hiding that, ``doubts_find`` runs
on the text it wrote and points at the kinds of words that are most often a missed
name, age or number, so that the resident and the editor can act on them. Each kind
comes with a one-line explanation. Placeholders are never doubts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .lexicon import (
    FORMS_OF_ADDRESS,
    NON_PERSONAL_TERMS,
    NUMBER_WORDS,
    ORDINARY_ENDINGS,
    ORGANISATION_HEADS,
    PROVINCES_AND_COUNTRIES,
    RELATION_CUES,
    SINGULAR_VERBS_AFTER_NAME,
    TITLES,
    common_words,
    first_names,
    place_names,
    surnames,
    words,
)
from .placeholders import PLACEHOLDERS
from .results import Anonymised


class DoubtKind(StrEnum):
    """Why a word is doubted."""

    CAPITALISED = "capitalised"
    GREETING = "greeting"
    SPEAKER = "speaker"
    KNOWN_NAME = "known_name"
    ORGANISATION = "organisation"
    AGE = "age"
    IDENTIFIER = "identifier"


EXPLANATIONS: dict[DoubtKind, Promise] = {
    DoubtKind.CAPITALISED: _("Is this a name? Remove it if it is."),
    DoubtKind.GREETING: _(
        "Is this the name of the person greeted? Remove it if it is."
    ),
    DoubtKind.SPEAKER: _(
        "Is this the name of someone in the chat? Remove it if it is."
    ),
    DoubtKind.KNOWN_NAME: _(
        "This word is also a name. Is it one here? Remove it if it is."
    ),
    DoubtKind.ORGANISATION: _(
        "Is this the name of a school, care provider, club or employer? "
        "Remove it if it is."
    ),
    DoubtKind.AGE: _("Is this someone's age? Remove it if it is."),
    DoubtKind.IDENTIFIER: _(
        "Is this a number that belongs to a person or a case? Remove it if it is."
    ),
}

# What a removed doubt becomes: the anonymiser's own placeholder words.
REMOVED_PLACEHOLDERS: dict[DoubtKind, str] = {
    DoubtKind.CAPITALISED: "[naam]",
    DoubtKind.GREETING: "[naam]",
    DoubtKind.SPEAKER: "[naam]",
    DoubtKind.KNOWN_NAME: "[naam]",
    DoubtKind.ORGANISATION: "[organisatie]",
    DoubtKind.AGE: "[leeftijd]",
    DoubtKind.IDENTIFIER: "[nummer]",
}


@dataclass(frozen=True, slots=True, order=True)
class Doubt:
    """A stretch of the given text that may still identify someone."""

    start: int
    end: int
    kind: DoubtKind
    text: str

    @property
    def explanation(self) -> Promise:
        """One line saying why, in the reader's language."""
        return EXPLANATIONS[self.kind]

    @property
    def placeholder(self) -> str:
        """What the words become when the reader removes them."""
        return REMOVED_PLACEHOLDERS[self.kind]


_PLACEHOLDER_WORDS = sorted(
    {*PLACEHOLDERS.values(), *(p[1:-1] for p in REMOVED_PLACEHOLDERS.values())},
    key=len,
    reverse=True,
)
PLACEHOLDER_RE = re.compile(
    r"\[(?:" + "|".join(map(re.escape, _PLACEHOLDER_WORDS)) + r")(?: \d+)?\]"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*")
_SENTENCE_END = ".!?:;\n•*–-"
_OPENERS = " \t\"'‘“(["
GREETINGS = words(
    """
    hoi hallo hey hai hee yo beste lieve dag goedemorgen goedemiddag goedenavond
    groet groeten groetjes liefs doei dankjewel bedankt
    """
)
# Words that end the names of organisations' kinds: "Judovereniging", "buurtcentrum".
_ORGANISATION_KIND_ENDINGS = (
    "vereniging",
    "centrum",
    "bedrijf",
    "corporatie",
    "praktijk",
    "school",
    "kliniek",
    "stichting",
    "instelling",
)
_ORGANISATION_NAME_RE = re.compile(
    r"[ \t]+((?i:de|het|the|'t)[ \t]+)?([^\W\d_][\w'’\-]*)((?:[ \t]+[A-Z][\w'’\-]*)*)"
)
# Lower-case words after a kind of organisation that are verbs, not names.
_VERB_ENDINGS = ("en", "t", "de", "te", "ste")
_SPEAKER_RE = re.compile(r"(?m)^[ \t]*(?:\[[^\]\n]*\]\s*)?([^\W\d_]{2,20})[ \t]*:")
# Endings of Dutch adverbs, adjectives, infinitives and nouns that start sentences
# followed by a verb ("Momenteel biedt", "Wekelijks stuurt", "Terugkeren betekent").
_NOT_NAME_ENDINGS = (
    "lijks",
    "lijke",
    "eel",
    "ele",
    "ijk",
    "ig",
    "ige",
    "en",
    "se",
    "sche",
    "age",
    "ment",
    "ast",
    "air",
    "aire",
    "affaire",
    "festival",
)
_NOUNS_AFTER_ADJECTIVE = frozenset({"groet", "contact", "bericht", "overleg"})
# Dutch endings of roles and trades ("begeleider", "gespreksleider", "docent").
_ROLE_ENDINGS = ("er", "ster", "aar", "ist", "ant", "ent", "eur", "or", "ige")
_NUMBER_WORD = "(?:" + "|".join(NUMBER_WORDS) + ")"
_AGE_NUMBER = rf"(?:\d{{1,3}}|(?:{_NUMBER_WORD}(?:en|ën))?{_NUMBER_WORD})"
# Units after which a number counts something other than years of a life.
_NOT_AGE_AFTER = (
    r"(?!\s*(?:%|procent|euro|eur|keer|maal|weken|week|dagen|dag|maanden|maand|"
    r"uur|uren|minuten|kwartier|km|kilometer|meter|kilo|kg|cm|brieven|mails|"
    r"kinderen|personen|mensen|stuks|pagina|x\b|tot\b|of\b|jaar\s+(?:geleden|lang|"
    r"later|eerder|terug|gewacht|wachten|bezig|gewerkt|getrouwd|samen|ouder|jonger)|"
    r"[.,:/]\d))"
)
_PERSON_NOUNS = (
    "meisje|jongen|jongetje|meid|knul|man|vrouw|kind|kindje|baby|peuter|kleuter|"
    "tiener|puber|dame|heer|meneer|mevrouw|zoon|zoontje|dochter|dochtertje|broer|"
    "broertje|zus|zusje|moeder|vader|oma|opa|buurman|buurvrouw|jongere|cliënt|"
    "client|leerling|student|studente|weduwe|weduwnaar|patiënt|patient|kinderen|"
    "dochters|zonen|zoons|jongens|meisjes|kids|\\]"
)
AGE_RES = (
    # "ik ben 37", "zij is 14 jaar", "hij werd tachtig"
    re.compile(
        rf"\b(?:ben|bent|is|was|werd|wordt|word|ik|hij|zij)\s+"
        rf"(?:(?:al|nu|pas|bijna|ruim|net|inmiddels|ook)\s+){{0,2}}({_AGE_NUMBER})"
        rf"{_NOT_AGE_AFTER}(?=\s+jaar\b|\s*[,.;!?)\n]|\s*$|\s+(?:en|toen|maar|"
        r"geworden|oud|inmiddels|nu|al|was|werd|ben|is|wordt)\b)",
        re.IGNORECASE,
    ),
    # "een meisje van 17", "mijn zoon van acht"
    re.compile(
        rf"(?:\b(?:{_PERSON_NOUNS}))\s+van\s+({_AGE_NUMBER}){_NOT_AGE_AFTER}\b",
        re.IGNORECASE,
    ),
    # "dochters van 4 en 7": the second age
    re.compile(
        rf"(?:\b(?:{_PERSON_NOUNS}))\s+van\s+{_AGE_NUMBER}\s+en\s+({_AGE_NUMBER})"
        rf"{_NOT_AGE_AFTER}\b",
        re.IGNORECASE,
    ),
    # "17 jaar oud", "de 14-jarige", "zevenjarige"
    re.compile(
        rf"\b({_AGE_NUMBER})(?:\s+jaar\s+oud\b|[- ]?jarige?n?\b|\s+jr\b)",
        re.IGNORECASE,
    ),
    # "[naam] (14)", "Sem, 7,"
    re.compile(r"(?:[^\W\d_]|\])\s*\((\d{1,2})\)"),
    # "[naam], 80, dementie"
    re.compile(r"\],\s*(\d{1,3})\s*[,)]"),
)
# Digit runs that look like identifiers: six digits or more (also spaced or dashed),
# or letters and at least four digits in one code.
_IDENTIFIER_RE = re.compile(
    r"(?<![\w.,/-])(?:[A-Z]{1,4}[-/ ]|[A-Za-z]{1,4}[-/]?)?"
    r"\d(?:[ .\-/]?\d){5,}(?:[-/]?[A-Za-z]{1,3})?"
    r"(?![\w/-]|[.,]\d)"
    r"|(?<![\w.,/-])[A-Za-z]{1,4}[-/]?\d{4,5}(?![\w/-]|[.,]\d)"
)
# Amounts ("€ 1.250,00", "12.500 euro") and year ranges are numbers, not identifiers.
_AMOUNT_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$|^\d+,\d{2}$")
_YEAR_RANGE_RE = re.compile(r"^(?:19|20)\d\d\s?[-–/]\s?(?:19|20)?\d\d$")


def _in_placeholder(start: int, end: int, masks: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in masks)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_END


def _first_name(lower: str) -> bool:
    """A first name in deduce's list; surnames are too often ordinary words."""
    parts = lower.split("-")
    return len(lower) > 3 and all(p in first_names() for p in parts)


def _known_name(lower: str) -> bool:
    return _first_name(lower) or lower in surnames()


def _ordinary(lower: str) -> bool:
    """Whether a word is ordinary Dutch or a known term that names no one."""
    if lower in common_words() or lower in NON_PERSONAL_TERMS:
        return True
    if lower in PROVINCES_AND_COUNTRIES or lower in place_names():
        return True
    if lower in TITLES or lower in RELATION_CUES or lower in FORMS_OF_ADDRESS:
        return True
    parts = re.split(r"[-'’]", lower)
    if len(parts) > 1 and any(p in NON_PERSONAL_TERMS for p in parts):
        return True
    return len(parts) > 1 and all(p in common_words() or len(p) < 2 for p in parts)


def _ordinary_looking(lower: str) -> bool:
    """Whether an unknown word ends like a Dutch noun and is no known name."""
    return lower.endswith(ORDINARY_ENDINGS) and not _known_name(lower)


def _capitalised(word: str) -> bool:
    """An upper-case first letter and lower case after it (not an acronym)."""
    return word[0].isupper() and len(word) > 1 and any(c.islower() for c in word[1:])


def _writes_lower_case(text: str) -> bool:
    """Whether a text mostly starts its sentences in lower case (chat, SMS)."""
    starts = [
        m.group()[0]
        for m in _WORD_RE.finditer(text)
        if _sentence_initial(text, m.start())
    ]
    return sum(c.islower() for c in starts) * 2 > len(starts)


def _name_like_verb(text: str, end: int) -> bool:
    """Whether a lower-case verb in the third person follows: "Barak kent"."""
    match = _WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
    if match is None:
        return False
    follower = match.group()
    if follower in _NOUNS_AFTER_ADJECTIVE:
        return False
    return follower.islower() and (
        follower in SINGULAR_VERBS_AFTER_NAME
        or (follower.endswith("t") and len(follower) > 3)
    )


def _word_kind(
    text: str, match: re.Match[str], *, after_greeting: bool, lower_case_text: bool
) -> DoubtKind | None:
    """The doubt one word raises, if any."""
    word = match.group()
    lower = word.lower().rstrip(".")
    if len(lower) < 2:
        return None
    if after_greeting and (
        _first_name(lower)
        or (
            (_capitalised(word) or lower_case_text)
            and not _ordinary(lower)
            and "'" not in word
        )
    ):
        return DoubtKind.GREETING
    if _ordinary(lower) or _ordinary_looking(lower):
        return None
    if _capitalised(word):
        if not _sentence_initial(text, match.start()):
            return DoubtKind.CAPITALISED
        if _known_name(lower) or (
            not lower.endswith(_NOT_NAME_ENDINGS) and _name_like_verb(text, match.end())
        ):
            return DoubtKind.KNOWN_NAME
        return None
    # In a text that writes without capitals, a known first name may be one.
    if word.islower() and lower_case_text and _first_name(lower):
        return DoubtKind.KNOWN_NAME
    return None


def _word_doubts(text: str, masks: Sequence[tuple[int, int]]) -> list[Doubt]:
    lower_case_text = _writes_lower_case(text)
    doubts: list[Doubt] = []
    previous: re.Match[str] | None = None
    for match in _WORD_RE.finditer(text):
        start, end = match.span()
        if _in_placeholder(start, end, masks):
            previous = None
            continue
        after_greeting = (
            previous is not None
            and previous.group().lower() in GREETINGS
            and _sentence_initial(text, previous.start())
            and text[previous.end() : start] in (" ", ", ", ",")
        )
        previous = match
        kind = _word_kind(
            text, match, after_greeting=after_greeting, lower_case_text=lower_case_text
        )
        if kind is None:
            continue
        if (
            doubts
            and kind is DoubtKind.CAPITALISED
            and doubts[-1].kind is DoubtKind.CAPITALISED
            and text[doubts[-1].end : start] in (" ", "-")
        ):
            # "Club Brugge", "Van Dijk-Smit": one doubt for the whole name.
            last = doubts.pop()
            doubts.append(Doubt(last.start, end, kind, text[last.start : end]))
        else:
            doubts.append(Doubt(start, end, kind, match.group()))
    return doubts


def _speaker_doubts(text: str, masks: Sequence[tuple[int, int]]) -> list[Doubt]:
    """Chat lines "naam: bericht": a speaker who recurs, or a known first name."""
    matches = [
        m for m in _SPEAKER_RE.finditer(text) if not _in_placeholder(*m.span(1), masks)
    ]
    turns = Counter(m.group(1).lower() for m in matches)
    doubts = []
    for match in matches:
        word = match.group(1)
        lower = word.lower()
        if _first_name(lower) and lower not in RELATION_CUES:
            # A first name that is also a word ("Lies") is still a name as a speaker.
            pass
        elif (
            word.isupper()
            or turns[lower] < 2
            or _ordinary(lower)
            or _ordinary_looking(lower)
            or lower.endswith(_ROLE_ENDINGS)
        ):
            continue
        doubts.append(Doubt(*match.span(1), DoubtKind.SPEAKER, word))
    return doubts


def _number_doubts(text: str, masks: Sequence[tuple[int, int]]) -> list[Doubt]:
    doubts = []
    for pattern in AGE_RES:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            number = match.group(1)
            if number.isdigit() and not 0 < int(number) <= 110:
                continue
            if not _in_placeholder(start, end, masks):
                doubts.append(Doubt(start, end, DoubtKind.AGE, number))
    for match in _IDENTIFIER_RE.finditer(text):
        value = match.group().strip()
        start, end = match.start(), match.start() + len(value)
        if _AMOUNT_RE.match(value) or _YEAR_RANGE_RE.match(value):
            continue
        before = text[max(0, start - 2) : start]
        if "€" in before or re.match(r"\s*(?:euro|eur)\b", text[end : end + 6], re.I):
            continue
        if not _in_placeholder(start, end, masks):
            doubts.append(Doubt(start, end, DoubtKind.IDENTIFIER, value))
    return doubts


def _organisation_doubts(text: str, masks: Sequence[tuple[int, int]]) -> list[Doubt]:
    """A name after a word for a kind of organisation: "bij stichting de Meander"."""
    lower_case_text = _writes_lower_case(text)
    doubts = []
    for head in _WORD_RE.finditer(text):
        lower = head.group().lower()
        if lower not in ORGANISATION_HEADS and not lower.endswith(
            _ORGANISATION_KIND_ENDINGS
        ):
            continue
        match = _ORGANISATION_NAME_RE.match(text, head.end())
        if match is None or _in_placeholder(match.start(), match.end(), masks):
            continue
        article, name = (match.group(1) or "").strip().lower(), match.group(2)
        known = _ordinary(name.lower()) or _ordinary_looking(name.lower())
        if article == "the" or (_capitalised(name) and (article or not known)):
            pass
        elif (
            known
            or article
            or not (name.islower() and lower_case_text)
            or name.endswith(_VERB_ENDINGS + _NOT_NAME_ENDINGS)
        ):
            continue
        start, end = match.start(1) if article else match.start(2), match.end()
        doubts.append(Doubt(start, end, DoubtKind.ORGANISATION, text[start:end]))
    return doubts


def doubts_find(text: str) -> tuple[Doubt, ...]:
    """The doubts in an anonymised text, in order, none overlapping another."""
    masks = [m.span() for m in PLACEHOLDER_RE.finditer(text)]
    found = _number_doubts(text, masks) + _speaker_doubts(text, masks)
    found += _organisation_doubts(text, masks) + _word_doubts(text, masks)
    chosen: list[Doubt] = []
    for doubt in found:
        if not any(d.start < doubt.end and doubt.start < d.end for d in chosen):
            chosen.append(doubt)
    return tuple(sorted(chosen))


def original_offsets(
    original: str, result: Anonymised, start: int, end: int
) -> tuple[int, int] | None:
    """Where start–end of the anonymised text lies in the original, if unchanged."""
    shift = 0
    for span in result.spans:
        placeholder_start = span.start + shift
        if end <= placeholder_start:
            break
        placeholder_end = result.text.index("]", placeholder_start) + 1
        if start < placeholder_end:
            return None
        shift += placeholder_end - placeholder_start - (span.end - span.start)
    begin, finish = start - shift, end - shift
    if original[begin:finish] != result.text[start:end]:
        return None
    return begin, finish


__all__ = ["Doubt", "DoubtKind", "doubts_find", "original_offsets"]
