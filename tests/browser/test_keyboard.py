"""The resident's whole flow with the keyboard alone, the focus always visible."""

import time

import pytest

from .support import CODE, STORY, wait_out_fill_time

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]

FOCUS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        name: el.getAttribute("name") || "",
        value: el.value || "",
        checked: !!el.checked,
        text: (el.innerText || "").trim(),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        focusVisible: el.matches(":focus-visible"),
        top: el.getBoundingClientRect().top,
    };
}"""


def tab_to(page, matches, *, key: str = "Tab", limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until ``matches`` the focused element; check focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        focus = page.evaluate(FOCUS)
        if focus["tag"] == "body":
            continue
        assert focus["focusVisible"] and focus["outline"], f"invisible focus: {focus}"
        if matches(focus):
            return focus
    raise AssertionError(f"{key} never reached the element on {page.url}")


def named(name: str):
    return lambda focus: focus["name"] == name


def labelled(text: str):
    return lambda focus: focus["text"] == text


def test_resident_shares_and_withdraws_a_story_with_the_keyboard_alone(page):
    """Tab, Shift+Tab, Space, Enter and typing take a resident through every step."""
    page.goto("/deel-je-verhaal/")
    opened = time.monotonic()

    skip = tab_to(page, lambda focus: True)
    assert skip["text"] == "Naar de inhoud" and skip["top"] >= 0, skip
    tab_to(page, named("what_happened"))
    page.keyboard.type(STORY["what_happened"])
    tab_to(page, named("impact"))
    page.keyboard.type(STORY["impact"])
    tab_to(page, named("what_would_help"))
    page.keyboard.type(STORY["what_would_help"])
    for group in ("perspective", "domain", "consent"):
        tab_to(page, named(group))
        page.keyboard.press("Space")
        assert page.evaluate(FOCUS)["checked"], group
    tab_to(page, named("municipality"), key="Shift+Tab")
    page.keyboard.type("Utrecht")
    wait_out_fill_time(opened)

    tab_to(page, labelled("Laat zien wat bewaard wordt"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bekijk wat bewaard wordt"
    )
    expect(page.locator("mark").first).to_have_text("[naam]")

    tab_to(page, labelled("Bevestigen en versturen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dank je wel voor je verhaal"
    )
    code = CODE.search(page.get_by_role("main").inner_text()).group(0)

    tab_to(page, labelled("Naar Mijn verhaal"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-verhaal/")
    tab_to(page, named("code"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Status")).to_be_visible()

    tab_to(page, labelled("Mijn verhaal intrekken"))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je verhaal intrekken?")
    tab_to(page, labelled("Ja, intrekken en verwijderen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Je verhaal is ingetrokken"
    )
