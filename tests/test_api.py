"""The Python API of docs/contract.md#python-api: igs_kg.advise / validate / explain / draft on a path,
a text or a mapping, giving exactly the JSON of the command line; InputError for bad input; a
cheap import; py.typed shipped."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, igs

import igs_kg

SITUATION = ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml"
INVALID = ROOT / "examples" / "invalid" / "raad-refused-consent.yaml"


def test_advise_from_a_path_a_text_and_a_mapping_is_the_json_of_the_command_line() -> None:
    cli = json.loads(igs("advise", str(SITUATION), "--format", "json").stdout)
    text = SITUATION.read_text(encoding="utf-8")
    mapping = yaml.safe_load(text)  # dates come as datetime.date: the API takes them
    assert isinstance(mapping["date"], dt.date)
    assert igs_kg.advise(str(SITUATION)) == cli
    assert igs_kg.advise(SITUATION) == cli
    assert igs_kg.advise(text) == cli
    assert igs_kg.advise(mapping) == cli
    assert json.loads(json.dumps(igs_kg.advise(mapping))) == cli  # the result is plain JSON


def test_validate_and_explain_are_the_json_of_the_command_line() -> None:
    report = igs_kg.validate(INVALID.read_text(encoding="utf-8"))
    cli = json.loads(igs("validate", str(INVALID), "--format", "json").stdout)
    assert report["conforms"] is False and report["conforms"] == cli["conforms"]
    assert [r["constraint"] for r in report["results"]] == [r["constraint"] for r in cli["results"]]
    turtle = ROOT / "examples" / "situations" / "situation.ttl"
    cli_tree = json.loads(igs("explain", str(turtle), "--format", "json").stdout)
    assert igs_kg.explain(str(turtle)) == cli_tree
    # from a text the input facts name no file; everything else is the same
    assert json.dumps(igs_kg.explain(turtle.read_text(encoding="utf-8"))).replace('"<text>"', '""') == \
        json.dumps(cli_tree).replace(json.dumps(str(turtle)), '""')


def test_a_draft_from_python() -> None:
    markdown = igs_kg.draft(SITUATION)
    assert isinstance(markdown, str) and markdown.startswith("---\n") and "### Artikel 1." in markdown
    word = igs_kg.draft(SITUATION, format="docx", lang="en")
    assert isinstance(word, bytes) and word[:2] == b"PK"


@pytest.mark.parametrize("bad,needle", [
    ("participants: [Aalsmeer\n", "not valid YAML"),
    ({"participants": ["Aalsmeer", "Amstelveen"], "datum": "2024-01-01"}, "datum"),
    ({"participants": ["Aalsmeer"]}, "2 or more"),
])
def test_bad_input_raises_input_error(bad, needle: str) -> None:
    with pytest.raises(igs_kg.InputError) as err:
        igs_kg.advise(bad)
    assert needle in str(err.value)


def test_importing_igs_kg_is_cheap_and_the_package_is_typed() -> None:
    out = subprocess.run([sys.executable, "-c", "import igs_kg, sys; print('pyoxigraph' in sys.modules, 'rdflib' in sys.modules)"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"], out.stderr
    assert (ROOT / "igs_kg" / "py.typed").is_file()
    assert set(igs_kg.__all__) >= {"advise", "validate", "explain", "draft", "InputError"}
