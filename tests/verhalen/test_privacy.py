"""Raw resident text never persists: not in the database, logs, cache or task messages.

Texts full of personal data go through the real views (preview, edit, preview again,
confirm, add, withdraw); afterwards every table, every captured log record, the cache
and every task message is searched for each value, and none may be found.
"""

import logging
import pickle

import pytest
from celery.app.task import Task
from django.core import mail
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client

from tests.verhalen.test_resident_flow import STORY, Resident
from tests.verhalen.test_withdrawal import promote, publish_through_the_workflow
from verhalen.models import Inzending

PERSONAL = {
    "name": "Wilma Hendriks",
    "surname": "Hendriks",
    "bsn": "111222333",
    "iban": "NL91ABNA0417164300",
    "email": "wilma.hendriks@example.nl",
    "phone": "06-12345678",
    "postcode": "3512 AB",
    "street": "Kerkstraat 12",
    "case": "WMO-2023-04417",
    "birth": "14-03-1961",
    "plate": "12-ABC-3",
    "handle": "@wilmah61",
}

TEXT = (
    "Mijn naam is {name} en ik woon op de {street}, {postcode} Utrecht. "
    "Mijn BSN is {bsn} en mijn rekening {iban}. Mail naar {email} of bel {phone}. "
    "Ik ben geboren op {birth}. Het zaaknummer is {case}. Mijn auto heeft kenteken "
    "{plate} en op Instagram ben ik {handle}."
).format(**PERSONAL)
ADDITION = "Aanvulling van {name}: bel me gerust op {phone}.".format(**PERSONAL)


def database_dump() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def cache_dump(store=cache) -> str:
    """Every value in a local-memory cache, unpickled where possible."""
    values = []
    for key, value in store._cache.items():
        try:
            values.append(f"{key} {pickle.loads(value)!r}")  # noqa: S301
        except Exception:
            values.append(f"{key} {value!r}")
    return "\n".join(values)


@pytest.fixture
def task_messages(monkeypatch):
    """Record the arguments of every task queued while the test runs."""
    sent = []
    original = Task.apply_async

    def record(self, args=None, kwargs=None, **options):
        sent.append((self.name, args, kwargs))
        return original(self, args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(Task, "apply_async", record)
    return sent


@pytest.mark.django_db
def test_personal_data_sent_through_every_view_is_stored_nowhere(
    caplog, task_messages, django_capture_on_commit_callbacks, settings
):
    settings.VENSTER_MIN_FILL_SECONDS = 0
    settings.VENSTER_EDITORS_EMAIL = ["redactie@venster.example"]
    caplog.set_level(logging.DEBUG)
    cache.clear()
    story = {**STORY, "what_happened": TEXT, "impact": TEXT, "what_would_help": TEXT}

    with django_capture_on_commit_callbacks(execute=True):
        resident = Resident()
        resident.get("/deel-je-verhaal/")
        started = resident.hidden("started")
        resident.post("/deel-je-verhaal/", {**story, "started": started})
        resident.post(
            "/deel-je-verhaal/", {**story, "started": started, "action": "edit"}
        )
        code = resident.share(**story)
        resident.post(
            "/mijn-verhaal/",
            {"code": code, "text": ADDITION, "action": "message-preview"},
        )
        resident.post(
            "/mijn-verhaal/",
            {
                "code": code,
                "text": ADDITION,
                "token": resident.hidden("token"),
                "action": "message-confirm",
            },
        )
        withdrawn = resident.share(**story)
        resident.post(
            "/mijn-verhaal/", {"code": withdrawn, "action": "withdraw-confirm"}
        )

    kept = Inzending.objects.exclude(what_happened="").get()
    assert kept.berichten.count() == 1, "the flow really stored the addition"
    assert Inzending.objects.count() == 1, "the withdrawn one is deleted"
    assert task_messages, "follow-up work was queued"
    assert all(
        len(args) == 1 and isinstance(args[0], int) for _, args, _ in task_messages
    ), "tasks take primary keys, never text"
    # The withdrawn one was deleted before its notice went out, so one mail.
    assert len(mail.outbox) == 1, "the editors heard of the submission"

    places = {
        "database": database_dump(),
        "logs": "\n".join(
            f"{r.getMessage()} {r.args!r} {getattr(r, 'request', '')}"
            for r in caplog.records
        ),
        "cache": cache_dump(),
        "task messages": repr(task_messages),
        "e-mail": repr([(m.subject, m.body) for m in mail.outbox]),
    }
    assert "[bsn]" in places["database"], "the anonymised text was stored"
    found = {
        (label, place)
        for label, value in PERSONAL.items()
        for place, content in places.items()
        if value in content
    }
    assert found == set()


# Words of the resident that survive anonymisation, and so reach the published page.
OWN_WORDS = {
    "phrase": "De traplift werd pas na veertig weken geleverd",
    "word": "keukentafelgesprekken",
}


@pytest.mark.django_db
def test_a_withdrawn_published_story_leaves_none_of_its_words_anywhere(
    caplog,
    task_messages,
    django_capture_on_commit_callbacks,
    settings,
    tree,
    page_cache,
):
    """Shared, promoted, published, read, searched, withdrawn: then found nowhere."""
    from django.contrib.auth.models import User

    settings.VENSTER_MIN_FILL_SECONDS = 0
    settings.VENSTER_EDITORS_EMAIL = ["redactie@venster.example"]
    caplog.set_level(logging.DEBUG)
    cache.clear()
    words = f"{OWN_WORDS['phrase']}, na drie {OWN_WORDS['word']}. {TEXT}"
    story = {**STORY, "what_happened": words, "impact": TEXT}
    editor = Client()
    editor.user = User.objects.create_superuser("redacteur", password="x")
    editor.force_login(editor.user)
    visitor = Client()

    with django_capture_on_commit_callbacks(execute=True):
        resident = Resident()
        code = resident.share(**story)
        page = publish_through_the_workflow(editor, promote(editor))
    with django_capture_on_commit_callbacks(execute=True):
        seen = visitor.get(page.url).content.decode()
        visitor.get(f"/zoeken/?q={OWN_WORDS['word']}")
        visitor.get("/api/v1/stories/")
        resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})
    assert OWN_WORDS["phrase"] in seen, "the story really was public"

    assert visitor.get(page.url).status_code == 404
    assert not Inzending.objects.exists()
    assert all(
        all(isinstance(arg, int | list) for arg in args or ())
        for _, args, _ in task_messages
    ), "tasks take primary keys, never text"
    assert len(mail.outbox) == 2, "a notice of the submission, one of the withdrawal"
    places = {
        "database": database_dump(),
        "logs": "\n".join(
            f"{r.getMessage()} {r.args!r} {getattr(r, 'request', '')}"
            for r in caplog.records
        ),
        "cache": cache_dump(),
        "page cache": cache_dump(caches["pages"]),
        "task messages": repr(task_messages),
        "e-mail": repr([(m.subject, m.body) for m in mail.outbox]),
    }
    found = {
        (label, place)
        for label, value in {**PERSONAL, **OWN_WORDS}.items()
        for place, content in places.items()
        if value in content
    }
    assert found == set()
