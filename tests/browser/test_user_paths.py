"""Each user's main path through Venster, end to end in Chromium."""

import csv
import datetime
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


def label(page, msgid: str) -> re.Pattern:
    """A form label in the page's language, as Wagtail shows it (capitalised, *)."""
    return re.compile(rf"^{re.escape(say(page, msgid))}\*?$", re.IGNORECASE)


def month(page, year: int, number: int) -> str:
    """A month as the page's language writes it: ``maart 2025``, ``March 2025``."""
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override(page.language):
        return date_format(datetime.date(year, number, 1), "F Y")


def workflow_action(page, action: str, **names) -> str:
    return say(page, action) % names


def submit_to_workflow(page, message: str, title: str) -> None:
    """Send the open page into Venster's workflow; Wagtail confirms with ``message``."""
    page.locator("footer").get_by_role(
        "button",
        name=workflow_action(
            page, "Submit to %(workflow_name)s", workflow_name="Verhalen en reflecties"
        ),
    ).click()
    expect(page.get_by_text(say(page, message) % {"page_title": title})).to_be_visible()


@pytest.mark.parametrize("locale", LOCALES)
def test_staff_member_writes_a_reflection_and_can_only_submit_it(
    page, live_venster, locale
):
    """A Medewerker drafts a reflection and sends it into the workflow, never live."""
    reflections = live_venster.django(
        "from leren.models import ReflectiesIndexPage\n"
        "print(ReflectiesIndexPage.objects.get().pk)"
    ).strip()
    login(page, "medewerker")
    page.goto(f"/admin/pages/{reflections}/add_subpage/")
    title = f"Ik weet het niet ({locale}): waarom belden we niet terug?"
    page.get_by_role("textbox", name=label(page, "title")).fill(title)
    page.locator("[role=textbox][contenteditable=true]").first.click()
    page.keyboard.type("We lieten gezinnen maanden wachten zonder te bellen.")
    page.get_by_role("textbox", name=label(page, "what I do not know (yet)")).fill(
        "Of een belronde genoeg is."
    )
    page.get_by_role("combobox", name=label(page, "perspective")).select_option(
        label=say(page, "Civil servant")
    )
    page.get_by_role("combobox", name=label(page, "policy domain")).select_option(
        label=say(page, "Youth Act (Jeugdwet)")
    )
    page.get_by_role("textbox", name=label(page, "period")).fill("2025-03-01")
    page.keyboard.press("Escape")
    # The date picker stays open over the footer until focus leaves the field.
    page.get_by_role("textbox", name=label(page, "title")).click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)

    footer = page.locator("footer")
    page.get_by_role("button", name=say(page, "More actions")).click()
    expect(footer.get_by_role("button", name=say(page, "Publish"))).to_have_count(0)
    submit_to_workflow(
        page, "Page '%(page_title)s' created and submitted for moderation.", title
    )

    state = live_venster.django(
        "from leren.models import ReflectiePage\n"
        f"page = ReflectiePage.objects.get(title={title!r})\n"
        "workflow = page.current_workflow_state\n"
        "print(page.live, workflow.status, workflow.current_task_state.task.name)"
    )
    assert state.strip() == "False in_progress Anonimisering controleren"


@pytest.mark.parametrize("locale", LOCALES)
def test_editor_promotes_a_submission_and_publishes_it_through_the_workflow(
    page, new_page, live_venster, locale
):
    """Redactie: moderate → promote → anonymisation check → approve and publish."""
    resident = new_page()
    fill_story(
        resident,
        {
            "what_happened": f"de wachtlijst voor jeugdhulp ({locale}) duurde negen "
            "maanden. Niemand belde ons terug."
        },
    )
    resident.get_by_label(say(resident, "Month"), exact=True).select_option("3")
    resident.get_by_label(say(resident, "Year"), exact=True).select_option("2025")
    preview(resident)
    facts = resident.locator("dl.facts")
    expect(facts).to_contain_text(month(resident, 2025, 3))
    expect(facts).to_contain_text(say(resident, "You may publish my story, anonymised"))
    code = confirm(resident)

    login(page, "redacteur")
    page.get_by_role("link", name=say(page, "Submissions")).first.click()
    page.get_by_role("main").get_by_role(
        "link", name=re.compile(r"^Inzending \d+")
    ).first.click()
    expect(page.get_by_role("main")).to_contain_text(f"jeugdhulp ({locale})")
    page.get_by_role("radio", name=say(page, "Turned into a story")).check()
    page.get_by_label(
        say(page, "Title of the story (when turning it into a story)")
    ).fill(f"Negen maanden wachten {locale}")
    page.get_by_role("button", name=say(page, "Record decision")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(
        page.get_by_text(say(page, "Decision recorded; the resident can read it."))
    ).to_be_visible()
    edit_url = page.url
    story_id = re.search(r"/pages/(\d+)/edit/", edit_url).group(1)

    footer = page.locator("footer")
    page.get_by_role("button", name=say(page, "More actions")).click()
    submit_to_workflow(
        page,
        "Page '%(page_title)s' has been submitted for moderation.",
        f"Negen maanden wachten {locale}",
    )

    checked = say(page, "Anonymisation checked")
    page.goto(edit_url)
    page.get_by_role("button", name=say(page, "More actions")).click()
    footer.get_by_role("button", name=checked).click()
    check = page.get_by_role("dialog").filter(
        has_text=say(
            page,
            "What the anonymiser finds in the current text is highlighted. Check it, "
            "and read the rest too: the anonymiser can miss things.",
        )
    )
    check.get_by_label(
        say(page, "I checked the highlighted parts and the rest of the text")
    ).check()
    # The editor looks at each doubt the check lists, and ticks it.
    for doubt in check.locator("input[name=doubts_seen]").all():
        doubt.check()
    with page.expect_navigation():
        check.get_by_role("button", name=checked).click()

    reader = new_page()
    reader.goto("/verhalen/")  # an anonymous visitor, from the page cache next time
    expect(reader.locator("main a[href^='/verhalen/']").first).to_be_visible()

    page.goto(edit_url)
    page.get_by_role("button", name=say(page, "More actions")).click()
    with page.expect_navigation():
        footer.get_by_role(
            "button",
            name=workflow_action(
                page, "%(label)s and Publish", label=say(page, "Approve")
            ),
        ).click()

    url = live_venster.django(
        "from verhalen.models import VerhaalPage\n"
        f"page = VerhaalPage.objects.get(pk={story_id})\n"
        "assert page.live, 'not published'\n"
        "assert str(page.period) == '2025-03-01', page.period\n"
        "print(page.url)"
    ).strip()
    story = new_page()
    assert story.goto(url).status == 200
    expect(story.get_by_role("main")).to_contain_text(f"jeugdhulp ({locale})")
    expect(story.get_by_role("heading", level=1)).to_have_text(
        f"Negen maanden wachten {locale}"
    )
    assert url.endswith(f"/negen-maanden-wachten-{locale.lower()}/")
    open_my_story(resident, code)
    resident.get_by_role(
        "link", name=say(resident, "Read your story as published")
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
    expect(resident.get_by_role("main")).to_contain_text(
        say(resident, "Published as a story, anonymised")
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_researcher_searches_with_facets_opens_a_pattern_and_exports_csv(page, locale):
    """Onderzoeker: search, narrow by a facet, read a pattern, download the CSV."""
    from django.utils import translation

    page.goto("/zoeken/")
    page.get_by_label(say(page, "Search for")).fill("wachtlijst")
    page.get_by_role("main").get_by_role("button", name=say(page, "Search")).click()
    # The count heads the results, so a screen reader's heading list finds it.
    count = page.get_by_role("heading", name=re.compile(r"\d+ resul"))
    before = int(count.inner_text().split()[0])
    assert before > 0

    youth = re.escape(say(page, "Youth Act (Jeugdwet)"))
    facets = page.get_by_role("complementary")
    facets.get_by_role("link", name=re.compile(rf"^{youth}")).click()
    active = facets.get_by_role("link", name=re.compile(youth))
    expect(active).to_have_attribute("aria-current", "true")
    after = int(count.inner_text().split()[0])
    assert 0 < after <= before

    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name=say(page, "Download these results as CSV")
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == after
    # The headers in the browser's language; the values stay stable codes.
    with translation.override(page.language):
        headers = {
            translation.pgettext("CSV column", name)
            for name in ("id", "type", "title", "tags", "domain")
        }
        domain = translation.pgettext("CSV column", "domain")
    assert headers <= set(rows[0])
    assert {row[domain] for row in rows} == {"jeugd"}

    page.goto("/patronen/")
    pattern = page.get_by_role("main").get_by_role("listitem").get_by_role("link").first
    name = pattern.inner_text()
    pattern.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name.split(" + ")[0])
    # A pattern is addressed by its tags, joined with "+", not by a number.
    assert re.search(r"/patronen/[a-z0-9-]+(\+[a-z0-9-]+)+/$", page.url)
