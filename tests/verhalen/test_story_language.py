"""Story text is Dutch on every page, so it is marked lang="nl" on English pages too.

Browsers hyphenate by an element's language: without the mark, a long Dutch word
in a card of an English page is broken by English rules, or not at all.
"""

import pytest

from search.services import search_reconcile
from tests.factories import StoryFactory
from tests.html_tree import html_tree

pytestmark = pytest.mark.django_db

WORD = "Vrijwilligersvergoeding"


@pytest.fixture
def story(tree):
    story = StoryFactory(
        parent=tree.verhalen,
        title=f"{WORD} te laat",
        body=f"<p>De {WORD.lower()} kwam drie maanden te laat.</p>",
        impact="<p>Ik kon de huur niet betalen.</p>",
        tags=["vrijwilligerswerk"],
    )
    search_reconcile()
    return story


def english(client, path: str):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    tree = html_tree(response.content.decode())
    assert next(tree.iter("html")).attrs["lang"] == "en", "an English page"
    return tree


def _language_of(tree, text: str) -> set[str]:
    """The lang of the innermost elements around ``text`` that carry one."""
    langs = set()
    for element in tree.iter():
        if text in element.text and "lang" in element.attrs:
            inner = [
                e
                for e in element.iter()
                if e is not element and "lang" in e.attrs and text in e.text
            ]
            if not inner:
                langs.add(element.attrs["lang"])
    return langs


def test_story_card_title_and_excerpt_are_dutch_on_an_english_page(client, story):
    tree = english(client, "/verhalen/")
    card = next(e for e in tree.iter("article") if "card" in e.classes())
    title = next(e for e in card.iter() if "card__title" in e.classes())
    text = next(e for e in card.iter() if "card__text" in e.classes())
    assert title.attrs.get("lang") == "nl" and WORD in title.text
    assert text.attrs.get("lang") == "nl"
    tags = [e for e in card.iter("a") if "tag" in e.classes()]
    assert tags and all(e.attrs.get("lang") == "nl" for e in tags)


def test_story_page_title_and_text_are_dutch_on_an_english_page(client, story):
    tree = english(client, story.url)
    assert _language_of(tree, f"{WORD} te laat") == {"nl"}
    assert _language_of(tree, "drie maanden te laat") == {"nl"}
    assert _language_of(tree, "huur niet betalen") == {"nl"}
    assert _language_of(tree, "What happened") == {"en"}, "headings stay English"


def test_search_hit_title_is_dutch_on_an_english_page(client, story):
    tree = english(client, "/zoeken/?q=vrijwilligersvergoeding")
    assert _language_of(tree, f"{WORD} te laat") == {"nl"}
