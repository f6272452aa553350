"""/patronen/samenhang/: which topics occur together, as a heat map and a table."""

import re

import pytest

from search.selectors import tags_cooccurring
from search.services import search_reconcile
from tests.factories import StoryFactory
from tests.html_tree import html_tree
from verhalen.small_numbers import K

pytestmark = pytest.mark.django_db

CLUSTER_A = ["aanvraag", "wachtlijst", "zorg"]
CLUSTER_B = ["brieven", "jargon", "taal"]
# Shared by fewer than K stories: the page may not tell how many.
SMALL_PAIR = ["huur", "schuldhulp"]
SMALL_PAIR_STORIES = 3
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
ALL_TOPICS = CLUSTER_A + CLUSTER_B + SMALL_PAIR


@pytest.fixture
def topics(tree):
    """Two clusters of three topics, interleaved by popularity, and a small pair."""
    for n in range(6):
        StoryFactory(parent=tree.verhalen, title=f"Wachten {n}", tags=CLUSTER_A)
        StoryFactory(parent=tree.verhalen, title=f"Brief {n}", tags=CLUSTER_B)
    # Most used first would read aanvraag, brieven, wachtlijst, …: mixed clusters.
    for tag, extra in (("aanvraag", 3), ("brieven", 2), ("wachtlijst", 1)):
        for n in range(extra):
            StoryFactory(parent=tree.verhalen, title=f"{tag} {n}", tags=[tag])
    for n in range(SMALL_PAIR_STORIES):
        StoryFactory(parent=tree.verhalen, title=f"Schuld {n}", tags=SMALL_PAIR)
    search_reconcile()
    return tree


def _about_only(element, names: list[str]) -> bool:
    """Whether ``element`` names the topics ``names`` and no other topic."""
    words = set(re.findall(r"\w+", element.text))
    return set(names) <= words and not (set(ALL_TOPICS) - set(names)) & words


def test_a_pair_shared_by_fewer_than_k_stories_never_shows_its_count(client, topics):
    """Wherever the page speaks of the small pair alone, none of 1 to K-1 is written.

    Neither its count nor its lift (which with the topics' own counts would give
    the count back): it reads "fewer than 5", as the search facets do.
    """
    html = client.get("/patronen/samenhang/").content.decode()
    about = [e for e in html_tree(html).iter() if _about_only(e, SMALL_PAIR)]
    assert about, "the small pair is on the page"
    for element in about:
        # K itself ("fewer than 5") and the 0 of pairs no story shares may stand.
        assert set(NUMBER.findall(element.text)) <= {"0", str(K)}, element.text
    assert f"minder dan {K}" in " ".join(element.text for element in about)


def test_the_selector_hands_out_no_pair_count_below_k(topics):
    """The picture cannot leak what it is never given."""
    network = tags_cooccurring()
    small = network.pair(*SMALL_PAIR)
    assert small.together is None and small.lift is None
    assert network.pair("aanvraag", "wachtlijst").together == 6
