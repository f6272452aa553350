"""The public pages in Chromium: photographed at two widths, checked with axe-core."""

import pytest

from .support import (
    LOCALES,
    VIEWPORTS,
    axe_violations,
    describe,
    fill_story,
    preview,
    screenshot,
)

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]

PAGES = {
    "home": "/",
    "verhalen": "/verhalen/",
    "zoeken": "/zoeken/",
    "patronen": "/patronen/",
    "samenhang": "/patronen/samenhang/",
    "deel-je-verhaal": "/deel-je-verhaal/",
    "mijn-verhaal": "/mijn-verhaal/",
    "systeemfouten": "/systeemfouten/",
    "experimenten": "/experimenten/",
    "meedoen-intrekken": "/meedoen/intrekken/",
}


def first_link_in_list(page, path: str) -> str:
    """The address of the first item listed on ``path``, as a visitor would click."""
    page.goto(path)
    link = page.get_by_role("main").get_by_role("listitem").get_by_role("link").first
    return link.get_attribute("href")


@pytest.fixture(scope="module")
def public_pages(chromium, live_venster) -> dict[str, str]:
    """Every main public page, with a story, a pattern and an open experiment (and
    its sign-up form) from the demo."""
    context = chromium.new_context(base_url=live_venster.url)
    page = context.new_page()
    pages = {
        **PAGES,
        "verhaal": first_link_in_list(page, "/verhalen/"),
        "patroon": first_link_in_list(page, "/patronen/"),
    }
    context.close()
    url, pk = live_venster.django(
        "from leren.models import ExperimentPage\n"
        "page = ExperimentPage.objects.live().filter(status='open').first()\n"
        "print(page.url, page.pk)"
    ).split()
    pages["experiment"], pages["meedoen"] = url, f"/meedoen/{pk}/"
    assert (
        pages["verhaal"].startswith("/verhalen/") and pages["verhaal"] != "/verhalen/"
    )
    assert pages["patroon"].startswith("/patronen/")
    return pages


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_meet_wcag_21_aa_and_are_photographed(
    new_page, public_pages, viewport, locale
):
    """Each main page renders, carries a CSP, and axe finds no A/AA violation.

    In Dutch and in English, without a console error (``new_page`` fails on one):
    an SVG number with a decimal comma is one.
    """
    page = new_page(viewport)
    found = {}
    for name, path in public_pages.items():
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.locator("html").get_attribute("lang") == page.language, path
        screenshot(page, f"{name}-{viewport}-{page.language}")
        if violations := axe_violations(page):
            found[path] = describe(violations)

    fill_story(page)
    preview(page)
    screenshot(page, f"deel-je-verhaal-voorbeeld-{viewport}-{page.language}")
    if violations := axe_violations(page):
        found["preview"] = describe(violations)

    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())


def test_axe_finds_a_violation_when_there_is_one(page):
    """The checker itself works: an image without a text alternative is caught."""
    page.set_content('<!doctype html><html lang="nl"><title>t</title><img src="x">')
    assert [violation["id"] for violation in axe_violations(page)] == ["image-alt"]


@pytest.mark.parametrize("locale", LOCALES)
def test_co_occurrence_picture_is_drawn_in_each_language(page, locale):
    """Every cell of the heat map has a size, and its shades tell cells apart."""
    assert page.goto("/patronen/samenhang/").status == 200
    drawn = page.evaluate(
        """() => {
            const cells = [...document.querySelectorAll(".heat__cell")];
            const columns = document.querySelectorAll(".heat__column").length;
            return {
                columns,
                cells: cells.length,
                smallest: Math.min(...cells.map(c => {
                    const box = c.getBoundingClientRect();
                    return box.width * box.height;
                })),
                shades: new Set(cells.map(c => getComputedStyle(c).backgroundColor))
                    .size,
            };
        }"""
    )
    assert drawn["columns"] > 2 and drawn["cells"] == drawn["columns"] ** 2, drawn
    assert drawn["smallest"] > 0 and drawn["shades"] >= 3, drawn
