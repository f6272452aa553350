"""The privacy and accessibility statements a Dutch public site must have."""

import re

import pytest

pytestmark = pytest.mark.django_db


def main_text(response) -> str:
    html = response.content.decode()
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_privacy_statement_reads_its_retention_periods_from_the_settings(
    client, settings
):
    settings.VENSTER_RETENTION_DECLINED_DAYS = 45
    settings.VENSTER_RETENTION_CODE_DAYS = 400
    settings.VENSTER_RETENTION_SIGNUP_DAYS = 60
    response = client.get("/privacy/")
    assert response.status_code == 200
    text = main_text(response)
    assert "Privacyverklaring" in text
    assert "wordt 45 dagen na het besluit verwijderd" in text
    assert "wordt 400 dagen nadat je je verhaal verstuurde verwijderd" in text
    assert "hoogstens 60 dagen nadat het experiment is afgelopen" in text
    assert "90 dagen" not in text and "730 dagen" not in text


def test_privacy_statement_names_purpose_basis_who_sees_what_and_rights(client):
    text = main_text(client.get("/privacy/"))
    for expected in (
        "Wat we verwerken en waarom",
        "artikel 6, lid 1, onder e",  # public task
        "artikel 6, lid 1, onder a",  # consent to publish
        "Wie wat ziet",
        "Je rechten, zonder account",
        "Mijn verhaal",
        "trek daar je verhaal in",
        "Autoriteit Persoonsgegevens",
        "venster_herkenning",
    ):
        assert expected in text, expected
    assert "IP-adres bewaren we niet" in text


def test_privacy_statement_gives_the_organisations_contacts_from_the_settings(
    client, settings
):
    settings.VENSTER_ORGANISATION_NAME = "Gemeente Lingewaard"
    settings.VENSTER_PRIVACY_CONTACT_EMAIL = "privacy@lingewaard.nl"
    settings.VENSTER_DPO_EMAIL = "fg@lingewaard.nl"
    html = client.get("/privacy/").content.decode()
    assert "Gemeente Lingewaard beheert Venster" in html
    assert 'href="mailto:privacy@lingewaard.nl"' in html
    assert 'href="mailto:fg@lingewaard.nl"' in html
    assert "Functionaris gegevensbescherming" in html


def test_privacy_statement_without_contacts_offers_the_anonymous_route(
    client, settings
):
    settings.VENSTER_PRIVACY_CONTACT_EMAIL = ""
    settings.VENSTER_CONTACT_EMAIL = ""
    settings.VENSTER_EDITORS_EMAIL = []
    settings.VENSTER_DPO_EMAIL = ""
    html = client.get("/privacy/").content.decode()
    assert "mailto:" not in html
    assert "Stel ze anoniem" in html and 'href="/deel-je-verhaal/"' in html


def test_privacy_statement_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    text = main_text(client.get("/privacy/"))
    assert "Privacy statement" in text and "Your rights, without an account" in text


@pytest.mark.parametrize(
    "path", ["/deel-je-verhaal/", "/mijn-verhaal/", "/toegankelijkheid/", "/privacy/"]
)
def test_every_page_links_to_the_privacy_statement_in_its_footer(client, tree, path):
    html = client.get(path).content.decode()
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert '<a href="/privacy/">Privacy</a>' in footer


def test_every_wagtail_page_links_to_the_privacy_statement(client, story):
    for url in ("/", story.url):
        html = client.get(url).content.decode()
        footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
        assert 'href="/privacy/"' in footer, url


def test_the_share_form_links_to_the_privacy_statement(client):
    form = re.search(
        r"<form[^>]*resident-form.*?</form>",
        client.get("/deel-je-verhaal/").content.decode(),
        re.S,
    ).group(0)
    assert '<a href="/privacy/">privacyverklaring</a>' in form


def test_accessibility_statement_has_date_status_and_contact(client, settings):
    settings.VENSTER_ACCESSIBILITY_DATE = "2026-11-20"
    settings.VENSTER_ACCESSIBILITY_STATUS = "B"
    settings.VENSTER_ORGANISATION_NAME = "Gemeente Lingewaard"
    settings.VENSTER_CONTACT_EMAIL = "digitoegankelijk@lingewaard.nl"
    response = client.get("/toegankelijkheid/")
    text = main_text(response)
    assert "Datum van deze verklaring 20 november 2026" in text
    assert "B: voldoet gedeeltelijk" in text
    assert "Gemeente Lingewaard" in text
    assert "modelverklaring" in text
    assert 'href="mailto:digitoegankelijk@lingewaard.nl"' in response.content.decode()
    assert "Nationale Ombudsman" in text


def test_accessibility_status_defaults_to_first_measures_taken(client):
    text = main_text(client.get("/toegankelijkheid/"))
    assert "C: eerste maatregelen genomen" in text
