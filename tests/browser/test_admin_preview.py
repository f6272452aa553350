"""The Wagtail admin's live preview panel shows the page it previews."""

import pytest

from .support import LOCALES, login

expect = pytest.importorskip(
    "playwright.sync_api", reason="needs playwright: pip install -e .[test]"
).expect

# A real browser has timing the suite cannot own: a failure gets one more run.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=1, reruns_delay=2)]


@pytest.mark.parametrize("locale", LOCALES)
def test_preview_panel_shows_the_story_in_its_frame(page, live_venster, locale):
    """The preview is framed by the admin (frame-ancestors 'self'), without errors."""
    story = live_venster.django(
        "from verhalen.models import VerhaalPage\n"
        "story = VerhaalPage.objects.live().order_by('pk').first()\n"
        "print(story.pk, story.title)"
    ).split(maxsplit=1)
    login(page, "redacteur")
    page.goto(f"/admin/pages/{story[0]}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    frame = page.frame_locator("#w-preview-iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(story[1].strip())
