"""``manage.py search_index [--rebuild]``: bring the search indexes in step."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchUnavailable
from search.services import search_index_rebuild, search_reconcile


class Command(BaseCommand):
    help = (
        "Repair drift between the published pages and the search indexes; with "
        "--rebuild, empty every index and fill it again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="empty and refill every index"
        )

    def handle(self, *args, rebuild: bool, **options) -> None:
        try:
            if rebuild:
                count = search_index_rebuild()
                self.stdout.write(f"Rebuilt the search indexes: {count} pages.")
                return
            report = search_reconcile()
        except SearchUnavailable as error:
            raise CommandError(
                f"The search engine cannot be reached: {error}"
            ) from error
        changes = ", ".join(f"{name} {count}" for name, count in report.items())
        self.stdout.write(f"Search indexes reconciled: {changes}.")
