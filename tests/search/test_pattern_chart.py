"""A pattern's chart: quarters on one axis, stories on the other, and each share."""

import re

import pytest
from django.utils import translation

from search.charts import quarter_chart, share_text, value_ticks
from search.models import Patroon
from search.patterns import patterns_recompute
from search.selectors import QuarterCount, pattern_seen
from tests.factories import StoryFactory
from tests.html_tree import html_tree
from verhalen.services import story_generalisations_refresh

pytestmark = pytest.mark.django_db

PATTERN = ["overbruggingszorg", "wachtlijst"]


@pytest.fixture
def corpus(tree):
    """Known totals: the pattern has 5 of 20 stories in 2025 Q1 and 5 of 10 in Q3.

    Five or more stories a month, so the ladder keeps every month on the pages.
    """
    months = {"2025-01-01": (5, 0), "2025-02-01": (0, 15), "2025-05-01": (0, 5)}
    months |= {"2025-08-01": (5, 0), "2025-07-01": (0, 5)}
    for period, (of_pattern, others) in months.items():
        for n in range(of_pattern):
            StoryFactory(
                parent=tree.verhalen,
                title=f"Wachten {period} {n}",
                tags=PATTERN,
                period=period,
            )
        for n in range(others):
            StoryFactory(
                parent=tree.verhalen,
                title=f"Ander {period} {n}",
                tags=[f"los {n}"],
                period=period,
            )
    patterns_recompute()
    story_generalisations_refresh()
    return tree


@pytest.fixture
def pattern_html(client, corpus):
    def get(language: str = "nl") -> str:
        url = Patroon.objects.get(tags=PATTERN).get_absolute_url()
        with translation.override(language):
            return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    return get


def test_share_is_the_patterns_stories_over_all_stories_of_the_quarter(corpus):
    seen = pattern_seen(pattern=Patroon.objects.get(tags=PATTERN))
    assert [(q.label, q.stories, q.all_stories) for q in seen.quarters] == [
        ("2025 K1", 5, 20),
        ("2025 K2", 0, 5),
        ("2025 K3", 5, 10),
    ]
    assert [q.share for q in seen.quarters] == [0.25, 0.0, 0.5]


def test_share_counts_only_published_stories(corpus):
    """An unpublished story is in no total: it is not on the site."""
    story = StoryFactory(parent=corpus.verhalen, tags=["los"], period="2025-02-01")
    story.unpublish()
    story_generalisations_refresh()
    seen = pattern_seen(pattern=Patroon.objects.get(tags=PATTERN))
    assert seen.quarters[0].all_stories == 20


def test_chart_has_labelled_axes_with_round_ticks(pattern_html):
    tree = html_tree(pattern_html())
    svg = next(tree.iter("svg"))
    assert svg.attrs["role"] == "img"
    title, desc = (next(svg.iter(tag)) for tag in ("title", "desc"))
    assert svg.attrs["aria-labelledby"] == f"{title.attrs['id']} {desc.attrs['id']}"
    texts = [t.text for t in svg.iter("text")]
    assert "Kwartaal" in texts and "Verhalen" in texts, "both axes are named"
    assert {"2025 K1", "2025 K2", "2025 K3"} <= set(texts), "each quarter is named"
    ticks = [t.text for t in svg.iter("text") if "chart__tick" in t.classes()]
    assert ticks == ["0", "2", "4", "6"], "round values past the highest count, 5"
    assert "viewbox" in svg.attrs and "width" not in svg.attrs, "it scales"


def test_each_bar_shows_its_count_beside_its_share(pattern_html):
    for language, quarter, share in (
        ("nl", "2025 K1", "25%"),
        ("en", "2025 Q1", "25%"),
    ):
        svg = next(html_tree(pattern_html(language)).iter("svg"))
        notes = [t.text for t in svg.iter("text") if "chart__note" in t.classes()]
        assert notes == [f"5 ({share})", "0", "5 (50%)"], language
        labels = [t.text for t in svg.iter("text") if "chart__label" in t.classes()]
        assert labels[0] == quarter


def test_the_table_gives_the_same_figures_as_the_bars(pattern_html):
    tree = html_tree(pattern_html())
    svg = next(tree.iter("svg"))
    labels = [t.text for t in svg.iter("text") if "chart__label" in t.classes()]
    notes = [t.text for t in svg.iter("text") if "chart__note" in t.classes()]
    table = next(t for t in tree.iter("table") if "chart-table" in t.classes())
    headers = [th.text for th in next(table.iter("thead")).iter("th")]
    assert headers == ["Kwartaal", "Verhalen", "Alle verhalen", "Aandeel"]
    rows = [
        [c.text for c in tr.iter("th", "td")]
        for tr in next(table.iter("tbody")).iter("tr")
    ]
    assert rows == [
        ["2025 K1", "5", "20", "25%"],
        ["2025 K2", "0", "5", "0%"],
        ["2025 K3", "5", "10", "50%"],
    ]
    assert [row[0] for row in rows] == labels
    assert [row[1] for row in rows] == [re.sub(r" \(.*", "", note) for note in notes]


def test_facts_are_a_definition_list_of_terms_each_followed_by_its_value(pattern_html):
    tree = html_tree(pattern_html())
    facts = next(dl for dl in tree.iter("dl") if "facts" in dl.classes())
    assert "facts--rows" in facts.classes(), "laid out as aligned term/value rows"
    tags = [child.tag for child in facts.children]
    assert tags == ["dt", "dd"] * (len(tags) // 2) and tags, tags
    terms = [child.text for child in facts.children if child.tag == "dt"]
    assert terms == [
        "Perspectieven",
        "Voor het eerst gezien",
        "Voor het laatst gezien",
        "Verloop",
        "Organisaties",
    ]


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (5, [0, 2, 4, 6])]
    + [(7, [0, 2, 4, 6, 8]), (23, [0, 10, 20, 30]), (180, [0, 50, 100, 150, 200])],
)
def test_value_ticks_are_round_and_few(highest, ticks):
    assert value_ticks(highest) == ticks


def test_share_text_is_a_readable_percentage():
    with translation.override("nl"):
        assert [share_text(s) for s in (0, 0.004, 0.025, 0.25, 1)] == [
            "0%",
            "<1%",
            "2,5%",
            "25%",
            "100%",
        ]


def test_bars_and_ticks_stay_inside_the_picture():
    """The longest bar ends at the last tick, and its note still fits the width."""
    quarters = [QuarterCount(2025, q, n, 40) for q, n in ((1, 38), (2, 3), (3, 0))]
    chart = quarter_chart(quarters=quarters)
    assert chart.ticks[-1].value == 40 and chart.ticks[-1].x == chart.plot_right
    assert max(bar.note_x for bar in chart.bars) < chart.width - 80
    assert chart.bars[2].width == 0 and chart.height > chart.plot_bottom + 40
