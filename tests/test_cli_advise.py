"""The advise and explain commands as a user runs them: formats, languages, exit codes, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, igs

SITUATIONS = ROOT / "examples" / "situations"


def test_the_raadslid_question_gets_a_sourced_answer_in_dutch() -> None:
    r = igs("advise", str(SITUATIONS / "drie-colleges-ict-hr.yaml"))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "1. bedrijfsvoeringsorganisatie (publiekrecht) — past" in out
    assert "✗ gemeenschappelijk orgaan (publiekrecht) — past niet" in out
    assert "Wgr art. 8 lid 2" in out
    assert "toestemming van de gemeenteraden" in out
    assert "ondernemingsraad" in out
    assert "Traceback" not in r.stderr


def test_json_is_the_contract_and_byte_identical() -> None:
    path = str(SITUATIONS / "drie-colleges-ict-hr.yaml")
    a = igs("advise", path, "--format", "json")
    b = igs("advise", path, "--format", "json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    assert set(data) >= {"as_of", "concepts", "legal_forms", "regeling_type", "effective_date", "procedure",
                         "stakeholders", "factors", "steps", "warnings"}
    assert data["as_of"] == "2025-03-01"
    assert data["regeling_type"] == "Collegeregeling"
    # every legal form and concept of the graph, each once (read from the graph: a new form needs no test change)
    from igs_kg.advice import vocabulary

    vocab = vocabulary()
    assert [f["id"] for f in data["legal_forms"]] and sorted(f["id"] for f in data["legal_forms"]) == \
        sorted(f["iri"].rsplit("#", 1)[1] for f in vocab.forms)
    assert sorted(c["id"] for c in data["concepts"]) == sorted(c["iri"].rsplit("#", 1)[1] for c in vocab.concepts)
    first = data["legal_forms"][0]
    assert (first["id"], first["family"], first["verdict"], first["rank"]) == ("Bedrijfsvoeringsorganisatie", "public", "fits", 1)
    go = next(f for f in data["legal_forms"] if f["id"] == "GemeenschappelijkOrgaan")
    assert go["verdict"] == "excluded" and go["rank"] is None
    assert go["reasons"][0]["rule"] == "exclude-no-legal-personality"
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=8&lid=2" in go["reasons"][0]["sources"]
    assert set(go["reasons"][0]["text"]) == {"nl", "en"}
    assert [s["order"] for s in data["steps"]] == [1, 2, 3, 4, 5]


def test_english_text_and_markdown() -> None:
    path = str(SITUATIONS / "drie-colleges-ict-hr.yaml")
    en = igs("advise", path, "--lang", "en")
    assert "1. operational organisation (bedrijfsvoeringsorganisatie) (public law) — fits" in en.stdout
    md = igs("advise", path, "--format", "markdown")
    assert md.stdout.startswith("# Advies: ")
    assert "[Wgr art. 8 lid 2](https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=8&lid=2)" in md.stdout


def test_turtle_output_carries_the_derivations_as_prov() -> None:
    r = igs("advise", str(SITUATIONS / "drie-colleges-ict-hr.yaml"), "--format", "turtle")
    assert r.returncode == 0, r.stderr
    store = ox.Store()
    store.load(r.stdout.encode(), ox.RdfFormat.TURTLE)
    assert store.query("""ASK { ?st a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <https://w3id.org/igs-kg/def#rulesOut> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <https://w3id.org/igs-kg/def#GemeenschappelijkOrgaan> ;
        <http://www.w3.org/ns/prov#wasGeneratedBy>/<http://www.w3.org/ns/prov#qualifiedAssociation>/<http://www.w3.org/ns/prov#hadPlan>
        <https://w3id.org/igs-kg/rule/exclude-no-legal-personality> }""")


def test_turtle_situation_in() -> None:
    r = igs("advise", str(SITUATIONS / "situation.ttl"), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    forms = {f["id"]: f for f in data["legal_forms"]}
    assert forms["RegelingZonderMeer"]["verdict"] == "excluded"
    assert "condition-mandate-by-law" in [c["rule"] for c in forms["Centrumregeling"]["conditions"]]


def test_explain_goes_down_to_facts_and_articles() -> None:
    r = igs("explain", str(SITUATIONS / "drie-colleges-ict-hr.yaml"), "--format", "json")
    assert r.returncode == 0, r.stderr
    tree = json.loads(r.stdout)
    go = next(i for i in tree if i["conclusion"][1]["id"] == "rulesOut" and i["conclusion"][2]["id"] == "GemeenschappelijkOrgaan"
              and i["derivations"][0]["rule"] == "exclude-no-legal-personality")
    premises = go["derivations"][0]["premises"]
    fact = next(p for p in premises if p["kind"] == "fact")
    assert fact["triple"][1]["id"] == "hasLegalPersonality"
    assert "https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=8&lid=2" in fact["sources"]
    assert "beperkte rechtspersoonlijkheid" in fact["thesis_claim"]["text"]
    assert fact["file"] == "ontology/kb/forms.ttl"
    derived = next(p for p in premises if p["kind"] == "derived")
    inner = derived["derivations"][0]
    assert inner["rule"] == "requirement-from-input"
    assert any(p["kind"] == "input" for p in inner["premises"])
    text = igs("explain", str(SITUATIONS / "drie-colleges-ict-hr.yaml"))
    assert "← regel exclude-no-legal-personality" in text.stdout
    assert "de scriptie zegt" in text.stdout


@pytest.mark.parametrize("content,suffix,needle", [
    ("participants: [Aalsmeer]\n", ".yaml", "2 or more municipalities"),
    ("participants: [Aalsmeer, Amstelveen]\nbodies: [gemeenteraad]\n", ".yaml", ":2: 'bodies' cannot be 'gemeenteraad'"),
    ("participants: [Aalsmeer, Amstelveen]\ndate: 2024-13-45\n", ".yaml", ":2: 'date' must be a date"),
    ("participants: [Aalsmeer, Amstelveen]\nparticpants: []\n", ".yaml", "unknown key 'particpants'"),
    ("participants: [Aalsmeer, Amstelveen\n", ".yaml", "not valid YAML"),
    ('{"participants": ["Aalsmeer",]}', ".json", "not valid JSON"),
    ("name: x\n", ".yaml", "'participants' is required"),
    ('{"@context": "https://example.org/remote.jsonld", "participants": []}', ".jsonld", "remote @context"),
    ("x", ".txt", "unknown file type"),
])
def test_bad_input_gives_one_clear_line_and_exit_2(tmp_path: Path, content: str, suffix: str, needle: str) -> None:
    f = tmp_path / f"situation{suffix}"
    f.write_text(content)
    r = igs("advise", str(f))
    assert r.returncode == 2
    assert needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_file_is_exit_2() -> None:
    r = igs("advise", "does-not-exist.yaml")
    assert r.returncode == 2 and "no such file" in r.stderr


def test_unknown_municipality_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("participants: [Aalsmeer, Atlantis]\ndate: 2024-01-01\n")
    r = igs("advise", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    warnings = json.loads(r.stdout)["warnings"]
    assert any("Atlantis" in w["text"]["en"] for w in warnings)


def test_the_situation_is_its_own_node(tmp_path: Path) -> None:
    from igs_kg import inputs

    s = inputs.read_file(str(SITUATIONS / "drie-colleges-ict-hr.yaml"))
    assert s.iri.value == "https://w3id.org/igs-kg/situation"
    participants = [t.object.value for t in s.triples if t.subject == s.iri and t.predicate.value.endswith("#participant")]
    assert len(participants) == 3 and s.iri.value not in participants


# ---------------------------------------------------------------------------- the text a raadslid reads

def test_a_prescribed_form_excludes_the_others_in_one_line_and_no_score_noise(tmp_path: Path) -> None:
    s = tmp_path / "vr.yaml"
    s.write_text("date: 2024-01-01\nparticipants: [Amsterdam, Amstelveen, Diemen]\nmandatory: veiligheidsregio\n")
    out = igs("advise", str(s)).stdout
    grouped = [line for line in out.splitlines() if line.startswith("  - ✗ ") and line.count(",") >= 2]
    assert len(grouped) == 1 and "gemeenschappelijk orgaan" in grouped[0] and "stichting" in grouped[0]
    assert out.count("De wet schrijft een andere vorm voor") == 1
    assert "score 0" not in out


def test_a_reason_shared_by_procedure_steps_is_given_once_with_its_steps() -> None:
    out = igs("advise", str(SITUATIONS / "aalsmeer-amstelveen.yaml"), "--lang", "en").stdout
    shared = "is published, does not come into force before publication"
    assert out.count(shared) == 1
    assert re.search(r"why \(steps (\d+, )+\d+\): An arrangement under (the Wgr|Wgr chapter)", out)


def test_no_blanks_and_english_text_names_sources_in_english() -> None:
    out = igs("advise", str(SITUATIONS / "drie-colleges-ict-hr.yaml")).stdout
    assert "Met 3 deelnemers groeit" in out and "Met  deelnemers" not in out
    en = igs("advise", str(SITUATIONS / "bar-organisatie.yaml"), "--lang", "en").stdout
    assert "BW Boek" not in en and "Civil Code Book 2" in en


def test_validation_gives_one_message_once_with_every_value() -> None:
    out = igs("validate", "examples/invalid/provisions-missing-after-2024.yaml").stdout
    assert out.count("De regeling mist een verplichte bepaling") == 1
    line = next(x for x in out.splitlines() if "De regeling mist een verplichte bepaling" in x)
    assert "evaluatie" in line and "participatie" in line and "uittreding_gevolgen" in line


def test_steps_say_when_they_come_back_and_the_text_groups_them() -> None:
    # read from the graph: which steps recur, and how (no list of steps pinned here)
    from igs_kg import store

    kg = store.load()
    keys = {r["k"].value for r in kg.select("SELECT ?k WHERE { ?r a igs:Recurrence ; igs:key ?k }")}
    recurs = {r["p"].value.rsplit("#", 1)[1]: r["k"].value for r in kg.select(
        """SELECT ?p ?k WHERE { { ?p igs:recurrence ?r } UNION { ?p igs:versionOf ?g . ?g igs:recurrence ?r } ?r igs:key ?k }""")}
    source = ROOT / "examples" / "situations" / "bar-organisatie.yaml"
    advice = json.loads(igs("advise", str(source), "--format", "json").stdout)
    whens = [p["when"] for p in advice["procedure"]]
    assert set(whens) <= keys and "yearly" in whens
    for p in advice["procedure"]:
        assert p["when"] == recurs.get(p["id"], "once"), p["id"]
    text = igs("advise", str(source)).stdout
    assert text.index("Eenmalig") < text.index("Elk jaar")
