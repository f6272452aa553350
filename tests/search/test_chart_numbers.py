"""Numbers in the pictures are SVG numbers in every language, never "468,5"."""

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
    # Uneven counts give fractional coordinates, radii and line widths; five
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
@pytest.mark.parametrize("chart", ["network", "pattern"])
def test_every_number_in_a_chart_is_an_svg_number_in_each_language(
    client, charted, language, chart
):
    """Under Dutch localisation (decimal commas) the charts still draw: 468.5."""
    path = "/patronen/samenhang/"
    if chart == "pattern":
        path = Patroon.objects.order_by("pk").first().get_absolute_url()
    with translation.override(language):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    values = svg_numbers(html)
    elements = {tag for tag, _name, _value in values}
    assert {"svg", "line", "circle", "text"} <= elements or {"svg", "rect"} <= elements
    assert any("." in value for _tag, _name, value in values) or chart == "pattern"
    wrong = [v for v in values if not NUMBER.fullmatch(v[2])]
    assert not wrong, f"not an SVG number in {language}: {wrong[:5]}"
