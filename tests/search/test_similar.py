"""Similar stories beside each story: "dit gebeurde elders ook".

Ranked by the database backend here: rare tag overlap on SQLite, rare tags with the
story's words on PostgreSQL (run with DATABASE_URL=postgres://…); the Elasticsearch
ranking is held to the same contract in test_backend_contract.py.
"""

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from search.backends import backend_load
from search.selectors import stories_similar
from search.services import search_reconcile
from tests.factories import ExperimentFactory, StoryFactory

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="needs PostgreSQL full-text search: set DATABASE_URL=postgres://…",
)


def stories(tree, count: int, **kwargs) -> list:
    return [StoryFactory(parent=tree.verhalen, **kwargs) for _ in range(count)]


def titles(pages) -> list[str]:
    return [page.title for page in pages]


@pytest.fixture
def ranked(tree):
    """A story with one rare and two common tags, and stories sharing either."""
    source = StoryFactory(
        parent=tree.verhalen, title="Bron", tags=["zeldzaam", "wachtlijst", "loket"]
    )
    rare = StoryFactory(parent=tree.verhalen, title="Deelt zeldzaam", tags=["zeldzaam"])
    common = StoryFactory(
        parent=tree.verhalen, title="Deelt twee gangbare", tags=["wachtlijst", "loket"]
    )
    # The two common tags are on most stories; "zeldzaam" on the source and one other.
    stories(tree, 8, tags=["wachtlijst", "loket", "huur"])
    search_reconcile()
    return {"source": source, "rare": rare, "common": common}


def test_one_rare_shared_tag_ranks_above_two_common_shared_tags(ranked):
    """Counting shared tags would put the story with two first; rarity decides."""
    found = titles(stories_similar(page_id=ranked["source"].pk, limit=10))
    assert found[0] == "Deelt zeldzaam"
    assert found.index("Deelt zeldzaam") < found.index("Deelt twee gangbare")


def test_tag_overlap_ranking_prefers_rare_tags_on_any_database(ranked):
    """The portable ranking (SQLite's) weights by rarity too, also run on PostgreSQL."""
    backend = backend_load("database")
    weights = backend._tag_weights(["zeldzaam", "wachtlijst", "loket"])
    assert weights["zeldzaam"] > weights["wachtlijst"]
    ids = backend._similar_by_tags(ranked["source"].pk, weights, 10)
    assert ids[0] == ranked["rare"].pk
    assert ranked["source"].pk not in ids


def test_story_itself_is_never_among_its_similar_stories(ranked):
    found = stories_similar(page_id=ranked["source"].pk, limit=20)
    assert found and ranked["source"].pk not in {page.pk for page in found}


def test_at_most_five_similar_stories_by_default(tree):
    source, *others = stories(tree, 9, tags=["wachtlijst"])
    search_reconcile()
    found = stories_similar(page_id=source.pk)
    assert len(found) == 5
    assert {page.pk for page in found} <= {page.pk for page in others}


def test_only_other_published_public_stories_appear(tree):
    """Drafts, unpublished, restricted and deleted stories and experiments never."""
    source = StoryFactory(parent=tree.verhalen, title="Bron", tags=["zeldzaam"])
    StoryFactory(parent=tree.verhalen, title="Gepubliceerd", tags=["zeldzaam"])
    StoryFactory(parent=tree.verhalen, title="Concept", tags=["zeldzaam"], live=False)
    ExperimentFactory(parent=tree.experimenten, title="Proef", tags=["zeldzaam"])
    unpublished = StoryFactory(
        parent=tree.verhalen, title="Ingetrokken", tags=["zeldzaam"]
    )
    restricted = StoryFactory(parent=tree.verhalen, title="Besloten", tags=["zeldzaam"])
    deleted = StoryFactory(parent=tree.verhalen, title="Verwijderd", tags=["zeldzaam"])
    search_reconcile()
    # Changed after indexing, as before the index task has caught up.
    unpublished.unpublish()
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    deleted.delete()
    assert backend_load("database").similar(source.pk, limit=10), "index is stale"
    assert titles(stories_similar(page_id=source.pk)) == ["Gepubliceerd"]


def test_story_sharing_nothing_has_no_similar_stories(tree):
    source = StoryFactory(parent=tree.verhalen, tags=["alleen-hier"])
    StoryFactory(parent=tree.verhalen, tags=["iets-anders"])
    search_reconcile()
    if connection.vendor != "postgresql":
        assert stories_similar(page_id=source.pk) == []
    assert stories_similar(page_id=source.pk + 1000) == []


def test_similar_stories_come_from_the_database_when_elasticsearch_is_down(
    ranked, settings
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    found = titles(stories_similar(page_id=ranked["source"].pk))
    assert found[0] == "Deelt zeldzaam"


@needs_postgres
def test_shared_words_decide_between_stories_sharing_the_same_tags(tree):
    source = StoryFactory(
        parent=tree.verhalen,
        title="Keukentafelgesprek zonder tolk",
        body="<p>Het keukentafelgesprek ging zonder tolk; niemand begreep mij.</p>",
        tags=["wmo-gesprek"],
    )
    StoryFactory(
        parent=tree.verhalen,
        title="Een brief over huur",
        body="<p>De huurverhoging kwam per brief.</p>",
        tags=["wmo-gesprek"],
    )
    StoryFactory(
        parent=tree.verhalen,
        title="Opnieuw geen tolk",
        body="<p>Bij het keukentafelgesprek was weer geen tolk.</p>",
        tags=["wmo-gesprek"],
    )
    search_reconcile()
    found = titles(stories_similar(page_id=source.pk))
    assert found == ["Opnieuw geen tolk", "Een brief over huur"]


@needs_postgres
def test_story_without_tags_finds_stories_by_its_words(tree):
    source = StoryFactory(
        parent=tree.verhalen,
        title="Overbruggingszorg bleef uit",
        body="<p>Tijdens de wachttijd kwam er geen overbruggingszorg.</p>",
    )
    StoryFactory(
        parent=tree.verhalen,
        title="Ook geen overbruggingszorg",
        body="<p>Overbruggingszorg werd beloofd maar kwam niet.</p>",
    )
    StoryFactory(
        parent=tree.verhalen, title="Iets anders", body="<p>Een parkeerboete.</p>"
    )
    search_reconcile()
    assert titles(stories_similar(page_id=source.pk)) == ["Ook geen overbruggingszorg"]


def test_story_page_shows_similar_stories_beside_the_story(client, ranked):
    html = client.get(ranked["source"].url).content.decode()
    assert "Dit gebeurde elders ook" in html
    section = html[html.index('id="similar-heading"') :]
    assert "Deelt zeldzaam" in section
    assert section.count('class="card"') == 5


def test_story_page_has_no_similar_section_when_none_are_alike(client, tree):
    source = StoryFactory(parent=tree.verhalen, title="Parkeerboete", tags=["hier"])
    StoryFactory(
        parent=tree.verhalen, title="Iets", tags=["daar"], body="<p>Anders.</p>"
    )
    search_reconcile()
    response = client.get(source.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="similar-heading"' not in html
    assert "Dit gebeurde elders ook" not in html


def test_similar_stories_are_kept_with_the_page_version_and_follow_a_withdrawal(
    client, ranked, page_cache, django_capture_on_commit_callbacks
):
    """Kept per version of the public pages, which a withdrawal renews at once."""
    source = ranked["source"]
    assert "Deelt zeldzaam" in client.get(source.url).content.decode()
    rare = ranked["rare"]
    with django_capture_on_commit_callbacks(execute=True):
        rare.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        rare.unpublish()
    assert "Deelt zeldzaam" not in client.get(source.url).content.decode()


def test_api_lists_similar_stories_of_a_story(client, ranked):
    response = client.get(f"/api/v1/stories/{ranked['source'].pk}/similar/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 5
    assert results[0]["title"] == "Deelt zeldzaam"
    assert results[0]["id"] == ranked["rare"].pk
    assert ranked["source"].pk not in {item["id"] for item in results}
    assert {"url", "tags", "period", "period_level", "text"} <= set(results[0])


def test_api_similar_stories_of_an_unknown_or_unpublished_story_is_a_404(client, tree):
    draft = StoryFactory(parent=tree.verhalen, live=False, tags=["wachtlijst"])
    search_reconcile()
    assert client.get(f"/api/v1/stories/{draft.pk}/similar/").status_code == 404
    assert client.get("/api/v1/stories/999999/similar/").status_code == 404


def test_api_root_links_its_resources_and_the_schema_lists_similar_stories(
    client, tree
):
    root = client.get("/api/v1/")
    assert root.status_code == 200
    links = root.json()
    assert {"stories", "schema", "docs"} <= set(links)
    schema = client.get(links["schema"], HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/stories/{id}/similar/" in schema.content.decode()
