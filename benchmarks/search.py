"""Search and pattern recompute at 10,000 and 100,000 stories on PostgreSQL.

Each figure stands beside a baseline measured in the same run:

- search: two tag filters with facets through Venster's database backend (stored
  Dutch ``tsvector``, facets counted by the database) against what a Wagtail site
  would write instead: the tag filters in the ORM, Wagtail's PostgreSQL search and
  its ``.facet()`` for each facet (``.facet()`` needs a ``FilterField`` and cannot
  count a many-to-many, so the tag facet is one ORM count over the matches' ids).
  A second line keeps the plainer baseline with the facets counted in Python;
- similar stories: ``stories_similar`` for stories picked at random (the rare tags
  they share and their words, in the database backend's PostgreSQL query) against
  django-taggit's ``similar_objects()``, what a Wagtail site has at hand for
  "stories like this one" (shared tags counted, nothing weighed);
- patterns: ``patterns_recompute``, trends included, against counting tag
  co-occurrence in Python over the pages with their tags prefetched; and the trend
  tests inside it against the same tests on windows counted by the ORM per pattern.

Needs PostgreSQL: ``DATABASE_URL=postgres://…/test`` names the server; the benchmark
makes and drops its own database beside it.

    python -m benchmarks.search [--sizes 10000 100000] [--runs 40]
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from itertools import combinations

import psycopg

DATABASE = "venster_bench_search"
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
    "sociaal wijkteam",
    "overbruggingszorg",
    "jeugdzorg",
    "indicatie",
    "bezwaar",
    "eigen bijdrage",
    "beschikking",
] + [f"onderwerp {n}" for n in range(180)]
WORDS = [
    *("brief", "telefoon", "wachtlijst", "consulent", "beschikking", "gesprek"),
    *("termijn", "hulp", "huur", "schuld", "zorg", "school", "bezwaar"),
    *("afspraak", "formulier", "loket"),
]
PLANTED = ["wachtlijst", "overbruggingszorg", "vaste contactpersoon"]


def stories(count: int, *, start: int, seed: int) -> list[str]:
    """``count`` JSON Lines of stories; one in twenty carries a planted pattern."""
    rng = random.Random(seed)
    lines = []
    for n in range(start, start + count):
        tags = rng.sample(TAGS, rng.randint(2, 5))
        if n % 20 == 0:
            tags = list(dict.fromkeys(PLANTED + tags))[:5]
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        lines.append(
            json.dumps(
                {
                    "type": "verhaal",
                    "title": f"Verhaal {n}",
                    "body": body,
                    "tags": tags,
                    "perspective": rng.choice(["inwoner", "medewerker", "organisatie"]),
                    "domain": rng.choice(["wmo", "jeugd", "participatie", "schulden"]),
                    "date": f"20{rng.randint(22, 26)}-{rng.randint(1, 12):02d}-15",
                },
                ensure_ascii=False,
            )
        )
    return lines


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(function, runs: int, *, warm: bool = True) -> list[float]:
    if warm:
        function()  # warm the caches the way a running site has them
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def search_venster():
    from search.backends import SearchQuery, backend_load

    return backend_load("database").search(
        SearchQuery(tags=("wachtlijst", "overbruggingszorg"), text="brief")
    )


def search_wagtail_facets():
    """Tag filters in the ORM, Wagtail's search, and its ``.facet()`` per facet."""
    from django.db.models import Count

    from verhalen.models import VerhaalPage, VerhaalTag

    pages = VerhaalPage.objects.live()
    for name in ("wachtlijst", "overbruggingszorg"):
        tagged = VerhaalTag.objects.filter(tag__name=name).values("content_object_id")
        pages = pages.filter(id__in=tagged)
    found = pages.search("brief")
    facets = {name: found.facet(name) for name in ("perspective", "domain")}
    # Faceting on the id is the one way Wagtail's results give every match's id
    # without loading the pages.
    ids = list(found.facet("id"))
    facets["tags"] = dict(
        VerhaalTag.objects.filter(content_object_id__in=ids)
        .values_list("tag__name")
        .annotate(count=Count("id"))
        .order_by("-count")
    )
    return list(found[:20]), facets


def search_baseline():
    """Wagtail's page search; tag filters and facets worked out in Python."""
    from django.db.models import prefetch_related_objects

    from verhalen.models import VerhaalPage

    found = list(VerhaalPage.objects.live().search("brief"))
    prefetch_related_objects(found, "tags")
    wanted = {"wachtlijst", "overbruggingszorg"}
    results = [p for p in found if wanted <= {t.name for t in p.tags.all()}]
    facets = {"perspective": Counter(), "domain": Counter(), "tags": Counter()}
    for page in results:
        facets["perspective"][page.perspective] += 1
        facets["domain"][page.domain] += 1
        facets["tags"].update(tag.name for tag in page.tags.all())
    return results[:20], facets


def similar_samples(count: int, *, seed: int) -> list[int]:
    """The ids of ``count`` published stories picked at random."""
    from verhalen.models import VerhaalPage

    ids = list(VerhaalPage.objects.live().values_list("pk", flat=True))
    return random.Random(seed).sample(ids, min(count, len(ids)))


def similar_venster(page_id: int) -> list:
    from search.selectors import stories_similar

    return stories_similar(page_id=page_id)


def similar_baseline(page_id: int) -> list:
    """django-taggit's own answer: the stories sharing most tags, five of them."""
    from verhalen.models import VerhaalPage

    return VerhaalPage.objects.get(pk=page_id).tags.similar_objects()[:5]


def timed_each(function, arguments: list) -> list[float]:
    """Seconds of one call per argument, after one call to warm the caches."""
    function(arguments[0])
    samples = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        samples.append(time.perf_counter() - started)
    return samples


def patterns_baseline() -> int:
    """Tag pairs and triples counted in Python over prefetched pages."""
    from verhalen.models import VerhaalPage

    counts: Counter = Counter()
    for page in VerhaalPage.objects.live().prefetch_related("tags"):
        names = sorted(tag.name for tag in page.tags.all())
        for size in (2, 3):
            counts.update(combinations(names, size))
    return sum(1 for n in counts.values() if n >= 3)


def trends_baseline(patterns) -> int:
    """Each pattern's windows counted by the ORM, then the same exact test."""
    from django.db.models import Count, Q

    from search.trend import trend_test
    from verhalen.models import VerhaalPage

    pages = VerhaalPage.objects.live()
    growing = 0
    for pattern in patterns:
        recent_q = Q(period__gte=pattern.recent_from, period__lte=pattern.window_end)
        previous_q = Q(period__gte=pattern.window_start, period__lt=pattern.recent_from)
        totals = pages.aggregate(
            recent=Count("id", filter=recent_q), previous=Count("id", filter=previous_q)
        )
        carrying = pages
        for name in pattern.tags:
            carrying = carrying.filter(tags__name=name)
        counts = carrying.aggregate(
            recent=Count("id", filter=recent_q), previous=Count("id", filter=previous_q)
        )
        result = trend_test(
            recent=counts["recent"],
            previous=counts["previous"],
            recent_total=totals["recent"],
            previous_total=totals["previous"],
        )
        growing += result.trend == "growing"
    return growing


class _Timed:
    """A function that adds up the time spent in it."""

    def __init__(self, function):
        self.function = function
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def database_ready(server: str, *, keep: bool) -> str:
    """The benchmark's database: kept from an earlier ``--keep`` run, or made anew."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not (keep and exists):
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            connection.execute(f"CREATE DATABASE {DATABASE}")
    return f"{server}/{DATABASE}"


def database_drop(server: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the generated stories for the next run, and reuse earlier ones",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("skipped: needs PostgreSQL; set DATABASE_URL=postgres://…")
        return 0
    server = url.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = database_ready(server, keep=args.keep)
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection

    from search.importing import jsonl_import
    from search.patterns import patterns_recompute
    from search.selectors import patterns_best
    from verhalen.models import VerhaalPage

    try:
        call_command("migrate", verbosity=0)
        made = VerhaalPage.objects.count()
        print("search and patterns on PostgreSQL")
        for size in sorted(args.sizes):
            if made > size:
                print(f"  skipped {size}: the kept database holds {made} stories")
                continue
            if made < size:
                print(f"  generating {size - made} more stories…", flush=True)
                started = time.perf_counter()
                for offset in range(made, size, 10_000):
                    batch = min(10_000, size - offset)
                    jsonl_import(lines=stories(batch, start=offset, seed=offset))
                    # As autovacuum would between batches (a server may run without).
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
                made = size
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
                print(f"  ({time.perf_counter() - started:.0f} s to import and index)")

            found = search_venster()
            _hits, wagtail_facets = search_wagtail_facets()
            _hits, python_facets = search_baseline()
            for facets in (wagtail_facets, python_facets):
                assert found.total == sum(facets["perspective"].values()), (
                    found.total,
                    sum(facets["perspective"].values()),
                )
            p50, p95 = percentiles(timed(search_venster, args.runs))
            w50, w95 = percentiles(timed(search_wagtail_facets, args.runs))
            # The Python baseline takes seconds a call; the check above warmed it.
            base_runs = 5 if size <= 10_000 else 2
            b50, b95 = percentiles(timed(search_baseline, base_runs, warm=False))
            print(f"  {size} stories, search with two tags, words and facets:")
            print(
                "    baseline (Wagtail search, .facet()):     "
                f"p50 {w50:7.1f} ms  p95 {w95:7.1f} ms"
            )
            print(
                "    second baseline (Python facets):          "
                f"p50 {b50:7.1f} ms  p95 {b95:7.1f} ms"
            )
            print(
                "    Venster database backend:                 "
                f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"({w95 / p95:.2f}x the .facet() baseline's speed, p95)"
            )

            picked = similar_samples(args.runs, seed=size)
            assert any(similar_venster(pk) for pk in picked[:5])
            s50, s95 = percentiles(timed_each(similar_venster, picked))
            # taggit's query takes long a call at this size; a fifth of the stories.
            t50, t95 = percentiles(
                timed_each(similar_baseline, picked[: max(5, len(picked) // 5)])
            )
            print(f"  {size} stories, up to five similar stories beside one:")
            print(
                "    baseline (taggit similar_objects):        "
                f"p50 {t50:7.1f} ms  p95 {t95:7.1f} ms"
            )
            print(
                "    stories_similar (rare tags and words):    "
                f"p50 {s50:7.1f} ms  p95 {s95:7.1f} ms  "
                f"({t95 / s95:.2f}x the baseline's speed, p95)"
            )

            import search.patterns as patterns_module

            trend_timer = _Timed(patterns_module.trend_test)
            patterns_module.trend_test = trend_timer
            try:
                started = time.perf_counter()
                stored = patterns_recompute()
                seconds = time.perf_counter() - started
            finally:
                patterns_module.trend_test = trend_timer.function
            started = time.perf_counter()
            patterns_baseline()
            base_seconds = time.perf_counter() - started
            best = patterns_best().first()
            print(f"  {size} stories, pattern recompute:")
            print(f"    baseline (co-occurrence in Python): {base_seconds:7.2f} s")
            print(
                f"    patterns_recompute ({stored} patterns, trends included): "
                f"{seconds:7.2f} s  ({base_seconds / seconds:.1f}x the baseline)"
            )
            print(f"    best pattern: {' + '.join(best.tags)} ({best.stories} stories)")
            chosen = list(patterns_best())
            started = time.perf_counter()
            trends_baseline(chosen)
            trend_base = time.perf_counter() - started
            print(f"  {size} stories, trends of the {len(chosen)} stored patterns:")
            print(f"    baseline (windows counted by the ORM): {trend_base:7.2f} s")
            print(
                f"    inside patterns_recompute ({trend_timer.calls} tests): "
                f"{trend_timer.seconds:7.2f} s"
                f"  ({trend_base / max(trend_timer.seconds, 1e-6):.0f}x the baseline)"
            )
            if size >= 100_000:
                print(
                    f"  targets at {size}: search p95 < 100 ms "
                    f"{'PASS' if p95 < 100 else 'FAIL'}; similar stories p95 < 50 ms "
                    f"{'PASS' if s95 < 50 else 'FAIL'}; recompute < 10 s "
                    f"{'PASS' if seconds < 10 else 'FAIL'}"
                )
    finally:
        connection.close()
        if not args.keep:
            database_drop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
