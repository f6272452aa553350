"""Numbers in the pictures are SVG numbers in every language, never "468,5".

And the numbers a reader reads (a lift in the heat map, a share beside a bar) are
written the reader's way: 1,5 in Dutch, 1.5 in English.
"""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from search.models import Patroon
from search.patterns import patterns_recompute
from tests.factories import StoryFactory
from verhalen.services import story_generalisations_refresh

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"-?\d+(\.\d+)?(em)?")
NUMERIC = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "dy", "width", "height"}
NUMERIC |= {"stroke-width", "stroke-opacity", "font-size"}


class SvgNumbers(HTMLParser):
    """Collect every numeric attribute of the elements inside an <svg>."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.depth += 1
        if not self.depth:
            return
        for name, value in attrs:
            if name in NUMERIC:
                self.values.append((tag, name, value))
            elif name == "viewbox":
                self.values.extend((tag, name, part) for part in value.split(" "))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1


def svg_numbers(html: str) -> list[tuple[str, str, str]]:
    parser = SvgNumbers()
    parser.feed(html)
    return parser.values


@pytest.fixture
def charted(tree):
    # Uneven counts give fractional bar widths and lifts; five
    # stories a month keep their months on the pages, so the chart has quarters.
    for n, period in enumerate(["2024-02-01", "2024-11-01", "2025-01-01"] * 5):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Wachten {n}",
            tags=["wachtlijst", "overbruggingszorg", *(["brieven"] * (n % 2))],
            period=period,
        )
    for n in range(7):
        StoryFactory(parent=tree.verhalen, title=f"Ander {n}", tags=[f"los {n}"])
    patterns_recompute()
    story_generalisations_refresh()
    return tree


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_number_in_a_chart_is_an_svg_number_in_each_language(
    client, charted, language
):
    """Under Dutch localisation (decimal commas) the pattern's chart still draws."""
    path = Patroon.objects.order_by("pk").first().get_absolute_url()
    with translation.override(language):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    values = svg_numbers(html)
    elements = {tag for tag, _name, _value in values}
    assert {"svg", "rect", "line", "text"} <= elements
    wrong = [v for v in values if not NUMBER.fullmatch(v[2])]
    assert not wrong, f"not an SVG number in {language}: {wrong[:5]}"


@pytest.mark.parametrize(("language", "mark"), [("nl", ","), ("en", ".")])
def test_heat_map_lifts_are_written_the_readers_way(client, charted, language, mark):
    """The heat map is HTML, not SVG: its lifts read 1,5 in Dutch and 1.5 in English."""
    with translation.override(language):
        html = client.get(
            "/patronen/samenhang/", HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    lifts = re.findall(r'<span class="heat__lift">×([^<]+)</span>', html)
    assert lifts, "the heat map shows lifts"
    assert all(re.fullmatch(rf"\d+\{mark}\d", lift) for lift in lifts), lifts
