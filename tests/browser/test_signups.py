"""Meedoen in Chromium: signing up for an open experiment and withdrawing again."""

import time

import pytest

from .support import CODE, LOCALES, assert_accessible, say, wait_out_fill_time

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]


def open_experiment_url(live_venster) -> str:
    return live_venster.django(
        "from leren.models import ExperimentPage\n"
        "page = ExperimentPage.objects.live().filter(status='open').first()\n"
        "print(page.url)"
    ).strip()


def signups_with(live_venster, email: str) -> int:
    return int(
        live_venster.django(
            "from leren.models import Aanmelding\n"
            f"print(Aanmelding.objects.filter(email={email!r}).count())"
        )
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_a_resident_signs_up_for_an_experiment_and_withdraws(
    page, new_page, live_venster, locale
):
    """Experiment → Doe mee → errors → code shown once → withdrawn → code gone."""
    email = f"meedoen-{locale}@example.nl"
    page.goto(open_experiment_url(live_venster))
    section = page.get_by_role("region", name=say(page, "Take part"))
    expect(section).to_be_visible()
    section.get_by_role("link", name=say(page, "Take part")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the sign-up form")

    opened = time.monotonic()
    page.get_by_label(say(page, "Your name or role")).fill("Ouder uit Noord")
    wait_out_fill_time(opened)
    page.get_by_role("button", name=say(page, "Sign up")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        say(
            page,
            "Fill in an e-mail address or a phone number, so that the "
            "experiment can reach you.",
        )
    )
    expect(page.get_by_role("alert")).to_contain_text(
        say(
            page,
            "Tick the box to say we may contact you about this experiment; "
            "without it we cannot sign you up.",
        )
    )
    assert_accessible(page, "the sign-up form with errors")

    page.get_by_label(say(page, "E-mail address")).fill(email)
    page.get_by_label(say(page, "Phone number")).fill("06 12345678")
    page.get_by_label(
        say(
            page,
            "You may contact me about this experiment only. My details are "
            "deleted when I withdraw, or after the experiment ends.",
        )
    ).check()
    page.get_by_role("button", name=say(page, "Sign up")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(page, "Thank you for signing up")
    )
    code = CODE.search(page.get_by_text(CODE).inner_text()).group(0)
    assert_accessible(page, "the sign-up confirmation with the code")
    assert signups_with(live_venster, email) == 1

    later = new_page("phone")
    later.goto("/meedoen/intrekken/")
    assert_accessible(later, "the withdrawal form")
    later.get_by_label(say(later, "Your sign-up code")).fill(code.lower())
    later.get_by_role("button", name=say(later, "Withdraw my sign-up")).click()
    expect(later.get_by_role("heading", level=1)).to_have_text(
        say(later, "Your sign-up is withdrawn")
    )
    assert_accessible(later, "the withdrawn sign-up")
    assert signups_with(live_venster, email) == 0

    later.goto("/meedoen/intrekken/")
    later.get_by_label(say(later, "Your sign-up code")).fill(code)
    later.get_by_role("button", name=say(later, "Withdraw my sign-up")).click()
    expect(later.get_by_role("alert")).to_contain_text(
        say(
            later,
            "We cannot find a sign-up with this code. Check it and try again. "
            "If you already withdrew, nothing of it is kept.",
        )
    )
    assert_accessible(later, "the withdrawal form with a used code")


def test_a_closed_experiment_offers_no_form(page, live_venster):
    url = live_venster.django(
        "from leren.models import ExperimentPage\n"
        "page = ExperimentPage.objects.live().filter(status='afgerond').first()\n"
        "print(page.url, page.pk)"
    ).split()
    page.goto(url[0])
    expect(page.get_by_role("link", name="Doe mee")).to_have_count(0)
    page.goto(f"/meedoen/{url[1]}/")
    expect(page.get_by_role("main")).to_contain_text(
        "Je kunt je niet meer aanmelden voor dit experiment"
    )
    expect(page.get_by_label("E-mailadres")).to_have_count(0)
    assert_accessible(page, "a closed experiment's sign-up page")
