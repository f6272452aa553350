"""Rendered pages stay within a fixed number of queries, so none creep in unseen.

Measured as a browser that recognised a story sees them: never from the shared page
cache, so every request renders. The page cache itself is on (in memory), as on a
site, since the menu, routes and the site are kept per page version there.
"""

import pytest
from django.core.signing import get_cookie_signer
from wagtail.models import PageViewRestriction

from leren.services import tag_summary_refresh
from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory
from verhalen.recognition_views import RECOGNITION_COOKIE, RECOGNITION_SALT

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered_client(client, page_cache, tree):
    """A client whose requests are always rendered, with the page cache on."""
    signer = get_cookie_signer(salt=RECOGNITION_COOKIE + RECOGNITION_SALT)
    client.cookies[RECOGNITION_COOKIE] = signer.sign("a-browser")
    return client


@pytest.fixture
def content(tree):
    stories = [
        StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "wmo"]) for _ in range(6)
    ]
    experiment = ExperimentFactory(parent=tree.experimenten, tags=["wachtlijst"])
    reflection = ReflectieFactory(parent=tree.reflecties, tags=["wmo"])
    tag_summary_refresh()
    return {"story": stories[0], "experiment": experiment, "reflection": reflection}


@pytest.mark.parametrize(
    ("page", "most"),
    [
        ("/", 5),
        ("/verhalen/", 4),
        ("story", 5),
        ("/experimenten/", 4),
        # One more for how many take part.
        ("experiment", 4),
        ("/reflecties/", 4),
        ("reflection", 4),
    ],
)
def test_rendered_page_needs_at_most_a_fixed_number_of_queries(
    rendered_client, content, django_assert_max_num_queries, page, most
):
    """After the first visit of a version, a page renders within its query budget."""
    path = content[page].url if page in content else page
    assert rendered_client.get(path).status_code == 200
    with django_assert_max_num_queries(most):
        response = rendered_client.get(path)
    assert response.status_code == 200
    assert response.context is not None, "rendered, not taken from the cache"


def test_menu_follows_a_renamed_index_page_after_its_publication(
    rendered_client, tree, django_capture_on_commit_callbacks
):
    """The kept menu is renewed with the page version: a new slug shows at once."""
    assert 'href="/verhalen/"' in rendered_client.get("/").content.decode()
    tree.verhalen.slug = "alle-verhalen"
    with django_capture_on_commit_callbacks(execute=True):
        tree.verhalen.save_revision().publish()
    html = rendered_client.get("/").content.decode()
    assert 'href="/alle-verhalen/"' in html and 'href="/verhalen/"' not in html


def test_route_kept_for_an_address_is_not_used_once_the_page_has_moved_away(
    rendered_client, tree, story
):
    """A kept address that no longer leads to its page is looked up afresh."""
    old_url = story.url
    assert rendered_client.get(old_url).status_code == 200
    story.slug = "nieuwe-naam"
    story.save_revision().publish()
    story.refresh_from_db()
    assert rendered_client.get(old_url).status_code == 404
    assert rendered_client.get(story.url).status_code == 200


@pytest.mark.parametrize("on", ["story", "index"])
def test_a_restriction_added_after_a_visit_holds_at_once_for_rendered_pages(
    rendered_client, content, tree, on, django_capture_on_commit_callbacks
):
    """The kept restrictions are renewed with the version: no stale 'public'."""
    story = content["story"]
    assert rendered_client.get(story.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=story if on == "story" else tree.verhalen,
            restriction_type=PageViewRestriction.LOGIN,
        )
    response = rendered_client.get(story.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_kept_lists_are_kept_per_language(rendered_client, content):
    dutch = rendered_client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = rendered_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nieuwste verhalen" in dutch and "Latest stories" in english
    assert "Alle verhalen" in dutch and "All stories" in english


@pytest.mark.parametrize("path", ["/", "/verhalen/"])
def test_a_published_story_shows_in_kept_lists_at_once(
    rendered_client, content, tree, path, django_capture_on_commit_callbacks
):
    assert "Net verschenen" not in rendered_client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(
            parent=tree.verhalen, title="Net verschenen"
        ).save_revision().publish()
    assert "Net verschenen" in rendered_client.get(path).content.decode()


def test_a_list_for_a_tag_nobody_uses_is_not_kept(rendered_client, content, tree):
    """Made-up tags cannot fill the cache: the next visit reads the list afresh."""
    assert (
        "Nieuw onderwerp"
        not in rendered_client.get(
            "/verhalen/", {"tag": "nieuw-onderwerp"}
        ).content.decode()
    )
    # Published without renewing any version, as a kept list would not notice.
    StoryFactory(
        parent=tree.verhalen, title="Nieuw onderwerp", tags=["nieuw-onderwerp"]
    )
    html = rendered_client.get(
        "/verhalen/", {"tag": "nieuw-onderwerp"}
    ).content.decode()
    assert "Nieuw onderwerp" in html
