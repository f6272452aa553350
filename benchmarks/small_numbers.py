"""What the small-number ladder keeps: of the demo and of a generated corpus.

For each corpus: the share of stories shown with their year, their quarter (or
month), their month, their province (or municipality) and their municipality, the
share suppressed (no place, no period), the smallest group any shown combination
forms (at least 5), and the time the ladder takes.

The generated corpus is skewed the way real submissions are: a few large
municipalities carry most stories (Zipf), a quarter of the stories name none, and
perspectives and domains are unevenly spread over five years. Beside it, in the
same run, the former chain ladder (place and period coarsened together) as baseline.

    python -m benchmarks.small_numbers [--sizes 10000] [--seed 7]
"""

import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from verhalen.municipalities import MUNICIPALITY_PROVINCE
from verhalen.small_numbers import (
    SUPPRESSED,
    K,
    PeriodLevel,
    PlaceLevel,
    Shown,
    StoryFacts,
    stories_generalise,
)

DEMO_FILE = Path(__file__).resolve().parents[1] / "verhalen" / "demo" / "demo.jsonl"
TARGET_SUPPRESSED = 0.05
PERSPECTIVES = {"inwoner": 50, "medewerker": 30, "organisatie": 15, "bestuurder": 5}
DOMAINS = {
    "wmo": 25,
    "jeugd": 20,
    "participatie": 20,
    "schulden": 15,
    "wonen": 10,
    "overig": 10,
}
YEARS = range(2022, 2027)


def corpus_generated(count: int, *, seed: int) -> list[StoryFacts]:
    """``count`` stories with a skewed spread of places, perspectives and domains."""
    rng = random.Random(seed)
    places = list(MUNICIPALITY_PROVINCE)
    rng.shuffle(places)
    place_weights = [1 / rank for rank in range(1, len(places) + 1)]
    stories = []
    for pk in range(1, count + 1):
        municipality = (
            "" if rng.random() < 0.25 else rng.choices(places, place_weights)[0]
        )
        stories.append(
            StoryFacts(
                pk=pk,
                municipality=municipality,
                perspective=rng.choices(list(PERSPECTIVES), PERSPECTIVES.values())[0],
                domain=rng.choices(list(DOMAINS), DOMAINS.values())[0],
                period=date(rng.choice(YEARS), rng.randint(1, 12), 1),
            )
        )
    return stories


def corpus_demo() -> list[StoryFacts]:
    """The stories ``manage.py load_demo`` publishes, as the ladder reads them."""
    stories = []
    for pk, line in enumerate(DEMO_FILE.read_text(encoding="utf-8").splitlines(), 1):
        data = json.loads(line)
        if data.get("type") != "verhaal":
            continue
        stories.append(
            StoryFacts(
                pk=pk,
                municipality=data.get("municipality", ""),
                perspective=data["perspective"],
                domain=data["domain"],
                period=date.fromisoformat(data["date"]).replace(day=1),
            )
        )
    return stories


# The ladder as it was before, as a baseline: one chain of rungs, place and period
# coarsened together (municipality and month, quarter, year; province and year; year).
CHAIN = [
    (PlaceLevel.MUNICIPALITY, PeriodLevel.MONTH),
    (PlaceLevel.MUNICIPALITY, PeriodLevel.QUARTER),
    (PlaceLevel.MUNICIPALITY, PeriodLevel.YEAR),
    (PlaceLevel.PROVINCE, PeriodLevel.YEAR),
    (PlaceLevel.NONE, PeriodLevel.YEAR),
]


def stories_generalise_chain(stories: list[StoryFacts]) -> dict[int, Shown]:
    """The former chain ladder: first rung whose label K unplaced stories share."""
    from verhalen import small_numbers

    shown: dict[int, Shown] = {}
    remaining = list(stories)
    for rung in CHAIN:
        labels = {story.pk: small_numbers._label(story, rung) for story in remaining}
        counts = Counter(labels.values())
        unplaced = []
        for story in remaining:
            if counts[labels[story.pk]] >= K:
                shown[story.pk] = small_numbers._shown(labels[story.pk])
            else:
                unplaced.append(story)
        remaining = unplaced
    return shown | {story.pk: SUPPRESSED for story in remaining}


CHAIN_LADDER = stories_generalise_chain


def released_groups(
    stories: list[StoryFacts], shown: dict[int, Shown]
) -> Counter[tuple]:
    """How many stories share each shown combination, suppressed stories left out."""
    return Counter(
        (
            shown[story.pk].place_level,
            shown[story.pk].place,
            shown[story.pk].period,
            story.perspective,
            story.domain,
        )
        for story in stories
        if not shown[story.pk].suppressed
    )


def report(name: str, stories: list[StoryFacts], ladder=None) -> dict[str, float]:
    """Print and return what the ladder keeps of ``stories``."""
    started = time.perf_counter()
    shown = (ladder or stories_generalise)(stories)
    seconds = time.perf_counter() - started
    n = len(stories) or 1
    values = list(shown.values())
    named = [s for s in stories if s.municipality in MUNICIPALITY_PROVINCE]

    def share(test, among=values) -> float:
        return sum(1 for value in among if test(value)) / (len(among) or 1)

    figures = {
        "year": share(lambda v: not v.suppressed),
        "quarter": share(
            lambda v: v.period_level in (PeriodLevel.MONTH, PeriodLevel.QUARTER)
        ),
        "month": share(lambda v: v.period_level == PeriodLevel.MONTH),
        "province of named": share(
            lambda v: v.place_level != PlaceLevel.NONE,
            [shown[s.pk] for s in named],
        ),
        "municipality of named": share(
            lambda v: v.place_level == PlaceLevel.MUNICIPALITY,
            [shown[s.pk] for s in named],
        ),
        "suppressed": share(lambda v: v.suppressed),
    }
    groups = released_groups(stories, shown)
    smallest = min(groups.values(), default=0)
    print(
        f"{name}: {len(stories)} stories, {len(named)} naming a known municipality, "
        f"{seconds * 1000:.0f} ms"
    )
    for label, value in figures.items():
        print(
            f"  keep {label:<22} {value:6.1%}" if label != "suppressed" else "", end=""
        )
        if label == "suppressed":
            print(f"  suppressed                  {value:6.1%}")
        else:
            print()
    print(f"  shown combinations {len(groups)}, smallest shared by {smallest}")
    if groups and smallest < K:
        raise SystemExit(f"a shown combination is shared by only {smallest}")
    return figures | {"n": n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    demo = corpus_demo()
    report("demo", demo)
    cells = Counter((s.perspective, s.domain, s.period.year) for s in demo)
    print(
        f"  (the demo's largest perspective × domain × year cell holds "
        f"{max(cells.values())} stories; fewer than {K} cannot keep even the year)"
    )
    failed = False
    for size in args.sizes:
        corpus = corpus_generated(size, seed=args.seed)
        name = f"generated (seed {args.seed})"
        report(f"{name}, former chain", corpus, ladder=CHAIN_LADDER)
        figures = report(name, corpus)
        if size >= 10_000 and figures["suppressed"] > TARGET_SUPPRESSED:
            print(f"  over the target of {TARGET_SUPPRESSED:.0%} suppressed")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
