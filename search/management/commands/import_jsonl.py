"""``manage.py import_jsonl FILE``: publish content from JSON Lines."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.importing import jsonl_import


class Command(BaseCommand):
    help = (
        "Import stories, reflections, experiments and system flaws from a JSON Lines "
        "file and publish them. Lines that cannot be taken are reported and skipped; "
        "the exit status is 1 when any line was skipped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="path to a .jsonl file, or - for stdin")

    def handle(self, *args, file: str, **options) -> None:
        started = time.perf_counter()
        try:
            if file == "-":
                report = jsonl_import(lines=sys.stdin.buffer)
            else:
                with open(file, "rb") as handle:
                    report = jsonl_import(lines=handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        elapsed = time.perf_counter() - started

        for number, reason in report.skipped:
            self.stderr.write(f"line {number}: skipped: {reason}")
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
        self.stdout.write(
            f"Imported {created or 'nothing'}; already present: "
            f"{report.already_present}; skipped: {len(report.skipped)} "
            f"({elapsed:.1f} s)."
        )
        if report.skipped:
            raise CommandError(
                f"{len(report.skipped)} line(s) skipped; see above.", returncode=1
            )
