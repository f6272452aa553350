"""Pattern and checksum detectors for numbers, codes, addresses and dates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stdnum import iban
from stdnum.nl import bsn

from .lexicon import (
    INTERFIXES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    STREET_SUFFIXES,
    common_words,
    place_names,
)
from .results import Candidate, Label

# Higher priority wins an overlap: checksummed and structural matches are the most
# certain, then context-bound patterns, then name heuristics (see names.py).
PRIORITY_STRUCTURED = 100
PRIORITY_PATTERN = 90
PRIORITY_CONTEXT = 80

Detector = Callable[[str], Iterator[Candidate]]

_MONTH = (
    r"(?:"
    + "|".join(sorted(MONTHS | MONTH_ABBREVIATIONS, key=len, reverse=True))
    + r")\.?"
)

EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:nl|com|org|net|eu|be|de|info|io|"
    r"frl|amsterdam)\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# Any case and spacing: the checksum decides ("nl91abna0417164300", "NL91 ABNA 04…").
IBAN_RE = re.compile(
    r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?", re.IGNORECASE
)
BSN_RE = re.compile(r"(?<![\w.,/-])\d(?:[ .]?\d){8}(?![\w/-]|[ .,]\d)")
PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?[1-9]|0[1-9])"
    r"(?:[ .-]?\d){8}(?![\w-]|[ .]\d)"
    r"|(?<!\w)0[89]00[ .-]?\d{4}(?:[ .-]?\d{3})?(?!\w)"
)
# Foreign numbers with a country code: "+599 9 512 3344", "+32 470 12 34 56".
FOREIGN_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?\d{1,4}"
    r"(?:[ .-]?\d){5,11}(?![\w-]|[ .]\d)"
)
POSTCODE_RE = re.compile(r"(?<![\w-])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w-])")
POSTCODE_LOWER_RE = re.compile(r"(?<![\w-])[1-9]\d{3}[a-z]{2}(?![\w-])")
# "9203 kg drachten": a lower-case postcode with a space only before a place.
POSTCODE_SPACED_LOWER_RE = re.compile(
    r"(?<![\w-])[1-9]\d{3}\s[a-z]{2}(?=\s+([^\W\d_][\w'-]*))"
)
# The place after a postcode: "3521 KL Utrecht", "9203 kg drachten".
PLACE_AFTER_POSTCODE_RE = re.compile(
    r"[ \t]+((?:'s-)?[^\W\d_][\w'-]*(?:[ -](?:aan|op|en|bij|de|den)[ -][\w'-]+)?)"
)

_L, _D = "[A-Z]", r"\d"
_SIDECODES = (
    (2, 2, 2),
    (2, 3, 1),
    (1, 3, 2),
    (3, 2, 1),
    (1, 2, 3),
)


def _plate_pattern() -> re.Pattern[str]:
    """Dutch licence plate sidecodes 1-14 with dashes, as one pattern."""
    shapes = [
        "LL-DD-DD",
        "DD-DD-LL",
        "DD-LL-DD",
        "LL-DD-LL",
        "LL-LL-DD",
        "DD-LL-LL",
        "DD-LLL-D",
        "D-LLL-DD",
        "LL-DDD-L",
        "L-DDD-LL",
        "LLL-DD-L",
        "L-DD-LLL",
        "D-LL-DDD",
        "DDD-LL-D",
    ]
    alternatives = [
        "".join({"L": _L, "D": _D, "-": "-"}[c] for c in shape) for shape in shapes
    ]
    # Written in lower case too ("hn-471-d"): the sidecode's shape is the evidence.
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE
    )


PLATE_RE = _plate_pattern()

CASE_KEYWORD_RE = re.compile(
    r"\b(?:zaak|dossier|kenmerk|referentie|klant|relatie|polis|factuur|registratie|"
    r"aanvraag|cliënt|client|beschikkings|contract|burger|volg|order|ticket|"
    r"meldings?|debiteuren|verzekerings|lid|[\w-]*)?"
    r"(?:nummer|nr\.?|kenmerk)\b|\bons kenmerk\b|\buw kenmerk\b|\bkenmerk\b",
    re.IGNORECASE,
)
# A code after its keyword, also in groups of digits: "klantnummer 9004 1773 62".
CASE_CODE_RE = re.compile(
    r"[:.#]?\s*(?:is\s+|\(\s*)?(\d{2,6}(?: \d{2,6})+(?![\w-])|"
    r"[A-Za-z0-9][A-Za-z0-9/._-]*\d[\w/-]*)"
)
# Keywords that name something else than a case: phone and house numbers.
NOT_CASE_KEYWORDS = ("telefoon", "huis", "mobiel", "tel", "06", "kamer", "bus")
# Long bare digit runs are identifiers of some kind (client, policy, file numbers).
LONG_NUMBER_RE = re.compile(r"(?<![\w.,/-])\d{7,}(?![\w/-]|[.,]\d)")
CASE_SHAPE_RE = re.compile(
    r"(?<![\w-])[A-Z]{1,6}[-/]\d{2,4}[-/][A-Z0-9]{3,8}(?![\w-])"
    r"|(?<![\w-])[A-Z]{2,6}-\d{5,10}(?![\w-])"
)

_WEEKDAY = (
    r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|"
    r"vr|za|zo)\.?,?\s+)?"
)
DATE_RE = re.compile(
    r"\b" + _WEEKDAY + r"(?:[0-3]?\d)(?:e|ste|de)?\s+" + _MONTH + r"(?:\s+'?\d{2,4})?\b"
    r"|\b[0-3]?\d[-/.][01]?\d[-/.](?:19|20)?\d{2}\b"
    r"|\b(?:19|20)\d{2}-[01]\d-[0-3]\d\b",
    re.IGNORECASE,
)
# Day and month without a year: "op 18/12", "19-09", "Tel.notitie 12/6".
DAY_MONTH_RE = re.compile(
    r"(?<![\w/.,:-])" + _WEEKDAY + r"(?:([0-3]?\d)/([01]?\d)|([0-3]\d)-([01]\d))"
    r"(?![\w/-]|[.,:]\d)",
    re.IGNORECASE,
)
# What follows a fraction or a score, not a date: "3/4 deel", "24/7 zorg".
NOT_DATE_AFTER_RE = re.compile(
    r"\s*(?:deel|van|jaar|uur|dagen|weken|maanden|euro|%|procent|gewonnen|verloren|"
    r"gelijk|zorg|bereikbaar|beschikbaar|open)\b",
    re.IGNORECASE,
)
BIRTH_CUE_RE = re.compile(
    r"(?:geboren|geboortedatum|geb\.|geb\b|°|geboortedag|dob)[^\n.;]{0,20}$",
    re.IGNORECASE,
)

_NUMBER_WORD = "(?:" + "|".join(NUMBER_WORDS) + ")"
_WRITTEN_NUMBER = (
    rf"(?:{_NUMBER_WORD}(?:en|ën)?)*{_NUMBER_WORD}"  # vijfentachtig, tweeënveertig
)
_SPOKEN_DIGIT = r"(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
SPOKEN_PHONE_RE = re.compile(
    rf"\bnul[ ,-]+{_SPOKEN_DIGIT}(?:[ ,-]+(?:{_WRITTEN_NUMBER}|nul)){{3,}}\b",
    re.IGNORECASE,
)
AGE_RE = re.compile(
    rf"\b(?:\d{{1,3}}|{_WRITTEN_NUMBER})[- ]?jarige?n?\b"
    rf"|(?<![/.,-])\b(?:\d{{1,3}}|{_WRITTEN_NUMBER})\s+(?:jaar|jr\.?)(?:\s+oud)?\b"
    r"|\b(?:\d{1,3})\s+(?:maanden|weken)\s+oud\b",
    re.IGNORECASE,
)
# A word every match of AGE_RE holds, looked for first: most texts have none.
_AGE_RE_WORD = re.compile(r"ja(?:ar|rig)|jr|oud", re.IGNORECASE)
# "al 40 jaar", "sinds 3 jaar", "40 jaar lang" measure time, not a person's age.
AGE_DURATION_BEFORE_RE = re.compile(
    r"\b(?:al|sinds|na|over|binnen|afgelopen|laatste|ruim|bijna|zo'n|ongeveer|"
    r"voor|in|per|elke|iedere|om|de|die|twee|drie|vier|vijf|komende|eerste|"
    r"minstens|maximaal|minimaal|wel|jaar|tot|dan|meer|dan|heb|hebt|heeft|hebben|"
    r"had|hadden|nu|bij)\s+$",
    re.IGNORECASE,
)
AGE_DURATION_AFTER_RE = re.compile(
    r"^\s*(?:lang|geleden|later|eerder|daarvoor|daarna|terug|achter|wachten|"
    r"gewacht|wachttijd|huur|contract|oud\w+|in|bij|op|aan|met|voor|naar|hier|"
    r"daar|getrouwd|samen|gewerkt|gewoond|gespaard|terugbetalen|moest|moet)\b",
    re.IGNORECASE,
)
_AGE_NUMBER = rf"(?:\d{{1,3}}|{_WRITTEN_NUMBER})(?![\w.,:/-]\d)"
# What follows a bare number that is not an age: units, amounts, times.
_NOT_AGE_AFTER = (
    r"(?!\s*(?:euro|eur|€|%|procent|keer|x\b|uur|u\b|minuten|min\b|seconden|weken|"
    r"dagen|nachten|jaar\b|jaren|km|kilo|kg|meter|m\b|cm|graden|punten|stuks|"
    r"personen|mensen|kinderen|leerlingen|klanten|ochtenden|middagen|avonden|"
    r"brieven|formulieren|pagina|maal|hoog|[.,:]\d))"
)
# A bare number as age: "Sem is 12", "mijn moeder van 79", "Ivo, 7,", "hij 18 werd",
# "ik ben 37", "die is nu dertien", "voordat hij 12 wordt", "word ik 18".
AGE_CONTEXT_RE = re.compile(
    rf"(?:\b(?:is|was|wordt|werd|word|ben|bent)\s+(?:(?:ik|hij|zij|ze|u|je|jij|"
    rf"nu|pas|al|bijna|net|inmiddels|toen|dan|ook|straks|binnenkort|deze\s+zomer|"
    rf"dit\s+jaar|volgende\s+maand|volgend\s+jaar|volgende\s+week|in\s+\w+)\s+)"
    rf"{{0,3}}|\bvan\s+|,\s+)({_AGE_NUMBER}){_NOT_AGE_AFTER}"
    rf"(?=\s*[,.;:!?)\n]|\s*$|\s+(?:en|toen|maar|dus|die|had|heeft|nog|ook|is|"
    rf"was|werd|wordt|word|in|uit|op|bij|met|geworden|hè|he|jaar|"
    rf"of|ben|heb|zit|woon|woont|wil|kan|mag|moet|ga|gaat)\b)"
    rf"|\b(?:hij|zij|ze|ik|jij|u)\s+(?:pas\s+|net\s+|nog\s+)?({_AGE_NUMBER})\s+"
    rf"(?:werd|wordt|word|was|is|ben)\b",
    re.IGNORECASE,
)
AGE_BECOMES_RE = re.compile(r"(?:ben|bent|word|wordt|werd)\b", re.IGNORECASE)
# The answer to "hoe oud": the next line's first word, after a speaker's label:
# "Hoe oud was u toen?⏎R: Zeventien."
AGE_ANSWER_RE = re.compile(
    rf"\bhoe\s+oud\b[^\n]*\?[ \t]*\n[ \t]*(?:[\w.]{{1,20}}:[ \t]*)?"
    rf"(?:ik\s+was\s+|toen\s+|die\s+is\s+)?({_AGE_NUMBER})"
    rf"(?=[ \t]*(?:jaar\b|[.,!\n]|$))",
    re.IGNORECASE,
)
# Age after a name or a person word in brackets: "Fadime Kaya (45)", "zoon (9)".
AGE_BRACKETS_RE = re.compile(r"\((?:[mvx],\s*)?(\d{1,3})(?:,\s*[mvx])?\)")
# Coordinated ages: "dochters van 4 en 7", "kinderen van 3, 6 en 9".
AGE_AND_RE = re.compile(r"^(?:\s*,\s*|\s+en\s+|\s+of\s+)(\d{1,2})\b" + _NOT_AGE_AFTER)
# An ordinal age: "op mijn 26e", "sinds haar 18de".
AGE_ORDINAL_RE = re.compile(
    r"\b(?:mijn|m'n|zijn|z'n|haar|je|jouw|hun|onze|uw)\s+(\d{1,3})(?:e|ste|de)\b"
)
AGE_PERSON_CUE_RE = re.compile(
    r"\b(?:zoon|zoontje|dochter|dochters|dochtertje|moeder|vader|broer|broertje|"
    r"zus|zusje|oma|opa|man|vrouw|kind|kinderen|kindje|baby|meisje|meid|jongen|"
    r"jongetje|jongste|oudste|tiener|puber|peuter|kleuter|meneer|mevrouw|mw|dhr|"
    r"buurman|buurvrouw|tante|oom|neef|nicht|partner|vriend|vriendin|cliënt|"
    r"client|jongere|leerling|pleegkind|kleinzoon|kleindochter|schoonmoeder|"
    r"schoonvader|hij|zij|ze|ik|jij|je|u|die)\b[^.!?\n]{0,40}$",
    re.IGNORECASE,
)
_PREVIOUS_WORD_RE = re.compile(r"([^\W\d_]+)[\s,]*$")
# A baby's age in months or weeks: "mijn dochter van 3 maanden".
AGE_INFANT_RE = re.compile(
    r"\b(?:zoon|zoontje|dochter|dochtertje|kind|kindje|baby|broertje|zusje|"
    r"kleinkind|kleinzoon|kleindochter)\s+van\s+(\d{1,2}|"
    + _WRITTEN_NUMBER
    + r")\s+(?:maanden|weken)\b",
    re.IGNORECASE,
)
_CAPITALISED_INSIDE_RE = re.compile(r"(?<=[\w,] )[A-Z][a-zà-ÿ]+")

_STREET_SUFFIX = "(?:" + "|".join(STREET_SUFFIXES) + ")"
_HOUSE_NUMBER = (
    r"\d{1,5}(?:[-\s]?(?:hs|bis|rd|zw|huis|boven|beneden)\b|-?[a-zA-Z](?![\w])|"
    r"[-/]\d{1,4}|\s(?:I{1,3}|IV|V)\b)?"
    r"(?!\s*(?:km|meter|m|minuten|keer|jaar|euro|%|uur)\b)"
)
ADDRESS_RE = re.compile(
    # Words before the street stay on its line: the line above may hold a name.
    r"(?:\b(?:[A-Z][\w'.-]*|van|de|der|den|het|ter|ten|'t)[ \t]+){0,3}"
    r"\b[A-Za-zÀ-ÿ][\w'-]*" + _STREET_SUFFIX + r"\s+" + _HOUSE_NUMBER,
)


# A street without the usual suffix, told by where someone lives: "wij wonen op de
# vlonder 27", "haar huis aan de Grote Oost 37".
ADDRESS_CUED_RE = re.compile(
    r"\b(?:woon|woont|wonen|woonde|woonden|adres|huis|verhuisd|verhuizen|"
    r"verhuist)\b[^.\n]{0,25}?\b(?:op|aan)\s+((?:(?:de|het|'t)\s+)?"
    r"(?:[^\W\d_][\w'.-]*\s+){0,2}[^\W\d_][\w'.-]*\s+" + _HOUSE_NUMBER + r")",
    re.IGNORECASE,
)
# A line of an address block: a street and number right above a postcode line.
ADDRESS_BLOCK_RE = re.compile(
    r"(?m)^[ \t]*([^\W\d_][\w'.-]*(?:[ \t]+[\w'.-]+){0,3}[ \t]+"
    + _HOUSE_NUMBER
    + r")[ \t,]*\n[ \t]*[1-9]\d{3}[ \t]?[A-Za-z]{2}\b"
)


def _digits(text: str) -> str:
    """The digits of text, in order."""
    return "".join(c for c in text if c.isdigit())


def find_emails(text: str) -> Iterator[Candidate]:
    """E-mail addresses."""
    for m in EMAIL_RE.finditer(text):
        yield Candidate(m.start(), m.end(), Label.EMAIL, PRIORITY_STRUCTURED + 5)


def find_urls(text: str) -> Iterator[Candidate]:
    """Web addresses, with or without scheme."""
    for m in URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]'\"":
            end -= 1
        if "@" in text[max(0, m.start() - 1) : end]:
            continue
        yield Candidate(m.start(), end, Label.URL, PRIORITY_STRUCTURED)


def find_handles(text: str) -> Iterator[Candidate]:
    """Social media handles such as @noor.schrijft."""
    for m in HANDLE_RE.finditer(text):
        yield Candidate(m.start(), m.end(), Label.SOCIAL_HANDLE, PRIORITY_STRUCTURED)


def find_ibans(text: str) -> Iterator[Candidate]:
    """IBANs passing mod 97, with or without spaces."""
    for m in IBAN_RE.finditer(text):
        candidate = m.group()
        # The pattern may take in a following word; shorten until the checksum holds.
        while len(candidate.replace(" ", "")) >= 15:
            if iban.is_valid(candidate):
                start = m.start()
                yield Candidate(
                    start, start + len(candidate), Label.IBAN, PRIORITY_STRUCTURED + 10
                )
                break
            candidate = candidate[:-1].rstrip()


def find_bsns(text: str) -> Iterator[Candidate]:
    """Nine-digit numbers, optionally grouped, that pass the 11-proef."""
    for m in BSN_RE.finditer(text):
        if bsn.is_valid(_digits(m.group())):
            yield Candidate(m.start(), m.end(), Label.BSN, PRIORITY_STRUCTURED)


def find_phones(text: str) -> Iterator[Candidate]:
    """Phone numbers: 06-…, 010-…, +31 6 …, 0031 …, 0800/0900, foreign numbers
    with a country code, and numbers spoken digit by digit ("nul zes, …")."""
    for pattern in (PHONE_RE, FOREIGN_PHONE_RE, SPOKEN_PHONE_RE):
        for m in pattern.finditer(text):
            yield Candidate(m.start(), m.end(), Label.PHONE, PRIORITY_STRUCTURED + 1)


def find_postcodes(text: str) -> Iterator[Candidate]:
    """Dutch postcodes (1234 AB, 1234AB, 1234ab, "1234 ab" before a place), and the
    place that follows one."""
    for pattern in (POSTCODE_RE, POSTCODE_LOWER_RE, POSTCODE_SPACED_LOWER_RE):
        for m in pattern.finditer(text):
            if pattern is POSTCODE_SPACED_LOWER_RE and (
                m.group(1).lower() not in place_names()
            ):
                continue
            yield Candidate(m.start(), m.end(), Label.POSTCODE, PRIORITY_PATTERN)
            place = PLACE_AFTER_POSTCODE_RE.match(text, m.end())
            if place and place.group(1).lower() not in common_words():
                yield Candidate(*place.span(1), Label.PLACE, PRIORITY_PATTERN)


def find_license_plates(text: str) -> Iterator[Candidate]:
    """Dutch licence plates in any sidecode, written with dashes."""
    for m in PLATE_RE.finditer(text):
        if any(c.isdigit() for c in m.group()) and any(c.isalpha() for c in m.group()):
            yield Candidate(m.start(), m.end(), Label.LICENSE_PLATE, PRIORITY_PATTERN)


def find_case_numbers(text: str) -> Iterator[Candidate]:
    """Case numbers: codes after zaaknummer/kenmerk/…, and WMO-2023-04417 shapes."""
    for m in CASE_KEYWORD_RE.finditer(text):
        if m.group().lower().startswith(NOT_CASE_KEYWORDS):
            continue
        code = CASE_CODE_RE.match(text, m.end())
        if code:
            start, end = code.span(1)
            while end > start and text[end - 1] in ".-/_":
                end -= 1
            value = text[start:end]
            # "op nummer 3" is a house number; codes have letters or many digits.
            digits_only = value.replace(" ", "").isdigit()
            if len(value) < 4 or (digits_only and len(_digits(value)) < 5):
                continue
            yield Candidate(start, end, Label.CASE_NUMBER, PRIORITY_PATTERN)
    for m in CASE_SHAPE_RE.finditer(text):
        yield Candidate(m.start(), m.end(), Label.CASE_NUMBER, PRIORITY_PATTERN)
    for m in LONG_NUMBER_RE.finditer(text):
        yield Candidate(m.start(), m.end(), Label.CASE_NUMBER, PRIORITY_CONTEXT - 20)


def find_dates(text: str) -> Iterator[Candidate]:
    """Dates, and dates of birth when a birth cue comes shortly before."""
    for m in DATE_RE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        label = Label.DATE_OF_BIRTH if BIRTH_CUE_RE.search(before) else Label.DATE
        yield Candidate(m.start(), m.end(), label, PRIORITY_PATTERN - 1)
    for m in DAY_MONTH_RE.finditer(text):
        day, month = (int(g) for g in m.groups() if g is not None)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        # Fractions ("1/2", "3/4") are dates only after a weekday or "op".
        cue = m.group()[0].isalpha() or text[: m.start()].rstrip().endswith(
            (" op", " vanaf", " tot", " per", " t/m")
        )
        if (day < month <= 4 and not cue) or NOT_DATE_AFTER_RE.match(text, m.end()):
            continue
        yield Candidate(m.start(), m.end(), Label.DATE, PRIORITY_PATTERN - 2)


def find_addresses(text: str) -> Iterator[Candidate]:
    """A street and house number: by its suffix, after "woon op", in an address
    block."""
    for m in ADDRESS_RE.finditer(text):
        start = m.start()
        words = m.group().split()
        # Leading words belong to the street only when capitalised and not ordinary
        # words ("Van Goghstraat 3", not "Op de Eikenlaan 12").
        street = next(
            (
                index
                for index, word in enumerate(words)
                if word.lower().endswith(STREET_SUFFIXES)
            ),
            0,
        )
        while street > 0 and (
            words[0][0].islower()
            or (
                words[0].lower() in common_words()
                and words[0].lower() not in INTERFIXES
            )
        ):
            street -= 1
            start = text.index(words[1], start + len(words[0]))
            words.pop(0)
        yield Candidate(start, m.end(), Label.ADDRESS, PRIORITY_PATTERN)
    for pattern in (ADDRESS_CUED_RE, ADDRESS_BLOCK_RE):
        for m in pattern.finditer(text):
            words = m.group(1).split()
            name = words[next(i for i, w in enumerate(words) if w[0].isdigit()) - 1]
            # "woon op nummer 72" names no street.
            if name.islower() and name.lower() in common_words():
                continue
            yield Candidate(*m.span(1), Label.ADDRESS, PRIORITY_PATTERN - 3)


def _person_before(text: str, start: int) -> bool:
    """Whether the sentence before start names a person the number could age."""
    previous = _PREVIOUS_WORD_RE.search(text, max(0, start - 40), start)
    if (
        previous
        and previous.group(1)[0].isupper()
        and previous.group(1).lower() not in common_words()
    ):
        return True  # "Harm Wolters (81)", "Gerard, 71."
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    before = text[sentence_start:start]
    return bool(
        AGE_PERSON_CUE_RE.search(before) or _CAPITALISED_INSIDE_RE.search(before)
    )


def _and_ages(text: str, end: int) -> Iterator[Candidate]:
    """Ages coordinated after an age: "van 4 en 7"."""
    while m := AGE_AND_RE.match(text[end : end + 12]):
        start = end + m.start(1)
        end += m.end(1)
        yield Candidate(start, end, Label.AGE, PRIORITY_CONTEXT - 5)


def _is_age(number: str) -> bool:
    """Whether a written or digit number can be a person's age."""
    return not number.isdigit() or 0 < int(number) < 120


def find_ages(text: str) -> Iterator[Candidate]:
    """Ages: "87 jaar", "15-jarige", "zestigjarige", "is 12" and "(45)" near a
    person, "ik ben 37", "op mijn 26e"."""
    for m in AGE_RE.finditer(text) if _AGE_RE_WORD.search(text) else ():
        before = text[max(0, m.start() - 25) : m.start()]
        after = text[m.end() : m.end() + 20]
        if "jarig" not in m.group().lower() and (
            AGE_DURATION_BEFORE_RE.search(before) or AGE_DURATION_AFTER_RE.search(after)
        ):
            continue
        yield Candidate(m.start(), m.end(), Label.AGE, PRIORITY_CONTEXT)
    for m in AGE_CONTEXT_RE.finditer(text):
        group = 1 if m.group(1) else 2
        start, end = m.span(group)
        if not _is_age(m.group(group)):
            continue
        # "ik ben 37", "wordt 18", "hij 18 werd": only people are, or become, a
        # bare number; "is 12" and "van 79" need a person earlier in the sentence.
        if (
            group == 2
            or AGE_BECOMES_RE.match(m.group())
            or _person_before(text, m.start() + 1)
        ):
            yield Candidate(start, end, Label.AGE, PRIORITY_CONTEXT - 5)
            yield from _and_ages(text, end)
    for m in AGE_ANSWER_RE.finditer(text):
        if _is_age(m.group(1)):
            yield Candidate(*m.span(1), Label.AGE, PRIORITY_CONTEXT - 5)
    for m in AGE_BRACKETS_RE.finditer(text):
        if _is_age(m.group(1)) and _person_before(text, m.start()):
            yield Candidate(*m.span(1), Label.AGE, PRIORITY_CONTEXT - 5)
    for m in AGE_INFANT_RE.finditer(text):
        yield Candidate(*m.span(1), Label.AGE, PRIORITY_CONTEXT - 5)
    for m in AGE_ORDINAL_RE.finditer(text):
        if _is_age(m.group(1)):
            yield Candidate(*m.span(1), Label.AGE, PRIORITY_CONTEXT - 5)


DETECTORS: tuple[Detector, ...] = (
    find_emails,
    find_urls,
    find_handles,
    find_ibans,
    find_bsns,
    find_phones,
    find_postcodes,
    find_license_plates,
    find_case_numbers,
    find_dates,
    find_addresses,
    find_ages,
)


def detect_patterns(text: str) -> list[Candidate]:
    """Every candidate the pattern detectors find in text."""
    return [candidate for detector in DETECTORS for candidate in detector(text)]
