"""Dutch anonymiser: replaces personal data in residents' texts before storage."""

from .engine import anonymise, deduce_model
from .results import Anonymised, Label, Span

__all__ = ["Anonymised", "Label", "Span", "anonymise", "deduce_model"]
