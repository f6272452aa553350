"""Behaviour of the Dutch anonymiser (no database; deduce loads once per session)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.anonymiser import data_dir, read_conll
from verhalen.anonymiser import (
    Anonymised,
    Label,
    Span,
    anonymise,
    deduce_model,
    engine,
)
from verhalen.management.commands.anonymise import Command, anonymise_line

Anonymise = Callable[[str], Anonymised]


@pytest.fixture(scope="session")
def anonymiser() -> Anonymise:
    """The anonymiser with deduce loaded once for the whole session."""
    deduce_model()
    return anonymise


def labels_of(result: Anonymised) -> list[Label]:
    """The labels of the replaced spans, in text order."""
    return [span.label for span in result.spans]


def replaced(text: str, result: Anonymised) -> list[str]:
    """The input text under each replaced span."""
    return [text[span.start : span.end] for span in result.spans]


def test_bsn_passing_11_proef_is_replaced(anonymiser: Anonymise) -> None:
    """A nine-digit BSN that passes the 11-proef is replaced, also with dots."""
    for bsn in ("111222333", "1112.22.333", "111 222 333"):
        text = f"Mijn BSN is {bsn} en dat staat op de brief."
        result = anonymiser(text)
        assert replaced(text, result) == [bsn]
        assert labels_of(result) == [Label.BSN]
        assert "[bsn]" in result.text


def test_nine_digits_failing_11_proef_are_kept(anonymiser: Anonymise) -> None:
    """Nine digits that fail the 11-proef are not taken for a BSN."""
    result = anonymiser("Het bedrag van 123456780 cent klopt niet.")
    assert Label.BSN not in labels_of(result)


def test_iban_with_and_without_spaces_is_replaced(anonymiser: Anonymise) -> None:
    """IBANs passing mod 97 are replaced, written compact or in groups of four."""
    for iban in ("NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"):
        text = f"Stort het op {iban}, graag."
        result = anonymiser(text)
        assert replaced(text, result) == [iban]
        assert labels_of(result) == [Label.IBAN]


def test_iban_failing_mod_97_is_not_an_iban(anonymiser: Anonymise) -> None:
    """A mistyped IBAN fails the mod 97 check and is not replaced as an IBAN."""
    result = anonymiser("Stort het op NL92ABNA0417164300, graag.")
    assert Label.IBAN not in labels_of(result)


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 12 34 56 78",
        "+31 6 1234 5678",
        "010-1234567",
        "0031612345678",
    ],
)
def test_dutch_phone_numbers_are_replaced(anonymiser: Anonymise, phone: str) -> None:
    """Mobile, landline and international Dutch numbers become [telefoonnummer]."""
    text = f"Bel me op {phone} na vijf uur."
    result = anonymiser(text)
    assert replaced(text, result) == [phone]
    assert result.text == "Bel me op [telefoonnummer] na vijf uur."


def test_address_postcode_and_place_are_replaced(anonymiser: Anonymise) -> None:
    """Street with house number, postcode and place each get their own placeholder."""
    result = anonymiser("Ik woon op de Eikenlaan 12, 8921 KT Leeuwarden.")
    assert result.text == "Ik woon op de [adres], [postcode] [plaats]."


def test_postcode_without_space_is_replaced(anonymiser: Anonymise) -> None:
    """A postcode written without a space is still a postcode."""
    result = anonymiser("Het pakket ging naar 1234AB maar kwam nooit aan.")
    assert labels_of(result) == [Label.POSTCODE]


@pytest.mark.parametrize("plate", ["12-ABC-3", "GZ-482-K", "7-KTN-23", "AB-12-CD"])
def test_licence_plates_in_dutch_sidecodes_are_replaced(
    anonymiser: Anonymise, plate: str
) -> None:
    """Dutch sidecodes with dashes become [kenteken]."""
    result = anonymiser(f"De auto met kenteken {plate} stond voor de deur.")
    assert result.text == "De auto met kenteken [kenteken] stond voor de deur."


def test_case_numbers_are_replaced(anonymiser: Anonymise) -> None:
    """Case numbers, by shape or after zaaknummer/kenmerk, become [zaaknummer]."""
    result = anonymiser(
        "Bezwaar onder zaaknummer WMO-2023-04417, kenmerk KL/24/00917, "
        "dossiernummer 2024AB77."
    )
    assert labels_of(result) == [Label.CASE_NUMBER] * 3
    assert "WMO" not in result.text


def test_house_number_after_nummer_is_not_a_case_number(anonymiser: Anonymise) -> None:
    """ "op nummer 72" is a house number, not a case number."""
    result = anonymiser("Ik woon op nummer 72.")
    assert Label.CASE_NUMBER not in labels_of(result)


def test_email_url_and_handle_are_replaced(anonymiser: Anonymise) -> None:
    """E-mail addresses, web addresses and social handles are replaced."""
    result = anonymiser(
        "Mail k.jonker@voorbeeld.nl, kijk op https://www.voorbeeld.nl/verhaal "
        "of volg @noor.schrijft."
    )
    assert result.text == "Mail [e-mailadres], kijk op [url] of volg [account]."


def test_dates_and_date_of_birth_are_told_apart(anonymiser: Anonymise) -> None:
    """A date after "geboren" is a date of birth; other dates are dates."""
    result = anonymiser(
        "Geboren op 3 april 1998. Op 14-03-2023 kwam de brief, en 3/4/21."
    )
    assert labels_of(result) == [Label.DATE_OF_BIRTH, Label.DATE, Label.DATE]


def test_ages_are_replaced(anonymiser: Anonymise) -> None:
    """Ages in years, as "-jarige", written out, and bare after a person."""
    cases = {
        "Mevrouw Bakker, 87 jaar, woonde alleen.": "87 jaar",
        "Een 15-jarige meid.": "15-jarige",
        "Een zestigjarige man.": "zestigjarige",
        "Onze zoon Sem is 12 en zit thuis.": "12",
        "Ik zorg voor mijn moeder van 79 in Emmen.": "79",
    }
    for text, age in cases.items():
        result = anonymiser(text)
        assert age in replaced(text, result), text
        assert Label.AGE in labels_of(result), text


def test_duration_in_years_is_not_an_age(anonymiser: Anonymise) -> None:
    """ "al veertig jaar" and "sinds 3 jaar" measure time, not someone's age."""
    result = anonymiser("Ik woon al 40 jaar hier en wacht sinds 3 jaar.")
    assert Label.AGE not in labels_of(result)


def test_organisations_with_cue_words_are_replaced(anonymiser: Anonymise) -> None:
    """Schools, care providers and employers named with a cue word are replaced."""
    cases = {
        "Hij ging naar Jeugdpraktijk De Horizon.": "Jeugdpraktijk De Horizon",
        "Hulp kwam van Thuiszorg De Linde.": "Thuiszorg De Linde",
        "Ze zit op basisschool De Regenboog.": "basisschool De Regenboog",
        "Ik werk bij Metaalbewerking Wolters & Zn. sinds mei.": (
            "Metaalbewerking Wolters & Zn."
        ),
    }
    for text, organisation in cases.items():
        result = anonymiser(text)
        assert replaced(text, result) == [organisation], text
        assert labels_of(result) == [Label.ORGANISATION], text


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        # A kind of organisation in a compound, starting a sentence.
        ("Wijkvereniging De Eik roept alle bewoners op.", "Wijkvereniging De Eik"),
        ("Fietsenwinkel Trapper biedt werkplekken aan.", "Fietsenwinkel Trapper"),
        ("Vakantiepark De Berkenhof, huisje 12", "Vakantiepark De Berkenhof"),
        # In lower case, after a compound kind, an article or "'t".
        (
            "ik mag meelopen bij installatiebedrijf warmtewijs in de zomer",
            "installatiebedrijf warmtewijs",
        ),
        ("de jongerenwerker van buurthuis the corner zei dat", "buurthuis the corner"),
        (
            "mijn dochter traint bij sportclub de zwaluwen op woensdag",
            "sportclub de zwaluwen",
        ),
        ("de zorgboerderij 't Paradijs is fijn", "zorgboerderij 't Paradijs"),
        ("we zijn bij stichting de Meander geweest", "stichting de Meander"),
        # A firm named for a family, a provider with a name that is also a name.
        (
            "mijn werkgever is bouwbedrijf jansen en zonen",
            "bouwbedrijf jansen en zonen",
        ),
        ("ze werkt bij zorginstelling amaris", "zorginstelling amaris"),
        ("bij de ggz-instelling altrecht duurde het lang", "ggz-instelling altrecht"),
        # An employer or provider after "werkt bij", "in behandeling bij".
        ("hij werkt bij tenneco in de fabriek", "tenneco"),
        ("ik ben in behandeling bij lentis", "lentis"),
    ],
)
def test_organisations_after_a_sector_word_are_replaced_in_any_case(
    anonymiser: Anonymise, text: str, organisation: str
) -> None:
    result = anonymiser(text)
    assert replaced(text, result) == [organisation]
    assert labels_of(result) == [Label.ORGANISATION]


@pytest.mark.parametrize(
    "text",
    [
        "ik werk bij een bakker",
        "ik werk bij de gemeente op het stadhuis",
        "ik werk bij mijn oom in de winkel",
        "ik werk bij toeval nu al drie jaar",
        "het is 't beste wat er is",
        "de instelling van de verwarming klopt niet",
    ],
)
def test_ordinary_words_after_employment_and_kind_words_are_kept(
    anonymiser: Anonymise, text: str
) -> None:
    assert anonymiser(text).text == text


def test_place_after_preposition_is_replaced(anonymiser: Anonymise) -> None:
    """Places after in/uit/naar are replaced, also written in lower case."""
    result = anonymiser("hoi, ik ben vincent uit leeuwarden en werk in Zwolle.")
    assert result.text == "hoi, ik ben [naam] uit [plaats 1] en werk in [plaats 2]."


def test_municipality_only_venster_lists_is_replaced(anonymiser: Anonymise) -> None:
    """Tytsjerksteradiel, which deduce lists under its old name, is a place."""
    result = anonymiser("ik woon sinds kort in tytsjerksteradiel.")
    assert result.text == "ik woon sinds kort in [plaats]."


def test_names_after_cue_words_are_replaced(anonymiser: Anonymise) -> None:
    """Names after relation words, titles and introductions are replaced."""
    cases = {
        "Mijn buurvrouw anja helpt mij.": "anja",
        "Ik heb meneer Visser gebeld.": "Visser",
        "Toen kwam mevrouw Bakker langs.": "Bakker",
        "Ik sprak de heer De Wit.": "De Wit",
        "Mijn klantmanager Priscilla belde.": "Priscilla",
        "Hallo, ik ben Naima.": "Naima",
        "De medewerker heette dirk-jan en was aardig.": "dirk-jan",
        "Mijn naam is Zeynep Yildirim.": "Zeynep Yildirim",
    }
    for text, name in cases.items():
        result = anonymiser(text)
        assert name in replaced(text, result), text
        assert Label.PERSON in labels_of(result), text


def test_names_with_initials_are_replaced_whole(anonymiser: Anonymise) -> None:
    """Initials belong to the name: "J. de Boer", "A.B. Yilmaz"."""
    text = "Ik sprak J. de Boer en later A.B. Yilmaz."
    result = anonymiser(text)
    assert replaced(text, result) == ["J. de Boer", "A.B. Yilmaz"]


def test_foreign_names_mid_sentence_are_replaced(anonymiser: Anonymise) -> None:
    """Capitalised names deduce does not list are caught mid-sentence."""
    text = "Gisteren sprak ik met Oluwaseun Adebayo over de aanvraag."
    result = anonymiser(text)
    assert replaced(text, result) == ["Oluwaseun Adebayo"]


def test_same_person_gets_same_placeholder(anonymiser: Anonymise) -> None:
    """Full name, first name, possessive and surname of one person share one number."""
    result = anonymiser(
        "Anne Jansen belde. Later zei Anne dat Anne's dossier zoek was. "
        "Jansen kreeg hulp van Pieter Bos."
    )
    assert result.text == (
        "[naam 1] belde. Later zei [naam 1] dat [naam 1]'s dossier zoek was. "
        "[naam 1] kreeg hulp van [naam 2]."
    )


def test_spans_are_sorted_and_on_the_input_text(anonymiser: Anonymise) -> None:
    """Spans are sorted, do not overlap and index the input text."""
    text = "Mijn vader, Kees de Vries, is 81 jaar en woont op de Beukenweg 3."
    result = anonymiser(text)
    ends = [0] + [s.end for s in result.spans]
    assert all(s.start >= end for s, end in zip(result.spans, ends, strict=False))
    assert replaced(text, result) == ["Kees de Vries", "81 jaar", "Beukenweg 3"]


def test_text_without_personal_data_is_unchanged(anonymiser: Anonymise) -> None:
    """A text with no personal data comes back exactly as it went in."""
    text = (
        "De korting gaat in vlak voor Kerst. Via het Sociaal Wijkteam krijg ik nu "
        "een voedselpakket. Pas toen kwam er schot in. Zwart op wit heb ik niets."
    )
    result = anonymiser(text)
    assert result.text == text
    assert result.spans == ()


def test_policy_terms_and_months_are_kept(anonymiser: Anonymise) -> None:
    """Laws, schemes, public bodies, months and weekdays are not personal data."""
    text = (
        "In maart vroeg ik via de Wmo hulp; de Jeugdwet en de Participatiewet gelden "
        "ook. De Gemeente, het Sociaal Domein en de Belastingdienst verwezen naar "
        "elkaar. Op Maandag en in December bleef het stil, ook met Kerst."
    )
    assert anonymiser(text).text == text


def test_sentence_initial_words_are_not_names_by_position(
    anonymiser: Anonymise,
) -> None:
    """Capitalised words at the start of a sentence are not names for that alone."""
    text = "Afgesproken werd dat zij belt. Respijtzorg is lastig. Toen ik belde, niets."
    assert anonymiser(text).spans == ()


def test_empty_text_is_returned_as_is(anonymiser: Anonymise) -> None:
    """Empty or blank input gives no spans."""
    assert anonymiser("").spans == ()
    assert anonymiser("  \n").text == "  \n"


def test_command_line_gives_output_for_good_line(anonymiser: Anonymise) -> None:
    """A good input line gives id, anonymised text and spans on the input."""
    output = anonymise_line(json.dumps({"id": "x1", "text": "Bel 06-12345678."}))
    assert output == {
        "id": "x1",
        "anonymised": "Bel [telefoonnummer].",
        "spans": [{"start": 4, "end": 15, "label": "PHONE"}],
    }


def test_command_reports_bad_lines_and_goes_on(
    anonymiser: Anonymise, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Bad lines give an error object, good lines still come out, exit status 1."""
    lines = '{"id": "a", "text": "Ik ben Noor."}\nnot json\n{"id": "b"}\n'
    stdin = io.TextIOWrapper(io.BytesIO(lines.encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    monkeypatch.setattr(
        "verhalen.management.commands.anonymise._open_stdin", lambda: stdin
    )
    with pytest.raises(SystemExit) as stopped:
        Command().handle()
    assert stopped.value.code == 1
    outputs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert outputs[0]["anonymised"] == "Ik ben [naam]."
    assert outputs[1] == {"id": None, "error": outputs[1]["error"]}
    assert outputs[2] == {"id": "b", "error": "'text' must be a string"}


def test_initials_alone_on_a_line_sign_the_text(anonymiser: Anonymise) -> None:
    """A signature of initials on its own line is a person; the same letters inside
    a sentence, such as an abbreviation, are not."""
    text = "Het gesprek met het CJG ging goed.\n(KS)"
    result = anonymiser(text)
    assert replaced(text, result) == ["KS"]
    assert labels_of(result) == [Label.PERSON]


def test_capitalised_name_particles_inside_a_sentence_join_the_name(
    anonymiser: Anonymise,
) -> None:
    """ "De" in "sprak met De Prins" belongs to the surname; a sentence's first "De"
    stays the article."""
    text = "Gisteren sprak ik met De Prins over de aanvraag."
    result = anonymiser(text)
    assert "De" not in result.text.split("met ")[1].split(" over")[0]
    assert result.text.startswith("Gisteren sprak ik met [naam")
    kept = anonymiser("De gemeente belde terug.")
    assert kept.text == "De gemeente belde terug."


def _lines_through_command(
    lines: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> tuple[int, list[dict]]:
    """Exit status and output objects of ``manage.py anonymise`` on lines."""
    stdin = io.TextIOWrapper(io.BytesIO(lines.encode()), encoding="utf-8")
    monkeypatch.setattr(
        "verhalen.management.commands.anonymise._open_stdin", lambda: stdin
    )
    status = 0
    try:
        Command().handle()
    except SystemExit as stopped:
        status = int(stopped.code or 0)
    out = capsys.readouterr().out
    return status, [json.loads(line) for line in out.splitlines()]


def test_spans_are_plain_ints_when_deduce_gives_numpy_integers(
    anonymiser: Anonymise, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offsets deduce gives as numpy integers leave the anonymiser as plain ints."""
    text = "Gisteren kwam Wiebrand langs."
    annotation = SimpleNamespace(
        tag="persoon", start_char=np.int64(14), end_char=np.int64(22)
    )
    model = SimpleNamespace(
        deidentify=lambda text, disabled: SimpleNamespace(annotations=[annotation])
    )
    monkeypatch.setattr(engine, "deduce_model", lambda: model)
    result = anonymiser(text)
    assert [(type(s.start), type(s.end)) for s in result.spans] == [(int, int)]
    json.dumps([[s.start, s.end] for s in result.spans])


def test_command_gives_error_for_a_failing_line_and_goes_on(
    anonymiser: Anonymise, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A line whose anonymisation or output fails gives its id and an error; the
    lines after it still come out."""
    real = engine.anonymise

    def failing(text: str) -> Anonymised:
        if "kapot" in text:
            raise ValueError(text)
        if "numpy" in text:
            # What deduce's overlap resolver can give: offsets as numpy integers.
            return Anonymised("x", (Span(np.int64(0), np.int64(5), Label.PERSON),))
        return real(text)

    monkeypatch.setattr("verhalen.management.commands.anonymise.anonymise", failing)
    status, outputs = _lines_through_command(
        '{"id": "a", "text": "kapot"}\n{"id": "b", "text": "numpy"}\n'
        '{"id": "c", "text": "Bel 06-12345678."}\n',
        monkeypatch,
        capsys,
    )
    assert status == 1
    assert outputs[0] == {"id": "a", "error": "anonymisation failed"}
    assert outputs[1] == {"id": "b", "error": "anonymisation failed"}
    assert outputs[2]["anonymised"] == "Bel [telefoonnummer]."


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
    )
    | st.lists(
        st.sampled_from(
            [
                " ",
                "\n",
                "06-",
                "1234",
                " AB",
                "NL91",
                "de",
                "Van",
                "ik ben ",
                "Jan",
                "meneer",
                "(",
                ")",
                "-",
                "12",
                "jaar",
                "straat",
                ":",
                "@",
                ".nl",
                "ë",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_any_text_gives_int_spans_in_range_without_overlap_and_valid_json(
    anonymiser: Anonymise, text: str
) -> None:
    """Arbitrary Unicode text: spans are plain ints, sorted, inside the text and
    non-overlapping, and the command's output for it is valid JSON."""
    result = anonymiser(text)
    previous_end = 0
    for span in result.spans:
        assert type(span.start) is int and type(span.end) is int
        assert previous_end <= span.start < span.end <= len(text)
        previous_end = span.end
    output = anonymise_line(json.dumps({"id": "h", "text": text}))
    assert json.loads(json.dumps(output, ensure_ascii=False)) == output


def test_all_of_conll_ned_testa_goes_through_the_command(
    anonymiser: Anonymise, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Every sentence of CoNLL-2002 ned.testa gives an anonymised line, none fails."""
    path = data_dir() / "conll2002" / "ned.testa"
    if not path.is_file():
        pytest.skip(f"CoNLL-2002 ned.testa is not at {path} (set VENSTER_SHARED_DATA)")
    sentences = read_conll(path)
    lines = "".join(
        json.dumps({"id": str(n), "text": s.text}) + "\n"
        for n, s in enumerate(sentences)
    )
    status, outputs = _lines_through_command(lines, monkeypatch, capsys)
    assert status == 0
    assert [o["id"] for o in outputs] == [str(n) for n in range(len(sentences))]
    assert all("error" not in o and "anonymised" in o for o in outputs)
