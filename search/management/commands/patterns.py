"""``manage.py patterns [--json]``: recompute and show the recurring patterns."""

import json

from django.core.management.base import BaseCommand

from search.patterns import MIN_STORIES, patterns_recompute
from search.selectors import pattern_as_dict, patterns_best


class Command(BaseCommand):
    help = "Recompute the recurring tag patterns of published stories, best first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--min-stories", type=int, default=MIN_STORIES)

    def handle(self, *args, json: bool, min_stories: int, **options) -> None:
        patterns_recompute(min_stories=min_stories)
        rows = [pattern_as_dict(pattern=p) for p in patterns_best()]
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            open_count = len(row["open_experiments"])
            self.stdout.write(
                f"{' + '.join(row['tags']):60} {row['stories']:4} stories  "
                f"lift {row['lift']:5.1f}  {row['trend']:9}  "
                f"{open_count or 'NO'} open experiment(s)"
            )


def _dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
