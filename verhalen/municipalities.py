"""Dutch municipalities and the province each lies in, for forms and small numbers.

Loaded once from ``data/gemeenten_2026.json``: CBS's list of the municipalities on
1 January 2026; the everyday names residents type ("Den Haag" for 's-Gravenhage),
which Venster stores as typed; and the municipalities merged into another since 2021
("Weesp", part of Amsterdam since 2022), which a resident is pointed onwards from.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

DATA_FILE = "gemeenten_2026.json"


@dataclass(frozen=True)
class Municipality:
    """One municipality as CBS lists it: gemeentecode, name and province."""

    code: str
    name: str
    province: str

    @property
    def base_name(self) -> str:
        """The name without the province that tells namesakes apart: "Bergen"."""
        return _base(self.name)


@dataclass(frozen=True)
class Merged:
    """A former municipality, and the one it has been part of since a date."""

    name: str
    part_of: Municipality
    since: date


def _fold(name: str) -> str:
    # CBS writes "Bergen (NH.)", Venster "Bergen (NH)": both are the same name.
    return " ".join(name.split()).casefold().replace(".", "")


def _base(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", name)


_DATA = json.loads(
    resources.files("verhalen").joinpath("data", DATA_FILE).read_text("utf-8")
)
SOURCE: str = _DATA["source"]
VALID_ON = date.fromisoformat(_DATA["valid_on"])
MUNICIPALITIES: tuple[Municipality, ...] = tuple(
    Municipality(**row) for row in _DATA["municipalities"]
)
_BY_CODE = {m.code: m for m in MUNICIPALITIES}
EVERYDAY_NAMES: dict[str, Municipality] = {
    row["name"]: _BY_CODE[row["code"]] for row in _DATA["everyday_names"]
}
MERGED: tuple[Merged, ...] = tuple(
    Merged(row["name"], _BY_CODE[row["part_of"]], date.fromisoformat(row["since"]))
    for row in _DATA["merged"]
)

# Every name Venster stores, the everyday ones included, so that stories keep
# their province whichever of a municipality's names they were sent with.
MUNICIPALITY_PROVINCE: dict[str, str] = {
    **{m.name: m.province for m in MUNICIPALITIES},
    **{name: m.province for name, m in EVERYDAY_NAMES.items()},
}

# The twelve provinces, as CBS writes them ("Fryslân"), from the same data file.
PROVINCES: tuple[str, ...] = tuple(sorted({m.province for m in MUNICIPALITIES}))


def _by_base(municipalities: tuple[Municipality, ...]) -> dict[str, list[Municipality]]:
    groups: dict[str, list[Municipality]] = {}
    for municipality in municipalities:
        groups.setdefault(_fold(municipality.base_name), []).append(municipality)
    return groups


_BY_FOLDED = {_fold(name): name for name in MUNICIPALITY_PROVINCE}
_BY_BASE = _by_base(MUNICIPALITIES)
_MERGED_BY_FOLDED = {_fold(merged.name): merged for merged in MERGED}


def municipality_canonical(name: str) -> str | None:
    """Return the register's spelling of ``name``, or None if it is no municipality."""
    return _BY_FOLDED.get(_fold(name))


def municipality_namesakes(name: str) -> list[Municipality]:
    """The municipalities ``name`` could mean when it means more than one: Bergen."""
    namesakes = _BY_BASE.get(_fold(name), [])
    return namesakes if len(namesakes) > 1 else []


def municipality_merged(name: str) -> Merged | None:
    """The merger that ended the former municipality ``name``, if the data lists it."""
    return _MERGED_BY_FOLDED.get(_fold(name))


def municipality_names() -> frozenset[str]:
    """Every name in the data, former ones too, and each without its province."""
    names = set(MUNICIPALITY_PROVINCE) | {merged.name for merged in MERGED}
    return frozenset(names | {_base(name) for name in names})
