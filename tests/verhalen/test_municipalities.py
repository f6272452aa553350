"""The municipalities Venster knows: CBS's list, loaded from one data file."""

import re
from datetime import date

from verhalen.municipalities import (
    MUNICIPALITIES,
    MUNICIPALITY_PROVINCE,
    VALID_ON,
    municipality_canonical,
    municipality_merged,
    municipality_names,
    municipality_namesakes,
)


def test_data_holds_342_municipalities_of_1_january_2026_in_12_provinces():
    codes = [m.code for m in MUNICIPALITIES]
    names = [m.name for m in MUNICIPALITIES]
    assert VALID_ON.isoformat() == "2026-01-01"
    assert len(MUNICIPALITIES) == 342
    assert len(set(codes)) == 342, "a gemeentecode twice"
    assert len(set(names)) == 342, "a name twice"
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    assert len({m.province for m in MUNICIPALITIES}) == 12


def test_weesp_is_no_municipality_but_part_of_amsterdam():
    assert municipality_canonical("Weesp") is None
    assert "Weesp" not in MUNICIPALITY_PROVINCE
    merged = municipality_merged("weesp")
    assert merged.part_of.name == "Amsterdam"
    assert merged.since == date(2022, 3, 24)


def test_bergen_means_two_municipalities_and_each_has_its_own_name():
    namesakes = {m.code: m.name for m in municipality_namesakes("Bergen")}
    assert namesakes == {"GM0373": "Bergen (NH)", "GM0893": "Bergen (L)"}
    assert municipality_canonical("Bergen") is None
    assert municipality_canonical("Bergen (NH.)") == "Bergen (NH)", "CBS's spelling"
    assert municipality_namesakes("Bergen op Zoom") == []


def test_everyday_names_keep_the_name_typed_and_know_their_province():
    assert municipality_canonical("den haag") == "Den Haag"
    assert municipality_canonical("'s-gravenhage") == "'s-Gravenhage"
    assert MUNICIPALITY_PROVINCE["Den Haag"] == "Zuid-Holland"
    assert MUNICIPALITY_PROVINCE["Den Bosch"] == "Noord-Brabant"


def test_place_names_hold_each_name_also_without_its_province():
    names = municipality_names()
    assert {"Bergen", "Bergen (NH)", "Bergen (L)", "Den Haag", "Weesp"} <= names
