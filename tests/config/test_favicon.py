"""Browsers find Venster's icon, so no page leaves a failed request in the console."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_favicon_request_is_sent_to_the_icon_every_page_names(client, tree):
    """/favicon.ico leads to the icon the pages link, and that file exists."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/venster.svg"
    assert finders.find("img/venster.svg")
    home = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/venster.svg"' in home
