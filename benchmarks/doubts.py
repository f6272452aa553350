"""How often the anonymiser's output raises a doubt, and how much it missed is doubted.

Run from the repository root: ``python -m benchmarks.doubts`` (``--list`` prints every
doubt and every missed item with its context). Django is not needed. The data folder
is ``$VENSTER_SHARED_DATA`` or ``../shared/data``.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.anonymiser import data_dir, read_conll, read_pii
from verhalen.anonymiser import Anonymised, anonymise
from verhalen.anonymiser.doubts import doubts_find, original_offsets

# A few doubts per 1,000 words helps a reader; dozens would be skimmed past.
DOUBTS_PER_1000_WORDS_MAX = 10.0


@dataclass
class DoubtFigures:
    """Doubts raised on one corpus, and the share of missed items they cover."""

    words: int = 0
    doubts: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    missed: int = 0
    missed_doubted: int = 0
    missed_by_label: Counter[str] = field(default_factory=Counter)
    doubted_by_label: Counter[str] = field(default_factory=Counter)

    @property
    def per_1000_words(self) -> float:
        """Doubts per thousand words of input."""
        return 1000 * self.doubts / max(self.words, 1)


def _doubted_spans(
    text: str, result: Anonymised, listing: bool
) -> tuple[list[tuple[int, int]], int]:
    """Doubts of the anonymised text, as offsets in text, and their number."""
    doubts = doubts_find(result.text)
    spans = []
    for doubt in doubts:
        offsets = original_offsets(text, result, doubt.start, doubt.end)
        if offsets:
            spans.append(offsets)
        if listing:
            context = result.text[max(0, doubt.start - 40) : doubt.end + 40]
            print(f"  {doubt.kind:<12} {doubt.text!r:<24} …{context!r}…")
    return spans, len(doubts)


def _replaced(result: Anonymised, start: int, end: int) -> bool:
    covered = sum(max(0, min(end, s.end) - max(start, s.start)) for s in result.spans)
    return covered * 2 >= end - start


def measure_texts(
    texts: list[str], golds: list[list[dict]], listing: bool = False
) -> DoubtFigures:
    """Doubts per word and the share of missed gold items that a doubt overlaps."""
    figures = DoubtFigures()
    for text, gold in zip(texts, golds, strict=True):
        figures.words += len(text.split())
        result = anonymise(text)
        spans, count = _doubted_spans(text, result, listing)
        figures.doubts += count
        for item in gold:
            start, end, label = item["start"], item["end"], item["label"]
            if _replaced(result, start, end):
                continue
            doubted = any(s < end and start < e for s, e in spans)
            figures.missed += 1
            figures.missed_by_label[label] += 1
            figures.missed_doubted += doubted
            figures.doubted_by_label[label] += doubted
            if listing:
                mark = "doubted" if doubted else "MISSED "
                context = text[max(0, start - 40) : end + 30]
                print(f"  {mark} {label:<14} {text[start:end]!r:<20} …{context!r}…")
    return figures


def _conll_gold(sentence) -> list[dict]:
    """Person tokens of a CoNLL sentence as gold items."""
    return [
        {"start": start, "end": end, "label": "PERSON"}
        for start, end, tag in sentence.tokens
        if tag.endswith("-PER")
    ]


def report(name: str, figures: DoubtFigures) -> bool:
    """Print one corpus's figures; True when the rate stays under the maximum."""
    share = figures.missed_doubted / max(figures.missed, 1)
    print(
        f"{name:<18} {figures.words:>7} words {figures.doubts:>5} doubts "
        f"{figures.per_1000_words:5.1f} per 1,000 words; missed {figures.missed:>4}, "
        f"of which doubted {figures.missed_doubted:>4} ({share:.0%})"
    )
    labels = ", ".join(
        f"{label} {figures.doubted_by_label[label]}/{count}"
        for label, count in sorted(figures.missed_by_label.items())
    )
    if labels:
        print(f"{'':<18} missed and doubted per label: {labels}")
    passed = figures.per_1000_words <= DOUBTS_PER_1000_WORDS_MAX
    print(
        f"{'PASS' if passed else 'FAIL'} {name} doubts per 1,000 words "
        f"<= {DOUBTS_PER_1000_WORDS_MAX:g}"
    )
    return passed


def main(argv: list[str] | None = None) -> int:
    """Measure every corpus; exit status 1 when a rate is over the maximum."""
    listing = "--list" in (sys.argv[1:] if argv is None else argv)
    folder = data_dir()
    sentences = read_conll(folder / "conll2002" / "ned.testa")
    corpora = {
        "ned.testa": (
            [s.text for s in sentences],
            [_conll_gold(s) for s in sentences],
        )
    }
    for file_name in ("pii_dev.jsonl", "pii_dev_2.jsonl"):
        records = read_pii(folder / file_name)
        corpora[file_name] = ([r["text"] for r in records], [r["pii"] for r in records])
    passed = True
    for name, (texts, golds) in corpora.items():
        if listing:
            print(f"== {name}")
        passed &= report(name, measure_texts(texts, golds, listing))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
