"""Editors work on every content type in the Wagtail admin as Wagtail intends."""

import pytest
from django.urls import reverse

from leren.models import Systeemfout

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", password="x")
    client.force_login(user)
    return client


def test_admin_edit_view_opens_for_every_page_type(
    editor, tree, story, experiment, reflection
):
    for page in (tree.home, tree.verhalen, story, experiment, reflection):
        response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page


@pytest.mark.parametrize(
    ("index", "model"),
    [
        ("verhalen", "verhaalpage"),
        ("reflecties", "reflectiepage"),
        ("experimenten", "experimentpage"),
    ],
)
def test_admin_add_view_opens_under_the_right_index(editor, tree, index, model):
    app = "verhalen" if model == "verhaalpage" else "leren"
    parent = getattr(tree, index)
    url = reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])
    assert editor.get(url).status_code == 200


def test_editor_adds_a_system_flaw_as_a_snippet(editor):
    url = reverse("wagtailsnippets_leren_systeemfout:add")
    response = editor.post(
        url,
        {
            "title": "Geen uitzondering in het zaaksysteem",
            "description": "Het systeem laat geen maatwerk toe.",
            "workaround": "De consulent legt het handmatig vast.",
            "owner": "Team Wmo",
            "status": "gemeld",
            "status_reason": "",
        },
    )
    assert response.status_code == 302
    assert Systeemfout.objects.get().owner == "Team Wmo"
    listing = editor.get(reverse("wagtailsnippets_leren_systeemfout:list"))
    assert "Geen uitzondering in het zaaksysteem" in listing.content.decode()


def test_a_new_flaw_starts_as_reported_whatever_is_posted(editor):
    """Closing a flaw is a status change, with a reason, on an existing flaw."""
    response = editor.post(
        reverse("wagtailsnippets_leren_systeemfout:add"),
        {
            "title": "Budgetplafond",
            "description": "…",
            "workaround": "…",
            "owner": "Team Jeugd",
            "status": "niet_opgelost",
            "status_reason": "",
        },
    )
    assert response.status_code == 302
    assert Systeemfout.objects.get().status == "gemeld"
