"""The one rule that turns a tag as typed into its place in the shared vocabulary."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s_\-]+")


def tag_normalise(name: str) -> str:
    """Return ``name`` lower-cased, with hyphens and underscores read as spaces."""
    name = unicodedata.normalize("NFC", name)
    return _SEPARATORS.sub(" ", name).strip().lower()
