"""Every role against every admin area and public view, for each HTTP method.

Each row names a view and, per role, the outcome: ``ok`` (2xx), ``login`` (sent to
the login page), ``denied`` (refused: 403, or Wagtail's redirect to the dashboard
with a message), ``no`` (the method is not allowed: 405) or ``bad`` (400: the view
answers, but the empty request is not valid).
"""

import pytest
from django.contrib.auth.models import Group

from leren.models import ExperimentStatus
from search.services import search_reconcile
from tests.factories import (
    ExperimentFactory,
    StoryFactory,
    SysteemfoutFactory,
    submission_confirmed,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "Onderzoeker", "Medewerker", "Redactie"]


def outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        return "login" if "/login/" in location else "denied"
    return {403: "denied", 405: "no", 400: "bad", 429: "bad"}.get(
        response.status_code,
        "ok" if 200 <= response.status_code < 300 else str(response.status_code),
    )


def everyone(result: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, result)


# Wagtail sends anyone without admin access, signed in or not, to its login page.
ADMIN_DASHBOARD = {
    "anonymous": "login",
    "Onderzoeker": "login",
    "Medewerker": "ok",
    "Redactie": "ok",
}
SUBMISSIONS = {**ADMIN_DASHBOARD, "Medewerker": "denied"}
TAG_CARE = {**ADMIN_DASHBOARD, "Medewerker": "denied"}
THEMES = TAG_CARE
SIGNUPS = {**ADMIN_DASHBOARD, "Medewerker": "denied"}

# Public and read-only: anyone may read, nobody may write.
RESEARCH_VIEWS = [
    ("search export", "/zoeken/export.csv"),
    ("data dictionary", "/zoeken/gegevenswoordenboek/"),
    ("api stories", "/api/v1/stories/"),
    ("api story", "/api/v1/stories/{story_id}/"),
    ("api patterns", "/api/v1/patterns/"),
    ("api search", "/api/v1/search/"),
    ("api schema", "/api/v1/schema/"),
]

# (name, path, method, expected per role)
MATRIX = [
    ("home", "/", "GET", everyone("ok")),
    ("story index", "/verhalen/", "GET", everyone("ok")),
    ("story", "{story}", "GET", everyone("ok")),
    ("share form", "/deel-je-verhaal/", "GET", everyone("ok")),
    ("share form", "/deel-je-verhaal/", "POST", everyone("bad")),
    ("share form", "/deel-je-verhaal/", "PUT", everyone("no")),
    ("share form", "/deel-je-verhaal/", "DELETE", everyone("no")),
    ("my story", "/mijn-verhaal/", "GET", everyone("ok")),
    ("my story", "/mijn-verhaal/", "POST", everyone("bad")),
    ("my story", "/mijn-verhaal/", "DELETE", everyone("no")),
    ("recognise", "/herken/{story_id}/", "GET", everyone("no")),
    ("recognise", "/herken/{story_id}/", "POST", everyone("denied")),
    ("recognise as organisation", "/herkennen-wij/{story_id}/", "GET", everyone("no")),
    (
        "recognise as organisation",
        "/herkennen-wij/{story_id}/",
        "POST",
        # Staff only: an empty form is answered with its errors.
        {
            **ADMIN_DASHBOARD,
            "Onderzoeker": "denied",
            "Medewerker": "bad",
            "Redactie": "bad",
        },
    ),
    ("sign up", "/meedoen/{experiment_id}/", "GET", everyone("ok")),
    ("sign up", "/meedoen/{experiment_id}/", "POST", everyone("bad")),
    ("sign up", "/meedoen/{experiment_id}/", "DELETE", everyone("no")),
    ("withdraw sign-up", "/meedoen/intrekken/", "GET", everyone("ok")),
    ("withdraw sign-up", "/meedoen/intrekken/", "POST", everyone("bad")),
    # Staff see sign-ups only of experiments they own: these users own none.
    ("sign-ups", "/admin/aanmeldingen/", "GET", SIGNUPS),
    ("export sign-ups", "/admin/aanmeldingen/?export=csv", "GET", SIGNUPS),
    ("admin dashboard", "/admin/", "GET", ADMIN_DASHBOARD),
    ("page explorer", "/admin/pages/", "GET", ADMIN_DASHBOARD),
    ("edit story", "/admin/pages/{story_id}/edit/", "GET", ADMIN_DASHBOARD),
    ("submissions", "/admin/inzendingen/", "GET", SUBMISSIONS),
    (
        "inspect submission",
        "/admin/inzendingen/inspect/{submission}/",
        "GET",
        SUBMISSIONS,
    ),
    ("moderate", "/admin/inzendingen/moderate/{submission}/", "GET", SUBMISSIONS),
    ("moderate", "/admin/inzendingen/moderate/{submission}/", "POST", SUBMISSIONS),
    (
        "edit submission",
        "/admin/inzendingen/edit/{submission}/",
        "GET",
        {**SUBMISSIONS, "Redactie": "denied"},
    ),
    (
        "delete submission",
        "/admin/inzendingen/delete/{submission}/",
        "POST",
        {**SUBMISSIONS, "Redactie": "denied"},
    ),
    ("system flaws", "/admin/snippets/leren/systeemfout/", "GET", ADMIN_DASHBOARD),
    (
        "add system flaw",
        "/admin/snippets/leren/systeemfout/add/",
        "GET",
        ADMIN_DASHBOARD,
    ),
    (
        "edit system flaw",
        "/admin/snippets/leren/systeemfout/edit/{flaw}/",
        "GET",
        {**ADMIN_DASHBOARD, "Medewerker": "denied"},
    ),
    ("tags", "/admin/tags/", "GET", TAG_CARE),
    ("merge tags", "/admin/tags/merge/", "GET", TAG_CARE),
    ("merge tags", "/admin/tags/merge/", "POST", TAG_CARE),
    ("tag synonyms", "/admin/tag-synonyms/", "GET", TAG_CARE),
    ("add tag synonym", "/admin/tag-synonyms/new/", "GET", TAG_CARE),
    ("themes", "/admin/themes/", "GET", THEMES),
    ("add theme", "/admin/themes/new/", "GET", THEMES),
    *[
        (name, path, method, everyone("ok" if method == "GET" else "no"))
        for name, path in RESEARCH_VIEWS
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    ],
]


@pytest.fixture
def objects(tree):
    story = StoryFactory(parent=tree.verhalen)
    # Indexing is queued on commit, which a test's transaction never reaches.
    search_reconcile()
    submission, _ = submission_confirmed("Het loket was dicht.")
    return {
        "story": story.url,
        "story_id": story.pk,
        "submission": submission.pk,
        "flaw": SysteemfoutFactory().pk,
        "experiment_id": ExperimentFactory(
            parent=tree.experimenten, status=ExperimentStatus.OPEN
        ).pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "path", "method", "expected"),
    MATRIX,
    ids=[f"{row[0]}-{row[2]}" for row in MATRIX],
)
def test_role_gets_exactly_its_rights(
    client, django_user_model, objects, role, name, path, method, expected
):
    if role != "anonymous":
        user = django_user_model.objects.create_user(f"user-{role}", password="x")
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
    response = client.generic(method, path.format(**objects))
    assert outcome(response) == expected[role], (name, method, role)


# The public system flaws register, and raising a flaw from a page in the editor.
FLAW_MATRIX = [
    *[
        (name, path, method, everyone("ok" if method == "GET" else "no"))
        for name, path in [
            ("flaws register", "/systeemfouten/"),
            ("flaw", "/systeemfouten/{flaw}/"),
        ]
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    ],
    ("raise flaw", "/admin/systeemfouten/raise/{story_id}/", "GET", ADMIN_DASHBOARD),
    ("raise flaw", "/admin/systeemfouten/raise/{story_id}/", "POST", ADMIN_DASHBOARD),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "path", "method", "expected"),
    FLAW_MATRIX,
    ids=[f"{row[0]}-{row[2]}" for row in FLAW_MATRIX],
)
def test_role_gets_exactly_its_rights_on_system_flaws(
    client, django_user_model, objects, role, name, path, method, expected
):
    test_role_gets_exactly_its_rights(
        client, django_user_model, objects, role, name, path, method, expected
    )
