"""A pattern's trend: its share of the stories, last year against the year before."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from search.models import Patroon, Trend, TrendReason
from search.patterns import patterns_compute, patterns_recompute
from search.trend import trend_test
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

PATTERN = ["brieven", "wachtlijst"]
NEWEST = datetime.date(2026, 6, 1)


def month(age: int) -> datetime.date:
    """The month ``age`` months before the newest story's."""
    total = NEWEST.year * 12 + NEWEST.month - 1 - age
    return datetime.date(total // 12, total % 12 + 1, 1)


def ages(recent: int, previous: int, *, shift: int = 0) -> list[int]:
    """Ages spread over the last 12 months and the 12 before, youngest first."""
    spread = [n % 12 for n in range(recent)] + [12 + n % 12 for n in range(previous)]
    return [age + shift for age in spread]


def stories(tree, *, pattern: list[int], others: list[int]) -> None:
    """The pattern's stories and others, each other story with a tag of its own."""
    for n, age in enumerate(pattern):
        StoryFactory(
            parent=tree.verhalen, title=f"Patroon {n}", tags=PATTERN, period=month(age)
        )
    for n, age in enumerate(others):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Ander {n}",
            tags=[f"los {n}"],
            period=month(age),
        )


def the_pattern():
    [pattern] = patterns_compute()
    assert pattern.tags == PATTERN
    return pattern


def test_a_pattern_growing_over_the_last_year_is_growing(tree):
    stories(tree, pattern=ages(15, 3), others=ages(3, 15))
    pattern = the_pattern()
    assert (pattern.recent, pattern.previous) == (15, 3)
    assert (pattern.recent_total, pattern.previous_total) == (18, 18)
    assert pattern.trend == Trend.GROWING and pattern.growing
    assert pattern.trend_p_value < 0.05
    assert pattern.trend_ratio == pytest.approx(5.0)
    assert 1 < pattern.trend_ratio_low < 5 < pattern.trend_ratio_high


def test_a_pattern_falling_over_the_last_year_is_declining(tree):
    stories(tree, pattern=ages(3, 15), others=ages(15, 3))
    pattern = the_pattern()
    assert pattern.trend == Trend.DECLINING and not pattern.growing
    assert pattern.trend_ratio == pytest.approx(0.2)
    assert pattern.trend_ratio_high < 1


def test_a_pattern_as_frequent_as_the_year_before_is_stable(tree):
    stories(tree, pattern=ages(9, 9), others=ages(9, 9))
    pattern = the_pattern()
    assert pattern.trend == Trend.STABLE and pattern.trend_reason == ""
    assert pattern.trend_p_value == pytest.approx(1.0)


def test_a_pattern_flat_while_the_whole_site_doubles_is_not_growing(tree):
    """Six stories each year, but the site went from 12 stories to 24."""
    stories(tree, pattern=ages(6, 6), others=ages(18, 6))
    pattern = the_pattern()
    assert (pattern.recent_total, pattern.previous_total) == (24, 12)
    assert pattern.trend in (Trend.STABLE, Trend.DECLINING)
    assert pattern.trend_ratio == pytest.approx(0.5)


def test_one_story_against_none_is_too_few_to_say_anything(tree):
    stories(tree, pattern=[0, 30, 31], others=[1, 2, 13, 14, 15, 16])
    pattern = the_pattern()
    assert (pattern.recent, pattern.previous) == (1, 0)
    assert pattern.trend == Trend.STABLE and not pattern.growing
    assert pattern.trend_reason == TrendReason.TOO_FEW
    assert pattern.trend_p_value is None and pattern.trend_ratio is None


def test_a_corpus_whose_newest_story_is_months_old_compares_the_year_up_to_it(tree):
    """Nothing published in the last 8 months: the windows end at the newest story."""
    stories(tree, pattern=ages(15, 3, shift=8), others=ages(3, 15, shift=8))
    pattern = the_pattern()
    assert pattern.window_end == month(7) - datetime.timedelta(days=1)
    assert (pattern.recent_from, pattern.window_start) == (month(19), month(31))
    assert (pattern.recent, pattern.previous) == (15, 3)
    assert pattern.trend == Trend.GROWING


def test_no_previous_stories_give_an_interval_without_upper_bound():
    result = trend_test(recent=8, previous=0, recent_total=20, previous_total=20)
    assert result.trend == Trend.GROWING
    assert result.ratio is None and result.ratio_high is None
    assert result.ratio_low > 1


def test_the_patterns_json_gives_p_value_interval_and_windows(tree):
    stories(tree, pattern=ages(15, 3), others=ages(3, 15))
    out = io.StringIO()
    call_command("patterns", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["trend"] == "growing" and row["growing"] is True
    assert 0 < row["p_value"] < 0.05
    low, high = row["rate_ratio_ci"]
    assert low < row["rate_ratio"] == 5.0 < high
    assert row["windows"] == {
        "recent": {
            "from": "2025-07-01",
            "to": "2026-06-30",
            "stories": 15,
            "all_stories": 18,
        },
        "previous": {
            "from": "2024-07-01",
            "to": "2025-06-30",
            "stories": 3,
            "all_stories": 18,
        },
    }


def test_the_patterns_command_prints_the_trend(tree):
    stories(tree, pattern=ages(15, 3), others=ages(3, 15))
    out = io.StringIO()
    call_command("patterns", stdout=out)
    assert "growing" in out.getvalue()


def test_the_pattern_page_says_the_trend_in_a_dutch_sentence(client, tree):
    stories(tree, pattern=ages(15, 3), others=ages(3, 15))
    patterns_recompute()
    html = client.get(Patroon.objects.get().get_absolute_url()).content.decode()
    assert (
        "groeit: 15 verhalen in de laatste 12 maanden tegen 3 in de 12 daarvoor, "
        "terwijl het totaal ongeveer gelijk bleef"
    ) in html
    listing = client.get("/patronen/").content.decode()
    assert "<strong>groeit</strong>" in listing


def test_too_few_stories_read_as_such_on_the_pattern_page(client, tree):
    stories(tree, pattern=[0, 30, 31], others=[1, 2, 13, 14, 15, 16])
    patterns_recompute()
    html = client.get(Patroon.objects.get().get_absolute_url()).content.decode()
    assert "te weinig verhalen om iets te zeggen: 1 in de laatste 12 maanden" in html


def test_the_api_gives_the_trend_its_test_and_the_sentence(client, tree):
    stories(tree, pattern=ages(15, 3), others=ages(3, 15))
    patterns_recompute()
    pk = Patroon.objects.get().pk
    data = client.get(f"/api/v1/patterns/{pk}/", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert data["trend"] == "growing" and data["trend_reason"] == ""
    assert data["rate_ratio"] == 5.0 and 0 < data["p_value"] < 0.05
    assert data["windows"]["recent"]["stories"] == 15
    assert data["windows"]["previous"]["all_stories"] == 18
    assert data["trend_text"].startswith("groeit: 15 verhalen in de laatste 12")


def test_the_sentence_says_the_total_rose_when_the_site_grew(client, tree):
    stories(tree, pattern=ages(6, 6), others=ages(18, 6))
    patterns_recompute()
    html = client.get(Patroon.objects.get().get_absolute_url()).content.decode()
    assert "6 verhalen in de laatste 12 maanden tegen 6 in de 12 daarvoor" in html
    assert "terwijl het totaal steeg" in html


def test_the_dashboard_panel_shows_the_trend_or_why_there_is_none(
    client, django_user_model, tree
):
    stories(tree, pattern=[0, 30, 31], others=[1, 2, 13, 14, 15, 16])
    patterns_recompute()
    client.force_login(django_user_model.objects.create_superuser("r", password="x"))
    html = client.get("/admin/").content.decode()
    assert "brieven + wachtlijst" in html
    assert "te weinig verhalen om iets te zeggen" in html
