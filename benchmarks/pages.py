"""Requests per second for Venster's public pages beside a bare Django view and a
plain Wagtail site.

Venster's URLs are served by one gunicorn (the load test's setup: two preloaded
workers with threads, PostgreSQL with the demo content), in the same run, by the same
client: the bare view (``benchmarks.urls_bare``, an ``HttpResponse("ok")``) shows
what the server, Django's middleware and the client cost before Venster does any
work. The peer (``benchmarks.peer``) is a fresh ``wagtail start`` project on its own
PostgreSQL database, served by the same gunicorn settings: its home page is what a
plain Wagtail page costs.

Anonymous visitors get public pages from the page cache (``verhalen.page_cache``);
every page is also measured rendered, with the cookie of a browser that recognised a
story, which keeps a request out of the shared copies. Targets: the cached story
page at half the bare view or better; rendered, a story page at least as fast as the
peer's home page, the home and index pages at 0.7 of it or better.

``--profile`` also profiles the story page in this process (cProfile and the SQL
queries of one request), to show where its time goes.

    python -m benchmarks.pages [--seconds 8] [--clients 4] [--profile]
"""

import argparse
import os
import sys
import threading

import requests
from django.core.signing import TimestampSigner

from benchmarks import peer, serving

SETTINGS = "benchmarks.settings_bench"
TARGET_CACHED = 0.5
# Rendered pages against the peer's home page.
TARGETS_RENDERED = {
    "story, rendered": 1.0,
    "home, rendered": 0.7,
    "stories, rendered": 0.7,
    "experiments, rendered": 0.7,
}
# verhalen.recognition_views.RECOGNITION_COOKIE and _SALT; importing them would need
# Django set up here. The cookie counts only when signed, as the server signs it.
RECOGNITION_COOKIE = "venster_herkenning"
RECOGNITION_SALT = "venster.herkenning.cookie"


def recognition_cookie_value(token: str) -> str:
    """The cookie value the server would set for a browser with ``token``."""
    signer = TimestampSigner(  # as django.core.signing.get_cookie_signer builds it
        key="django.http.cookies" + serving.SECRET_KEY,
        salt=RECOGNITION_COOKIE + RECOGNITION_SALT,
        fallback_keys=[],
    )
    return signer.sign(token)


def measure(
    url: str, *, seconds: float, clients: int, cookies: dict | None = None
) -> tuple[float, int]:
    """Requests per second over ``seconds`` with ``clients`` keep-alive clients."""
    counts = [0] * clients
    failures = [0] * clients
    stop = threading.Event()

    def client(n: int) -> None:
        with requests.Session() as session:
            session.cookies.update(cookies or {})
            while not stop.is_set():
                response = session.get(url)
                counts[n] += 1
                failures[n] += response.status_code != 200

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    elapsed = serving.threads_run(threads, stop, seconds=seconds)
    return sum(counts) / elapsed, sum(failures)


def profile(database: serving.Database, path: str) -> None:
    """Profile ``path`` in this process and list the SQL of one request."""
    import cProfile
    import pstats

    os.environ.update(
        serving.app_env(
            database, settings=SETTINGS, ALLOWED_HOSTS="localhost,testserver"
        )
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(f"\n  {path}: {len(queries)} SQL queries in one request")
    for query in queries.captured_queries[:60]:
        print(f"    {query['time']}s {query['sql'][:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(path)
    profiler.disable()
    print(f"\n  cProfile of 20 requests for {path}:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with serving.prepared_database("venster_bench_pages") as database:
        story = serving.story_path(database)
        pages = {
            "bare view": "/bench/bare/",
            "home page": "/",
            "story page": story,
            "home, rendered": "/",
            "stories, rendered": "/verhalen/",
            "experiments, rendered": "/experimenten/",
            "story, rendered": story,
            "search": "/zoeken/?q=wachtlijst",
        }
        rendered = {RECOGNITION_COOKIE: recognition_cookie_value("benchmark-browser")}
        env = serving.app_env(database, settings=SETTINGS)
        server = {"workers": args.workers, "threads": args.threads}
        results = {}
        with serving.gunicorn(env, **server) as app:
            for name, path in pages.items():
                run = {
                    "clients": args.clients,
                    "cookies": rendered if "rendered" in name else None,
                }
                measure(f"{app.url}{path}", seconds=1, **run)  # warm
                results[name] = measure(f"{app.url}{path}", seconds=args.seconds, **run)
        with peer.peer_server(**server) as plain:
            measure(f"{plain.url}/", seconds=1, clients=args.clients)
            results["wagtail start"] = measure(
                f"{plain.url}/", seconds=args.seconds, clients=args.clients
            )
        pages["wagtail start"] = "/ (peer)"
        print(
            f"Pages on gunicorn --workers {args.workers} --threads {args.threads}, "
            f"PostgreSQL, {args.clients} keep-alive clients, {args.seconds:.0f} s each"
        )
        bare = results["bare view"][0]
        plain_rate = results["wagtail start"][0]
        for name, path in pages.items():
            rps, failures = results[name]
            print(
                f"  {name:<22} {rps:8.1f} requests/s  {rps / bare:5.2f}x bare  "
                f"{rps / plain_rate:5.2f}x peer"
                f"{f'  {failures} not 200' if failures else ''}  {path}"
            )
        checks = [("story page", bare, "bare view", TARGET_CACHED)] + [
            (name, plain_rate, "wagtail start", target)
            for name, target in TARGETS_RENDERED.items()
        ]
        for name, baseline, against, target in checks:
            ratio = results[name][0] / baseline
            print(
                f"  {name} / {against}: {ratio:.2f} (target >= {target}): "
                f"{'PASS' if ratio >= target else 'FAIL'}"
            )
        if args.profile:
            profile(database, story)
    return 0 if all(not failures for _, failures in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
