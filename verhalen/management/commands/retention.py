"""``manage.py retention [--dry-run]``: apply Venster's retention periods now."""

from django.conf import settings
from django.core.management.base import BaseCommand

from verhalen.services import retention_apply


class Command(BaseCommand):
    help = (
        "Delete declined submissions after VENSTER_RETENTION_DECLINED_DAYS and forget "
        "verhaalcode hashes after VENSTER_RETENTION_CODE_DAYS. Withdrawn submissions "
        "are deleted when withdrawn. Beat runs this daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would go; change nothing",
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        report = retention_apply(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {report.declined} declined submission(s) older than "
            f"{settings.VENSTER_RETENTION_DECLINED_DAYS} days; "
            f"{'would forget' if dry_run else 'forgot'} {report.codes} verhaalcode "
            f"hash(es) older than {settings.VENSTER_RETENTION_CODE_DAYS} days and "
            f"{report.confirmations} expired confirmation(s). "
            "Withdrawn submissions are deleted at once, so none wait here."
        )
