"""How fast ``import_jsonl`` takes 10,000 lines on SQLite, beside Wagtail's usual path.

The baseline publishes the same kind of pages one by one the way an editor's
"publish" does: ``add_child`` followed by ``save_revision().publish()``.

    python -m benchmarks.importer [--lines 10000] [--baseline-lines 500]
"""

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

TAGS = [
    "wachtlijst",
    "bereikbaarheid",
    "brief onbegrijpelijk",
    "terugvordering",
    "maatwerk",
    "keukentafelgesprek",
    "toeslagen",
    "schuldhulp",
    "huisuitzetting",
    "digitale drempel",
    "vertrouwen",
    "vaste contactpersoon",
    "mantelzorg",
    "Sociaal-Wijkteam",
    " Overbruggingszorg ",
]
KINDS = ["verhaal"] * 8 + ["reflectie", "experiment"]
# Half of the 259 lines/s of the importer that placed pages by hand; pages are now
# placed by treebeard's add_child and validated by Wagtail, one by one.
TARGET_RATE = 130


def generate(count: int, *, seed: int, prefix: str) -> list[str]:
    """Return ``count`` valid JSON Lines of mixed content."""
    rng = random.Random(seed)
    lines = []
    for n in range(count):
        kind = rng.choice(KINDS)
        line = {
            "type": kind,
            "title": f"{prefix} {kind} {n}",
            "body": "Wat er gebeurde.\n\nWat het met mensen deed.",
            "tags": rng.sample(TAGS, rng.randint(2, 5)),
            "perspective": rng.choice(["inwoner", "medewerker", "organisatie"]),
            "domain": rng.choice(["wmo", "jeugd", "participatie", "schulden"]),
            "date": f"20{rng.randint(23, 26)}-{rng.randint(1, 12):02d}-15",
        }
        if kind == "experiment":
            line["status"] = rng.choice(["idee", "open", "lopend", "afgerond"])
        lines.append(json.dumps(line, ensure_ascii=False))
    return lines


def baseline(lines: list[str]) -> float:
    """Publish each line through add_child and a revision; return seconds."""
    import datetime

    from leren.models import ExperimentPage, ReflectiePage
    from verhalen.models import VerhaalPage
    from verhalen.services import site_tree_ensure

    tree = site_tree_ensure()
    parents = {
        "verhaal": tree.verhalen,
        "reflectie": tree.reflecties,
        "experiment": tree.experimenten,
    }
    models = {
        "verhaal": VerhaalPage,
        "reflectie": ReflectiePage,
        "experiment": ExperimentPage,
    }
    started = time.perf_counter()
    for raw in lines:
        data = json.loads(raw)
        fields = {
            "title": data["title"],
            "domain": data["domain"],
            "period": datetime.date.fromisoformat(data["date"]).replace(day=1),
            "live": False,
        }
        if data["type"] == "experiment":
            fields.update(approach=data["body"], status=data["status"])
        else:
            fields.update(body=data["body"], perspective=data["perspective"])
        page = models[data["type"]](**fields)
        page.tags.add(*[t.strip().lower() for t in data["tags"]])
        parents[data["type"]].add_child(instance=page)
        page.save_revision().publish()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--baseline-lines", type=int, default=200)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="venster-bench-import-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    from search.importing import jsonl_import

    call_command("migrate", verbosity=0)

    base_seconds = baseline(generate(args.baseline_lines, seed=1, prefix="Basis"))
    base_rate = args.baseline_lines / base_seconds

    lines = generate(args.lines, seed=2, prefix="Import")
    started = time.perf_counter()
    report = jsonl_import(lines=lines)
    seconds = time.perf_counter() - started
    assert sum(report.created.values()) == args.lines, report.skipped[:3]
    started = time.perf_counter()
    again = jsonl_import(lines=lines)
    again_seconds = time.perf_counter() - started
    assert not again.created

    rate = args.lines / seconds
    print("import_jsonl on SQLite")
    print(
        f"  baseline (add_child + publish, {args.baseline_lines} lines): "
        f"{base_rate:8.0f} lines/s"
    )
    print(
        f"  import_jsonl ({args.lines} lines): {seconds:6.1f} s = "
        f"{rate:8.0f} lines/s  ({rate / base_rate:.1f}x the baseline)"
    )
    print(f"  same file again (nothing to add): {again_seconds:6.1f} s")
    print(
        f"  target: at least {TARGET_RATE} lines/s: "
        f"{'PASS' if rate >= TARGET_RATE else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
