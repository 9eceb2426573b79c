"""Several inputs at once (docs/contract.md#several-inputs-at-once): files and folders, one outcome
per file in order, a bad file reported on its own line while the batch goes on, and the same
answers as one file at a time, also when the batch is shared between two processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, igs

SITUATIONS = ROOT / "examples" / "situations"
VALID = ROOT / "examples" / "valid"
INVALID = ROOT / "examples" / "invalid"


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def _folder(tmp_path: Path) -> tuple[Path, list[Path]]:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    files = [shutil.copy(SITUATIONS / "drie-colleges-ict-hr.yaml", folder / "b.yaml"),
             shutil.copy(SITUATIONS / "situation.ttl", folder / "sub" / "a.ttl"),
             shutil.copy(SITUATIONS / "bar-organisatie.yaml", folder / "a.yaml")]
    shutil.copy(SITUATIONS / "bar-organisatie.yaml", folder / ".hidden" / "x.yaml")
    (folder / "notes.txt").write_text("not an input\n")
    return folder, [Path(f) for f in files]


@pytest.mark.parametrize("parallel", ["1000", "2"], ids=["one-process", "two-processes"])
def test_advise_over_files_and_a_folder_gives_each_file_its_own_line_in_order(tmp_path: Path, parallel: str) -> None:
    folder, _ = _folder(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("participants: [Aalsmeer\nas_of: 2020-01-01\n")
    r = igs("advise", str(broken), str(folder), str(tmp_path / "missing.yaml"), "--format", "jsonl",
            env={"IGS_KG_PARALLEL_FROM": parallel})
    assert r.returncode == 2, r.stderr
    lines = _lines(r.stdout)
    # the folder is read sorted and recursively, hidden folders and other files left out
    assert [x["file"] for x in lines] == [str(broken), str(folder / "a.yaml"), str(folder / "b.yaml"),
                                          str(folder / "sub" / "a.ttl"), str(tmp_path / "missing.yaml")]
    assert set(lines[0]) == {"file", "error"} and f"{broken}:" in lines[0]["error"]
    assert set(lines[-1]) == {"file", "error"}
    # every advice is exactly the one the file gets on its own
    for line in lines[1:4]:
        alone = json.loads(igs("advise", line["file"], "--format", "json").stdout)
        assert {k: v for k, v in line.items() if k != "file"} == alone
    # the errors also reach stderr, one line each, and no progress bar when stderr is not a terminal
    assert [x for x in r.stderr.splitlines() if x] == [f"igs-kg: error: {lines[0]['error']}",
                                                        f"igs-kg: error: {lines[-1]['error']}"]


def _one_and_two_processes(tmp_path: Path, command: str, sources: list[Path], copies: int) -> tuple:
    """The same folder (`copies` of each source) run on one process and on two."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(copies):
        for f in sources:
            shutil.copy(f, folder / f"{i}-{f.name}")
    one = igs(command, str(folder), "--format", "jsonl", env={"IGS_KG_PARALLEL_FROM": "100000"})
    two = igs(command, str(folder), "--format", "jsonl", env={"IGS_KG_PARALLEL_FROM": "2"})
    assert len(one.stdout.splitlines()) == copies * len(sources), one.stderr
    return one, two


def test_a_large_batch_on_two_processes_gives_the_same_lines_as_one(tmp_path: Path) -> None:
    one, two = _one_and_two_processes(tmp_path, "advise", sorted(VALID.glob("*.yaml")), 3)
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout


def test_json_with_several_files_is_one_array_and_text_names_each_file(tmp_path: Path) -> None:
    a, b = str(SITUATIONS / "bar-organisatie.yaml"), str(SITUATIONS / "aalsmeer-amstelveen.yaml")
    r = igs("advise", a, b, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [x["file"] for x in data] == [a, b] and all("legal_forms" in x for x in data)
    t = igs("advise", a, b, "--lang", "en")
    assert t.stdout.index(f"==> {a} <==") < t.stdout.index(f"==> {b} <==")
    single = igs("advise", a, "--lang", "en").stdout
    assert single in t.stdout


def test_turtle_takes_one_file_and_an_empty_folder_is_an_error_of_its_own(tmp_path: Path) -> None:
    r = igs("advise", str(SITUATIONS / "bar-organisatie.yaml"), str(SITUATIONS / "aalsmeer-amstelveen.yaml"),
            "--format", "turtle")
    assert r.returncode == 2 and "jsonl" in r.stderr and "Traceback" not in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = igs("advise", str(empty), str(SITUATIONS / "bar-organisatie.yaml"), "--format", "jsonl")
    assert r.returncode == 2
    first, second = _lines(r.stdout)
    assert first["file"] == str(empty) and "no .yaml" in first["error"]
    assert "legal_forms" in second


def test_explain_over_a_folder_gives_one_explanation_a_line(tmp_path: Path) -> None:
    folder, _ = _folder(tmp_path)
    r = igs("explain", str(folder), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    lines = _lines(r.stdout)
    assert [x["file"] for x in lines] == [str(folder / "a.yaml"), str(folder / "b.yaml"), str(folder / "sub" / "a.ttl")]
    alone = json.loads(igs("explain", str(folder / "b.yaml"), "--format", "json").stdout)
    assert lines[1]["explanation"] == alone


def test_validate_over_folders_reports_each_proposal_and_exits_with_the_worst() -> None:
    r = igs("validate", str(VALID), str(INVALID), "--format", "jsonl")
    lines = _lines(r.stdout)
    files = sorted(str(f) for f in VALID.iterdir() if f.suffix in (".yaml", ".json", ".ttl", ".jsonld")) + \
        sorted(str(f) for f in INVALID.iterdir() if f.suffix in (".yaml", ".json", ".ttl", ".jsonld"))
    assert [x["file"] for x in lines] == files
    assert r.returncode == 1, r.stderr
    assert all(x["conforms"] for x in lines if x["file"].startswith(str(VALID)))
    assert not any(x.get("conforms", False) for x in lines if x["file"].startswith(str(INVALID)))
    # each report is the one the file gets on its own
    one = INVALID / sorted(p.name for p in INVALID.iterdir() if p.suffix == ".yaml")[0]
    alone = json.loads(igs("validate", str(one), "--format", "json").stdout)
    in_batch = next(x for x in lines if x["file"] == str(one))
    # (the focus node names the file's place in the batch: situation/N/FILE)
    assert [{k: v for k, v in r.items() if k != "focus"} for r in in_batch.pop("results")] == \
        [{k: v for k, v in r.items() if k != "focus"} for r in alone.pop("results")]
    assert in_batch == alone


def test_explain_names_blank_nodes_the_same_way_each_time() -> None:
    path = str(SITUATIONS / "drie-colleges-ict-hr.yaml")
    a, b = igs("explain", path, "--format", "json"), igs("explain", path, "--format", "json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    assert '"_:b1"' in a.stdout


def test_validating_a_batch_on_two_processes_gives_the_same_reports_as_one(tmp_path: Path) -> None:
    # proposals read in two forked processes get blank nodes from the same random sequence: the
    # reader renames them, or two proposals put in one graph would share their nested nodes
    one, two = _one_and_two_processes(tmp_path, "validate", sorted(VALID.glob("*.yaml")) + sorted(INVALID.glob("*.yaml")), 2)
    assert one.returncode == two.returncode == 1, two.stderr
    assert one.stdout == two.stdout


def test_validation_in_chunks_gives_what_one_graph_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    from igs_kg import inputs
    from igs_kg import validation as v

    sits = [inputs.read_file(str(f), iri=f"https://w3id.org/igs-kg/situation/chunk/{i}", strict=False)
            for i, f in enumerate(sorted(VALID.glob("*.yaml")) + sorted(INVALID.glob("*.yaml")))]
    whole = v.run_fast(sits)
    monkeypatch.setattr(v, "CHUNK", 3)
    assert v.run_fast(sits) == whole and whole
