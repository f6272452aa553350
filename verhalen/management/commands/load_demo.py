"""``manage.py load_demo``: publish Venster's demo content, once."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "demo.jsonl"


class Command(BaseCommand):
    help = (
        "Import the demo content through import_jsonl; running it again adds nothing."
    )

    def handle(self, *args, **options) -> None:
        call_command(
            "import_jsonl", str(DEMO_FILE), stdout=self.stdout, stderr=self.stderr
        )
