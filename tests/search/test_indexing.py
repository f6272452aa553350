"""The search index follows what is published: on publish, unpublish, move, delete."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search.backends import SearchQuery, backend_load
from search.models import Zoekdocument
from search.services import search_reconcile
from tests.factories import StoryFactory
from verhalen.models import VerhalenIndexPage

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return [
        hit.url for hit in backend_load("database").search(SearchQuery(text=text)).hits
    ]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then what it queued for after the commit, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(committed):
    def run(page):
        with committed():
            page.save_revision().publish()
        return page

    return run


def test_publishing_a_story_makes_it_findable(tree, publish):
    story = StoryFactory(
        parent=tree.verhalen, title="Het keukentafelgesprek", live=False
    )
    assert found("keukentafelgesprek") == []
    publish(story)
    assert found("keukentafelgesprek") == [story.url]


def test_unpublishing_and_deleting_take_a_page_out(tree, publish, committed):
    kept = publish(StoryFactory(parent=tree.verhalen, title="Eerste huisbezoek"))
    gone = publish(StoryFactory(parent=tree.verhalen, title="Tweede huisbezoek"))
    with committed():
        kept.unpublish()
    assert found("huisbezoek") == [gone.url]
    with committed():
        gone.delete()
    assert found("huisbezoek") == []
    assert not Zoekdocument.objects.exists()


def test_moving_a_page_updates_its_address_in_the_index(tree, publish, committed):
    story = publish(StoryFactory(parent=tree.verhalen, title="Een verhuizing"))
    archive = tree.home.add_child(
        instance=VerhalenIndexPage(title="Archief", slug="archief")
    )
    with committed():
        story.move(archive, pos="last-child")
    assert found("verhuizing") == ["/archief/een-verhuizing/"]


def test_pages_behind_a_view_restriction_are_not_indexed(tree):
    story = StoryFactory(parent=tree.verhalen, title="Alleen voor medewerkers")
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    search_reconcile()
    assert found("medewerkers") == []


def test_reconciliation_repairs_missing_stale_and_surplus_documents(tree, publish):
    stale = publish(StoryFactory(parent=tree.verhalen, title="Oude titel"))
    surplus = publish(StoryFactory(parent=tree.verhalen, title="Ingetrokken"))
    missing = StoryFactory(parent=tree.verhalen, title="Nooit geindexeerd")
    # Drift as a lost task or a swallowed error leaves it.
    Zoekdocument.objects.filter(pk=stale.pk).update(title="Verouderd", published_at="")
    surplus.live = False
    surplus.save(update_fields=["live"])

    report = search_reconcile()

    assert report == {"database_refreshed": 2, "database_removed": 1}
    assert found("geindexeerd") == [missing.url]
    assert Zoekdocument.objects.get(pk=stale.pk).title == "Oude titel"
    assert found("ingetrokken") == []
    assert search_reconcile() == {"database_refreshed": 0, "database_removed": 0}


def test_publishing_with_the_broker_down_is_indexed_by_the_next_reconciliation(
    tree, broker, publish
):
    broker("redis://127.0.0.1:1/0")
    story = publish(StoryFactory(parent=tree.verhalen, title="Storing", live=False))
    story.refresh_from_db()
    assert story.live, "the editor's publication stands"
    assert found("storing") == []
    search_reconcile()
    assert found("storing") == [story.url]


def test_search_index_command_rebuilds_from_the_published_pages(tree, capsys):
    StoryFactory(parent=tree.verhalen, title="Schuldhulp zonder drempel")
    StoryFactory(parent=tree.verhalen, title="Nog een concept", live=False)
    call_command("search_index", "--rebuild")
    assert "1 pages" in capsys.readouterr().out
    assert len(found("schuldhulp")) == 1
    call_command("search_index")
    assert "database_refreshed 0" in capsys.readouterr().out


def test_a_view_restriction_takes_the_page_out_of_search_and_api_at_once(
    client, tree, publish, committed
):
    """Restricting a page (or the index above it) removes it as the change commits."""
    story = publish(StoryFactory(parent=tree.verhalen, title="Een gesloten verhaal"))
    assert found("gesloten") == [story.url]
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 200
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=tree.verhalen, restriction_type=PageViewRestriction.LOGIN
        )
    assert found("gesloten") == []
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 404
    assert client.get("/api/v1/stories/").json()["results"] == []
    with committed():
        restriction.delete()
    assert found("gesloten") == [story.url], "public again, findable again"
