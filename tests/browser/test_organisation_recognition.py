"""Staff say "dit herkennen wij ook" on a story, and everyone sees the count."""

import pytest

from verhalen.small_numbers import OrganisationsShown

from .support import LOCALES, assert_accessible, login, say

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

pytestmark = pytest.mark.browser

# Four organisations have marked the story before; the staff member's is the fifth.
EARLIER = """
import secrets
from verhalen.models import OrganisatieHerkenning, VerhaalPage
story = VerhaalPage.objects.live().order_by("pk")[{index}]
OrganisatieHerkenning.objects.filter(page=story).delete()
for province in ("Utrecht", "Utrecht", "Drenthe", "Zeeland"):
    OrganisatieHerkenning.objects.create(
        page=story, staff_hash=secrets.token_hex(32),
        organisation_type="gemeente", province=province,
    )
print(story.url)
"""


def counted(page, organisations: int, provinces: int) -> str:
    from django.utils import translation

    with translation.override(page.language):
        return OrganisationsShown(organisations=organisations, provinces=provinces).text


@pytest.mark.parametrize("locale", LOCALES)
def test_staff_member_marks_a_story_and_sees_the_count(
    page, new_page, live_venster, locale
):
    """Signed in: choose kind and province, post, see the fifth organisation counted.

    An anonymous reader, served from the page cache before, sees the new count too.
    """
    url = live_venster.django(EARLIER.format(index=LOCALES.index(locale) + 1)).strip()
    reader = new_page()
    reader.goto(url)
    expect(reader.get_by_role("main")).to_contain_text(
        say(reader, "Recognised by fewer than %(k)d organisations.") % {"k": 5}
    )

    login(page, "medewerker")
    page.goto(url)
    section = page.locator("#herkennen-wij")
    page.get_by_role("radio", name=say(page, "Care provider")).check()
    page.get_by_role("combobox", name=say(page, "Province")).select_option(
        "Noord-Brabant"
    )
    assert_accessible(page, "a story with the organisation's form")
    page.get_by_role("button", name=say(page, "We recognise this too")).click()

    expect(page.get_by_role("status")).to_contain_text(
        say(
            page,
            "Saved: your organisation recognises this story. "
            "Your name is not shown anywhere.",
        )
    )
    expect(section).to_contain_text(counted(page, 5, 4))
    expect(
        page.get_by_role("button", name=say(page, "Take our mark back"))
    ).to_be_visible()

    reader.goto(url)
    expect(reader.get_by_role("main")).to_contain_text(counted(reader, 5, 4))
    expect(reader.get_by_role("main")).not_to_contain_text("Noord-Brabant")
    expect(
        reader.get_by_role("button", name=say(reader, "Take our mark back"))
    ).to_have_count(0)
