"""``import_jsonl`` publishes what it can take and reports every line it cannot."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from leren.models import ExperimentPage, ReflectiePage, Systeemfout
from search.importing import jsonl_import
from verhalen.management.commands.load_demo import DEMO_FILE
from verhalen.models import VerhaalPage

pytestmark = pytest.mark.django_db

STORY = {
    "type": "verhaal",
    "title": "De brief die niemand begreep",
    "body": "Eerste alinea.\n\nTweede alinea met <b>opmaak</b>.",
    "tags": ["Wachtlijst", " brief onbegrijpelijk "],
    "perspective": "inwoner",
    "domain": "wmo",
    "date": "2025-03-14",
}


def lines(*objects) -> list[str]:
    return [o if isinstance(o, str) else json.dumps(o) for o in objects]


def run_command(tmp_path, content: bytes) -> tuple[str, str, int]:
    path = tmp_path / "import.jsonl"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_jsonl", str(path), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return out.getvalue(), err.getvalue(), code


def test_imported_story_is_published_with_its_facts(tree):
    report = jsonl_import(lines=lines(STORY))
    story = VerhaalPage.objects.get()
    assert report.created["verhaal"] == 1
    assert story.live and story.first_published_at is not None
    assert story.get_parent().specific == tree.verhalen
    assert story.perspective == "inwoner" and story.domain == "wmo"
    assert story.period.isoformat() == "2025-03-01", "only the month is kept"
    assert story.body == (
        "<p>Eerste alinea.</p><p>Tweede alinea met &lt;b&gt;opmaak&lt;/b&gt;.</p>"
    )


def test_tags_are_normalised_into_one_vocabulary(tree):
    """Case, surrounding spaces and hyphens versus spaces do not make new tags."""
    jsonl_import(
        lines=lines(
            {**STORY, "title": "Een", "tags": ["Sociaal-Wijkteam", " WACHTLIJST"]},
            {**STORY, "title": "Twee", "tags": ["sociaal  wijkteam", "wachtlijst "]},
            {**STORY, "title": "Drie", "tags": ["sociaal_wijkteam", "Wachtlijst"]},
        )
    )
    assert sorted(Tag.objects.values_list("name", flat=True)) == [
        "sociaal wijkteam",
        "wachtlijst",
    ]
    assert all(s.tags.count() == 2 for s in VerhaalPage.objects.all())


def test_importing_the_same_lines_twice_adds_nothing(tree):
    content = lines(STORY, {**STORY, "type": "experiment", "status": "open"})
    first = jsonl_import(lines=content)
    second = jsonl_import(lines=content)
    assert sum(first.created.values()) == 2
    assert not second.created and second.already_present == 2
    assert VerhaalPage.objects.count() == 1 and ExperimentPage.objects.count() == 1


def test_each_type_lands_under_its_own_index(tree):
    jsonl_import(
        lines=lines(
            {
                **STORY,
                "type": "experiment",
                "title": "Vaste contactpersoon",
                "status": "lopend",
                "hypothesis": "We denken dat…",
            },
            {
                **STORY,
                "type": "reflectie",
                "title": "Wat ik had moeten zien",
                "about": "Vaste contactpersoon",
            },
        )
    )
    experiment = ExperimentPage.objects.get()
    reflection = ReflectiePage.objects.get()
    assert experiment.get_parent().pk == tree.experimenten.pk
    assert experiment.status == "lopend" and experiment.hypothesis == "We denken dat…"
    assert reflection.get_parent().pk == tree.reflecties.pk
    assert reflection.about.pk == experiment.pk


def test_story_links_to_system_flaws_defined_earlier(tree):
    flaw = {
        "type": "systeemfout",
        "title": "Geen uitzondering mogelijk",
        "body": "…",
        "workaround": "Handmatig vastleggen",
        "owner": "Team Wmo",
        "status": "erkend",
    }
    report = jsonl_import(
        lines=lines(flaw, {**STORY, "systeemfouten": ["Geen uitzondering mogelijk"]})
    )
    assert report.created == {"systeemfout": 1, "verhaal": 1}
    story = VerhaalPage.objects.get()
    assert list(story.systeemfouten.all()) == [Systeemfout.objects.get()]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({**STORY, "title": ""}), "title"),
        (json.dumps({k: v for k, v in STORY.items() if k != "title"}), "title"),
        (json.dumps({**STORY, "title": 42}), "title: must be text"),
        (json.dumps({**STORY, "perspective": "burger"}), "perspective"),
        (json.dumps({**STORY, "domain": "zorg"}), "domain"),
        (json.dumps({**STORY, "date": "14-03-2025"}), "date"),
        (json.dumps({**STORY, "date": "2025-02-30"}), "date"),
        (json.dumps({**STORY, "tags": "wachtlijst"}), "tags must be a list"),
        (json.dumps({**STORY, "tags": [1, 2]}), "tags must be a list"),
        (json.dumps({**STORY, "type": "recept"}), "type"),
        (json.dumps({**STORY, "type": "experiment"}), "status"),
        (json.dumps({**STORY, "type": "experiment", "status": "klaar"}), "status"),
        (json.dumps({**STORY, "systeemfouten": ["Bestaat niet"]}), "unknown system"),
        (json.dumps({**STORY, "type": "reflectie", "about": "Nergens"}), "about"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_reason(tree, line, reason):
    report = jsonl_import(lines=[json.dumps({**STORY, "title": "Goed"}), line])
    assert report.created["verhaal"] == 1, "the good line is imported"
    assert len(report.skipped) == 1
    number, message = report.skipped[0]
    assert number == 2
    assert reason in message


def test_command_reports_skipped_lines_and_exits_with_status_1(tree, tmp_path):
    content = b"\n".join(
        [
            json.dumps(STORY).encode(),
            b"",
            b'{"type": "verhaal", "title": "\xff\xfe kapot"}',
            json.dumps({**STORY, "title": "Ander", "perspective": "x"}).encode(),
        ]
    )
    out, err, code = run_command(tmp_path, content)
    assert code == 1
    assert "line 3: skipped: not valid UTF-8" in err
    assert "line 4: skipped: perspective" in err
    assert "Imported 1 verhaal" in out and "skipped: 2" in out
    assert VerhaalPage.objects.count() == 1


def test_command_exits_with_status_0_when_everything_was_taken(tree, tmp_path):
    out, err, code = run_command(tmp_path, json.dumps(STORY).encode() + b"\n")
    assert (code, err) == (0, "")
    assert "Imported 1 verhaal; already present: 0; skipped: 0" in out


def test_command_says_clearly_when_the_file_is_missing(tree, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_jsonl", str(tmp_path / "nope.jsonl"))


def test_demo_content_loads_completely_and_only_once(db):
    """The demo file is imported through the same path, with nothing skipped."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    assert VerhaalPage.objects.live().count() >= 40
    assert ExperimentPage.objects.live().count() >= 8
    assert ReflectiePage.objects.live().count() >= 6
    assert Systeemfout.objects.count() >= 4
    assert "Imported nothing" in out.getvalue()
    assert DEMO_FILE.exists()
