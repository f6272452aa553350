"""Measure the anonymiser against deduce alone on CoNLL-2002 Dutch and the dev sets.

Run from the repository root: ``python -m benchmarks.anonymiser``. Django is not
needed. The data folder is ``$VENSTER_SHARED_DATA`` or ``../shared/data``.

Recall is measured per label on ``pii_dev.jsonl`` and ``pii_dev_2.jsonl`` (and on the
two halves of the latter, split by record, as a check against tuning to one of
them), person recall and replaced ordinary words on CoNLL-2002 ``ned.testa``, with
the share of words and characters outside personal data that were replaced, texts
per second, load time and memory, each beside deduce alone in the same run.

``--misses`` lists what was missed per label, with a guess at the text's register,
``--extra`` what was replaced outside personal data, ``--conll`` the same for
CoNLL; these print dev-set text, for looking at locally only. ``--no-timing``
skips the throughput rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
PII_FILES = ("pii_dev.jsonl", "pii_dev_2.jsonl")
# pii_dev_2 split by record (even and odd lines): one half to look at, one to check.
HALVES = ("pii_dev_2.jsonl", ("pii_dev_2 A", "pii_dev_2 B"))
PERSON_RECALL_CONLL = 0.97
ORDINARY_REPLACED_MAX_CONLL = 0.015
ORDINARY_REPLACED_MAX = 0.03
PERSON_RECALL_PII = 0.97
ALL_RECALL_PII = 0.95
HARD_LABELS_RECALL = 0.90
HARD_LABELS = ("AGE", "ADDRESS", "ORGANISATION")
MUST_FIND_ALL = ("BSN", "IBAN", "EMAIL", "PHONE", "POSTCODE", "LICENSE_PLATE")
THROUGHPUT_SHARE = 0.5
TIMING_ROUNDS = 3
WORD_RE = re.compile(r"\w+")

Spans = list[tuple[int, int, str]]
System = Callable[[str], Spans]


@dataclass
class Sentence:
    """One CoNLL sentence as text, with each token's offsets and tag."""

    text: str
    tokens: list[tuple[int, int, str]]


@dataclass
class PiiFigures:
    """What one system scored on one annotated file."""

    recall: dict[str, float] = field(default_factory=dict)
    exact_recall: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    ordinary_words: float = 0.0
    ordinary_characters: float = 0.0


@dataclass
class Figures:
    """What one system scored."""

    person_recall_conll: float = 0.0
    ordinary_replaced_conll: float = 0.0
    pii: dict[str, PiiFigures] = field(default_factory=dict)
    texts_per_second: float = 0.0
    load_seconds: float = 0.0
    memory_mb: float = 0.0


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
    """The annotated texts of a pii_dev file."""
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


def _ordinary(text: str, gold: Spans, spans: Spans) -> tuple[int, int, int, int]:
    """Words and characters outside personal data, and how many were replaced."""
    inside = bytearray(len(text))
    for start, end, _ in gold:
        inside[start:end] = b"\1" * (end - start)
    hit = bytearray(len(text))
    for start, end, _ in spans:
        hit[start:end] = b"\1" * (end - start)
    words = replaced_words = characters = replaced_characters = 0
    for m in WORD_RE.finditer(text):
        if any(inside[m.start() : m.end()]):
            continue
        words += 1
        replaced_words += any(hit[m.start() : m.end()])
    for position, character in enumerate(text):
        if not character.isspace() and not inside[position]:
            characters += 1
            replaced_characters += hit[position]
    return words, replaced_words, characters, replaced_characters


def measure_pii(system: System, records: list[dict]) -> PiiFigures:
    """Recall per gold label (any label at half overlap, and label-exact) and the
    share of ordinary words and characters replaced."""
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    ordinary = [0, 0, 0, 0]
    for record in records:
        spans = system(record["text"])
        gold = [(g["start"], g["end"], g["label"]) for g in record["pii"]]
        for start, end, label in gold:
            totals[label] += 1
            found[label] += _covered(start, end, spans)
            exact[label] += _covered(start, end, spans, label)
        for index, count in enumerate(_ordinary(record["text"], gold, spans)):
            ordinary[index] += count
    figures = PiiFigures(counts=dict(totals))
    figures.recall = {label: found[label] / totals[label] for label in sorted(totals)}
    figures.exact_recall = {
        label: exact[label] / totals[label] for label in sorted(totals)
    }
    total = max(sum(totals.values()), 1)
    figures.recall["ALL"] = sum(found.values()) / total
    figures.exact_recall["ALL"] = sum(exact.values()) / total
    figures.counts["ALL"] = sum(totals.values())
    figures.ordinary_words = ordinary[1] / max(ordinary[0], 1)
    figures.ordinary_characters = ordinary[3] / max(ordinary[2], 1)
    return figures


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


def measure(
    system: System, sentences: list[Sentence], files: dict[str, list[dict]]
) -> Figures:
    """Every figure for one system except speed, which is measured side by side."""
    figures = Figures()
    figures.person_recall_conll, figures.ordinary_replaced_conll = measure_conll(
        system, sentences
    )
    figures.pii = {
        name: measure_pii(system, records) for name, records in files.items()
    }
    return figures


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_both() -> tuple[tuple[float, float], tuple[float, float]]:
    """Load time (s) and process peak memory (MB): deduce alone, then Venster's."""
    started = time.perf_counter()
    deduce_model()
    deduce_seconds, deduce_mb = time.perf_counter() - started, _peak_mb()
    started = time.perf_counter()
    # The first call builds Venster's word lists on top of deduce's model.
    anonymise("Ik ben Noor de Vries uit Zwolle.")
    extra = time.perf_counter() - started
    return (deduce_seconds + extra, _peak_mb()), (deduce_seconds, deduce_mb)


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:6.2f}x" if theirs else "     -"


def _row(name: str, ours: float, theirs: float, digits: int = 3) -> str:
    return (
        f"{name:<44} {ours:>10.{digits}f} {theirs:>10.{digits}f} {_ratio(ours, theirs)}"
    )


def _recall_table(ours: Figures, theirs: Figures, exact: bool) -> None:
    names = list(ours.pii)
    header = "".join(f"{name[:15]:>17}" for name in names)
    kind = "label-exact recall" if exact else "recall (any label)"
    print(f"\n{kind:<16}{header}")
    print(f"{'venster / deduce':<16}" + "".join(f"{'':>17}" for _ in names))
    labels = sorted({label for f in ours.pii.values() for label in f.recall} - {"ALL"})
    for label in [*labels, "ALL"]:
        cells = []
        for name in names:
            mine, other = ours.pii[name], theirs.pii[name]
            table, their_table = (
                (mine.exact_recall, other.exact_recall)
                if exact
                else (mine.recall, other.recall)
            )
            if label in table:
                count = mine.counts[label]
                cells.append(
                    f"{table[label]:>6.3f} {their_table[label]:.3f} {count:>3}"[:17]
                )
            else:
                cells.append("")
            cells[-1] = f"{cells[-1]:>17}"
        print(f"{label:<16}" + "".join(cells))


def _checks(ours: Figures, theirs: Figures) -> list[tuple[str, bool]]:
    checks = [
        (
            f"CoNLL person recall >= {PERSON_RECALL_CONLL}",
            ours.person_recall_conll >= PERSON_RECALL_CONLL,
        ),
        (
            f"CoNLL ordinary words replaced <= {ORDINARY_REPLACED_MAX_CONLL:.1%}",
            ours.ordinary_replaced_conll <= ORDINARY_REPLACED_MAX_CONLL,
        ),
        (
            f"throughput >= {THROUGHPUT_SHARE:.0%} of deduce alone",
            not ours.texts_per_second
            or ours.texts_per_second >= THROUGHPUT_SHARE * theirs.texts_per_second,
        ),
    ]
    for name in PII_FILES:
        figures = ours.pii.get(name)
        if figures is None:
            continue
        recall = figures.recall
        checks += [
            *(
                (f"{name} every {label} found", recall.get(label, 1.0) == 1.0)
                for label in MUST_FIND_ALL
            ),
            (
                f"{name} PERSON recall >= {PERSON_RECALL_PII}",
                recall.get("PERSON", 1.0) >= PERSON_RECALL_PII,
            ),
            (f"{name} ALL recall >= {ALL_RECALL_PII}", recall["ALL"] >= ALL_RECALL_PII),
            *(
                (
                    f"{name} {label} recall >= {HARD_LABELS_RECALL}",
                    recall.get(label, 1.0) >= HARD_LABELS_RECALL,
                )
                for label in HARD_LABELS
            ),
            (
                f"{name} ordinary words replaced <= {ORDINARY_REPLACED_MAX:.0%}",
                figures.ordinary_words <= ORDINARY_REPLACED_MAX,
            ),
        ]
    return checks


def report(ours: Figures, theirs: Figures) -> bool:
    """Print the figures side by side and the targets; True when all pass."""
    print(f"{'figure':<44} {'venster':>10} {'deduce':>10}  ratio")
    print(_row("load time (s)", ours.load_seconds, theirs.load_seconds, 1))
    print(_row("process peak memory (MB)", ours.memory_mb, theirs.memory_mb, 0))
    print(_row("CoNLL-2002 person token recall", *_conll(ours, theirs, "person")))
    print(_row("CoNLL-2002 ordinary (O) words replaced", *_conll(ours, theirs, "o")))
    for name in ours.pii:
        mine, other = ours.pii[name], theirs.pii[name]
        print(_row(f"{name} recall ALL", mine.recall["ALL"], other.recall["ALL"]))
        print(
            _row(
                f"{name} ordinary words replaced",
                mine.ordinary_words,
                other.ordinary_words,
            )
        )
        print(
            _row(
                f"{name} ordinary characters replaced",
                mine.ordinary_characters,
                other.ordinary_characters,
            )
        )
    if ours.texts_per_second:
        print(
            _row("texts per second", ours.texts_per_second, theirs.texts_per_second, 0)
        )
    _recall_table(ours, theirs, exact=False)
    _recall_table(ours, theirs, exact=True)
    print()
    checks = _checks(ours, theirs)
    for name, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'} {name}")
    return all(passed for _, passed in checks)


def _conll(ours: Figures, theirs: Figures, which: str) -> tuple[float, float]:
    if which == "person":
        return ours.person_recall_conll, theirs.person_recall_conll
    return ours.ordinary_replaced_conll, theirs.ordinary_replaced_conll


def guess_register(text: str) -> str:
    """A rough guess at a text's register, to group misses when looking at them."""
    lines = [line for line in text.splitlines() if line.strip()]
    lower = text.lower()
    if sum(bool(re.match(r"^[\w .'-]{1,25}:\s", line)) for line in lines) >= 3:
        return "chat/transcript"
    if re.search(r"^(?:van|aan|onderwerp):", lower, re.MULTILINE):
        return "e-mail"
    if "geachte" in lower or "hoogachtend" in lower:
        return "letter"
    if "met vriendelijke groet" in lower:
        return "e-mail/letter"
    if re.search(r"(?m)^\s*\d{1,2}[-/]\d{1,2}\b|/[A-Z]{2,3}\b|\bdhr\.|\bmw\.", text):
        return "case notes"
    if text == lower or re.search(r"\b(?:ff|idd|wrm|omdat ik|hoi)\b", lower):
        return "informal"
    return "other"


def _context(text: str, start: int, end: int) -> str:
    snippet = text[max(0, start - 40) : start] + "⟦" + text[start:end] + "⟧"
    return (snippet + text[end : end + 30]).replace("\n", "⏎")


def print_misses(name: str, records: list[dict]) -> None:
    """Each gold span the anonymiser missed, per label and register (local use)."""
    misses: list[tuple[str, str, str, str]] = []
    for record in records:
        text, spans = record["text"], venster(record["text"])
        register = guess_register(text)
        for gold in record["pii"]:
            if not _covered(gold["start"], gold["end"], spans):
                context = _context(text, gold["start"], gold["end"])
                misses.append((gold["label"], register, record["id"], context))
    print(f"\n-- misses in {name}: {len(misses)}")
    for label, register, record_id, context in sorted(misses):
        print(f"{label:<14} {register:<16} {record_id:<7} {context}")


def print_extra(name: str, records: list[dict]) -> None:
    """Each replacement outside the gold spans (local use)."""
    print(f"\n-- replaced outside personal data in {name}")
    for record in records:
        text = record["text"]
        gold = [(g["start"], g["end"], g["label"]) for g in record["pii"]]
        for start, end, label in venster(text):
            if not _overlaps(start, end, gold):
                print(f"{label:<14} {record['id']:<7} {_context(text, start, end)}")


def print_conll(sentences: list[Sentence]) -> None:
    """CoNLL person tokens missed and O tokens replaced (local use)."""
    for sentence in sentences:
        spans = venster(sentence.text)
        for start, end, tag in sentence.tokens:
            hit = _overlaps(start, end, spans)
            if tag.endswith("-PER") and not hit:
                print(f"MISSED   {_context(sentence.text, start, end)}")
            elif tag == "O" and hit:
                print(f"REPLACED {_context(sentence.text, start, end)}")


def read_files(folder: Path) -> dict[str, list[dict]]:
    """The annotated files by name, with pii_dev_2's two halves."""
    files = {name: read_pii(folder / name) for name in PII_FILES}
    source, (first, second) = HALVES
    files[first] = files[source][0::2]
    files[second] = files[source][1::2]
    return files


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list missed spans")
    parser.add_argument("--extra", action="store_true", help="list over-replacements")
    parser.add_argument("--conll", action="store_true", help="list CoNLL errors")
    parser.add_argument("--no-timing", action="store_true", help="skip throughput")
    parser.add_argument(
        "--on",
        nargs="+",
        default=["pii_dev.jsonl", HALVES[1][0]],
        help="files whose misses and extras to list (default: the tuning half)",
    )
    options = parser.parse_args(argv)
    folder = data_dir()
    sentences = read_conll(folder / "conll2002" / "ned.testa")
    files = read_files(folder)
    (ours_load, ours_mb), (their_load, their_mb) = load_both()
    print(
        f"{len(sentences)} CoNLL sentences, "
        + ", ".join(f"{len(r)} {n} texts" for n, r in files.items())
    )
    theirs = measure(deduce_alone, sentences, files)
    ours = measure(venster, sentences, files)
    ours.load_seconds, ours.memory_mb = ours_load, ours_mb
    theirs.load_seconds, theirs.memory_mb = their_load, their_mb
    if not options.no_timing:
        texts = [s.text for s in sentences] + [
            r["text"] for name in PII_FILES for r in files[name]
        ]
        ours.texts_per_second, theirs.texts_per_second = throughputs(
            [venster, deduce_alone], texts
        )
    passed = report(ours, theirs)
    for name in options.on:
        if options.misses:
            print_misses(name, files[name])
        if options.extra:
            print_extra(name, files[name])
    if options.conll:
        print_conll(sentences)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
