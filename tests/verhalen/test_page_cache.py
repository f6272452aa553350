"""Anonymous visitors get public pages from the cache, never a page that is gone."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import StoryFactory, SysteemfoutFactory
from verhalen.models import Herkenning, PaginaVersie
from verhalen.recognition_views import RECOGNITION_COOKIE

pytestmark = pytest.mark.django_db


def copies(cache) -> list[str]:
    """The keys of the page copies a cache holds (beside what is kept per version)."""
    return [key for key in cache._cache if ":pagina." in key]


@pytest.fixture(autouse=True)
def _page_cache_on(page_cache):
    """Every test here runs with the page cache on."""
    return page_cache


def test_repeat_visit_to_a_story_is_answered_with_one_query(
    client, story, django_assert_num_queries
):
    """The first visit renders the page; the next one reads only the page version."""
    first = client.get(story.url)
    with django_assert_num_queries(1):
        second = client.get(story.url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content


def test_public_pages_set_no_cookies(client, tree, story):
    """No CSRF or session cookie on a public page: one copy can serve every visitor."""
    for url in (tree.home.url, tree.verhalen.url, story.url):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url


def test_unpublished_story_is_gone_at_once(
    client, story, django_capture_on_commit_callbacks
):
    """Unpublishing renews the version when it commits; the cached copy is retired."""
    assert client.get(story.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert client.get(story.url).status_code == 404


def test_copy_is_retired_when_another_process_renews_the_version(client, story):
    """The version is in the database: a renewal anywhere reaches every process."""
    client.get(story.url)
    title = "Nieuwe titel uit een ander proces"
    type(story).objects.filter(pk=story.pk).update(title=title)
    assert title not in client.get(story.url).content.decode(), "still the copy"
    PaginaVersie.objects.filter(pk=1).update(token="elders-vernieuwd")
    assert title in client.get(story.url).content.decode()


def test_recognition_updates_the_count_others_see(
    story, django_capture_on_commit_callbacks
):
    """After a recognition, a new visitor sees the new count, not the cached one."""
    reader = Client()
    assert "0 mensen herkennen dit." in reader.get(story.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(f"/herken/{story.pk}/")
    assert response.status_code == 302
    assert Herkenning.objects.filter(page=story).count() == 1
    assert "1 persoon herkent dit." in reader.get(story.url).content.decode()


def test_browser_that_recognised_a_story_is_told_so_not_given_the_shared_copy(
    story, django_capture_on_commit_callbacks
):
    """The recognition cookie keeps that browser out of the shared copies."""
    Client().get(story.url)
    recogniser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        recogniser.post(f"/herken/{story.pk}/")
    assert RECOGNITION_COOKIE in recogniser.cookies
    thanked = "Je gaf aan dat je dit herkent"
    assert thanked in recogniser.get(story.url).content.decode()
    assert thanked not in Client().get(story.url).content.decode()


def test_signed_in_editor_is_never_served_from_the_cache(client, story):
    """A session cookie means the request is rendered, whatever the cache holds."""
    Client().get(story.url)
    editor = User.objects.create_user("redacteur", password="geheim-genoeg-123")
    client.force_login(editor)
    response = client.get(story.url)
    assert response.status_code == 200
    assert response.context is not None, "rendered, not taken from the cache"


def test_password_protected_page_is_never_stored(client, story, page_cache):
    """The password form touches the session and carries a token: never shared."""
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.title not in response.content.decode()
    assert not copies(page_cache), "no copy stored for a restricted page"


def test_each_language_gets_its_own_copy(story):
    """The language switch needs no token; the cache keeps Dutch and English apart."""
    visitor = Client(enforce_csrf_checks=True)
    dutch = visitor.get(story.url).content.decode()
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": story.url}, HTTP_REFERER=story.url
    )
    assert switched.status_code == 302
    english = visitor.get(story.url).content.decode()
    assert "Wat er gebeurde" in dutch
    assert "What happened" in english
    assert "Wat er gebeurde" in Client().get(story.url).content.decode()


def test_system_flaw_change_renews_the_pages(
    client, story, django_capture_on_commit_callbacks
):
    """Stories list their system flaws; editing one retires the cached stories."""
    flaw = SysteemfoutFactory()
    story.systeemfouten.add(flaw)
    story.save()
    before = PaginaVersie.objects.get(pk=1).token
    with django_capture_on_commit_callbacks(execute=True):
        flaw.title = "Een andere naam"
        flaw.save()
    assert PaginaVersie.objects.get(pk=1).token != before


def test_recognition_posted_from_another_site_is_refused(story):
    """Without a CSRF token the action checks where the browser says it comes from."""
    url = f"/herken/{story.pk}/"
    cross = Client().post(url, HTTP_SEC_FETCH_SITE="cross-site")
    foreign = Client().post(url, HTTP_ORIGIN="https://kwaadwillend.example")
    same = Client().post(url, HTTP_SEC_FETCH_SITE="same-origin")
    assert cross.status_code == foreign.status_code == 403
    assert "niet toegestaan" in cross.content.decode().lower()
    assert same.status_code == 302
    assert Herkenning.objects.filter(page=story).count() == 1


def test_story_added_by_import_shows_on_the_cached_index(
    client, tree, django_capture_on_commit_callbacks
):
    """Imported stories are bulk-created without publish signals; the index follows."""
    from search.importing import jsonl_import

    StoryFactory(parent=tree.verhalen, title="Eerste verhaal")
    assert "Eerste verhaal" in client.get(tree.verhalen.url).content.decode()
    line = (
        '{"type": "verhaal", "title": "Geimporteerd verhaal", "body": "Tekst.",'
        ' "perspective": "inwoner", "domain": "wmo", "date": "2025-04-01"}'
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = jsonl_import(lines=[line])
    assert report.created["verhaal"] == 1
    assert "Geimporteerd verhaal" in client.get(tree.verhalen.url).content.decode()


def test_recognition_renews_only_the_story_it_counts_on(
    tree, story, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Other pages stay cached: recognitions cannot keep the site rendering."""
    reader = Client()
    other = StoryFactory(parent=tree.verhalen)
    for url in (tree.home.url, tree.verhalen.url, other.url, story.url):
        reader.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/herken/{story.pk}/")
    for url in (tree.home.url, tree.verhalen.url, other.url):
        with django_assert_num_queries(1):
            assert reader.get(url).status_code == 200
    assert "1 persoon herkent dit." in reader.get(story.url).content.decode()


def test_a_view_restriction_retires_the_cached_copies_at_once(
    client, tree, story, django_capture_on_commit_callbacks
):
    """A story made private is gone from its cached page and from the cached list."""
    assert story.title in client.get(tree.verhalen.url).content.decode()
    assert client.get(story.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.LOGIN
        )
    assert client.get(story.url).status_code == 302, "to the login page"
    assert story.title not in client.get(tree.verhalen.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(story.url).status_code == 200


def test_made_up_query_strings_and_headers_are_served_but_not_stored(
    client, story, page_cache
):
    """Only one copy of a page, however many parameters or languages are made up."""
    for n in range(5):
        response = client.get(f"{story.url}?utm_source={n}")
        assert response.status_code == 200
        assert story.title in response.content.decode()
        client.get(story.url, HTTP_ACCEPT_LANGUAGE=f"x-{n}", HTTP_COOKIE=f"a={n}")
    assert len(copies(page_cache)) == 1, "only the page without a query string"


def test_an_index_keeps_copies_only_for_tags_and_pages_it_has(
    client, tree, story, page_cache
):
    """A known tag and an existing page number are cached; invented values are not."""
    story.tags.add("wachtlijst")
    story.save()
    for query in ("?tag=wachtlijst", "?page=1", "?tag=wachtlijst&page=1"):
        assert client.get(tree.verhalen.url + query).status_code == 200
    stored = len(copies(page_cache))
    assert stored == 3
    for n in range(5):
        for query in (f"?tag=bedacht-{n}", f"?page={n + 2}", f"?page=1&extra={n}"):
            assert client.get(tree.verhalen.url + query).status_code == 200
    assert client.get(tree.verhalen.url + "?tag=wachtlijst&tag=x").status_code == 200
    assert len(copies(page_cache)) == stored
