"""Name, place and organisation heuristics over capitalised words and cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    EMPLOYMENT_CUES,
    FORMS_OF_ADDRESS,
    INFORMAL_NAME_CUES,
    INTERFIXES,
    INTRODUCTION_CUES,
    MONTHS,
    NAMED_INSTITUTIONS,
    NON_PERSONAL_TERMS,
    ORDINARY_ENDINGS,
    ORGANISATION_HEADS,
    ORGANISATION_TAILS,
    PLACE_CUES,
    PLACE_NAMED_INSTITUTIONS,
    POSSESSIVES,
    PROVINCES_AND_COUNTRIES,
    REGIONS,
    RELATION_CUES,
    SINGULAR_VERBS_AFTER_NAME,
    TITLES,
    TRANSCRIPT_ROLES,
    WEEKDAYS,
    common_words,
    first_names,
    frequent_words,
    interfix_surnames,
    place_names,
    surnames,
)
from .results import Candidate, Label

PRIORITY_CUED_PERSON = 75
PRIORITY_ORGANISATION = 72
PRIORITY_PLACE = 62
PRIORITY_NAME = 60

# "'t" is one word, the article of "zorgboerderij 't Paradijs" and "Gerard 't Hooft".
TOKEN_RE = re.compile(r"(?<!\w)['’]t\b|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+|[^\w\s]")
INITIALS_NAME_RE = re.compile(
    r"(?<![\w.])(?:[A-Z]\.\s?){1,4}(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op|la|le|"
    r"von|di|da|du|el|al)\s+){0,3}[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?:['’]s)?"
)
ORGANISATION_SUFFIX_RE = re.compile(
    r"\s*(?:&\s*(?:Zn|Zonen|Co|co)\b\.?|(?i:en\s+zonen)\b|B\.V\.|BV\b|N\.V\.|NV\b"
    r"|V\.O\.F\.|VOF\b)"
)
# What an organisation's name goes on with: "Jeugdfonds Sport & Cultuur", "Van Dam &
# Partners", "Vluchtelingenwerk Oost Nederland", "Thuiszorg Noord-Holland".
ORGANISATION_CONTINUATION_RE = re.compile(
    r"(?:\s*&\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
    r"|\s+(?:Noord|Oost|Zuid|West|Midden)[\s-][A-Z][\w-]*)"
)
# Sector words that end the one-word names of schools and churches: "berkenschool".
ORGANISATION_COMPOUNDS = ("school", "kerk", "college", "lyceum")
ORGANISATION_HEAD_ENDINGS = (
    "zorg",
    "praktijk",
    "opvang",
    "stichting",
    "corporatie",
    "bedrijf",
    "bureau",
    "school",
    "centrum",
    "kliniek",
    "hulp",
    "vereniging",
    "kantoor",
    "bewerking",
    "voering",
    "besteding",
    "huis",
    "groep",
    "loket",
    # Further sector nouns that end the kind in a name: "Schoonmaakdienst Helder".
    "dienst",
    "fabriek",
    "winkel",
    "verwerker",
    "voorziening",
    "handel",
    "apotheek",
    "makelaardij",
    "instituut",
    "fonds",
    "club",
)
SENTENCE_END = frozenset(".!?:;\n")
OPENERS = frozenset("\"'‘“(-–•*")
CAPITALISED_ARTICLES = frozenset({"De", "Het", "Den", "Der", "Van", "Ter", "Ten"})
NAME_ARTICLES = frozenset(
    {"De", "Den", "Der", "Van", "Ter", "Ten", "Le", "La", "Di", "Da"}
)


@dataclass(slots=True)
class Token:
    """A word, number or punctuation mark with its offsets."""

    start: int
    end: int
    text: str
    lower: str
    sentence_initial: bool = False

    @property
    def core(self) -> str:
        """The token without a possessive 's ("Anne's" → "Anne")."""
        if len(self.text) > 3 and self.text[-2:] in ("'s", "’s"):
            return self.text[:-2]
        return self.text

    @property
    def is_capitalised(self) -> bool:
        """Upper-case first letter followed by lower case (not an acronym)."""
        text = self.text
        if not text[0].isupper() or not text[0].isalpha():
            return False
        if len(text) == 1:
            return False
        rest = text[2:] if text.startswith("IJ") else text[1:]
        return not rest or any(c.islower() for c in rest)


def tokenize(text: str) -> list[Token]:
    """Split text into tokens and mark those that start a sentence."""
    tokens: list[Token] = []
    initial = True
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        if tokens and "\n" in text[tokens[-1].end : m.start()]:
            initial = True
        token = Token(m.start(), m.end(), word, word.lower(), initial)
        tokens.append(token)
        if (
            word in SENTENCE_END
            or (word == "." and tokens)
            or word in OPENERS
            and initial
        ):
            initial = True
        else:
            initial = False
    return tokens


def _is_non_personal(word: str) -> bool:
    """Whether a capitalised word names something other than a person or place."""
    lower = word.lower()
    if lower in NON_PERSONAL_TERMS or lower in MONTHS or lower in WEEKDAYS:
        return True
    if lower in TRANSCRIPT_ROLES:
        return True
    if lower in PROVINCES_AND_COUNTRIES:
        return True
    return "-" in lower and any(p in NON_PERSONAL_TERMS for p in lower.split("-"))


def _is_known_name(word: str) -> bool:
    """Whether a word is in deduce's first-name or surname lists."""
    lower = word.lower()
    if lower in first_names() or lower in surnames():
        return True
    parts = lower.split("-")
    return len(parts) > 1 and all(p in first_names() or p in surnames() for p in parts)


def _is_ordinary_word(word: str) -> bool:
    """Whether a word is ordinary Dutch and not also a known name."""
    lower = word.lower()
    return lower in common_words() and not _is_known_name(word)


def _has_ordinary_part(word: str) -> bool:
    """Whether a word, or a part of a hyphenated word, is ordinary Dutch.

    Asked where capitals say nothing (a sentence's or line's first word), so the
    frequent words count here, not only deduce's short list.
    """
    lower = word.lower()
    return any(
        part in common_words() or part in frequent_words()
        for part in {lower, *lower.split("-")}
    )


def _after_particle_is_surname(token: Token) -> bool:
    """Whether a lower-case word after a particle is a surname: "de wit"."""
    lower = token.lower
    if not token.text.isalpha() or lower in ORGANISATION_HEADS:
        return False
    return lower in interfix_surnames() or lower not in frequent_words()


# Compounds that name a kind of organisation: "zorgorganisatie", "woonstichting",
# "ggz-instelling", "jeugdzorgaanbieder", "zorgverzekeraar".
KIND_ENDINGS = (
    "organisatie",
    "stichting",
    "corporatie",
    "vereniging",
    "instelling",
    "aanbieder",
    "verzekeraar",
)
# Kinds whose own names follow as "de" or "het" and a noun: "sportclub de zwaluwen".
NAMED_KIND_ENDINGS = (
    "club",
    "vereniging",
    "school",
    "stichting",
    "instelling",
    "huis",
    "centrum",
    "opvang",
    "boerderij",
    "praktijk",
)
# Names of institutions are nouns of middling frequency ("regenboog", "klimop");
# the most frequent words are function words, adjectives and time words.
INSTITUTION_NAME_MAX_ZIPF = 4.0


def _could_name_an_institution(lower: str) -> bool:
    """Whether a frequent word could be the name after an institution's kind."""
    from wordfreq import zipf_frequency

    return (
        len(lower) > 3
        and lower not in TITLES
        and lower not in RELATION_CUES
        and lower not in FORMS_OF_ADDRESS
        and lower not in MONTHS
        and lower not in WEEKDAYS
        and zipf_frequency(lower, "nl") < INSTITUTION_NAME_MAX_ZIPF
    )


def _could_be_lower_case_name(token: Token) -> bool:
    """Whether a lower-case word after an organisation's kind can be its name."""
    return (
        token.text.isalpha()
        and token.text.islower()
        and len(token.text) > 3
        and not _has_ordinary_part(token.text)
        and token.lower not in ORGANISATION_HEADS
    )


def _is_lower_case_kind(lower: str) -> bool:
    """Whether a lower-case word is a kind of organisation that its name can follow:
    "stichting", "zorginstelling", "hoveniersbedrijf" (a compound, not "bedrijf")."""
    return (
        lower in ORGANISATION_HEADS
        or lower.endswith(KIND_ENDINGS)
        or (lower.endswith(ORGANISATION_HEAD_ENDINGS) and len(lower) > 8)
    )


def _is_organisation_head(word: str) -> bool:
    """Whether a word starts organisation names ("Thuiszorg", "Woonstichting")."""
    lower = word.lower()
    return lower in ORGANISATION_HEADS or lower.endswith(ORGANISATION_HEAD_ENDINGS)


def _name_parts(tokens: list[Token]) -> tuple[str, ...]:
    """Lower-case name parts of a mention, without interfixes, for coreference."""
    return tuple(
        t.core.lower()
        for t in tokens
        if t.lower not in INTERFIXES and t.text[0].isalpha() and len(t.core) > 1
    )


class _Scanner:
    """One pass over a text's tokens, proposing person, place and organisation spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.candidates: list[Candidate] = []
        # Writing whose sentences mostly start in lower case gives no capitals to
        # go by, so lower-case first names count there.
        starts = [t for t in self.tokens if t.sentence_initial and t.text.isalpha()]
        self.informal = bool(starts) and (
            sum(t.text.islower() for t in starts) * 2 >= len(starts)
        )

    def scan(self) -> list[Candidate]:
        """Every candidate found in the text."""
        self._initials()
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            i = self._at(i)
        return self.candidates

    def _initials(self) -> None:
        for m in INITIALS_NAME_RE.finditer(self.text):
            surname = m.group().split()[-1].removesuffix("'s").removesuffix("’s")
            if (
                "." in surname
                or _is_ordinary_word(surname)
                or _is_non_personal(surname)
            ):
                continue
            end = m.end() - (2 if m.group()[-2:] in ("'s", "’s") else 0)
            self.candidates.append(
                Candidate(
                    m.start(),
                    end,
                    Label.PERSON,
                    PRIORITY_CUED_PERSON,
                    (surname.lower(),),
                )
            )

    def _previous_words(self, i: int, count: int) -> tuple[str, ...]:
        """The lower-case words before token i, skipping commas."""
        words: list[str] = []
        j = i - 1
        while j >= 0 and len(words) < count:
            if self.tokens[j].text in SENTENCE_END:
                break
            if self.tokens[j].text != ",":
                words.append(self.tokens[j].lower)
            j -= 1
        return tuple(reversed(words))

    def _person_cue_before(self, i: int) -> bool:
        """Whether the words before token i announce a person."""
        before = self._previous_words(i, 2)
        if not before:
            return False
        last = before[-1]
        if last in TITLES or last.rstrip(".") in TITLES:
            return True
        if last in RELATION_CUES and (len(before) == 1 or before[0] in POSSESSIVES):
            return True
        # The cues are one or two words, as many as are looked at.
        return before[-1:] in INTRODUCTION_CUES or before[-2:] in INTRODUCTION_CUES

    def _chain(self, i: int) -> int:
        """End index (exclusive) of a run of name-like tokens starting at i."""
        tokens = self.tokens
        j = i + 1
        while j < len(tokens):
            token = tokens[j]
            # A name may go on on the next line after a particle: "Trees van⏎Dijk".
            if token.sentence_initial and not (
                tokens[j - 1].lower in INTERFIXES
                and token.is_capitalised
                and tokens[j - 1].end < token.start
            ):
                break
            followed_by_name = j + 1 < len(tokens) and tokens[j + 1].is_capitalised
            if token.text in CAPITALISED_ARTICLES:
                # "Jeugdpraktijk De Horizon", "Kees Van Dam"
                if not followed_by_name:
                    break
                j += 1
                continue
            if token.lower in ORGANISATION_TAILS and token.text[0].isupper():
                j += 1
                continue
            if token.is_capitalised and not _is_non_personal(token.text):
                j += 1
                if token.core != token.text:
                    break
                continue
            # Interfixes join names only when a capitalised name follows.
            k = j
            while k < len(tokens) and k - j < 3 and tokens[k].lower in INTERFIXES:
                k += 1
            if (
                k > j
                and k < len(tokens)
                and tokens[k].is_capitalised
                and not (tokens[k].sentence_initial and tokens[k - 1].text in ".!?")
                and (
                    not tokens[k].sentence_initial
                    or tokens[k - 1].end < tokens[k].start
                )
            ):
                j = k
                continue
            break
        return j

    def _at(self, i: int) -> int:
        """Handle the token at i; return the index to continue from."""
        token = self.tokens[i]
        if token.sentence_initial and self._speaker(i):
            self._add_person([token], PRIORITY_CUED_PERSON)
            return i + 1
        if token.is_capitalised:
            return self._capitalised(i, self._person_cue_before(i))
        if token.text.isupper() and token.lower in ORGANISATION_HEADS:
            if i + 1 < len(self.tokens):
                return self._organisation_after_head(i)
            return i + 1
        if token.text.islower() and self._informal_name(i):
            self._add_person([token], PRIORITY_NAME)
            return i + 1
        if token.text.islower() and token.lower.endswith(ORGANISATION_COMPOUNDS):
            self._compound_organisation(i)
        # Only a word that could be a name needs the (costlier) look at its cue.
        if (
            token.lower in INTERFIXES
            or token.lower in first_names()
            or token.lower in surnames()
            or "-" in token.text
        ) and self._person_cue_before(i):
            return self._lower_case_after_cue(i)
        if _is_lower_case_kind(token.lower) and i + 1 < len(self.tokens):
            return self._organisation_after_head(i)
        if token.text.islower() and len(token.text) > 3:
            if self._employer(i):
                self._add_organisation([token])
                return i + 1
            self._lower_case_place(i)
        return i + 1

    def _employer(self, i: int) -> bool:
        """An unknown lower-case word after "werk bij" names an organisation."""
        token = self.tokens[i]
        if i < 2 or self.tokens[i - 1].lower != "bij":
            return False
        before = self._previous_words(i, 2)
        return (
            len(before) == 2
            and before[1] == "bij"
            and before[0] in EMPLOYMENT_CUES
            and _could_be_lower_case_name(token)
            and token.lower not in first_names()
            and token.lower not in place_names()
        )

    def _speaker(self, i: int) -> bool:
        """Whether token i labels a line of a chat or transcript: "lies: ik wel"."""
        tokens = self.tokens
        token = tokens[i]
        if i + 1 >= len(tokens) or tokens[i + 1].text != ":":
            return False
        line_start = self.text.rfind("\n", 0, token.start) + 1
        if self.text[line_start : token.start].strip():
            return False
        lower = token.lower
        return (
            lower in first_names()
            and len(lower) > 2
            and lower not in TRANSCRIPT_ROLES
            and lower not in RELATION_CUES
            and lower not in TITLES
            and not _is_non_personal(token.text)
        )

    def _informal_name(self, i: int) -> bool:
        """A lower-case first name in writing without capitals: "bij sami"."""
        token = self.tokens[i]
        if not self.informal or len(token.text) < 3 or not token.text.isalpha():
            return False
        lower = token.lower
        if lower not in first_names() or lower in common_words():
            return False
        if (lower,) in INTRODUCTION_CUES:
            return False
        if token.sentence_initial or self._speaker(i):
            return True
        before = self._previous_words(i, 1)
        return bool(before) and before[-1] in INFORMAL_NAME_CUES

    def _compound_organisation(self, i: int) -> None:
        """A lower-case compound on a sector word: "naar de berkenschool"."""
        token = self.tokens[i]
        if (
            i > 0
            and self.tokens[i - 1].lower in ("de", "het", "naar", "op", "bij", "van")
            and len(token.text) > 8
            and not _has_ordinary_part(token.text)
        ):
            self._add_organisation([token])

    def _lower_case_place(self, i: int) -> None:
        """A lower-case Dutch place after a preposition: "uit leeuwarden"."""
        token = self.tokens[i]
        if (
            i > 0
            and self.tokens[i - 1].lower in PLACE_CUES
            and token.lower in place_names()
            and token.lower not in common_words()
        ):
            self.candidates.append(
                Candidate(token.start, token.end, Label.PLACE, PRIORITY_PLACE)
            )

    def _lower_case_after_cue(self, i: int) -> int:
        """A lower-case name after a cue: "mijn buurvrouw anja", "meneer de vries"."""
        tokens = self.tokens
        token = tokens[i]
        j = i
        if token.lower in INTERFIXES and (
            self._previous_words(i, 1)[-1:] in {(f,) for f in FORMS_OF_ADDRESS}
        ):
            while j < len(tokens) and tokens[j].lower in INTERFIXES and j - i < 3:
                j += 1
            if j >= len(tokens) or not tokens[j].text[0].isalpha():
                return i + 1
            if tokens[j].is_capitalised:
                end = self._chain(j)
                self._add_person(tokens[i:end], PRIORITY_CUED_PERSON)
                return end
            # "meneer de wit": after a form of address and a particle, a word
            # that is a name or no frequent Dutch word is the surname.
            if _after_particle_is_surname(tokens[j]):
                self._add_person(tokens[i : j + 1], PRIORITY_CUED_PERSON)
                return j + 1
        word = tokens[j]
        if not word.text[0].isalpha() or _is_ordinary_word(word.core):
            return i + 1
        if not _is_known_name(word.core):
            return i + 1
        end = self._lower_case_surname(j + 1)
        self._add_person(tokens[i:end], PRIORITY_CUED_PERSON)
        return end

    def _lower_case_surname(self, end: int) -> int:
        """End of a lower-case surname after a first name: "dirk jansen",
        "lieke de groot"."""
        tokens = self.tokens
        k = end
        while k < len(tokens) and k - end < 3 and tokens[k].lower in INTERFIXES:
            k += 1
        if k >= len(tokens) or tokens[k].sentence_initial:
            return end
        follower = tokens[k]
        if k > end:
            return k + 1 if _after_particle_is_surname(follower) else end
        if _is_known_name(follower.core) and follower.lower not in common_words():
            return k + 1
        return end

    def _organisation_after_head(self, i: int) -> int:
        """An organisation named after its head: "basisschool De Regenboog".

        The head ("Jeugdhulp Samen", "CBS De Wegwijzer", "stichting De Meander")
        is part of the name.
        """
        tokens = self.tokens
        j = i + 1
        if (
            tokens[j].is_capitalised
            and (
                not _is_non_personal(tokens[j].text)
                or tokens[j].text in CAPITALISED_ARTICLES
            )
            and not tokens[j].sentence_initial
        ):
            end = self._chain(j)
            self._add_organisation(tokens[i:end])
            return end
        # In lower case only an article and a word that is not ordinary Dutch name
        # one: "stichting de meander", not "de thuiszorg komt". After the name of
        # a kind of institution a noun of middling frequency is its name too, as
        # schools are named: "basisschool de regenboog", not "de hele dag".
        k = j + 1
        article = tokens[j].lower in ("de", "het", "'t", "’t", "the")
        # "stichting de Meander", "zorgboerderij 't Paradijs"
        if (
            article
            and k < len(tokens)
            and tokens[k].is_capitalised
            and not tokens[k].sentence_initial
            and not _is_non_personal(tokens[k].text)
        ):
            end = self._chain(k)
            self._add_organisation(tokens[i:end])
            return end
        if (
            article
            and k < len(tokens)
            and not tokens[k].sentence_initial
            and tokens[k].text.isalpha()
            and tokens[k].text.islower()
            and (
                not _has_ordinary_part(tokens[k].text)
                or (
                    (
                        tokens[i].lower in NAMED_INSTITUTIONS
                        or tokens[i].lower.endswith(NAMED_KIND_ENDINGS)
                    )
                    and _could_name_an_institution(tokens[k].lower)
                )
            )
        ):
            self._add_organisation(tokens[i : k + 1])
            return k + 1
        after = tokens[j]
        # "thuiszorgorganisatie buurtzorg", "bouwbedrijf jansen": a word no Dutch
        # text uses otherwise, a surname among them, names the organisation.
        if _could_be_lower_case_name(after):
            self._add_organisation(tokens[i : j + 1])
            return j + 1
        # "de woningcorporatie, ymere, deed niets": the name set off by commas.
        if (
            after.text == ","
            and k + 1 < len(tokens)
            and tokens[k + 1].text in ",."
            and _could_be_lower_case_name(tokens[k])
        ):
            self._add_organisation(tokens[k : k + 1])
            return k + 1
        # "roc van amsterdam", "Hogeschool van Utrecht": named for their place.
        if (
            after.lower == "van"
            and k < len(tokens)
            and (tokens[k].lower in place_names() or tokens[k].lower in REGIONS)
            and tokens[i].lower in PLACE_NAMED_INSTITUTIONS
        ):
            self._add_organisation(tokens[i : k + 1])
            return k + 1
        return i + 1

    def _capitalised(self, i: int, cued: bool) -> int:
        """Judge a run of capitalised tokens starting at i."""
        tokens = self.tokens
        token = tokens[i]
        if token.text in NAME_ARTICLES and self._article_starts_name(i):
            end = self._chain(i)
            self._add_person(tokens[i:end], PRIORITY_NAME)
            return end
        if _is_non_personal(token.text) or token.lower in TITLES:
            if token.lower in ORGANISATION_HEADS and i + 1 < len(tokens):
                return self._organisation_after_head(i)
            return i + 1
        end = self._chain(i)
        run = tokens[i:end]
        # Capitalised words ending in a sector word name a firm, even when each is
        # an ordinary word: "Stroomlijn Energie", "Helder Schoonmaak".
        if len(run) > 1 and run[-1].lower in ORGANISATION_TAILS and not cued:
            self._add_organisation(run)
            return end
        start = 0
        # A capitalised word that starts a sentence is a name only when it is a known
        # name and not also an ordinary word ("Sem", not "Pas" or "Zwart").
        if (
            not cued
            and token.sentence_initial
            and token.lower not in ORGANISATION_HEADS
            # "Wijkvereniging De Eik roept ...": a kind with its name after it.
            and not (len(run) > 1 and _is_organisation_head(token.text))
            and (not _is_known_name(token.core) or _has_ordinary_part(token.core))
            and not self._looks_like_subject_name(i, end)
        ):
            start = 1
        while (
            not cued
            and start < len(run)
            and not _is_organisation_head(run[start].text)
            and (_is_ordinary_word(run[start].core) or run[start].lower in INTERFIXES)
        ):
            start += 1
        run = run[start:]
        if not run:
            return end
        if len(run) > 1 and (
            _is_organisation_head(run[0].text) or run[-1].lower in ORGANISATION_TAILS
        ):
            self._add_organisation(run)
            return end
        if cued:
            self._add_person(run, PRIORITY_CUED_PERSON)
            return end
        if len(run) == 1 and _is_ordinary_word(run[0].core):
            return end
        if (
            len(run) == 1
            and run[0].lower.endswith(ORGANISATION_HEAD_ENDINGS)
            and not (_is_known_name(run[0].core))
        ):
            self._add_organisation(run)
            return end
        if (
            len(run) == 1
            and not _is_known_name(run[0].core)
            and self._previous_words(i + start, 1) in (("de",), ("het",))
        ):
            # Dutch puts no article before a person's name: "de Formulierenbrigade".
            self._add_organisation(run)
            return end
        if self._is_place(i + start, run):
            self.candidates.append(
                Candidate(run[0].start, run[-1].end, Label.PLACE, PRIORITY_PLACE)
            )
            return end
        self._add_person(run, PRIORITY_NAME)
        return end

    def _article_starts_name(self, i: int) -> bool:
        """Whether "De"/"Van" at i begins a surname: "De Coster", "Van den Abeele"."""
        tokens = self.tokens
        j = i + 1
        while j < len(tokens) and j - i < 3 and tokens[j].lower in INTERFIXES:
            j += 1
        if j >= len(tokens) or j == i + 1 and tokens[j].text[0].islower():
            return False
        follower = tokens[j]
        return (
            follower.is_capitalised
            and not follower.sentence_initial
            and not _has_ordinary_part(follower.core)
            and not follower.lower.endswith(("se", "sche"))
            and not _is_non_personal(follower.text)
            and follower.lower not in place_names()
        )

    def _looks_like_subject_name(self, i: int, end: int) -> bool:
        """Whether an unlisted word starting a sentence reads as a name.

        Dutch nouns starting a sentence mostly take an article; a bare, unfamiliar
        capitalised word followed by a singular verb, a comma, colon or possessive
        apostrophe, or by a second name, is most often a person ("Katzav is …").
        """
        token = self.tokens[i]
        lower = token.lower
        if (
            _has_ordinary_part(token.core)
            or lower.endswith(ORDINARY_ENDINGS)
            or lower in place_names()
            or len(lower) < 3
        ):
            return False
        if end > i + 1:
            return True
        if end >= len(self.tokens):
            return False
        follower = self.tokens[end]
        return follower.text in (",", ":", "'", "’") or (
            follower.lower in SINGULAR_VERBS_AFTER_NAME
        )

    def _is_place(self, i: int, run: list[Token]) -> bool:
        """Whether a capitalised run is a Dutch place rather than a person."""
        name = self.text[run[0].start : run[-1].end].lower()
        if name not in place_names():
            return False
        before = self._previous_words(i, 1)
        if before and before[-1] in PLACE_CUES:
            return True
        return not _is_known_name(run[0].core)

    def _add_person(self, run: list[Token], priority: int) -> None:
        # Strip trailing interfixes and a possessive 's: "[naam]'s" stays readable.
        while run and run[-1].lower in INTERFIXES:
            run = run[:-1]
        if not run:
            return
        last = run[-1]
        end = last.start + len(last.core)
        self.candidates.append(
            Candidate(run[0].start, end, Label.PERSON, priority, _name_parts(run))
        )

    def _add_organisation(self, run: list[Token]) -> None:
        end = run[-1].end
        suffix = ORGANISATION_SUFFIX_RE.match(self.text, end)
        if suffix:
            end = suffix.end()
        elif going_on := ORGANISATION_CONTINUATION_RE.match(self.text, end):
            end = going_on.end()
        self.candidates.append(
            Candidate(run[0].start, end, Label.ORGANISATION, PRIORITY_ORGANISATION)
        )


def find_names(text: str) -> list[Candidate]:
    """Persons, places and organisations found by capitalisation and cue words."""
    return _Scanner(text).scan()
