"""The pattern chart and the topics' heat map in Chromium: nothing cut off, at 390 px
and at 1280 px, in Dutch and in English, and no violation that axe-core can find."""

import pytest

from .support import LOCALES, VIEWPORTS, axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]

# Every box that lies (partly) outside another, as [what, box, within].
OUTSIDE = """([selector, within]) => {
    const out = [];
    const box = e => e.getBoundingClientRect();
    for (const element of document.querySelectorAll(selector)) {
        const b = box(element), w = within === "viewport"
            ? {left: 0, top: -1e9, right: innerWidth, bottom: 1e9}
            : box(element.closest(within));
        if (b.left < w.left - 0.5 || b.right > w.right + 0.5
                || b.top < w.top - 0.5 || b.bottom > w.bottom + 0.5) {
            const name = element.textContent.trim();
            out.push([name, [b.left, b.right], [w.left, w.right]]);
        }
    }
    return out;
}"""


# The demo's 49 stories are too few for the ladder to show any month or quarter, so
# no demo pattern has a chart: this module publishes a pattern that has one, five
# stories a month so that their months stay on their pages.
CHARTED = """
from search.models import Patroon
from search.patterns import patterns_recompute
from search.services import search_reconcile
from tests.factories import StoryFactory
from verhalen.models import VerhalenIndexPage
from verhalen.services import story_generalisations_refresh

stories = VerhalenIndexPage.objects.first()
tags = ["vrijwilligersvergoeding", "wachttijd uitbetaling"]
months = {"2024-01-01": 5, "2024-02-01": 10, "2024-05-01": 5, "2024-09-01": 10}
months |= {"2025-01-01": 5}
for period, count in months.items():
    for n in range(count):
        StoryFactory(
            parent=stories,
            title=f"Vrijwilligersvergoeding kwam te laat {period} {n}",
            tags=tags if n < 5 else [f"ander onderwerp {n}"],
            period=period,
        )
story_generalisations_refresh()
patterns_recompute()
search_reconcile()
print(Patroon.objects.get(tags=sorted(tags)).get_absolute_url())
"""


@pytest.fixture(scope="module")
def pattern_url(live_venster) -> str:
    url = live_venster.django(CHARTED).strip().splitlines()[-1]
    live_venster.clear_rate_limits()  # the whole cache: no page from before these
    return url


def _no_page_wider_than_the_window(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pattern_chart_labels_and_facts_lie_inside_the_window(
    new_page, pattern_url, viewport, locale
):
    """Every label of the chart is inside the picture and the window; each fact's
    term stands beside its value, on the same line; axe finds nothing."""
    page = new_page(viewport)
    assert page.goto(pattern_url).status == 200
    screenshot(page, f"patroon-grafiek-{viewport}-{page.language}")
    _no_page_wider_than_the_window(page)
    labels = page.locator("svg.chart text")
    assert labels.count() >= 5, "axis titles, ticks, quarters and notes"
    assert page.evaluate(OUTSIDE, ["svg.chart text", "svg"]) == []
    assert page.evaluate(OUTSIDE, ["svg.chart", "viewport"]) == []
    font = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.chart__label'))"
        ".fontSize) * document.querySelector('svg.chart').getBoundingClientRect()"
        ".width / document.querySelector('svg.chart').viewBox.baseVal.width"
    )
    assert font >= 11, f"quarter labels read at {font:.1f} px"
    pairs = page.evaluate(
        """() => [...document.querySelectorAll("dl.facts dt")].map(dt => {
            const dd = dt.nextElementSibling, a = dt.getBoundingClientRect(),
                b = dd.getBoundingClientRect();
            return [dt.textContent, dd.tagName, a.top, b.top, a.right, b.left];
        })"""
    )
    assert len(pairs) >= 3, pairs
    for term, tag, term_top, value_top, term_right, value_left in pairs:
        assert tag == "DD", term
        assert abs(term_top - value_top) < 2, f"{term} is not beside its value"
        assert term_right <= value_left, f"{term} runs into its value"
    lefts = {round(left) for *_rest, left in pairs}
    assert len(lefts) == 1, f"the values do not line up: {lefts}"
    assert not (violations := axe_violations(page)), describe(violations)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_heat_map_labels_are_never_cut_off(new_page, viewport, locale):
    """The matrix scrolls inside its box, not the page; no label is clipped, the
    row names stay in view while it scrolls; axe finds nothing."""
    page = new_page(viewport)
    assert page.goto("/patronen/samenhang/").status == 200
    screenshot(page, f"samenhang-{viewport}-{page.language}")
    _no_page_wider_than_the_window(page)
    assert page.evaluate(OUTSIDE, [".heat-scroll", "viewport"]) == []
    assert page.evaluate(OUTSIDE, [".heat__column span", "th"]) == []
    clipped = page.evaluate(
        """() => [...document.querySelectorAll(".heat th")].filter(
            th => th.scrollWidth > th.clientWidth + 1
                || th.scrollHeight > th.clientHeight + 1).map(th => th.textContent)"""
    )
    assert clipped == [], clipped
    for end in ("0", "box.scrollWidth"):
        page.locator(".heat-scroll").evaluate(f"box => box.scrollLeft = {end}")
        assert page.evaluate(OUTSIDE, [".heat__row", "viewport"]) == [], end
        assert page.evaluate(OUTSIDE, [".heat__row", ".heat-scroll"]) == [], end
    last = page.locator(".heat__column span").last
    last_box, window = last.bounding_box(), VIEWPORTS[viewport][0]
    assert last_box["x"] >= 0 and last_box["x"] + last_box["width"] <= window, (
        "the last column's name comes into view when the matrix is scrolled"
    )
    page.locator(".heat-scroll").evaluate("box => box.scrollLeft = 0")
    assert not (violations := axe_violations(page)), describe(violations)
