"""Security headers on public pages and a limit on admin login attempts."""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def test_public_pages_send_a_strict_content_security_policy(client, tree):
    for path in ["/", "/zoeken/", "/deel-je-verhaal/", "/patronen/"]:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_public_pages_carry_no_inline_script(client, tree):
    for path in ["/", "/zoeken/?q=wachtlijst", "/deel-je-verhaal/", "/mijn-verhaal/"]:
        html = client.get(path).content.decode()
        assert "<script" not in html
        assert " on" + "click=" not in html and "style=" not in html


def test_admin_login_locks_an_account_name_after_five_failures(
    client, django_user_model
):
    django_user_model.objects.create_superuser("redacteur", password="juist-wachtwoord")
    for _attempt in range(4):
        response = client.post(
            "/admin/login/", {"username": "redacteur", "password": "fout"}
        )
        assert response.status_code == 200
    fifth = client.post("/admin/login/", {"username": "redacteur", "password": "fout"})
    assert fifth.status_code == 429
    response = client.post(
        "/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"}
    )
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    attempt = AccessAttempt.objects.get(username="redacteur")
    assert attempt.ip_address is None, "no IP address is stored, staff's neither"


def test_a_successful_login_resets_the_count(client, django_user_model):
    django_user_model.objects.create_superuser("redacteur", password="juist-wachtwoord")
    for _attempt in range(3):
        client.post("/admin/login/", {"username": "redacteur", "password": "fout"})
    response = client.post(
        "/admin/login/", {"username": "redacteur", "password": "juist-wachtwoord"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


class FormFields(HTMLParser):
    """The fields of the page editor's form, as the browser would post them."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("checkbox", "radio"):
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "input" and name and "checked" in attrs:
            self.data.append((name, attrs.get("value") or "on"))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))
        elif tag == "option" and "selected" in attrs and self.select:
            self.data.append((self.select, attrs.get("value") or ""))
        if tag == "select":
            self.select = name

    select: str | None = None

    def handle_data(self, data):
        if self.textarea:
            self.data[-1] = (self.textarea, self.data[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None


def test_admin_preview_panel_may_frame_the_preview_and_nothing_else(
    client, django_user_model, story
):
    """The preview answers frame-ancestors 'self' and SAMEORIGIN; the page 'none'."""
    client.force_login(django_user_model.objects.create_superuser("redacteur"))
    fields = FormFields()
    fields.feed(client.get(f"/admin/pages/{story.pk}/edit/").content.decode())
    preview_url = f"/admin/pages/{story.pk}/edit/preview/"
    answer = client.post(preview_url, urlencode(fields.data), content_type=FORM)
    assert answer.json()["is_valid"], answer.content

    preview = client.get(preview_url, {"mode": "", "in_preview_panel": "true"})
    assert preview.status_code == 200
    assert story.title in preview.content.decode()
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"

    public = client.get(story.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"
