"""A sign-up's contact details live in their own table and nowhere else.

A person signs up through the real views; the owner is told, the experiment is
published, searched, read through the API and exported. Then every other table, the
search index, every API response and CSV export, the logs, the cache, the sessions,
the task messages and the e-mail are searched for the person's name, e-mail address
and phone number: none may hold them. After withdrawal, and after retention, their
own table holds them no longer either.
"""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from leren.models import Aanmelding, ExperimentStatus
from leren.signup_services import signups_retention_apply
from search.models import Zoekdocument
from search.services import search_reconcile
from tests.factories import ExperimentFactory
from tests.leren.test_signups import SIGNUP, WITHDRAW, Person
from tests.verhalen.test_privacy import (  # noqa: F401 (task_messages is a fixture)
    cache_dump,
    database_dump,
    task_messages,
)

PERSONAL = {
    "name": "Quirijntje Vanderzwaluw",
    "email": "q.vanderzwaluw@voorbeeldmail.example",
    "phone": "06-13572468",
    "stored phone": "+31613572468",
    "phone digits": "13572468",
    "organisation": "Stichting Zwaluwnest Oost",
    "contribution": "Ik ken de wachtkamer van het Zwaluwloket",
}
FIELDS = {
    **SIGNUP,
    "name": PERSONAL["name"],
    "email": PERSONAL["email"],
    "phone": PERSONAL["phone"],
    "organisation": PERSONAL["organisation"],
    "contribution": PERSONAL["contribution"],
}
OWN_TABLE = "leren_aanmelding"


def database_dump_without(table: str) -> str:
    """Every row of every table but ``table``, as text."""
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        for name in connection.introspection.table_names():
            if name != table:
                cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608
                rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def found_in(places: dict[str, str]) -> set[tuple[str, str]]:
    return {
        (label, place)
        for label, value in PERSONAL.items()
        for place, content in places.items()
        if value in content
    }


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user(
        "eigenaar", email="eigenaar@gemeente.example", password="x"
    )


@pytest.mark.django_db
def test_contact_details_are_kept_only_in_their_own_table_and_then_gone(
    tree,
    owner,
    caplog,
    task_messages,  # noqa: F811
    django_capture_on_commit_callbacks,
    settings,
):
    settings.VENSTER_MIN_FILL_SECONDS = 0
    caplog.set_level(logging.DEBUG)
    cache.clear()
    experiment = ExperimentFactory(
        parent=tree.experimenten, owner=owner, status=ExperimentStatus.OPEN
    )
    editor = Client()
    editor.force_login(type(owner).objects.create_superuser("redacteur", password="x"))
    visitor = Client()
    person = Person()

    with django_capture_on_commit_callbacks(execute=True):
        code = person.sign_up(experiment, **FIELDS)
        kept = person.sign_up(experiment, **FIELDS)
        experiment.save_revision().publish()
    search_reconcile()
    responses = {
        "experiment page": visitor.get(experiment.url),
        "search": visitor.get("/zoeken/?q=aanspreekpunt"),
        "api search": visitor.get("/api/v1/search/?q=aanspreekpunt"),
        "api stories": visitor.get("/api/v1/stories/"),
        "api patterns": visitor.get("/api/v1/patterns/"),
        "research export": visitor.get("/zoeken/export.csv?q=aanspreekpunt"),
        "admin pages": editor.get("/admin/pages/search/?q=Zwaluw"),
    }
    assert code and kept
    assert Aanmelding.objects.count() == 2
    assert PERSONAL["stored phone"] in database_dump(), "the details were stored"
    assert Zoekdocument.objects.filter(page_id=experiment.pk).exists(), "indexed"
    assert len(mail.outbox) == 2, "the owner heard twice"
    assert task_messages, "the notices were queued"
    assert all(
        all(isinstance(arg, int | list) for arg in args or ()) and not kwargs
        for _, args, kwargs in task_messages
    ), task_messages
    assert (
        tuple(name for name, _, _ in task_messages if "signup" in name)
        == ("leren.tasks.notify_signup_owner",) * 2
    )

    def body(response) -> str:
        if response.streaming:
            return b"".join(response.streaming_content).decode()
        return response.content.decode()

    places = {
        "other tables": database_dump_without(OWN_TABLE),
        "search index": repr(list(Zoekdocument.objects.values())),
        **{name: body(response) for name, response in responses.items()},
        "logs": "\n".join(
            f"{r.getMessage()} {r.args!r} {getattr(r, 'request', '')}"
            for r in caplog.records
        ),
        "cache": cache_dump(),
        "sessions": repr(dict(person.client.session)) + repr(dict(visitor.session)),
        "task messages": repr(task_messages),
        "e-mail": repr([(m.subject, m.body, m.to) for m in mail.outbox]),
    }
    assert all(r.status_code == 200 for r in responses.values()), {
        name: r.status_code for name, r in responses.items()
    }
    assert found_in(places) == set()

    with django_capture_on_commit_callbacks(execute=True):
        person.post(WITHDRAW, {"code": code})
    assert Aanmelding.objects.count() == 1

    type(experiment).objects.filter(pk=experiment.pk).update(
        status=ExperimentStatus.AFGEROND,
        ended_at=timezone.now()
        - timedelta(days=settings.VENSTER_RETENTION_SIGNUP_DAYS + 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert signups_retention_apply().deleted == 1

    assert not Aanmelding.objects.exists()
    after = {"database": database_dump(), "cache": cache_dump()}
    assert found_in(after) == set()
