"""The Dutch catalogue is complete and compiled: Dutch is Venster's default language."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_dutch_is_the_default_language():
    assert settings.LANGUAGE_CODE == "nl"


def test_no_dutch_entry_is_untranslated_or_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert not catalogue.metadata_is_fuzzy
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.msgid[:40])
def test_compiled_catalogue_matches_the_po_file(entry):
    """The committed .mo says what the .po says (run `make messages` after edits)."""
    with translation.override("nl"):
        if entry.msgid_plural:
            assert (
                translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                == (entry.msgstr_plural[1])
            )
        elif entry.msgctxt:
            assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert translation.gettext(entry.msgid) == entry.msgstr
