"""What the anonymiser doubts in its own output: found by kind, never a placeholder."""

import pytest
from django.utils import translation

from verhalen.anonymiser import Anonymised, Label, Span
from verhalen.anonymiser.doubts import (
    Doubt,
    DoubtKind,
    doubts_find,
    original_offsets,
)


def found(text: str) -> list[tuple[str, DoubtKind]]:
    """The doubted words of text with their kinds."""
    doubts = doubts_find(text)
    for doubt in doubts:
        assert text[doubt.start : doubt.end] == doubt.text, "offsets are in text"
    return [(d.text, d.kind) for d in doubts]


def test_a_capitalised_unknown_word_inside_a_sentence_is_doubted():
    assert found("Gisteren sprak ik met Zwetlana over de aanvraag.") == [
        ("Zwetlana", DoubtKind.CAPITALISED)
    ]


def test_capitalised_words_of_one_name_are_one_doubt():
    assert found("Daarna kwam Xandro Kwilenga langs met de papieren.") == [
        ("Xandro Kwilenga", DoubtKind.CAPITALISED)
    ]


def test_known_terms_and_sentence_starts_raise_no_doubt():
    text = (
        "Ik kreeg een brief van het UWV en de Belastingdienst. Daarna belde de "
        "Wmo-consulent van de gemeente Utrecht over mijn DigiD en de Jeugdwet."
    )
    assert found(text) == []


def test_a_word_after_a_greeting_is_doubted_as_a_name():
    assert found("hoi priscilla, kun je morgen bellen?") == [
        ("priscilla", DoubtKind.GREETING)
    ]
    assert found("groetjes, mijn vraag is gesteld") == []


def test_a_recurring_chat_speaker_is_doubted():
    chat = "joska: ben je er morgen?\nik: ja hoor\njoska: fijn, tot dan"
    assert found(chat) == [
        ("joska", DoubtKind.SPEAKER),
        ("joska", DoubtKind.SPEAKER),
    ]


def test_a_first_name_written_in_lower_case_is_doubted_in_lower_case_writing():
    assert found("ik slaap nu bij sandra maar dat kan niet lang. ze is lief") == [
        ("sandra", DoubtKind.KNOWN_NAME)
    ]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Ik ben 37 en woon alleen.", "37"),
        ("Mijn dochter is 14 jaar en zit thuis.", "14"),
        ("Er woont een meisje van 17 bij ons.", "17"),
        ("Mijn moeder is tachtig.", "tachtig"),
        ("Daar woont [naam] (12) met haar moeder.", "12"),
    ],
)
def test_a_number_that_may_be_an_age_is_doubted(text, age):
    assert found(text) == [(age, DoubtKind.AGE)]


def test_numbers_that_count_time_or_money_are_no_age():
    text = (
        "We wachten al 3 jaar. Het kost 350 euro en duurt 12 weken. "
        "Ik ben 2 keer gebeld. Dat is 3 jaar geleden begonnen."
    )
    assert found(text) == []


def test_a_long_digit_run_is_doubted_as_an_identifier():
    assert found("Mijn klantnummer is 4471 2298 13 bij de energieleverancier.") == [
        ("4471 2298 13", DoubtKind.IDENTIFIER)
    ]
    assert found("Het ging om € 1.250,00 in 2023-2024.") == []


def test_a_name_after_a_kind_of_organisation_is_doubted():
    assert found("Hij zit op basisschool De Regenboog in de wijk.") == [
        ("De Regenboog", DoubtKind.ORGANISATION)
    ]


def test_placeholders_are_never_doubts():
    text = (
        "Hoi [naam 1], met [naam 2]. Ik ben [leeftijd] en woon op [adres] in "
        "[plaats]. Bel [telefoonnummer] of kijk bij [organisatie]. [naam 1]: ja"
    )
    assert found(text) == []


def test_ordinary_municipal_prose_raises_no_doubt():
    text = (
        "De gemeente heeft de aanvraag voor bijzondere bijstand afgewezen. Volgens "
        "de consulent van het wijkteam paste mijn situatie niet in de regels. Na "
        "het bezwaar kwam er een nieuw gesprek aan de keukentafel. Uiteindelijk "
        "kregen we huishoudelijke hulp via de Wmo, maar pas na vier maanden. "
        "Wat had geholpen: één vast aanspreekpunt en een brief in gewone taal."
    )
    assert found(text) == []


def test_each_kind_explains_itself_in_dutch():
    doubt = Doubt(0, 4, DoubtKind.CAPITALISED, "Zwet")
    with translation.override("nl"):
        assert str(doubt.explanation) == "Is dit een naam? Haal het weg als dat zo is."
        for kind in DoubtKind:
            explanation = str(Doubt(0, 1, kind, "x").explanation)
            assert explanation.endswith("als dat zo is."), kind


def test_a_doubt_maps_back_to_the_words_that_were_typed():
    original = "Bel Anja de Vries over Zwetlana, of Anja."
    result = Anonymised(
        "Bel [naam] over Zwetlana, of [naam].",
        (Span(4, 17, Label.PERSON), Span(36, 40, Label.PERSON)),
    )
    doubt = next(d for d in doubts_find(result.text) if d.text == "Zwetlana")
    start, end = original_offsets(original, result, doubt.start, doubt.end)
    assert original[start:end] == "Zwetlana"
    assert original_offsets(original, result, 4, 10) is None, "a placeholder"
