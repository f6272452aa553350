"""Residents and readers at once against gunicorn, PostgreSQL and a Celery worker.

Each resident loops through the real flow — the share form, a preview, a
confirmation — while readers fetch the home page, a story, a faceted search and the
patterns. Every story comes from a different /24 network on the loopback (127.x.y.1),
as it would from different people, so the rate limits stay as configured and are
exercised rather than switched off. Residents honour the minimum fill time.

Needs PostgreSQL (``DATABASE_URL=postgres://…`` names the server; the default is
127.0.0.1:5432) and ``redis-server``; it makes and drops a database of its own and
runs a private Redis as the broker.

    python -m benchmarks.load [--residents 50] [--readers 20] [--seconds 60] [--short]

Exits non-zero when an invariant fails: a 5xx, a confirmation without its row (or a
row without a confirmation), or a submission whose editors were not notified once.
"""

import argparse
import itertools
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.utils.crypto import salted_hmac
from requests.adapters import HTTPAdapter

from benchmarks import serving

MIN_FILL_SECONDS = 3.05
FIRST_NAMES = ["Anja", "Mohammed", "Sanne", "Kees", "Fatima", "Jeroen", "Noor", "Piet"]
SURNAMES = ["de Vries", "Bakker", "El Amrani", "Jansen", "van Dijk", "Visser"]
SEARCHES = [
    "/zoeken/?q=wachtlijst&domain=wmo",
    "/zoeken/?q=brief&perspective=inwoner",
    "/zoeken/?q=schulden&kind=verhaal&domain=schulden",
    "/zoeken/?q=wachtlijst&tag=wachtlijst",
]
_networks = itertools.count(1)
_networks_lock = threading.Lock()


def next_network() -> str:
    """A loopback address in a /24 no story has come from yet in this run."""
    with _networks_lock:
        n = next(_networks)
    return f"127.{(n >> 8) % 254 + 1}.{n % 256}.1"


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a chosen local address, so the server sees another network."""

    def __init__(self, address: str, **kwargs) -> None:
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def session_from(address: str | None = None) -> requests.Session:
    session = requests.Session()
    if address:
        adapter = SourceAddressAdapter(address)
        session.mount("http://", adapter)
    return session


@dataclass
class Stats:
    """Latencies and statuses per request kind; confirmed codes; thread-safe."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    codes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error_pages: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1
            self.by_kind[kind, status] += 1

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.problems) < 20:
                self.problems.append(text)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def timed(stats: Stats, kind: str, call) -> requests.Response | None:
    started = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as error:
        stats.record(kind, time.perf_counter() - started, 599)
        stats.problem(f"{kind}: {type(error).__name__}: {error}")
        return None
    stats.record(kind, time.perf_counter() - started, response.status_code)
    if response.status_code != 200:
        stats.problem(f"{kind}: HTTP {response.status_code}")
    if response.status_code >= 500:
        with stats.lock:
            stats.error_pages.append(response.text)
    return response


def hidden(html: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def story_fields(rng: random.Random) -> dict[str, str]:
    """A story with the kinds of personal data residents type, for the anonymiser."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    return {
        "what_happened": (
            f"Mijn consulent {name} belde pas na {rng.randint(3, 14)} weken terug. "
            f"Ik woon aan de Kerkstraat {rng.randint(1, 200)} in Utrecht en mijn "
            f"nummer is 06-{rng.randint(10_000_000, 99_999_999)}. De brief over de "
            "Wmo-aanvraag begreep ik niet, en niemand nam de telefoon op."
        ),
        "impact": "Ik heb maanden zonder hulp gezeten en durfde niet meer te bellen.",
        "what_would_help": "Eén vast aanspreekpunt dat terugbelt.",
        "perspective": rng.choice(["inwoner", "organisatie"]),
        "domain": rng.choice(["wmo", "jeugd", "schulden"]),
        "municipality": rng.choice(["utrecht", "Amersfoort", ""]),
        "consent": rng.choice(["publiceren", "intern"]),
    }


def share_one(base: str, stats: Stats, rng: random.Random, stop: threading.Event):
    """One resident, from a network of their own, shares one story."""
    session = session_from(next_network())
    with session:
        form = timed(stats, "form", lambda: session.get(f"{base}/deel-je-verhaal/"))
        if form is None or form.status_code != 200:
            return
        # The form was signed before its response arrived: count from here.
        started_at = time.monotonic()
        started = hidden(form.text, "started")
        csrf = session.cookies.get("csrftoken")
        fields = {**story_fields(rng), "started": started, "csrfmiddlewaretoken": csrf}
        # People take more than the minimum fill time to write a story.
        time.sleep(max(0.0, MIN_FILL_SECONDS - (time.monotonic() - started_at)))
        if stop.is_set():
            return
        preview = timed(
            stats,
            "preview",
            lambda: session.post(f"{base}/deel-je-verhaal/", data=fields),
        )
        if preview is None or preview.status_code != 200:
            return
        token = hidden(preview.text, "token")
        if token is None:
            stats.problem("preview: no token on the page")
            return
        done = timed(
            stats,
            "confirm",
            lambda: session.post(
                f"{base}/deel-je-verhaal/",
                data={**fields, "token": token, "action": "confirm"},
            ),
        )
        if done is None or done.status_code != 200:
            return
        match = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', done.text)
        if match is None:
            stats.problem("confirm: HTTP 200 without a verhaalcode")
            return
        with stats.lock:
            stats.codes.append(match.group(1))


def share_stories(base: str, count: int, *, seed: int = 0) -> Stats:
    """Share ``count`` stories one after another, each from a network of its own."""
    stats = Stats()
    rng = random.Random(seed)
    for _ in range(count):
        share_one(base, stats, rng, threading.Event())
    return stats


def resident(base: str, stats: Stats, seed: int, stop: threading.Event) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        share_one(base, stats, rng, stop)


def reader(base: str, story: str, stats: Stats, seed: int, stop: threading.Event):
    rng = random.Random(seed)
    pages = [
        ("home", "/"),
        ("story", story),
        ("search", None),
        ("patterns", "/patronen/"),
    ]
    with session_from(next_network()) as session:
        while not stop.is_set():
            kind, path = rng.choice(pages)
            path = path or rng.choice(SEARCHES)
            timed(stats, kind, lambda path=path: session.get(f"{base}{path}"))


def run_load(
    base: str, story: str, *, residents: int, readers: int, seconds: float
) -> tuple[Stats, float]:
    """Run residents and readers for ``seconds``; return the figures and the time."""
    stats = Stats()
    stop = threading.Event()
    threads = [
        threading.Thread(target=resident, args=(base, stats, n, stop), daemon=True)
        for n in range(residents)
    ] + [
        threading.Thread(
            target=reader, args=(base, story, stats, 1000 + n, stop), daemon=True
        )
        for n in range(readers)
    ]
    return stats, serving.threads_run(threads, stop, seconds=seconds)


def code_hash(code: str) -> str:
    """The hash Venster stores for ``code`` (see verhalen.codes.code_hash)."""
    return salted_hmac(
        "venster.verhaalcode",
        code.replace("-", ""),
        secret=serving.VERHAALCODE_KEY,
        algorithm="sha256",
    ).hexdigest()


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(stats: Stats, seconds: float) -> None:
    print(
        f"  {stats.requests} requests in {seconds:.1f} s = "
        f"{stats.requests / seconds:.1f} requests/s"
    )
    print(f"  {'kind':<9} {'count':>6} {'rps':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in ("form", "preview", "confirm", "home", "story", "search", "patterns"):
        values = stats.latencies.get(kind, [])
        if values:
            print(
                f"  {kind:<9} {len(values):6d} {len(values) / seconds:7.1f} "
                f"{percentile(values, 50) * 1000:8.0f} "
                f"{percentile(values, 95) * 1000:8.0f}"
            )
    print(f"  statuses: {dict(sorted(stats.statuses.items()))}")
    for problem in stats.problems[:10]:
        print(f"    {problem}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--short", action="store_true", help="10 residents, 5 readers, 15 s (for CI)"
    )
    args = parser.parse_args()
    if args.short:
        args.residents, args.readers, args.seconds = 10, 5, 15

    failures = []
    print(
        f"Load: {args.residents} residents and {args.readers} readers for "
        f"{args.seconds:.0f} s; gunicorn --workers {args.workers} --threads "
        f"{args.threads} --preload, one Celery worker, PostgreSQL, Redis"
    )
    mail_dir = Path(tempfile.mkdtemp(prefix="venster-load-mail-"))
    with (
        serving.redis_server() as redis,
        serving.prepared_database("venster_load") as database,
    ):
        env = serving.app_env(
            database,
            broker_url=redis.url,
            VENSTER_EDITORS_EMAIL="redactie@venster.localhost",
            # django-environ drops one slash of the path.
            EMAIL_URL=f"filemail:///{mail_dir}",
        )
        story = serving.story_path(database)
        with (
            serving.gunicorn(env, workers=args.workers, threads=args.threads) as server,
            serving.celery_worker(env) as worker,
        ):
            stats, seconds = run_load(
                server.url,
                story,
                residents=args.residents,
                readers=args.readers,
                seconds=args.seconds,
            )
            report(stats, seconds)

            if stats.server_errors:
                failures.append(f"{stats.server_errors} responses were 5xx")
                print(server.output()[-3000:])
            others = stats.requests - stats.statuses[200] - stats.server_errors
            if others:
                failures.append(f"{others} responses were neither 200 nor 5xx")
            stored = {
                row[0]
                for row in database.rows("SELECT code_hash FROM verhalen_inzending")
            }
            confirmed = {code_hash(code) for code in stats.codes}
            print(
                f"  confirmations: {len(stats.codes)}; verhalen_inzending rows: "
                f"{len(stored)}"
            )
            if confirmed != stored or len(stats.codes) != len(stored):
                failures.append(
                    f"{len(confirmed - stored)} confirmed without a row, "
                    f"{len(stored - confirmed)} rows without a confirmation"
                )

            started = time.perf_counter()

            def waiting() -> int:
                return database.value(
                    "SELECT count(*) FROM verhalen_inzending "
                    "WHERE editors_notified_at IS NULL"
                )

            serving.wait_for(lambda: waiting() == 0, timeout=120, interval=0.5)
            left = waiting()
            mails = serving.mails_sent(mail_dir)
            print(
                f"  follow-up: {len(stored) - left} of {len(stored)} submissions have "
                f"editors_notified_at {time.perf_counter() - started:.1f} s after the "
                f"load; {mails} e-mails to the editors; "
                f"{worker.succeeded('verhalen.tasks.notify_editors')} tasks succeeded"
            )
            if left:
                failures.append(f"{left} submissions without editors_notified_at")
            if mails != len(stored):
                failures.append(f"{mails} e-mails for {len(stored)} submissions")
    shutil.rmtree(mail_dir, ignore_errors=True)
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS: no 5xx, every confirmation stored once, every editor notice sent once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
