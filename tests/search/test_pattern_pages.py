"""/patronen/ shows the patterns, each with its stories, trend and experiments."""

import pytest
from django.urls import resolve
from taggit.models import Tag

from leren.models import ExperimentStatus
from leren.tag_services import tags_merge
from search.models import Patroon
from search.patterns import patterns_recompute
from tests.factories import ExperimentFactory, StoryFactory
from verhalen.services import story_generalisations_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def patterns(tree):
    # Five a month: their pages keep the month, so the chart can count quarters.
    for n, period in enumerate(["2025-01-01"] * 5 + ["2025-08-01"] * 5):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Wachten {n}",
            tags=["wachtlijst", "overbruggingszorg"],
            period=period,
        )
    for n in range(3):
        StoryFactory(
            parent=tree.verhalen, title=f"Schuld {n}", tags=["schuldhulp", "huur"]
        )
    for n in range(6):
        StoryFactory(parent=tree.verhalen, title=f"Ander {n}", tags=[f"los {n}"])
    ExperimentFactory(
        parent=tree.experimenten,
        title="Eén vast gezicht",
        tags=["wachtlijst", "overbruggingszorg"],
        status=ExperimentStatus.OPEN,
    )
    patterns_recompute()
    story_generalisations_refresh()
    return tree


def test_pattern_list_marks_which_patterns_have_an_open_experiment(client, patterns):
    html = client.get("/patronen/").content.decode()
    assert "overbruggingszorg + wachtlijst" in html
    assert "huur + schuldhulp" in html
    assert "Er werkt een experiment aan" in html
    assert "uitnodiging om er een te starten" in html


def test_pattern_page_shows_why_stories_trend_and_experiments(client, patterns):
    pattern = Patroon.objects.get(tags=["overbruggingszorg", "wachtlijst"])
    html = client.get(pattern.get_absolute_url()).content.decode()
    assert "Wachten 0" in html and "Wachten 2" in html
    assert 'role="img"' in html and "<table" in html
    assert "2025 K1" in html and "2025 K2" in html, "empty quarters are shown too"
    assert "Eén vast gezicht" in html
    assert "keer zo vaak" in html


def test_uncovered_pattern_page_invites_to_start_an_experiment(client, patterns):
    pattern = Patroon.objects.get(tags=["huur", "schuldhulp"])
    html = client.get(pattern.get_absolute_url()).content.decode()
    assert "uitnodiging om er een te starten" in html


def test_unknown_pattern_is_not_found(client, patterns):
    assert client.get("/patronen/999999/").status_code == 404


def test_a_pattern_keeps_its_address_when_patterns_are_recomputed(client, patterns):
    pattern = Patroon.objects.get(tags=["huur", "schuldhulp"])
    assert pattern.get_absolute_url() == "/patronen/huur+schuldhulp/"
    patterns_recompute()
    assert not Patroon.objects.filter(pk=pattern.pk).exists(), "numbers change"
    response = client.get("/patronen/huur+schuldhulp/")
    assert response.status_code == 200
    assert "Schuld 0" in response.content.decode()


def test_a_pattern_by_its_number_redirects_to_its_address(client, patterns):
    pattern = Patroon.objects.get(tags=["huur", "schuldhulp"])
    response = client.get(f"/patronen/{pattern.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/patronen/huur+schuldhulp/"


def test_a_merged_tags_pattern_redirects_to_the_pattern_under_the_main_tag(
    client, patterns, django_user_model
):
    editor = django_user_model.objects.create_superuser("redactie", password="x")
    tags_merge(
        sources=[Tag.objects.get(name="huur")],
        target=Tag.objects.create(name="huurachterstand"),
        user=editor,
    )
    patterns_recompute()
    response = client.get("/patronen/huur+schuldhulp/")
    assert response.status_code == 301
    assert response["Location"] == "/patronen/huurachterstand+schuldhulp/"
    assert client.get(response["Location"]).status_code == 200


def test_an_address_of_no_pattern_is_not_found(client, patterns):
    assert client.get("/patronen/huur+wachtlijst/").status_code == 404
    assert client.get("/patronen/onbekend+ook-onbekend/").status_code == 404


@pytest.mark.parametrize(
    "address", ["%00", "huur%00+wachtlijst", "huur++wachtlijst", "+huur", "huur+"]
)
def test_an_address_that_no_tags_can_make_is_not_found(client, db, address):
    # A NUL byte reaching PostgreSQL raised a DataError: a server error, not a 404.
    assert client.get(f"/patronen/{address}/").status_code == 404


def test_a_pattern_address_may_hold_letters_of_any_script():
    # Tag slugs are Unicode slugs, so the addresses made of them must be routed.
    match = resolve("/patronen/zorg-én-welzijn+schuld_hulp/")
    assert match.view_name == "search:pattern"
    assert match.kwargs == {"address": "zorg-én-welzijn+schuld_hulp"}
