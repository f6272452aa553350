"""Sign-ups in the admin: an experiment's owner sees its own, the editors see all and
export them as a spreadsheet-safe CSV file; nobody adds or edits them."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import ModelLogEntry, PageLogEntry

from leren.models import Aanmelding, ExperimentStatus
from leren.signup_admin import EXPORT_ACTION
from leren.signup_services import signup_create
from tests.factories import ExperimentFactory
from tests.verhalen.test_privacy import database_dump

INDEX = "/admin/aanmeldingen/"


@pytest.fixture
def staff(django_user_model):
    def make(name: str, group: str) -> Client:
        user = django_user_model.objects.create_user(
            name, email=f"{name}@gemeente.example", password="x"
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def signups(tree, staff):
    owner = staff("eigenaar", "Medewerker")
    other = staff("collega", "Medewerker")
    mine = ExperimentFactory(
        parent=tree.experimenten, owner=owner.user, status=ExperimentStatus.OPEN
    )
    theirs = ExperimentFactory(parent=tree.experimenten, owner=other.user)
    own, _ = signup_create(
        experiment=mine, name="Fatima uit Oost", email="fatima.oost@example.nl"
    )
    foreign, _ = signup_create(
        experiment=theirs, name='=HYPERLINK("x")', phone="+31612340000"
    )
    return {
        "owner": owner,
        "other": other,
        "mine": mine,
        "theirs": theirs,
        "own": own,
        "foreign": foreign,
    }


def test_an_owner_sees_only_the_sign_ups_of_their_own_experiment(signups):
    html = signups["owner"].get(INDEX).content.decode()
    assert "fatima.oost@example.nl" in html
    assert "612340000" not in html
    inspect = f"{INDEX}inspect/{signups['foreign'].pk}/"
    assert signups["owner"].get(inspect).status_code == 404
    own = f"{INDEX}inspect/{signups['own'].pk}/"
    assert signups["owner"].get(own).status_code == 200


def test_the_contact_person_sees_the_experiment_s_sign_ups(signups, staff):
    contact = staff("contact", "Medewerker")
    type(signups["mine"]).objects.filter(pk=signups["mine"].pk).update(
        contact=contact.user
    )
    assert "fatima.oost@example.nl" in contact.get(INDEX).content.decode()


def test_staff_without_an_experiment_are_refused_the_list(staff, signups):
    stranger = staff("vreemde", "Medewerker")
    response = stranger.get(INDEX)
    assert response.status_code in (302, 403)
    assert "fatima" not in response.content.decode()
    exported = stranger.get(f"{INDEX}?export=csv")
    assert exported.status_code in (302, 403)


@pytest.mark.parametrize("role", ["anonymous", "Onderzoeker"])
def test_no_one_else_reaches_the_sign_ups(client, django_user_model, signups, role):
    if role != "anonymous":
        user = django_user_model.objects.create_user("onderzoeker", password="x")
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
    response = client.get(f"{INDEX}?export=csv")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_editors_see_every_sign_up_and_export_them_as_csv(signups, staff):
    editor = staff("redacteur", "Redactie")
    html = editor.get(INDEX).content.decode()
    assert "fatima.oost@example.nl" in html and "+31612340000" in html

    response = editor.get(f"{INDEX}?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "a byte order mark, for spreadsheets"
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Experiment", "Naam of rol", "E-mailadres"]
    cells = {cell for row in rows[1:] for cell in row}
    assert "fatima.oost@example.nl" in cells
    assert "'+31612340000" in cells, "a phone number is not read as a formula"
    assert '\'=HYPERLINK("x")' in cells
    assert signups["mine"].title in cells


def test_an_owner_exports_only_their_own(signups):
    response = signups["owner"].get(f"{INDEX}?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "fatima.oost@example.nl" in body
    assert "612340000" not in body


def test_nobody_adds_or_edits_a_sign_up_in_the_admin(signups, staff):
    editor = staff("redacteur", "Redactie")
    pk = signups["own"].pk
    assert editor.get(f"{INDEX}new/").status_code in (302, 403)
    assert editor.get(f"{INDEX}edit/{pk}/").status_code in (302, 403)
    owner = signups["owner"]
    owner.post(f"{INDEX}delete/{pk}/")
    assert Aanmelding.objects.filter(pk=pk).exists(), "an owner does not delete"


def test_an_editor_deletes_a_sign_up_on_request_and_the_log_says_not_who(
    signups, staff
):
    editor = staff("redacteur", "Redactie")
    pk = signups["own"].pk
    editor.post(f"{INDEX}delete/{pk}/")
    assert not Aanmelding.objects.filter(pk=pk).exists()
    logged = ModelLogEntry.objects.get(action="wagtail.delete")
    assert logged.label == f"Aanmelding {pk}"
    dump = database_dump()
    assert "Fatima uit Oost" not in dump and "fatima.oost" not in dump


def test_the_experiment_editor_links_to_its_sign_ups(signups):
    html = signups["owner"].get(f"/admin/pages/{signups['mine'].pk}/edit/").content
    assert f"{INDEX}?experiment={signups['mine'].pk}".encode() in html


def test_every_export_is_written_in_the_history_of_its_experiments(signups, staff):
    editor = staff("redacteur", "Redactie")
    b"".join(editor.get(f"{INDEX}?export=csv").streaming_content)
    entries = PageLogEntry.objects.filter(action=EXPORT_ACTION)
    assert sorted((e.page_id, e.user_id, e.data["signups"]) for e in entries) == sorted(
        [
            (signups["mine"].pk, editor.user.pk, 1),
            (signups["theirs"].pk, editor.user.pk, 1),
        ]
    )
    history = editor.get(f"/admin/pages/{signups['mine'].pk}/history/")
    assert "1 aanmelding geëxporteerd als CSV" in history.content.decode()


def test_an_export_log_names_no_one_who_signed_up(signups):
    b"".join(signups["owner"].get(f"{INDEX}?export=csv").streaming_content)
    (entry,) = PageLogEntry.objects.filter(action=EXPORT_ACTION)
    assert entry.page_id == signups["mine"].pk
    assert "fatima" not in json.dumps(entry.data).lower()
