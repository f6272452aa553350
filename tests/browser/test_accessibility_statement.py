"""The accessibility statement at /toegankelijkheid/, linked from every page."""

import pytest

from .support import assert_accessible, screenshot

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]


def test_accessibility_statement_names_the_standard_and_is_linked(page):
    response = page.goto("/toegankelijkheid/")
    if response.status == 404:
        pytest.skip("verhalen/urls.py does not route /toegankelijkheid/ yet")
    assert response.status == 200
    expect(page.get_by_role("main")).to_contain_text("WCAG 2.1")
    expect(page.get_by_role("main")).to_contain_text("axe-core")
    screenshot(page, "toegankelijkheid-desktop")
    assert_accessible(page, "the accessibility statement")
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Toegankelijkheid").click()
    page.wait_for_url("**/toegankelijkheid/")
