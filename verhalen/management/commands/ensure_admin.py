"""``manage.py ensure_admin``: create the first admin account with a fresh password."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser with a generated password, printed once. Does nothing when "
        "the account exists; reset it with `manage.py changepassword`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()  # noqa: N806
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin account '{username}' exists; its password was shown when it "
                f"was created. Forgot it? Run: .venv/bin/python manage.py "
                f"changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nAdmin account created. Log in at http://127.0.0.1:8000/admin/\n"
                f"  username: {username}\n  password: {password}\n"
                "This password is shown only now; write it down.\n"
            )
        )
