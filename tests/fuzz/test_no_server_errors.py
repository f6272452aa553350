"""Property-based: whatever a person or a script sends, no form or API answers 500.

Every public form field, every search and API parameter, and the editors'
moderation form get text, numbers, control characters, huge values and repeats
drawn by hypothesis. The suite runs these on PostgreSQL in CI, where NUL bytes and
odd Unicode hit a real database.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import StoryFactory, submission_confirmed

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as people and scripts send it: any Unicode, control characters included.
anything = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999999",
            "1e9",
            "null",
            "\x00",
            "'; --",
            "<script>alert(1)</script>",
            "{{7*7}}",
            "é" * 20_000,
            "2025-13-45",
            "K7PM-Q3XD-9FTA",
        ]
    ),
)
params = st.dictionaries(
    st.sampled_from(
        [
            "q",
            "tag",
            "kind",
            "perspective",
            "domain",
            "period",
            "status",
            "sort",
            "page",
            "page_size",
            "per_page",
            "format",
            "id",
        ]
    ),
    st.lists(anything, min_size=1, max_size=3),
    max_size=6,
)


def answered(response) -> int:
    assert response.status_code < 500, response.content[:500]
    return response.status_code


@pytest.fixture
def content(tree):
    return StoryFactory(parent=tree.verhalen, title="Wachten", tags=["wachtlijst"])


@EXAMPLES
@given(data=params)
@pytest.mark.parametrize(
    "path",
    [
        "/zoeken/",
        "/zoeken/export.csv",
        "/patronen/",
        "/api/v1/stories/",
        "/api/v1/experiments/",
        "/api/v1/patterns/",
        "/api/v1/search/",
    ],
)
def test_search_export_and_api_parameters_never_cause_a_server_error(
    content, path, data
):
    answered(Client().get(path, data))


@EXAMPLES
@given(pk=anything)
@pytest.mark.parametrize(
    "template", ["/api/v1/stories/{}/", "/api/v1/patterns/{}/", "/patronen/{}/"]
)
def test_detail_addresses_never_cause_a_server_error(content, template, pk):
    path = template.format(pk.replace("/", "").replace("?", "").replace("#", ""))
    answered(Client().get(path))


STORY_FIELDS = [
    *("what_happened", "impact", "what_would_help", "perspective", "domain"),
    *("municipality", "consent", "website", "started", "token", "action"),
]
story_fields = st.fixed_dictionaries({}, optional=dict.fromkeys(STORY_FIELDS, anything))


@EXAMPLES
@given(data=story_fields)
def test_the_share_form_never_causes_a_server_error(tree, data):
    answered(Client().post("/deel-je-verhaal/", data))


@EXAMPLES
@given(
    data=st.fixed_dictionaries(
        {}, optional=dict.fromkeys(["code", "action", "text", "token"], anything)
    )
)
def test_my_story_never_causes_a_server_error(tree, data):
    answered(Client().post("/mijn-verhaal/", data))


@EXAMPLES
@given(page_id=st.integers(min_value=-(2**40), max_value=2**40))
def test_recognising_any_page_never_causes_a_server_error(content, page_id):
    if page_id >= 0:
        answered(Client().post(f"/herken/{page_id}/"))


@EXAMPLES
@given(
    data=st.fixed_dictionaries(
        {}, optional=dict.fromkeys(["action", "reason", "question", "note"], anything)
    )
)
def test_the_moderation_form_never_causes_a_server_error(tree, django_user_model, data):
    submission, _code = submission_confirmed("De brief kwam te laat.")
    editor = django_user_model.objects.get_or_create(
        username="redacteur", defaults={"is_superuser": True, "is_staff": True}
    )[0]
    client = Client()
    client.force_login(editor)
    status = answered(
        client.post(f"/admin/inzendingen/moderate/{submission.pk}/", data)
    )
    assert status in (200, 302), "the form itself answered, not a 404 or 403"


SIGNUP_FIELDS = [
    *("name", "email", "phone", "organisation", "contribution", "consent"),
    *("website", "started"),
]


@pytest.fixture
def open_experiment(tree):
    from leren.models import ExperimentStatus
    from tests.factories import ExperimentFactory

    return ExperimentFactory(parent=tree.experimenten, status=ExperimentStatus.OPEN)


@EXAMPLES
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(SIGNUP_FIELDS, anything)))
def test_signing_up_never_causes_a_server_error(open_experiment, data):
    from django.core.cache import cache

    cache.clear()  # each example past the rate limit, to reach the form
    answered(Client().post(f"/meedoen/{open_experiment.pk}/", data))


@EXAMPLES
@given(data=st.fixed_dictionaries({}, optional={"code": anything}))
def test_withdrawing_a_sign_up_never_causes_a_server_error(tree, data):
    from django.core.cache import cache

    cache.clear()  # each example past the rate limit, to reach the form
    answered(Client().post("/meedoen/intrekken/", data))
