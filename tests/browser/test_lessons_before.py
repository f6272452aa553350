"""An experiment's author sees the lessons of earlier attempts follow the tags."""

import re

import pytest

from .support import LOCALES, login

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]

EARLIER = (
    "from leren.models import ExperimentenIndexPage, ExperimentPage\n"
    "index = ExperimentenIndexPage.objects.first()\n"
    "if not ExperimentPage.objects.filter(slug='bellen-voor-de-brief').exists():\n"
    "    page = ExperimentPage(title='Bellen voor de brief',"
    " slug='bellen-voor-de-brief',"
    " hypothesis='We denken dat bellen helpt.', approach='<p>Bellen.</p>',"
    " status='gestopt', lessons='<p>Bellen werkte alleen overdag.</p>',"
    " domain='wmo', period='2025-01-01')\n"
    "    page.tags.add('voorafbellen')\n"
    "    index.add_child(instance=page)\n"
    "print(index.pk)"
)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_panel_shows_an_earlier_experiment_once_its_tag_is_added(
    page, live_venster, locale
):
    index = live_venster.django(EARLIER).strip()
    login(page, "redacteur")
    page.goto(f"/admin/pages/add/leren/experimentpage/{index}/")
    panel = page.locator("[data-lessons-before]")
    expect(panel).not_to_contain_text("Bellen voor de brief")

    tag_input = page.locator(".tagit input[type=text]")
    tag_input.click()
    tag_input.press_sequentially("voorafbellen", delay=30)
    page.wait_for_timeout(600)
    tag_input.press("Enter")

    expect(panel).to_contain_text("Bellen voor de brief")
    expect(panel).to_contain_text(re.compile("overdag"))
