"""Security headers on public pages and a limit on admin login attempts."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


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
