"""The accessibility statement at /toegankelijkheid/, linked from every page."""

import pytest

from .support import LOCALES, assert_accessible, say, screenshot

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]


@pytest.mark.parametrize("locale", LOCALES)
def test_accessibility_statement_names_the_standard_and_is_linked(page, locale):
    response = page.goto("/toegankelijkheid/")
    if response.status == 404:
        pytest.skip("verhalen/urls.py does not route /toegankelijkheid/ yet")
    assert response.status == 200
    expect(page.get_by_role("main")).to_contain_text("WCAG 2.1")
    expect(page.get_by_role("main")).to_contain_text("axe-core")
    screenshot(page, f"toegankelijkheid-desktop-{locale}")
    assert_accessible(page, "the accessibility statement")
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name=say(page, "Accessibility")).click()
    page.wait_for_url("**/toegankelijkheid/")
