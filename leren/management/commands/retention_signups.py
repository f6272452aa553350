"""``manage.py retention_signups [--dry-run]``: delete sign-ups whose time is up."""

from django.conf import settings
from django.core.management.base import BaseCommand

from leren.signup_services import signups_retention_apply


class Command(BaseCommand):
    help = (
        "Delete the sign-ups of experiments that ended VENSTER_RETENTION_SIGNUP_DAYS "
        "ago or longer. Withdrawn sign-ups are deleted when withdrawn. Beat runs "
        "this daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would go; change nothing",
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        report = signups_retention_apply(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {report.deleted} sign-up(s) of experiments that ended "
            f"{settings.VENSTER_RETENTION_SIGNUP_DAYS} days ago or longer; "
            f"noted the end of {report.ended} experiment(s)."
        )
