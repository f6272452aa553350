"""The resident's whole flow with the keyboard alone, the focus always visible."""

import time

import pytest

from .support import CODE, LOCALES, STORY, say, wait_out_fill_time

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


@pytest.mark.parametrize("locale", LOCALES)
def test_resident_shares_and_withdraws_a_story_with_the_keyboard_alone(page, locale):
    """Tab, Shift+Tab, Space, Enter and typing take a resident through every step."""
    page.goto("/deel-je-verhaal/")
    opened = time.monotonic()

    skip = tab_to(page, lambda focus: True)
    assert skip["text"] == say(page, "Skip to content") and skip["top"] >= 0, skip
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

    tab_to(page, labelled(say(page, "Show what will be stored")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(page, "Check what will be stored")
    )
    expect(page.locator("mark").first).to_have_text("[naam]")

    tab_to(page, labelled(say(page, "Confirm and send")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(page, "Thank you for your story")
    )
    code = CODE.search(page.get_by_role("main").inner_text()).group(0)

    tab_to(page, labelled(say(page, "Go to My story")))
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-verhaal/")
    tab_to(page, named("code"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=say(page, "Status"))).to_be_visible()

    tab_to(page, labelled(say(page, "Withdraw my story")))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(page, "Withdraw your story?")
    )
    tab_to(page, labelled(say(page, "Yes, withdraw and delete")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(page, "Your story has been withdrawn")
    )
