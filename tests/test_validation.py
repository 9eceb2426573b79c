"""Validation of proposals: the examples (valid must conform, invalid must fail for exactly the
reason in their name), the same results from the fast path, pySHACL and Apache Jena, and the
command as a user runs it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, igs

from igs_kg import inputs, store
from igs_kg import validation as v

EXAMPLES = sorted((ROOT / "examples" / "valid").glob("*.*")) + sorted((ROOT / "examples" / "invalid").glob("*.*"))
JENA = Path(__file__).resolve().parents[1] / "tools" / "jena-shacl"


def expectations(path: Path) -> dict[str, set[str] | None]:
    out: dict[str, set[str] | None] = {"fails": set(), "warns": None, "infos": None}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*(fails|warns|infos):\s*(.*)$", line.strip())
        if m:
            names = {n.strip() for n in m.group(2).split(",") if n.strip() and n.strip() != "-"}
            out[m.group(1)] = names
    return out


def situation(path: Path, i: int = 1):
    return inputs.read_file(str(path), iri=f"https://w3id.org/igs-kg/situation/example/{i}", strict=False)


def shapes_by_severity(results: list[v.Result], focus: str) -> dict[str, set[str]]:
    out = {"Violation": set(), "Warning": set(), "Info": set()}
    for r in results:
        if r.focus == focus:
            out[r.severity].add(r.shape.rsplit("#", 1)[1])
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example(path: Path) -> None:
    s = situation(path)
    want = expectations(path)
    fast = v.run_fast([s])
    got = shapes_by_severity(fast, s.iri.value)
    if path.parent.name == "valid":
        assert want["fails"] == set(), "a valid example may not declare failures"
    else:
        assert want["fails"], "an invalid example must say which shape it fails ('# fails: Shape')"
        assert path.stem.replace("-", "") != "", path
    assert got["Violation"] == want["fails"]
    if want["warns"] is not None:
        assert got["Warning"] == want["warns"]
    if want["infos"] is not None:
        assert got["Info"] == want["infos"]
    assert v.report(str(path), s, fast)["conforms"] is (not want["fails"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_path_equals_pyshacl(path: Path) -> None:
    s = situation(path)
    assert v.run_fast([s]) == v.run_pyshacl([s])


def test_a_batch_gives_the_same_results_as_one_by_one() -> None:
    situations = [situation(p, i) for i, p in enumerate(EXAMPLES)]
    batch = v.run_fast(situations)
    single = sorted({r for s in situations for r in v.run_fast([s])}, key=v._order)
    assert batch == single


def test_every_reported_shape_fires_somewhere_and_not_everywhere() -> None:
    situations = [situation(p, i) for i, p in enumerate(EXAMPLES)]
    results = v.run_fast(situations)
    fired_by_focus: dict[str, set[str]] = {}
    for r in results:
        fired_by_focus.setdefault(r.focus, set()).add(r.shape)
    named = {c.shape.value for c in v.fast_validator().checks}
    fired = set().union(*fired_by_focus.values())
    assert sorted(named - fired) == [], "shapes without an example in which they fire"
    for shape in named:
        assert any(shape not in fired_by_focus.get(s.iri.value, set()) for s in situations), shape


@pytest.mark.skipif(not JENA.exists() or shutil.which("java") is None,
                    reason="needs Java for tools/jena-shacl")
def test_apache_jena_finds_the_same_results(tmp_path: Path) -> None:
    situations = [situation(p, i) for i, p in enumerate(EXAMPLES)]
    data = tmp_path / "data.nt"
    shapes = tmp_path / "shapes.nt"
    ox.serialize(list(store.load().triples()) + v.proposal_data(situations), output=str(data),
                 format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(v.shapes_triples(), output=str(shapes), format=ox.RdfFormat.N_TRIPLES)
    run = subprocess.run([str(JENA), "--shapes", str(shapes), "--data", str(data)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    report = ox.Store()
    report.load(run.stdout.encode(), ox.RdfFormat.TURTLE)
    jena = {(r["f"].value, r["s"].value, r["sev"].value.rsplit("#", 1)[1]) for r in report.query(
        """PREFIX sh: <http://www.w3.org/ns/shacl#>
           SELECT ?f ?s ?sev WHERE { ?r a sh:ValidationResult ; sh:focusNode ?f ; sh:sourceShape ?s ; sh:resultSeverity ?sev }""")}
    ours = {(r.focus, r.shape, r.severity) for r in v.run_fast(situations)}
    assert jena == ours


# ---------------------------------------------------------------------------- the command

def test_cli_valid_is_exit_0_and_json_as_contract() -> None:
    r = igs("validate", "examples/valid/bvo-werkorganisatie.yaml", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["file"] == "examples/valid/bvo-werkorganisatie.yaml" and data["conforms"] is True


def test_cli_invalid_is_exit_1_with_what_to_change() -> None:
    r = igs("validate", "examples/invalid/raad-refused-consent.yaml", "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    (res,) = [x for x in data["results"] if x["severity"] == "Violation"]
    assert res["constraint"] == "RaadConsentGiven" and res["path"] == "raad_consent"
    assert "toestemming" in res["message"]["nl"] and "consent" in res["message"]["en"]
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=1&lid=4&g=2022-07-01" in res["sources"]
    text = igs("validate", "examples/invalid/raad-refused-consent.yaml")
    assert "voldoet NIET aan de wet" in text.stdout and "pas aan: raad_consent" in text.stdout


def test_cli_several_files_a_list_in_order_and_the_highest_exit(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("participants: [Aalsmeer, Amstelveen\n")
    r = igs("validate", "examples/valid/bvo-werkorganisatie.yaml", str(bad), "examples/invalid/bvo-for-policy.yaml",
            "--format", "json")
    assert r.returncode == 2
    data = json.loads(r.stdout)
    assert [d["file"] for d in data] == ["examples/valid/bvo-werkorganisatie.yaml", str(bad), "examples/invalid/bvo-for-policy.yaml"]
    assert data[0]["conforms"] is True and "error" in data[1] and data[2]["conforms"] is False


def test_cli_turtle_is_a_shacl_report() -> None:
    for engine in ("fast", "pyshacl"):
        r = igs("validate", "examples/invalid/bvo-for-policy.yaml", "--format", "turtle", "--engine", engine)
        assert r.returncode == 1
        g = ox.Store()
        g.load(r.stdout.encode(), ox.RdfFormat.TURTLE)
        assert g.query("""ASK { ?rep a <http://www.w3.org/ns/shacl#ValidationReport> ; <http://www.w3.org/ns/shacl#result> ?r .
                             ?r <http://www.w3.org/ns/shacl#sourceShape> <https://w3id.org/igs-kg/shapes#TasksWithinTheForm> }""")


def test_cli_refuses_a_remote_jsonld_context(tmp_path: Path) -> None:
    f = tmp_path / "p.jsonld"
    f.write_text('{"@context": "https://example.org/igs.jsonld", "@type": "Proposal"}')
    r = igs("validate", str(f))
    assert r.returncode == 2 and "remote @context" in r.stderr and "Traceback" not in r.stderr


def test_inline_jsonld_proposal_is_validated(tmp_path: Path) -> None:
    ctx = json.loads((ROOT / "ontology" / "context.jsonld").read_text())["@context"]
    doc = {"@context": ctx, "@id": "https://example.org/p", "@type": ["https://w3id.org/igs-kg/def#Proposal",
           "https://w3id.org/igs-kg/def#Situation"], "participants": ["https://identifier.overheid.nl/tooi/id/gemeente/gm0358"],
           "legal_form": "Convenant", "date": "2024-01-01"}
    f = tmp_path / "p.jsonld"
    f.write_text(json.dumps(doc))
    r = igs("validate", str(f), "--format", "json")
    assert r.returncode == 1
    assert [x["constraint"] for x in json.loads(r.stdout)["results"] if x["severity"] == "Violation"] == ["TwoOrMoreParticipants"]
