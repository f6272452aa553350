""" "Dit herken ik" cannot be inflated or linked across stories."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils.crypto import salted_hmac

from tests.factories import StoryFactory
from verhalen.codes import browser_hash
from verhalen.models import Herkenning
from verhalen.recognition_views import RECOGNITION_COOKIE, RECOGNITION_NEW_PER_DAY
from verhalen.selectors import recognitions_of

pytestmark = pytest.mark.django_db


def recognise(client: Client, story, **meta) -> int:
    return client.post(f"/herken/{story.pk}/", **meta).status_code


def test_one_browser_leaves_nothing_in_common_on_two_stories(tree, story):
    """The stored hashes of one browser's recognitions differ per story."""
    other = StoryFactory(parent=tree.verhalen)
    browser = Client()
    assert recognise(browser, story) == recognise(browser, other) == 302
    hashes = set(Herkenning.objects.values_list("browser_hash", flat=True))
    assert len(hashes) == 2, "no hash links the two recognitions"
    assert recognise(browser, story) == 302
    assert Herkenning.objects.count() == 2, "still one per browser per story"


def test_posts_without_the_cookie_add_only_a_few_a_day_per_network(tree, story):
    """Ten cookie-less posts from one network are not ten recognitions."""
    statuses = [recognise(Client(), story) for _ in range(10)]
    assert statuses == [302] * RECOGNITION_NEW_PER_DAY + [429] * (
        10 - RECOGNITION_NEW_PER_DAY
    )
    assert Herkenning.objects.filter(page=story).count() == RECOGNITION_NEW_PER_DAY
    refused = Client().post(f"/herken/{story.pk}/").content.decode()
    assert "Probeer het morgen opnieuw" in refused
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert recognise(elsewhere, story) == 302, "another network is not limited"
    other = StoryFactory(parent=tree.verhalen)
    assert recognise(Client(), other) == 302, "another story is not limited"


def test_a_cookie_venster_did_not_sign_counts_as_a_new_browser(story):
    """Made-up cookie values are not identities of their own."""
    statuses = [
        recognise(Client(HTTP_COOKIE=f"{RECOGNITION_COOKIE}=bedacht-{n}"), story)
        for n in range(10)
    ]
    assert statuses.count(302) == RECOGNITION_NEW_PER_DAY
    assert Herkenning.objects.filter(page=story).count() == RECOGNITION_NEW_PER_DAY


def test_a_browser_that_keeps_its_cookie_is_never_limited_by_others(story):
    """Once recognised, the browser is known; its later posts change nothing."""
    browser = Client()
    assert recognise(browser, story) == 302
    for _ in range(RECOGNITION_NEW_PER_DAY):
        recognise(Client(), story)
    assert recognise(browser, story) == 302
    html = browser.get(story.url).content.decode()
    assert "Je gaf aan dat je dit herkent" in html


def test_migration_keys_the_stored_hashes_per_story(tree, story):
    """Rows stored before keep matching their browser, but no longer each other."""
    other = StoryFactory(parent=tree.verhalen)
    token = "cookie-van-voor-de-migratie"
    old = salted_hmac(
        "venster.herkenning", token, secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()
    Herkenning.objects.bulk_create(
        [
            Herkenning(page=story, browser_hash=old),
            Herkenning(page=other, browser_hash=old),
        ]
    )
    migration = importlib.import_module(
        "verhalen.migrations.0010_recognitions_per_story"
    )
    migration.recognitions_rekey(apps, None)
    hashes = set(Herkenning.objects.values_list("browser_hash", flat=True))
    assert hashes == {
        browser_hash(token, page_id=story.pk),
        browser_hash(token, page_id=other.pk),
    }
    assert len(hashes) == 2
    assert recognitions_of(page=story, browser_token=token) == (1, True)
