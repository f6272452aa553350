"""The newest migrations keep the demo content, taken back and applied again."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from taggit.models import Tag
from wagtail.models import Page

from leren.models import ExperimentPage, ReflectiePage, Systeemfout
from search.models import Zoekdocument
from verhalen.models import VerhaalPage

# Each app's migration before its newest ones: what those add is taken back.
BEFORE_THE_NEWEST = [
    ("verhalen", "0015_submission_period"),
    ("leren", "0005_lessons_read"),
    ("venster_search", "0005_pattern_trend"),
]


def demo_content() -> dict[str, object]:
    return {
        "stories": sorted(VerhaalPage.objects.values_list("title", "municipality")),
        "experiments": sorted(ExperimentPage.objects.values_list("title", "status")),
        "reflections": ReflectiePage.objects.count(),
        "flaws": Systeemfout.objects.count(),
        "tags": Tag.objects.count(),
        "tree": Page.find_problems(),
        "documents": Zoekdocument.objects.count(),
    }


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


# Restores what the migrations wrote (groups, the site) for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_newest_migrations_keep_the_demo_content_both_ways():
    call_command("load_demo", verbosity=0)
    before = demo_content()
    assert before["stories"] and before["documents"]
    newest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    migrate(BEFORE_THE_NEWEST)
    assert "leren_aanmelding" not in connection.introspection.table_names()
    migrate(newest)

    assert demo_content() == before
