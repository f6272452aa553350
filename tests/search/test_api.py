"""The researchers' read-only API under /api/v1/: published, anonymised content only."""

import json

import pytest
import yaml
from drf_spectacular.validation import validate_schema

from leren.models import ExperimentStatus
from search.backends import MARK_END, MARK_START
from search.models import Patroon
from search.patterns import patterns_recompute
from search.services import search_reconcile
from tests.factories import (
    ExperimentFactory,
    ReflectieFactory,
    StoryFactory,
    submission_confirmed,
)
from verhalen.services import story_generalisations_refresh

pytestmark = pytest.mark.django_db

SECRET = "Meneer De Wit van de Kastanjelaan wachtte elf weken"


@pytest.fixture
def content(tree):
    """Six common stories, two rare ones, three experiments, a draft, a submission."""
    common = [
        StoryFactory(
            parent=tree.verhalen,
            title=f"Loket {n}",
            municipality="Utrecht",
            tags=["wachtlijst", "loket"] if n < 3 else ["huur"],
        )
        for n in range(6)
    ]
    rare = [
        StoryFactory(
            parent=tree.verhalen,
            title=f"Zeldzaam {n}",
            municipality="Urk",
            perspective="medewerker",
            domain="jeugd",
            period="2024-06-01",
        )
        for n in range(2)
    ]
    experiments = [
        ExperimentFactory(
            parent=tree.experimenten,
            title="Vast gezicht",
            status=ExperimentStatus.OPEN,
            tags=["wachtlijst", "loket"],
        ),
        ExperimentFactory(
            parent=tree.experimenten,
            title="Schuldhulp eerder",
            status=ExperimentStatus.AFGEROND,
            domain="schulden",
        ),
    ]
    ReflectieFactory(parent=tree.reflecties, title="Spiegel")
    StoryFactory(parent=tree.verhalen, title="Concept", live=False)
    submission_confirmed(SECRET, municipality="Urk")
    search_reconcile()
    story_generalisations_refresh()
    patterns_recompute()
    return {"common": common, "rare": rare, "experiments": experiments}


def titles(response) -> set[str]:
    return {item["title"] for item in response.json()["results"]}


def test_story_list_pages_through_published_stories_last_published_first(
    client, content
):
    response = client.get("/api/v1/stories/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 8
    assert data["next"] is None
    # Not by period: a suppressed story would stand between dated neighbours.
    assert data["results"][0]["title"] == "Zeldzaam 1"
    assert titles(response) == {f"Loket {n}" for n in range(6)} | {
        "Zeldzaam 0",
        "Zeldzaam 1",
    }


def test_story_list_pages_by_page_size(client, content):
    first = client.get("/api/v1/stories/?page_size=3").json()
    assert len(first["results"]) == 3
    assert "page=2" in first["next"]
    last = client.get("/api/v1/stories/?page_size=3&page=3").json()
    assert len(last["results"]) == 2
    assert last["next"] is None


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "page=%C2%B2",
        f"page={'9' * 5000}",
        "page_size=101",
        "page_size=0",
        "page_size=x",
    ],
)
def test_malformed_paging_is_a_400_naming_the_parameter(client, content, query):
    response = client.get(f"/api/v1/stories/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_page_past_the_end_is_not_found(client, content):
    assert client.get("/api/v1/stories/?page=99").status_code == 404


def test_story_detail_shows_generalised_place_and_anonymised_text(client, content):
    story = content["common"][0]
    response = client.get(f"/api/v1/stories/{story.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == story.pk
    assert data["url"] == f"http://testserver{story.url}"
    assert data["municipality"] == "Utrecht"
    assert data["period"] == "2025-03"
    assert (data["place_level"], data["period_level"]) == ("municipality", "month")
    assert data["tags"] == ["loket", "wachtlijst"]
    assert "De brief kwam te laat" in data["text"]


def test_rare_story_hides_its_place_and_period(client, content):
    response = client.get(f"/api/v1/stories/{content['rare'][0].pk}/")
    data = response.json()
    assert data["municipality"] == data["period"] == ""
    assert data["place_level"] == data["period_level"] == "none"
    assert "Urk" not in response.content.decode()
    assert "Urk" not in client.get("/api/v1/stories/").content.decode()


def test_story_detail_is_404_for_other_kinds_and_unknown_ids(client, content):
    assert client.get("/api/v1/stories/999999/").status_code == 404
    experiment = content["experiments"][0]
    assert client.get(f"/api/v1/stories/{experiment.pk}/").status_code == 404
    assert client.get("/api/v1/stories/abc/").status_code == 404
    assert client.get(f"/api/v1/stories/{'9' * 30}/").status_code == 404


def test_stories_filter_by_repeated_tags_perspective_domain_and_year(client, content):
    assert titles(client.get("/api/v1/stories/?tag=huur")) == {
        "Loket 3",
        "Loket 4",
        "Loket 5",
    }
    both = client.get("/api/v1/stories/?tag=wachtlijst&tag=Loket")
    assert titles(both) == {"Loket 0", "Loket 1", "Loket 2"}
    assert titles(client.get("/api/v1/stories/?tag=huur&tag=loket")) == set()
    assert titles(client.get("/api/v1/stories/?perspective=medewerker")) == {
        "Zeldzaam 0",
        "Zeldzaam 1",
    }
    assert len(titles(client.get("/api/v1/stories/?domain=wmo"))) == 6
    # The two 2024 stories are suppressed: a year filter must not tell their year.
    assert titles(client.get("/api/v1/stories/?period=2024")) == set()
    assert len(titles(client.get("/api/v1/stories/?period=2025"))) == 6
    assert titles(client.get("/api/v1/stories/?period=2023")) == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("perspective=koning", "perspective"),
        ("domain=oorlog", "domain"),
        ("period=25", "period"),
        ("period=2025-03", "period"),
        ("tag=a&tag=b&tag=c&tag=d&tag=e&tag=f", "non_field_errors"),
        (f"tag={'x' * 101}", "non_field_errors"),
        ("tag=%00", "non_field_errors"),
    ],
)
def test_bad_story_filters_are_a_400_naming_the_problem(client, content, query, field):
    response = client.get(f"/api/v1/stories/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_experiments_filter_by_tag_status_and_domain(client, content):
    response = client.get("/api/v1/experiments/")
    assert response.status_code == 200
    assert titles(response) == {"Vast gezicht", "Schuldhulp eerder"}
    assert titles(client.get("/api/v1/experiments/?tag=loket")) == {"Vast gezicht"}
    assert titles(client.get("/api/v1/experiments/?status=afgerond")) == {
        "Schuldhulp eerder"
    }
    assert titles(client.get("/api/v1/experiments/?domain=schulden")) == {
        "Schuldhulp eerder"
    }
    assert client.get("/api/v1/experiments/?status=klaar").status_code == 400


def test_experiment_detail(client, content):
    experiment = content["experiments"][0]
    data = client.get(f"/api/v1/experiments/{experiment.pk}/").json()
    assert data["title"] == "Vast gezicht"
    assert data["status"] == "open"
    assert data["period"] == "2025-03"
    assert "aanspreekpunt" in data["text"]
    assert (
        client.get(f"/api/v1/experiments/{content['common'][0].pk}/").status_code == 404
    )


def test_patterns_list_and_detail_show_the_pattern_and_its_experiments(client, content):
    pattern = Patroon.objects.get(tags=["loket", "wachtlijst"])
    listed = client.get("/api/v1/patterns/").json()
    assert listed["count"] == Patroon.objects.count()
    response = client.get(f"/api/v1/patterns/{pattern.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == pattern.pk
    assert data["tags"] == ["loket", "wachtlijst"]
    assert data["url"] == "http://testserver/patronen/loket+wachtlijst/"
    assert data["stories"] == 3
    assert data["open_experiments"][0]["title"] == "Vast gezicht"
    assert data["open_experiments"][0]["url"].startswith("http://testserver/")
    assert data["first_seen"] == "2025-03"  # as the stories' pages show it
    assert client.get("/api/v1/patterns/999999/").status_code == 404
    assert client.get(f"/api/v1/patterns/{'9' * 30}/").status_code == 404


def test_search_returns_hits_with_plain_and_html_highlights(client, content):
    response = client.get("/api/v1/search/?q=brief&kind=verhaal&page_size=5")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 8
    assert len(data["results"]) == 5
    hit = data["results"][0]
    assert hit["type"] == "verhaal"
    assert "brief" in hit["highlight"].lower()
    assert MARK_START not in hit["highlight"] and MARK_END not in hit["highlight"]
    assert "<mark>" in hit["highlight_html"]
    assert hit["url"].startswith("http://testserver/")


def test_search_shows_stories_generalised(client, content):
    data = client.get("/api/v1/search/?perspective=medewerker&kind=verhaal").json()
    assert {hit["municipality"] for hit in data["results"]} == {""}
    assert {hit["period"] for hit in data["results"]} == {""}
    common = client.get("/api/v1/search/?tag=wachtlijst&kind=verhaal").json()
    assert {hit["municipality"] for hit in common["results"]} == {"Utrecht"}


def test_search_facets_hide_counts_below_five(client, content):
    facets = client.get("/api/v1/search/").json()["facets"]
    perspectives = {item["value"]: item["count"] for item in facets["perspective"]}
    assert perspectives == {"inwoner": 6, "medewerker": None}
    periods = {item["value"]: item["count"] for item in facets["period"]}
    # The two 2024 stories are shown without a period: no year counts them.
    assert "2024" not in periods
    domains = {item["value"]: item["count"] for item in facets["domain"]}
    assert domains["jeugd"] is None and domains["schulden"] is None
    kinds = {item["value"]: item["count"] for item in facets["kind"]}
    assert kinds["experiment"] == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=abc", "period"),
        ("kind=brief", "kind"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page_size=500", "page_size"),
        (f"q={'woord ' * 50}", "q"),
        ("tag=%00", "tag"),
        ("tag=%00&tag=wachtlijst", "non_field_errors"),
    ],
)
def test_bad_search_is_a_400_with_the_forms_errors(client, content, query, field):
    response = client.get(f"/api/v1/search/?{query}")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    assert all(isinstance(message, str) for message in errors[field])


def test_api_never_shows_drafts_unpublished_pages_or_submissions(client, content):
    content["common"][0].unpublish()
    search_reconcile()
    story_generalisations_refresh()
    for path in (
        "/api/v1/stories/?page_size=100",
        "/api/v1/experiments/",
        "/api/v1/patterns/",
        "/api/v1/search/?page_size=100",
        "/api/v1/search/?q=Kastanjelaan",
    ):
        body = client.get(path).content.decode()
        assert "Concept" not in body, path
        assert "Loket 0" not in body, path
        assert "Kastanjelaan" not in body and SECRET not in body, path
    assert client.get(f"/api/v1/stories/{content['common'][0].pk}/").status_code == 404


def test_api_is_read_only(client, content):
    story = content["common"][0]
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/v1/stories/").status_code == 405
        response = getattr(client, method)(f"/api/v1/stories/{story.pk}/")
        assert response.status_code == 405


def test_openapi_schema_validates_and_lists_every_endpoint(client, tree):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/stories/",
        "/api/v1/stories/{id}/",
        "/api/v1/stories/{id}/similar/",
        "/api/v1/experiments/",
        "/api/v1/experiments/{id}/",
        "/api/v1/patterns/",
        "/api/v1/patterns/{id}/",
        "/api/v1/search/",
    }
    story_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/stories/"]["get"]["parameters"]
    }
    assert {"tag", "perspective", "domain", "period", "page", "page_size"} <= (
        story_parameters
    )


def test_openapi_schema_is_served_as_yaml_by_default(client, tree):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert "/api/v1/search/" in yaml.safe_load(response.content)["paths"]


def test_search_pages_by_page_size_in_the_envelope_of_the_other_lists(client, content):
    stories = client.get("/api/v1/stories/?page_size=3").json()
    first = client.get("/api/v1/search/?kind=verhaal&page_size=3").json()
    assert set(stories) <= set(first), "count, next, previous and results"
    assert first["count"] == stories["count"] == 8
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=3" in first["next"]
    second = client.get(first["next"]).json()
    assert {hit["id"] for hit in second["results"]}.isdisjoint(
        {hit["id"] for hit in first["results"]}
    )
    assert "page=" not in second["previous"] and "page_size=3" in second["previous"]
    last = client.get("/api/v1/search/?kind=verhaal&page_size=3&page=3").json()
    assert len(last["results"]) == 2 and last["next"] is None
    assert "page=2" in last["previous"]


def test_api_root_lists_its_resources(client, tree):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    assert set(links) == {
        "stories",
        "experiments",
        "patterns",
        "search",
        "schema",
        "docs",
    }
    for name, url in links.items():
        assert url.startswith("http://testserver/api/v1/"), name
        assert client.get(url).status_code == 200, name


def test_api_documentation_is_a_plain_page_without_scripts(client, tree):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for path in (
        "/api/v1/stories/",
        "/api/v1/stories/{id}/",
        "/api/v1/experiments/",
        "/api/v1/patterns/{id}/",
        "/api/v1/search/",
    ):
        assert f"GET {path}</code>" in html, path
    assert "<code>page_size</code>" in html
    assert "PaginatedStoryList" in html and "<code>highlight_html</code>" in html
    assert "API-documentatie" in html
    assert "<script" not in html
    assert "cdn" not in html.lower()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
