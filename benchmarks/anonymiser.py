"""Measure the anonymiser against deduce alone on CoNLL-2002 Dutch and pii_dev.jsonl.

Run from the repository root: ``python -m benchmarks.anonymiser``. Django is not
needed. The data folder is ``$VENSTER_SHARED_DATA`` or ``../shared/data``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from verhalen.anonymiser import anonymise, deduce_model
from verhalen.anonymiser.engine import DEDUCE_LABELS

REPO_ROOT = Path(__file__).resolve().parent.parent
PERSON_RECALL_CONLL = 0.95
ORDINARY_REPLACED_MAX = 0.03
PERSON_RECALL_PII = 0.97
MUST_FIND_ALL = ("BSN", "IBAN", "EMAIL", "PHONE", "POSTCODE", "LICENSE_PLATE")
THROUGHPUT_SHARE = 0.5
TIMING_ROUNDS = 3

Spans = list[tuple[int, int, str]]
System = Callable[[str], Spans]


@dataclass
class Sentence:
    """One CoNLL sentence as text, with each token's offsets and tag."""

    text: str
    tokens: list[tuple[int, int, str]]


@dataclass
class Figures:
    """What one system scored."""

    person_recall_conll: float = 0.0
    ordinary_replaced: float = 0.0
    recall: dict[str, float] = field(default_factory=dict)
    exact_recall: dict[str, float] = field(default_factory=dict)
    texts_per_second: float = 0.0


def data_dir() -> Path:
    """The shared data folder."""
    default = REPO_ROOT.parent / "shared" / "data"
    return Path(os.environ.get("VENSTER_SHARED_DATA", default))


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL-2002 file, tokens joined by spaces."""
    sentences: list[Sentence] = []
    words: list[tuple[str, str]] = []

    def flush() -> None:
        if not words:
            return
        tokens, position = [], 0
        for word, tag in words:
            tokens.append((position, position + len(word), tag))
            position += len(word) + 1
        sentences.append(Sentence(" ".join(w for w, _ in words), tokens))
        words.clear()

    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
        elif parts[0] != "-DOCSTART-":
            words.append((parts[0], parts[-1]))
    flush()
    return sentences


def read_pii(path: Path) -> list[dict]:
    """The annotated texts of pii_dev.jsonl."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def venster(text: str) -> Spans:
    """Spans replaced by Venster's anonymiser."""
    return [(s.start, s.end, str(s.label)) for s in anonymise(text).spans]


def deduce_alone(text: str) -> Spans:
    """Spans replaced by deduce alone, its tags mapped to Venster's labels."""
    document = deduce_model().deidentify(text)
    return [
        (a.start_char, a.end_char, str(DEDUCE_LABELS.get(a.tag, a.tag)))
        for a in document.annotations
    ]


def _overlaps(start: int, end: int, spans: Spans) -> bool:
    return any(s < end and start < e for s, e, _ in spans)


def _covered(start: int, end: int, spans: Spans, label: str | None = None) -> bool:
    """Whether spans (of label, if given) cover at least half of start–end."""
    covered = sum(
        max(0, min(end, e) - max(start, s))
        for s, e, found in spans
        if label is None or found == label
    )
    return covered * 2 >= end - start


def measure_conll(system: System, sentences: list[Sentence]) -> tuple[float, float]:
    """Person-token recall and share of O tokens replaced."""
    persons = found = ordinary = replaced = 0
    for sentence in sentences:
        spans = system(sentence.text)
        for start, end, tag in sentence.tokens:
            hit = _overlaps(start, end, spans)
            if tag.endswith("-PER"):
                persons += 1
                found += hit
            elif tag == "O":
                ordinary += 1
                replaced += hit
    return found / max(persons, 1), replaced / max(ordinary, 1)


def measure_pii(system: System, records: list[dict]) -> tuple[dict, dict]:
    """Recall per gold label: any label at half overlap, and label-exact."""
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for record in records:
        spans = system(record["text"])
        for gold in record["pii"]:
            label = gold["label"]
            totals[label] += 1
            found[label] += _covered(gold["start"], gold["end"], spans)
            exact[label] += _covered(gold["start"], gold["end"], spans, label)
    recall = {label: found[label] / totals[label] for label in sorted(totals)}
    exact_recall = {label: exact[label] / totals[label] for label in sorted(totals)}
    recall["ALL"] = sum(found.values()) / max(sum(totals.values()), 1)
    exact_recall["ALL"] = sum(exact.values()) / max(sum(totals.values()), 1)
    return recall, exact_recall


def throughputs(systems: list[System], texts: Iterable[str]) -> list[float]:
    """Texts per second for each system over per-text calls.

    The systems take turns on chunks of texts, round after round, and each keeps its
    best time per chunk: load from elsewhere on the machine then falls on both alike
    instead of on whichever happened to run during it.
    """
    texts = list(texts)
    chunks = [texts[i : i + 200] for i in range(0, len(texts), 200)]
    best = [[float("inf")] * len(chunks) for _ in systems]
    for _ in range(TIMING_ROUNDS):
        for index, chunk in enumerate(chunks):
            for which, system in enumerate(systems):
                started = time.perf_counter()
                for text in chunk:
                    system(text)
                elapsed = time.perf_counter() - started
                best[which][index] = min(best[which][index], elapsed)
    return [len(texts) / sum(times) for times in best]


def measure(system: System, sentences: list[Sentence], records: list[dict]) -> Figures:
    """Every figure for one system except speed, which is measured side by side."""
    figures = Figures()
    figures.person_recall_conll, figures.ordinary_replaced = measure_conll(
        system, sentences
    )
    figures.recall, figures.exact_recall = measure_pii(system, records)
    return figures


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:6.2f}x" if theirs else "     -"


def _row(name: str, ours: float, theirs: float, digits: int = 3) -> str:
    return (
        f"{name:<38} {ours:>10.{digits}f} {theirs:>10.{digits}f} {_ratio(ours, theirs)}"
    )


def report(ours: Figures, theirs: Figures) -> bool:
    """Print the figures side by side and the targets; True when all pass."""
    print(f"{'figure':<38} {'venster':>10} {'deduce':>10}  ratio")
    print(_row("CoNLL-2002 person token recall", *_pair(ours, theirs, "conll")))
    print(_row("CoNLL-2002 ordinary (O) words replaced", *_pair(ours, theirs, "o")))
    for label in ours.recall:
        print(_row(f"pii_dev recall {label}", ours.recall[label], theirs.recall[label]))
    for label in ours.exact_recall:
        print(
            _row(
                f"pii_dev label-exact {label}",
                ours.exact_recall[label],
                theirs.exact_recall[label],
            )
        )
    print(_row("texts per second", ours.texts_per_second, theirs.texts_per_second, 0))
    checks = [
        (
            f"CoNLL person recall >= {PERSON_RECALL_CONLL}",
            ours.person_recall_conll >= PERSON_RECALL_CONLL,
        ),
        (
            f"CoNLL ordinary words replaced <= {ORDINARY_REPLACED_MAX:.0%}",
            ours.ordinary_replaced <= ORDINARY_REPLACED_MAX,
        ),
        *(
            (f"pii_dev every {label} found", ours.recall.get(label, 1.0) == 1.0)
            for label in MUST_FIND_ALL
        ),
        (
            f"pii_dev PERSON recall >= {PERSON_RECALL_PII}",
            ours.recall.get("PERSON", 0.0) >= PERSON_RECALL_PII,
        ),
        (
            f"throughput >= {THROUGHPUT_SHARE:.0%} of deduce alone",
            ours.texts_per_second >= THROUGHPUT_SHARE * theirs.texts_per_second,
        ),
    ]
    for name, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'} {name}")
    return all(passed for _, passed in checks)


def _pair(ours: Figures, theirs: Figures, which: str) -> tuple[float, float]:
    if which == "conll":
        return ours.person_recall_conll, theirs.person_recall_conll
    return ours.ordinary_replaced, theirs.ordinary_replaced


def main() -> int:
    """Run the benchmark; exit status 1 when a target fails."""
    folder = data_dir()
    sentences = read_conll(folder / "conll2002" / "ned.testa")
    records = read_pii(folder / "pii_dev.jsonl")
    started = time.perf_counter()
    deduce_model()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"deduce loaded in {time.perf_counter() - started:.1f} s "
        f"(process peak memory {peak_mb:.0f} MB)"
    )
    print(f"{len(sentences)} CoNLL sentences, {len(records)} pii_dev texts")
    theirs = measure(deduce_alone, sentences, records)
    ours = measure(venster, sentences, records)
    texts = [s.text for s in sentences] + [r["text"] for r in records]
    ours.texts_per_second, theirs.texts_per_second = throughputs(
        [venster, deduce_alone], texts
    )
    return 0 if report(ours, theirs) else 1


if __name__ == "__main__":
    sys.exit(main())
