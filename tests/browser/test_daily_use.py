"""What a Dutch public site needs in daily use, seen in Chromium: in Dutch (nl-NL)
and, where it is not about Dutch itself, in English too."""

import re

import pytest

from .support import LOCALES, assert_accessible, login, say

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]


@pytest.mark.parametrize("locale", LOCALES)
def test_privacy_statement_is_linked_from_the_footer_and_the_share_form(page, locale):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    page.wait_for_url("**/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(page, "Privacy statement")
    )
    expect(page.get_by_role("main")).to_contain_text(
        say(page, "Your rights, without an account")
    )
    assert_accessible(page, "the privacy statement")

    page.goto("/deel-je-verhaal/")
    page.locator("form.resident-form a[href='/privacy/']").click()
    page.wait_for_url("**/privacy/")


def _first_story_url(live_venster) -> str:
    return live_venster.django(
        "from verhalen.models import VerhaalPage\n"
        "print(VerhaalPage.objects.live().order_by('pk').first().url)"
    ).strip()


def _first_pattern_url(live_venster) -> str:
    return live_venster.django(
        "from search.models import Patroon\n"
        "print(Patroon.objects.order_by('pk').first().get_absolute_url())"
    ).strip()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("which", ["story", "pattern"])
def test_a_story_and_a_pattern_print_without_menu_and_forms(
    page, live_venster, which, locale
):
    url = (_first_story_url if which == "story" else _first_pattern_url)(live_venster)
    page.goto(url)
    menu = page.get_by_role("navigation", name=say(page, "Main menu"))
    expect(menu).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    for form in page.locator("form").all():
        expect(form).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_long_dutch_words_wrap_inside_cards(page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/verhalen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    card = page.locator(".card").first
    word = "arbeidsongeschiktheidsverzekeringsmaatschappijmedewerkersbijeenkomst"
    card.locator(".card__title a").evaluate("(a, word) => a.textContent = word", word)
    widths = card.evaluate("c => [c.scrollWidth, c.clientWidth]")
    assert widths[0] <= widths[1], f"the card overflows: {widths}"
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360


def test_theme_keeps_the_tags_confirmed_with_enter(page, live_venster):
    login(page, "redacteur")
    page.goto("/admin/themes/new/")
    page.get_by_label("Naam").fill("Wachten")
    tag_input = page.locator(".tagit input[type=text]")
    for name in ("wachtlijst", "overbruggingszorg"):
        tag_input.click()
        tag_input.press_sequentially(name, delay=30)
        # Let the suggestions appear, as they do for an editor, then confirm.
        page.wait_for_timeout(600)
        tag_input.press("Enter")
        expect(
            page.locator(".tagit-choice .tagit-label", has_text=re.compile(name))
        ).to_be_visible()
    page.locator("form button[type=submit]").filter(has_text="Toevoegen").first.click()
    expect(page.get_by_text(re.compile("aangemaakt|toegevoegd"))).to_be_visible()
    tags = live_venster.django(
        "from leren.models import Thema\n"
        "print(sorted(t.name for t in Thema.objects.get(name='Wachten').tags.all()))"
    ).strip()
    assert tags == "['overbruggingszorg', 'wachtlijst']"
