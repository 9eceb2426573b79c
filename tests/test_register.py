"""The register of public bodies as of a date (register.py, ontology/kb/register.ttl): the cases of
tests/fixtures/register.yaml, the counts that CBS published, and the sources of the data."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, igs

from igs_kg import register

CASES = yaml.safe_load((ROOT / "tests" / "fixtures" / "register.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['name']}@{c['date']}" for c in CASES])
def test_resolution_as_of_a_date(case: dict) -> None:
    r = register.load().resolve(case["name"], dt.date.fromisoformat(str(case["date"])))
    if case["code"] is None:
        assert not r.resolved and r.as_json()["id"] is None
    else:
        assert r.resolved and r.iri.rsplit("/", 1)[1].rsplit("#", 1)[-1] == case["code"]
        assert r.kind == case["kind"]
    words = case.get("warning", [])
    if words:
        assert len(r.warnings) == 1
        for w in words:
            assert w in r.warnings[0].en, r.warnings[0].en
        assert r.warnings[0].nl and r.warnings[0].nl != r.warnings[0].en
    else:
        assert r.warnings == []


@pytest.mark.parametrize("day,count", [("2019-01-01", 355), ("2022-01-01", 345), ("2022-03-24", 344)])
def test_the_number_of_municipalities_is_what_cbs_published(day: str, count: int) -> None:
    """CBS: 355 gemeenten on 2019-01-01, 345 on 2022-01-01 and 344 after 24 March 2022 (docs/law-notes.md#codes-and-mergers)."""
    reg = register.load()
    on = dt.date.fromisoformat(day)
    assert sum(1 for b in reg.bodies.values() if b.kind == "gemeente" and b.exists_on(on)) == count


def test_twelve_provinces_and_the_waterschappen_of_today() -> None:
    reg = register.load()
    today = dt.date(2025, 1, 1)
    assert sum(1 for b in reg.bodies.values() if b.kind == "provincie" and b.exists_on(today)) == 12
    assert sum(1 for b in reg.bodies.values() if b.kind == "waterschap" and b.exists_on(today)) == 21


def test_every_ended_body_has_its_herindeling_with_a_source(kg) -> None:
    reg = register.load()
    for b in reg.bodies.values():
        if b.end is not None and b.successors:  # (a body may end without one: Blija Buitendijks in 2017)
            assert b.successors[0][0] == b.end, (b.label, b.end, b.successors)
    rows = kg.select("SELECT ?h WHERE { ?h a igs:Herindeling FILTER NOT EXISTS { ?h dcterms:source ?s } }")
    assert rows == []
    # every body of the register rests on an official source (a register, a statute), not a secondary one
    rows = kg.select("""SELECT ?b WHERE { ?c rdfs:subClassOf+ igs:Participant . ?b a ?c .
                        FILTER NOT EXISTS { ?b dcterms:source ?s . ?s a/rdfs:subClassOf* igs:PrimarySource } }""")
    assert rows == []
    # a row marked not confirmed says why in the graph
    unsure = kg.select("""SELECT ?h WHERE { ?h a igs:Herindeling ; igs:confidence igs:NotConfirmed .
                          FILTER NOT EXISTS { ?h igs:uncertaintyNote ?n } }""")
    assert unsure == []


def test_advice_and_validation_echo_the_participants(tmp_path: Path) -> None:
    f = tmp_path / "mixed.yaml"
    f.write_text("date: 2024-01-01\nparticipants: [Brielle, Provincie Zuid-Holland, Hoogheemraadschap van Delfland, "
                 "Nergenshuizen]\nbodies: [college]\n", encoding="utf-8")
    out = igs("advise", str(f), "--format", "json")
    assert out.returncode == 0, out.stderr
    advice = json.loads(out.stdout)
    echo = {p["input"]: p for p in advice["participants"]}
    assert echo["Brielle"] == {"input": "Brielle", "id": "https://identifier.overheid.nl/tooi/id/gemeente/gm0501",
                               "kind": "gemeente", "label": "Brielle"}
    assert echo["Provincie Zuid-Holland"]["id"].endswith("/provincie/pv28")
    assert echo["Provincie Zuid-Holland"]["kind"] == "provincie"
    assert echo["Hoogheemraadschap van Delfland"]["id"].endswith("/waterschap/ws0372")
    assert echo["Nergenshuizen"]["id"] is None
    texts = " ".join(w["text"]["en"] for w in advice["warnings"])
    assert "Voorne aan Zee" in texts and "Nergenshuizen" in texts
    out = igs("validate", str(f), "--format", "json")
    assert [p["kind"] for p in json.loads(out.stdout)["participants"]] == ["gemeente", "provincie", "waterschap", None]


def test_a_date_before_the_register_is_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "old.yaml"
    f.write_text("date: 2005-01-01\nparticipants: [Aalsmeer, Amstelveen]\n", encoding="utf-8")
    advice = json.loads(igs("advise", str(f), "--format", "json").stdout)
    assert any("before 2010" in w["text"]["en"] for w in advice["warnings"])
    assert [p["id"].rsplit("/", 1)[1] for p in advice["participants"]] == ["gm0358", "gm0362"]


def test_an_ambiguous_name_is_settled_by_the_other_participants_province() -> None:
    reg = register.load()
    day = dt.date(2016, 3, 1)
    for others, code in ((["Alkmaar", "Heiloo"], "gm0373"), (["Venray", "Gennep"], "gm0893")):
        results = [reg.resolve(n, day) for n in ["Bergen", *others]]
        reg.settle(results)
        assert results[0].resolved and results[0].iri.endswith(code)
        assert "ambiguous" in results[0].warnings[0].en and code.upper() in results[0].warnings[0].en
    results = [reg.resolve(n, day) for n in ["Bergen", "Alkmaar", "Venray"]]  # one in each province: no guess
    reg.settle(results)
    assert not results[0].resolved and len(results[0].candidates) == 2


REAL = [r for r in csv.DictReader(line for line in (ROOT / "tests" / "fixtures" / "register-real-names.csv")
                                  .read_text(encoding="utf-8").splitlines() if not line.startswith("#"))]


def test_real_registers_resolve_as_they_say() -> None:
    """A few hundred participants as ROO and the provinces' registers of 2016 write them resolve to
    the body the register (or CBS) gives, on the date of the regeling."""
    reg = register.load()
    wrong = [(r["name"], r["date"], r["expect"], reg.resolve(r["name"], dt.date.fromisoformat(r["date"])).iri)
             for r in REAL]
    wrong = [w for w in wrong if w[2] != w[3]]
    assert len(REAL) > 300
    assert wrong == []
