"""A fact the graph marks NOT CONFIRMED (igs:confidence igs:NotConfirmed, on a fact's owl:Axiom or
on a term) never yields an exclusion or an sh:Violation on its own: for every rule case and every
example, the knowledge without those facts must still give every exclusion and every Violation it
gives with them. (Without them a verdict may also appear: only what disappears rested on them.)
A knowledge engineer who makes an uncertain fact decide a verdict finds out here; the way out is
a condition or a warning that says what is unsure."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from conftest import ROOT
from test_rule_cases import CASES

from igs_kg import IGS, advice, inputs, rules, store
from igs_kg import validation as v
from igs_kg.errors import InputError

EXCLUDING = (IGS + "rulesOut", IGS + "excludesConcept")


@lru_cache(maxsize=1)
def without_unconfirmed() -> tuple[store.KnowledgeGraph, int]:
    kg = store.load()
    subjects = {r["s"] for r in kg.select(
        "SELECT ?s WHERE { ?s igs:confidence igs:NotConfirmed FILTER NOT EXISTS { ?s a owl:Axiom } }")}
    facts = {ox.Triple(r["s"], r["p"], r["o"]) for r in kg.select(
        """SELECT ?s ?p ?o WHERE { ?a owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ;
                                   igs:confidence igs:NotConfirmed }""")}
    kept = [t for t in kg.triples() if t not in facts and t.subject not in subjects]
    return store.KnowledgeGraph([], kept), len(facts) + len(subjects)


def _situations() -> list[tuple[str, inputs.Situation]]:
    out = []
    for name, case in CASES:
        try:
            s = inputs.parse_text(yaml.safe_dump(case["situation"], allow_unicode=True), "case.yaml", "yaml",
                                  today=dt.date(2025, 1, 1))
            advice.check_participants(s)
        except InputError:
            continue
        out.append((name, s))
    for f in sorted((ROOT / "examples").glob("*/*.yaml")):
        try:
            s = inputs.read_file(str(f))
            advice.check_participants(s)
        except InputError:
            continue
        out.append((str(f.relative_to(ROOT)), s))
    return out


def _exclusions(kg, situation) -> set[tuple[str, str]]:
    with rules.session(kg, situation) as run:
        return {(t.predicate.value, t.object.value) for t in run.derived
                if t.subject == situation.iri and t.predicate.value in EXCLUDING}


def test_the_graph_marks_facts_not_confirmed() -> None:
    assert without_unconfirmed()[1] > 0  # else this file tests nothing


SITUATIONS = _situations()


@pytest.mark.parametrize("name,situation", SITUATIONS, ids=[n for n, _ in SITUATIONS])
def test_no_exclusion_rests_on_an_unconfirmed_fact(name: str, situation) -> None:
    alt, _ = without_unconfirmed()
    lost = _exclusions(store.load(), situation) - _exclusions(alt, situation)
    assert not lost, f"excluded only because of a fact marked NOT CONFIRMED: {sorted(lost)}"


def _violations(kg, situations) -> set[tuple[str, str]]:
    g = ox.NamedNode(f"urn:test:nc:{uuid.uuid4().hex}")
    kg.add_graph(g, [t for s in situations for t in s.triples])
    try:
        return {(r.focus.value, r.shape.value) for r in v.fast_validator().run(kg.store, kg.graphs + [g])
                if r.severity == "Violation"}
    finally:
        kg.drop_graph(g)


def test_no_violation_rests_on_an_unconfirmed_fact() -> None:
    files = sorted((ROOT / "examples").glob("*/*.yaml"))
    situations = [inputs.read_file(str(f), iri=f"https://w3id.org/igs-kg/situation/nc/{i}", strict=False)
                  for i, f in enumerate(files)]
    alt, _ = without_unconfirmed()
    with_them = _violations(store.load(), situations)
    assert with_them  # the invalid examples do violate
    lost = with_them - _violations(alt, situations)
    assert not lost, f"a Violation only because of a fact marked NOT CONFIRMED: {sorted(lost)}"


def test_an_unconfirmed_fact_that_decides_is_caught(tmp_path: Path) -> None:
    # the check itself: a fact marked not confirmed (that gedeputeerde staten may set up a
    # bedrijfsvoeringsorganisatie, by analogy) deciding an exclusion on its own is found
    kg = store.load()
    situation = next(s for n, s in SITUATIONS if n == "examples/invalid/bvo-made-with-the-raden.yaml")
    rule = tmp_path / "unsure.rq"
    rule.write_text("# id: unsure\n# label: x @en\n# source: thesis §1\n# why: test\n"
                    "PREFIX igs: <https://w3id.org/igs-kg/def#>\n"
                    "CONSTRUCT { ?s igs:rulesOut ?form } WHERE { ?s a igs:Situation ; igs:body ?b . "
                    "?form igs:mayOnlyBeMadeBy igs:GedeputeerdeStaten . FILTER NOT EXISTS { ?form igs:mayOnlyBeMadeBy ?b } }",
                    encoding="utf-8")
    ruleset = rules.compile_rules([rule])
    alt, _ = without_unconfirmed()

    def excluded(k) -> set:
        with rules.session(k, situation, ruleset) as run:
            return {t.object.value for t in run.derived if t.predicate.value == IGS + "rulesOut"}

    assert excluded(kg) - excluded(alt) == {IGS + "Bedrijfsvoeringsorganisatie"}


def test_a_settled_text_is_not_weakened_by_the_gate() -> None:
    # Art. 8 lid 3 (2015 and 2025 texts): only colleges. That fact is settled, so burgemeesters as a
    # party exclude the bedrijfsvoeringsorganisatie with or without the facts marked not confirmed.
    settled = {(IGS + "College",)}
    kg = store.load()
    facts = {(r["o"].value,) for r in kg.select(
        """SELECT ?o WHERE { ?a owl:annotatedSource igs:Bedrijfsvoeringsorganisatie ; owl:annotatedProperty igs:mayOnlyBeMadeBy ;
                             owl:annotatedTarget ?o . FILTER NOT EXISTS { ?a igs:confidence igs:NotConfirmed } }""")}
    assert settled <= facts
    situation = inputs.parse_text("participants: [Dordrecht, Zwijndrecht]\ndate: 2016-01-01\nbodies: [burgemeester]\n",
                                  "case.yaml", "yaml")
    alt, _ = without_unconfirmed()
    for k in (kg, alt):
        assert (IGS + "rulesOut", IGS + "Bedrijfsvoeringsorganisatie") in _exclusions(k, situation)
