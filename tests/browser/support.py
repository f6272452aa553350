"""What the browser tests share: accounts, axe-core, screenshots and the resident."""

import re
import secrets
import time
from functools import cache
from importlib.resources import files
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "var" / "screenshots"
PASSWORD = "venster-browser-" + secrets.token_hex(8)
ROLES = {
    "medewerker": "Medewerker",
    "redacteur": "Redactie",
    "onderzoeker": "Onderzoeker",
}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
# Dutch is the residents' default; English is the second language.
LOCALES = ["nl-NL", "en-GB"]
# settings.VENSTER_MIN_FILL_SECONDS, with a margin: faster forms are refused.
MIN_FILL_SECONDS = 3.5
CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")

STORY = {
    "what_happened": (
        "Mijn buurvrouw Anja de Vries belde voor mij met de gemeente over de "
        "huishoudelijke hulp. Niemand belde terug en de brief klopte niet."
    ),
    "impact": "Ik heb drie maanden geen hulp gehad.",
    "what_would_help": "Eén vast aanspreekpunt.",
}


def language_of(locale: str) -> str:
    """Venster's language for a browser locale: ``nl-NL`` → ``nl``."""
    return locale.split("-")[0]


def say(page, text: str) -> str:
    """The interface's words in the page's language, from Venster's own catalogue."""
    from django.utils import translation

    with translation.override(page.language):
        return translation.gettext(text)


@cache
def _axe_source() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text()


def axe_violations(page) -> list[dict]:
    """Run axe-core (bundled by axe-playwright-python) with the WCAG 2.1 A/AA rules."""
    page.evaluate(_axe_source())
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
        })""",
        WCAG_21_AA,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """One line per violation and element, readable in a failed assertion."""
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {node['target']} "
        f"{node.get('failureSummary', '').splitlines()[-1:]}"
        for violation in violations
        for node in violation["nodes"]
    )


def assert_accessible(page, where: str) -> None:
    """No WCAG 2.1 A/AA violation that axe-core can find on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"WCAG 2.1 A/AA violations on {where}:\n" + describe(
        violations
    )


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot as a test artefact under var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, username: str) -> None:
    """Log into the Wagtail admin as one of the role accounts."""
    page.goto("/admin/login/")
    page.get_by_label(say(page, "Username")).fill(username)
    page.get_by_label(say(page, "Password")).fill(PASSWORD)
    page.get_by_role("button", name=say(page, "Sign in")).click()
    page.wait_for_url("**/admin/")


def fill_story(page, story: dict | None = None, *, municipality: str = "") -> None:
    """Open the form and fill it in as a resident would, taking at least 3 seconds."""
    story = {**STORY, **(story or {})}
    page.goto("/deel-je-verhaal/")
    opened = time.monotonic()
    page.get_by_label(say(page, "What happened?")).fill(story["what_happened"])
    page.get_by_label(say(page, "What did it do to you?")).fill(story["impact"])
    page.get_by_label(say(page, "What would have helped?")).fill(
        story["what_would_help"]
    )
    page.get_by_role("radio", name=say(page, "Resident")).check()
    page.get_by_role("radio", name=say(page, "Social Support Act (Wmo)")).check()
    if municipality:
        page.get_by_label(say(page, "Municipality (optional)")).fill(municipality)
    page.get_by_role(
        "radio", name=say(page, "You may publish my story, anonymised")
    ).check()
    wait_out_fill_time(opened)


def wait_out_fill_time(opened: float) -> None:
    """Sleep until the form has been open long enough not to look like a bot."""
    left = MIN_FILL_SECONDS - (time.monotonic() - opened)
    if left > 0:
        time.sleep(left)


def preview(page) -> None:
    page.get_by_role("button", name=say(page, "Show what will be stored")).click()
    page.get_by_role(
        "heading", level=1, name=say(page, "Check what will be stored")
    ).wait_for()


def confirm(page) -> str:
    """Confirm the preview; return the verhaalcode shown once."""
    page.get_by_role("button", name=say(page, "Confirm and send")).click()
    page.get_by_role(
        "heading", level=1, name=say(page, "Thank you for your story")
    ).wait_for()
    code = CODE.search(page.get_by_text(CODE).inner_text())
    assert code, page.content()
    return code.group(0)


def open_my_story(page, code: str) -> None:
    page.goto("/mijn-verhaal/")
    page.get_by_label(say(page, "Your verhaalcode")).fill(code)
    page.get_by_role("button", name=say(page, "Show my story")).click()
