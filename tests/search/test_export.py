"""The CSV export of a search and its data dictionary."""

import csv
import io

import pytest
from django.utils import translation

from leren.models import ExperimentStatus
from search import exports
from search.exports import COLUMNS, cell_neutralise
from search.services import search_reconcile
from tests.factories import (
    ExperimentFactory,
    ReflectieFactory,
    StoryFactory,
    submission_confirmed,
)
from verhalen.services import story_generalisations_refresh

pytestmark = pytest.mark.django_db

HEADER = [key for key, _header, _description in COLUMNS]
DUTCH_HEADER = (
    "id;soort;titel;webadres;tags;perspectief;domein;gemeente;plaatsniveau;periode;"
    "periodeniveau;status;tekst"
)
SECRET = "Mevrouw Jansen van de Lindelaan belde drie keer"


def download(client, query: str = "", language: str = "nl"):
    response = client.get(f"/zoeken/export.csv{query}", HTTP_ACCEPT_LANGUAGE=language)
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response, body


def parsed(body: bytes, language: str = "nl") -> list[dict[str, str]]:
    """The rows keyed by the stable column keys, once the headers are checked."""
    text = body.decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    with translation.override(language):
        assert header == [str(name) for _key, name, _description in COLUMNS]
    return [dict(zip(HEADER, row, strict=True)) for row in rows]


@pytest.fixture
def content(tree):
    """Five common stories, two rare ones, an experiment, a reflection, a draft."""
    common = [
        StoryFactory(
            parent=tree.verhalen,
            title=f"Loket {n}",
            municipality="Utrecht",
            tags=["wachtlijst"],
        )
        for n in range(5)
    ]
    rare = [
        StoryFactory(
            parent=tree.verhalen,
            title=f"Zeldzaam {n}",
            municipality="Urk",
            perspective="medewerker",
            domain="jeugd",
            tags=["zeldzaam"],
        )
        for n in range(2)
    ]
    experiment = ExperimentFactory(
        parent=tree.experimenten, title="Vast gezicht", status=ExperimentStatus.OPEN
    )
    reflection = ReflectieFactory(parent=tree.reflecties, title="Spiegel")
    StoryFactory(parent=tree.verhalen, title="Concept", live=False)
    submission_confirmed(SECRET, municipality="Urk")
    search_reconcile()
    story_generalisations_refresh()
    return {
        "common": common,
        "rare": rare,
        "experiment": experiment,
        "reflection": reflection,
    }


def test_export_is_a_semicolon_csv_with_bom_crlf_and_a_dated_attachment(
    client, content
):
    response, body = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="venster-zoekresultaten-')
    assert disposition.endswith('.csv"')
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.split(b"\r\n")[0].decode("utf-8-sig") == DUTCH_HEADER
    assert body.endswith(b"\r\n")
    rows = parsed(body)
    assert list(rows[0]) == HEADER
    assert len(rows) == 9
    assert response["X-Venster-Truncated"] == "false"
    assert response["X-Venster-Total"] == "9"


def test_export_headers_are_in_the_request_language_and_english_gives_the_keys(
    client, content
):
    """Dutch headers on the Dutch site; the English site's are the API's field names."""
    _response, body = download(client, language="en")
    assert body.split(b"\r\n")[0].decode("utf-8-sig") == ";".join(HEADER)
    assert {row["id"] for row in parsed(body, "en")} == {
        row["id"] for row in parsed(download(client)[1])
    }


def test_export_rows_hold_published_fields_and_absolute_urls(client, content):
    _response, body = download(client)
    rows = {row["id"]: row for row in parsed(body)}
    story = rows[str(content["common"][0].pk)]
    assert story["type"] == "verhaal"
    assert story["title"] == "Loket 0"
    assert story["url"].startswith("http://testserver/")
    assert story["tags"] == "wachtlijst"
    assert story["perspective"] == "inwoner"
    assert story["domain"] == "wmo"
    assert story["municipality"] == "Utrecht"
    assert story["period"] == "2025-03"
    assert (story["place_level"], story["period_level"]) == ("municipality", "month")
    assert "De brief kwam te laat" in story["text"]
    experiment = rows[str(content["experiment"].pk)]
    assert experiment["type"] == "experiment"
    assert experiment["status"] == "open"
    assert experiment["municipality"] == experiment["place_level"] == ""
    assert experiment["period_level"] == ""
    assert experiment["period"] == "2025-03"
    assert rows[str(content["reflection"].pk)]["type"] == "reflectie"


def test_rare_stories_are_suppressed_in_the_export(client, content):
    _response, body = download(client)
    rows = {row["id"]: row for row in parsed(body)}
    for page in content["rare"]:
        row = rows[str(page.pk)]
        assert row["municipality"] == row["period"] == ""
        assert row["place_level"] == row["period_level"] == "none"
    assert "Urk" not in body.decode("utf-8-sig")


def test_export_of_a_subset_generalises_as_over_all_stories(client, tree):
    """Filtering down to one story does not make its small group look common."""
    for month in (1, 1, 2, 2, 2):
        StoryFactory(
            parent=tree.verhalen,
            municipality="Zeist",
            period=f"2025-0{month}-01",
            tags=["apart"] if month == 1 else [],
        )
    search_reconcile()
    story_generalisations_refresh()
    _response, body = download(client, "?tag=apart")
    rows = parsed(body)
    assert len(rows) == 2
    assert {(row["municipality"], row["period"]) for row in rows} == {
        ("Zeist", "2025-K1")
    }


def test_export_honours_the_search_filters(client, content):
    _response, body = download(client, "?kind=verhaal&perspective=medewerker")
    assert {row["title"] for row in parsed(body)} == {"Zeldzaam 0", "Zeldzaam 1"}
    _response, body = download(client, "?tag=wachtlijst&q=Loket")
    assert len(parsed(body)) == 5
    _response, body = download(client, "?kind=experiment&status=open")
    assert [row["title"] for row in parsed(body)] == ["Vast gezicht"]
    _response, body = download(client, "?period=1999")
    assert parsed(body) == []


def test_export_never_holds_drafts_or_submissions(client, content):
    _response, body = download(client)
    text = body.decode("utf-8-sig")
    assert "Concept" not in text
    assert SECRET not in text
    assert "Lindelaan" not in text


def test_unpublished_story_leaves_the_export(client, content):
    content["common"][0].unpublish()
    search_reconcile()
    story_generalisations_refresh()
    _response, body = download(client)
    assert "Loket 0" not in body.decode("utf-8-sig")


def test_invalid_search_is_refused_with_a_plain_text_reason(client, content):
    response = client.get("/zoeken/export.csv?period=abc")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "2025" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["kind=brief", "sort=x", "tag=%00", "tag=%00&tag=ok", "q=%00"]
)
def test_malformed_export_parameters_are_a_400(client, content, query):
    assert client.get(f"/zoeken/export.csv?{query}").status_code == 400


def test_export_stops_at_the_limit_and_says_so(client, content, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 3)
    monkeypatch.setattr(exports, "BATCH", 2)
    response, body = download(client)
    assert len(parsed(body)) == 3
    assert response["X-Venster-Truncated"] == "true"
    assert response["X-Venster-Total"] == "9"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_every_formula_start_is_neutralised(start):
    value = f'{start}HYPERLINK("http://x")'
    assert cell_neutralise(value) == f"'{value}"


@pytest.mark.parametrize("value", ["", "Loket", "'al tekst", " =spatie", "12"])
def test_harmless_cells_are_left_alone(value):
    assert cell_neutralise(value) == value


def test_dangerous_page_fields_reach_the_file_neutralised(client, tree):
    StoryFactory(
        parent=tree.verhalen,
        title='=HYPERLINK("http://kwaad.example")',
        tags=["+31 6", "@thuis"],
        body="<p>-2 dagen te laat</p>",
    )
    ExperimentFactory(parent=tree.experimenten, title="@SUM(A1)")
    ReflectieFactory(parent=tree.reflecties, title="+ en -")
    search_reconcile()
    story_generalisations_refresh()
    _response, body = download(client)
    rows = {row["title"]: row for row in parsed(body)}
    story = rows['\'=HYPERLINK("http://kwaad.example")']
    assert story["tags"] == "'+31 6; @thuis"
    assert story["text"].startswith("'-2 dagen")
    assert "'@SUM(A1)" in rows
    assert "'+ en -" in rows
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))


def test_data_dictionary_describes_every_column_and_the_rules(client, tree):
    response = client.get("/zoeken/gegevenswoordenboek/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in HEADER:
        assert f"<code>{name}</code>" in html
    assert "<table>" in html and 'scope="row"' in html
    assert "UTF-8" in html
    assert "<code>;</code>" in html
    assert "X-Venster-Truncated" in html
    for level in ("municipality", "province", "none", "month", "quarter", "year"):
        assert f"<code>{level}</code>" in html
