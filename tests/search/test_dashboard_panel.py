"""The editors' dashboard shows the patterns that no open experiment works on."""

import pytest

from leren.models import ExperimentStatus
from search.patterns import patterns_recompute
from tests.factories import ExperimentFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_dashboard_lists_patterns_without_an_open_experiment(
    client, django_user_model, tree
):
    for _n in range(3):
        StoryFactory(parent=tree.verhalen, tags=["schuldhulp", "huur"])
        StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "mantelzorg"])
    for n in range(8):
        StoryFactory(parent=tree.verhalen, tags=[f"los {n}"])
    ExperimentFactory(
        parent=tree.experimenten,
        tags=["wachtlijst", "mantelzorg"],
        status=ExperimentStatus.OPEN,
    )
    patterns_recompute()
    client.force_login(django_user_model.objects.create_superuser("r", password="x"))

    html = client.get("/admin/").content.decode()

    assert "Patronen zonder open experiment" in html
    assert "huur + schuldhulp" in html
    assert "mantelzorg + wachtlijst" not in html
    assert "/admin/pages/add/leren/experimentpage/" in html
