"""/patronen/samenhang/: which topics occur together, as a heat map and a table."""

import re

import pytest

from search.charts import HEAT_BANDS, heat_band, heat_map
from search.selectors import PairCount, TagCooccurrence, TopicCount, tags_cooccurring
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


def _matrix(html: str):
    """The heat map's column names, and per row its name and cell texts."""
    table = next(t for t in html_tree(html).iter("table") if "heat" in t.classes())
    columns = [th.text for th in next(table.iter("thead")).iter("th")]
    rows = [
        (next(tr.iter("th")).text, list(tr.iter("td")))
        for tr in next(table.iter("tbody")).iter("tr")
    ]
    return columns, rows


def test_heat_map_orders_topics_so_that_clusters_stand_together(client, topics):
    """Most used first would mix the clusters; the matrix keeps each one together."""
    columns, rows = _matrix(client.get("/patronen/samenhang/").content.decode())
    assert sorted(columns) == sorted(ALL_TOPICS)
    assert [name for name, _cells in rows] == columns, "rows and columns alike"
    for cluster in (CLUSTER_A, CLUSTER_B):
        places = sorted(columns.index(tag) for tag in cluster)
        assert places == list(range(places[0], places[0] + 3)), columns


def test_heat_map_cell_links_to_the_search_for_its_pair(client, topics):
    """A cell leads to the stories with both topics: as many as the cell says."""
    html = client.get("/patronen/samenhang/").content.decode()
    columns, rows = _matrix(html)
    cells = dict(rows)["aanvraag"]
    cell = cells[columns.index("wachtlijst")]
    link = next(cell.iter("a"))
    assert link.attrs["href"] == "/zoeken/?kind=verhaal&tag=aanvraag&tag=wachtlijst"
    assert next(cell.iter("span")).text.startswith("6 ")
    found = client.get(link.attrs["href"]).content.decode()
    assert "6 resultaten" in found
    assert "Wachten 0" in found and "aanvraag 0" not in found


def test_heat_map_cell_shows_count_and_lift(client, topics):
    """aanvraag (9) and wachtlijst (7) share 6 of 21 stories: 6 × 21 / 63 = 2.0."""
    html = client.get("/patronen/samenhang/").content.decode()
    columns, rows = _matrix(html)
    cell = dict(rows)["wachtlijst"][columns.index("aanvraag")]
    assert "6 ×2,0" in cell.text
    assert "aanvraag" in cell.text and "2,0 keer zo vaak als bij toeval" in cell.text
    unshared = dict(rows)["aanvraag"][columns.index("brieven")]
    assert not list(unshared.iter("a")) and unshared.text == "0"


def test_pair_table_says_what_the_heat_map_says(client, topics):
    """Every pair in the list has the count, lift and link of its cell."""
    html = client.get("/patronen/samenhang/").content.decode()
    columns, rows = _matrix(html)
    table = next(
        t for t in html_tree(html).iter("table") if "chart-table" in t.classes()
    )
    listed = list(next(table.iter("tbody")).iter("tr"))
    assert len(listed) == 3 + 3 + 1, "each shared pair once"
    for row in listed:
        link = next(row.iter("a"))
        a, b = link.text.split(" + ")
        cell = dict(rows)[a][columns.index(b)]
        assert next(cell.iter("a")).attrs["href"] == link.attrs["href"]
        together, lift = (td.text for td in row.iter("td"))
        if together == f"minder dan {K}":
            assert lift == "" and f"<{K}" in cell.text
        else:
            assert cell.text.startswith(f"{together} ×{lift}")


def test_shades_spread_over_the_counts_a_cell_may_show():
    """K is the palest counted shade, the most shared pair the darkest; the legend
    names the counts of each shade, and none below K."""
    assert [heat_band(n, most=25) for n in (K, 10, 15, 20, 25)] == [1, 2, 3, 4, 5]
    assert heat_band(K, most=K) == HEAT_BANDS
    cooccurrence = TagCooccurrence(
        topics=[TopicCount("a", 30), TopicCount("b", 30), TopicCount("c", 9)],
        pairs=[PairCount("a", "b", 25, 1.2), PairCount("a", "c", None, None)],
        stories=40,
    )
    legend = heat_map(cooccurrence=cooccurrence).legend
    assert legend[0] == (1, "5–7") and legend[-1] == (5, "23–25"), legend
