"""Hostile inputs to the readers and the Python API: a key given twice, a date that is not
YYYY-MM-DD, a mapping holding what is not data, wrong options, a file name that is not UTF-8 in a
batch. Each is one InputError (exit 2 and one line), never a traceback or a silent choice."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import ROOT, igs  # noqa: E402

import igs_kg  # noqa: E402

EXAMPLE = ROOT / "examples" / "valid" / "veiligheidsregio.yaml"


@pytest.mark.parametrize("name,text,line", [
    ("twice.yaml", "date: 2024-01-01\nparticipants: [Dongen, Tilburg]\ndate: 2025-01-01\n", 3),
    ("twice.json", '{"date": "2024-01-01", "participants": ["Dongen", "Tilburg"],\n "date": "2025-01-01"}', 2),
    ("nested.yaml", "participants: [Dongen, Tilburg]\nrequirements: {own_staff: true, own_staff: false}\n", 2),
])
def test_a_key_given_twice_is_refused_with_its_line(name: str, text: str, line: int, tmp_path: Path) -> None:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    r = igs("advise", str(f))
    assert r.returncode == 2 and r.stderr.startswith(f"igs-kg: error: {f}:{line}: the key '")
    assert r.stderr.rstrip().endswith("' is given twice") and r.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ["20240101", "2024-W01-1", "2024-1-1", "01-01-2024"])
def test_a_date_is_yyyy_mm_dd_only(value: str, tmp_path: Path) -> None:
    f = tmp_path / "date.yaml"
    f.write_text(f"date: '{value}'\nparticipants: [Dongen, Tilburg]\n", encoding="utf-8")
    r = igs("advise", str(f))
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr and r.stderr.count("\n") == 1


def test_the_python_api_checks_its_argument_before_anything_else() -> None:
    with pytest.raises(igs_kg.InputError, match="no such file"):
        igs_kg.advise("situatie-die-er-niet-is.yaml")
    with pytest.raises(igs_kg.InputError, match=r"participants\[1\]"):
        igs_kg.advise({"participants": ["Dongen", object()]})
    with pytest.raises(igs_kg.InputError, match="a key must be text"):
        igs_kg.advise({"participants": ["Dongen", "Tilburg"], 3: "x"})
    deep: dict = {}
    node = deep
    for _ in range(200):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(igs_kg.InputError, match="nested too deeply"):
        igs_kg.advise({"participants": ["Dongen", "Tilburg"], "requirements": deep})
    with pytest.raises(igs_kg.InputError, match="NaN"):
        igs_kg.advise({"participants": ["Dongen", "Tilburg"], "cost_shares": {"Dongen": float("nan")}})
    for call in (lambda: igs_kg.draft(EXAMPLE, format="pdf"), lambda: igs_kg.draft(EXAMPLE, lang="de"),
                 lambda: igs_kg.validate(EXAMPLE, engine="x")):
        with pytest.raises(igs_kg.InputError, match="expected one of"):
            call()
    # dates and paths as Python gives them are fine
    assert igs_kg.advise({"participants": ["Dongen", "Tilburg"], "date": dt.date(2024, 1, 1)})["as_of"] == "2024-01-01"
    assert igs_kg.validate(EXAMPLE)["conforms"] is True


@pytest.mark.skipif(sys.platform != "linux", reason="a file name of arbitrary bytes")
def test_a_file_name_that_is_not_utf8_does_not_stop_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"a\xff.yaml")
    with open(odd, "wb") as f:
        f.write(EXAMPLE.read_bytes())
    (folder / "b.yaml").write_bytes(EXAMPLE.read_bytes())
    r = igs("validate", str(folder))
    assert r.returncode == 0, r.stderr
    assert "a\\udcff.yaml: voldoet aan de wet" in r.stdout and "b.yaml: voldoet aan de wet" in r.stdout


def test_every_error_of_a_file_is_reported_each_with_its_line_up_to_a_bound(tmp_path: Path) -> None:
    from igs_kg.inputs import MAX_ERRORS

    f = tmp_path / "three.yaml"
    f.write_text("date: 20240101\nparticipants: [Dongen, Tilburg]\nbodies: [kollege]\nlegal_fom: Centrumregeling\n", encoding="utf-8")
    r = igs("advise", str(f))
    lines = r.stderr.splitlines()
    assert r.returncode == 2 and [line.split(": ")[2] for line in lines] == [f"{f}:1", f"{f}:3", f"{f}:4"], r.stderr
    many = tmp_path / "many.yaml"
    many.write_text("participants: [Dongen, Tilburg]\n" + "".join(f"onbekend_{i}: 1\n" for i in range(MAX_ERRORS + 5)), encoding="utf-8")
    r = igs("advise", str(many))
    assert r.returncode == 2 and len(r.stderr.splitlines()) == MAX_ERRORS
