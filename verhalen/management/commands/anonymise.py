"""``manage.py anonymise``: anonymise JSON Lines from stdin to stdout."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand

from verhalen.anonymiser import anonymise, deduce_model


def _error(record_id: Any, reason: str) -> dict[str, Any]:
    return {"id": record_id if isinstance(record_id, str) else None, "error": reason}


def anonymise_line(line: str) -> dict[str, Any]:
    """The output object for one input line; an error object when it is unusable."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return _error(None, f"invalid JSON at column {error.colno}: {error.msg}")
    if not isinstance(record, dict):
        return _error(None, "expected a JSON object with 'id' and 'text'")
    record_id, text = record.get("id"), record.get("text")
    if not isinstance(record_id, str):
        return _error(record_id, "'id' must be a string")
    if not isinstance(text, str):
        return _error(record_id, "'text' must be a string")
    result = anonymise(text)
    return {
        "id": record_id,
        "anonymised": result.text,
        "spans": [
            {"start": s.start, "end": s.end, "label": str(s.label)}
            for s in result.spans
        ],
    }


def _line_id(line: str) -> Any:
    """The id of a line that failed later on, when the line gives one."""
    try:
        return json.loads(line).get("id")
    except (ValueError, AttributeError):
        return None


def output_line(line: str) -> tuple[str, str | None]:
    """The JSON output line for one input line, and its error if it failed.

    The whole of a line's work, serialising included, sits inside the guard: one
    text the anonymiser cannot handle must not end the stream.
    """
    try:
        output = anonymise_line(line)
        return json.dumps(output, ensure_ascii=False), output.get("error")
    except Exception:  # noqa: BLE001 - one bad text must not stop the stream
        output = _error(_line_id(line), "anonymisation failed")
        return json.dumps(output), output["error"]


def _open_stdin() -> TextIO:
    """Standard input as UTF-8 text, whatever the locale says."""
    return open(  # noqa: SIM115 - stdin stays open for the process
        sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False
    )


class Command(BaseCommand):
    help = (
        'Read JSON Lines {"id", "text"} on stdin and write {"id", "anonymised", '
        '"spans"} per line on stdout. A line that cannot be read gives {"id", '
        '"error"} and the stream goes on; the exit status is 1 when any line failed.'
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deduce_model()
        failed = 0
        for number, line in enumerate(_open_stdin(), start=1):
            if not line.strip():
                continue
            output, error = output_line(line)
            if error:
                failed += 1
                self.stderr.write(f"line {number}: {error}")
            sys.stdout.write(output + "\n")
            sys.stdout.flush()
        if failed:
            self.stderr.write(f"{failed} line(s) failed.")
            sys.exit(1)
