"""Each user's main path through Venster, end to end in Chromium."""

import csv
import io
import re

import pytest

from .support import (
    LOCALES,
    assert_accessible,
    confirm,
    fill_story,
    login,
    open_my_story,
    preview,
    say,
)

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]


@pytest.mark.parametrize("locale", LOCALES)
def test_resident_shares_follows_and_withdraws_a_story(page, new_page, locale):
    """Form → preview with the name marked → verhaalcode → Mijn verhaal → withdraw."""
    page.goto("/deel-je-verhaal/")
    assert_accessible(page, "the share form")

    page.get_by_role("button", name=say(page, "Show what will be stored")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        say(page, "This field is required.")
    )
    assert_accessible(page, "the share form with errors")

    fill_story(page)
    preview(page)
    stored = page.get_by_role("region", name=say(page, "What happened?"))
    expect(stored.locator("mark")).to_have_text(["[naam]"])
    expect(stored.locator("mark")).to_have_attribute("title", say(page, "name"))
    expect(stored).not_to_contain_text("Anja")
    assert_accessible(page, "the preview")

    code = confirm(page)
    expect(page.get_by_role("main")).to_contain_text(say(page, "Your verhaalcode"))
    assert_accessible(page, "the confirmation with the verhaalcode")

    later = new_page("phone")
    later.goto("/mijn-verhaal/")
    assert_accessible(later, "the verhaalcode form")
    open_my_story(later, code.lower())
    expect(later.get_by_role("heading", name="Status")).to_be_visible()
    expect(later.get_by_role("main")).to_contain_text("[naam] belde voor mij")
    assert_accessible(later, "the status page")

    later.get_by_role("button", name=say(later, "Withdraw my story")).click()
    expect(later.get_by_role("heading", level=1)).to_have_text(
        say(later, "Withdraw your story?")
    )
    assert_accessible(later, "the withdraw confirmation")
    later.get_by_role("button", name=say(later, "Yes, withdraw and delete")).click()
    expect(later.get_by_role("heading", level=1)).to_have_text(
        say(later, "Your story has been withdrawn")
    )
    assert_accessible(later, "the withdrawn page")

    open_my_story(later, code)
    expect(later.get_by_role("alert")).to_contain_text(
        say(later, "We cannot find a story with this code. Check it and try again.")
    )
    assert_accessible(later, "the verhaalcode form with an unknown code")


def test_staff_member_writes_a_reflection_and_can_only_submit_it(page, live_venster):
    """A Medewerker drafts a reflection and sends it into the workflow, never live."""
    reflections = live_venster.django(
        "from leren.models import ReflectiesIndexPage\n"
        "print(ReflectiesIndexPage.objects.get().pk)"
    ).strip()
    login(page, "medewerker")
    page.goto(f"/admin/pages/{reflections}/add_subpage/")
    title = "Ik weet het niet: waarom belden we niet terug?"
    page.get_by_role("textbox", name=re.compile(r"^Titel\*?$")).fill(title)
    page.locator("[role=textbox][contenteditable=true]").first.click()
    page.keyboard.type("We lieten gezinnen maanden wachten zonder te bellen.")
    page.get_by_role("textbox", name="Wat ik (nog) niet weet").fill(
        "Of een belronde genoeg is."
    )
    page.get_by_role("combobox", name="Perspectief").select_option(label="Medewerker")
    page.get_by_role("combobox", name="Beleidsdomein").select_option(label="Jeugdwet")
    page.get_by_role("textbox", name="Periode").fill("2025-03-01")
    page.keyboard.press("Escape")
    # The date picker stays open over the footer until focus leaves the field.
    page.get_by_role("textbox", name=re.compile(r"^Titel\*?$")).click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)

    footer = page.locator("footer")
    page.get_by_role("button", name="Meer acties").click()
    expect(footer.get_by_role("button", name="Publiceren")).to_have_count(0)
    footer.get_by_role("button", name="Stuur door naar Verhalen en reflecties").click()
    expect(page.get_by_text("ingediend voor controle")).to_be_visible()

    state = live_venster.django(
        "from leren.models import ReflectiePage\n"
        f"page = ReflectiePage.objects.get(title={title!r})\n"
        "workflow = page.current_workflow_state\n"
        "print(page.live, workflow.status, workflow.current_task_state.task.name)"
    )
    assert state.strip() == "False in_progress Anonimisering controleren"


def test_editor_promotes_a_submission_and_publishes_it_through_the_workflow(
    page, new_page, live_venster
):
    """Redactie: moderate → promote → anonymisation check → approve and publish."""
    resident = new_page()
    fill_story(
        resident,
        {
            "what_happened": "de wachtlijst voor jeugdhulp duurde negen maanden. "
            "Niemand belde ons terug."
        },
    )
    resident.get_by_label("Maand", exact=True).select_option("3")
    resident.get_by_label("Jaar", exact=True).select_option("2025")
    preview(resident)
    expect(resident.locator("dl.facts")).to_contain_text("maart 2025")
    expect(resident.locator("dl.facts")).to_contain_text("geanonimiseerd publiceren")
    code = confirm(resident)

    login(page, "redacteur")
    page.get_by_role("link", name="Inzendingen").first.click()
    page.get_by_role("main").get_by_role(
        "link", name=re.compile(r"^Inzending \d+")
    ).first.click()
    expect(page.get_by_role("main")).to_contain_text("negen maanden")
    page.get_by_role("radio", name="Er is een verhaal van gemaakt").check()
    page.get_by_label("Titel van het verhaal").fill("Negen maanden wachten")
    page.get_by_role("button", name="Beslissing vastleggen").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.get_by_text("Beslissing vastgelegd")).to_be_visible()
    edit_url = page.url
    story_id = re.search(r"/pages/(\d+)/edit/", edit_url).group(1)

    footer = page.locator("footer")
    page.get_by_role("button", name="Meer acties").click()
    footer.get_by_role("button", name="Stuur door naar Verhalen en reflecties").click()
    expect(page.get_by_text("ter goedkeuring ingediend")).to_be_visible()

    page.goto(edit_url)
    page.get_by_role("button", name="Meer acties").click()
    footer.get_by_role("button", name="Anonimisering gecontroleerd").click()
    check = page.get_by_role("dialog").filter(has_text="Wat de anonimiseerder")
    check.get_by_label("Ik heb de gemarkeerde delen").check()
    # The editor looks at each doubt the check lists, and ticks it.
    for doubt in check.locator("input[name=doubts_seen]").all():
        doubt.check()
    with page.expect_navigation():
        check.get_by_role("button", name="Anonimisering gecontroleerd").click()

    reader = new_page()
    reader.goto("/verhalen/")  # an anonymous visitor, from the page cache next time
    expect(reader.locator("main a[href^='/verhalen/']").first).to_be_visible()

    page.goto(edit_url)
    page.get_by_role("button", name="Meer acties").click()
    with page.expect_navigation():
        footer.get_by_role("button", name="Goedkeuren en publiceren").click()

    url = live_venster.django(
        "from verhalen.models import VerhaalPage\n"
        f"page = VerhaalPage.objects.get(pk={story_id})\n"
        "assert page.live, 'not published'\n"
        "assert str(page.period) == '2025-03-01', page.period\n"
        "print(page.url)"
    ).strip()
    story = new_page()
    assert story.goto(url).status == 200
    expect(story.get_by_role("main")).to_contain_text("negen maanden")
    expect(story.get_by_role("heading", level=1)).to_have_text("Negen maanden wachten")
    assert url.endswith("/negen-maanden-wachten/")
    open_my_story(resident, code)
    resident.get_by_role(
        "link", name="Lees je verhaal zoals het gepubliceerd is"
    ).click()
    resident.wait_for_url(f"**{url}")
    reader.goto("/verhalen/")
    expect(reader.locator(f'main a[href="{url}"]')).to_have_count(1)

    # Unpublished from another process: the cached copy is retired there too.
    live_venster.django(
        "from verhalen.models import VerhaalPage\n"
        f"VerhaalPage.objects.get(pk={story_id}).unpublish()\n"
    )
    assert story.goto(url).status == 404

    open_my_story(resident, code)
    expect(resident.get_by_role("main")).to_contain_text("gepubliceerd")


def test_researcher_searches_with_facets_opens_a_pattern_and_exports_csv(page):
    """Onderzoeker: search, narrow by a facet, read a pattern, download the CSV."""
    page.goto("/zoeken/")
    page.get_by_label("Zoeken naar").fill("wachtlijst")
    page.get_by_role("main").get_by_role("button", name="Zoeken").click()
    # The count heads the results, so a screen reader's heading list finds it.
    count = page.get_by_role("heading", name=re.compile(r"\d+ resulta"))
    before = int(count.inner_text().split()[0])
    assert before > 0

    facets = page.get_by_role("complementary")
    facets.get_by_role("link", name=re.compile(r"^Jeugdwet")).click()
    active = facets.get_by_role("link", name=re.compile(r"Jeugdwet"))
    expect(active).to_have_attribute("aria-current", "true")
    after = int(count.inner_text().split()[0])
    assert 0 < after <= before

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download deze resultaten als CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == after
    # The headers in the browser's language (Dutch); the values stay stable codes.
    assert {"id", "soort", "titel", "tags", "domein"} <= set(rows[0])
    assert {row["domein"] for row in rows} == {"jeugd"}

    page.goto("/patronen/")
    pattern = page.get_by_role("main").get_by_role("listitem").get_by_role("link").first
    name = pattern.inner_text()
    pattern.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name.split(" + ")[0])
    assert re.search(r"/patronen/\d+/$", page.url)
