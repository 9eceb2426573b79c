"""The vocabulary of the knowledge as the engine reads it once per process: labels, citations,
the sources of facts and axioms, the forms, concepts, signals, procedure steps, stakeholders,
factors and steps; and how a term or a source is named to people (label, citation). Every module
that writes for people reads names from here, not from the advice."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from . import IGS, SRC, paths, store
from .inputs import municipality_label
from .register import BODY, TOOI, UNRESOLVED

LANGS = ("nl", "en")


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(IGS + local)


def local(term) -> str:
    return term.value.rsplit("#", 1)[-1]


@dataclass
class Vocabulary:
    """Labels, citations and the source annotations of the knowledge, read once per process."""
    labels: dict[str, dict[str, str]]
    citations: dict[str, str]
    axiom_sources: dict[tuple[str, str, str], list[str]]
    axiom_notes: dict[tuple[str, str, str], dict[str, str]]
    subject_sources: dict[str, list[str]]
    forms: list[dict]
    concepts: list[dict]
    signals: dict[str, dict]
    procedure: dict[str, dict]
    stakeholders: dict[str, dict]
    factors: dict[str, dict]
    steps: list[dict]
    min_participants: int
    readings: dict[tuple[str, str], dict[str, str]]
    realised_by: dict[str, list[str]]


_SEP = "\x1f"  # joins the parts of a tuple key in the JSON cache


@lru_cache(maxsize=2)
def _vocabulary(root: str) -> Vocabulary:
    """Read from the graph once and kept in the JSON cache (about 70 ms of a cold advice)."""
    from . import json_cache

    return json_cache.of_knowledge("vocabulary", __file__, _read, _to_json, _from_json)


def _to_json(v: Vocabulary) -> dict:
    def keyed(d: dict) -> dict:
        return {_SEP.join(k): x for k, x in d.items()}

    procedure = {k: {**e, "basis": sorted(e["basis"])} for k, e in v.procedure.items()}
    return {"labels": v.labels, "citations": v.citations, "axiom_sources": keyed(v.axiom_sources),
            "axiom_notes": keyed(v.axiom_notes), "subject_sources": v.subject_sources, "forms": v.forms,
            "concepts": v.concepts, "signals": v.signals, "procedure": procedure, "stakeholders": v.stakeholders,
            "factors": v.factors, "steps": v.steps, "min_participants": v.min_participants,
            "readings": keyed(v.readings), "realised_by": v.realised_by}


def _from_json(d: dict) -> Vocabulary:
    def unkeyed(x: dict) -> dict:
        return {tuple(k.split(_SEP)): v for k, v in x.items()}

    procedure = {k: {**e, "basis": set(e["basis"])} for k, e in d["procedure"].items()}
    return Vocabulary(d["labels"], d["citations"], unkeyed(d["axiom_sources"]), unkeyed(d["axiom_notes"]),
                      d["subject_sources"], d["forms"], d["concepts"], d["signals"], procedure, d["stakeholders"],
                      d["factors"], d["steps"], d["min_participants"], unkeyed(d["readings"]), d["realised_by"])


def _read() -> Vocabulary:
    kg = store.load()
    labels: dict[str, dict[str, str]] = {}
    for r in kg.select("SELECT ?t ?l WHERE { { ?t rdfs:label ?l } UNION { ?t skos:prefLabel ?l } }"):
        lang = r["l"].language or "nl"
        labels.setdefault(r["t"].value, {}).setdefault(lang, r["l"].value)
    citations = {r["s"].value: r["c"].value for r in kg.select("SELECT ?s ?c WHERE { ?s igs:citation ?c }")}
    axiom_sources: dict[tuple[str, str, str], list[str]] = {}
    axiom_notes: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in kg.select("""SELECT ?s ?p ?o ?src WHERE { ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
                          owl:annotatedTarget ?o ; dcterms:source ?src }"""):
        axiom_sources.setdefault((r["s"].value, r["p"].value, str(r["o"])), []).append(r["src"].value)
    for r in kg.select("""SELECT ?s ?p ?o ?note WHERE { ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
                          owl:annotatedTarget ?o ; igs:uncertaintyNote ?note }"""):
        axiom_notes.setdefault((r["s"].value, r["p"].value, str(r["o"])), {})[r["note"].language] = r["note"].value
    subject_sources: dict[str, list[str]] = {}
    for r in kg.select("SELECT ?s ?src WHERE { ?s dcterms:source ?src FILTER(isIRI(?s)) }"):
        subject_sources.setdefault(r["s"].value, []).append(r["src"].value)
    for v in list(axiom_sources.values()) + list(subject_sources.values()):
        v.sort()

    forms = [{"iri": r["f"].value, "id": local(r["f"]), "family": r["key"].value, "order": int(r["o"].value)}
             for r in kg.select("""SELECT ?f ?key ?o WHERE { ?f a ?c ; igs:listOrder ?o . ?c rdfs:subClassOf* ?fam .
                                   ?fam igs:key ?key ; igs:familyOrder ?fo } ORDER BY ?o""")]
    concepts = [{"iri": r["c"].value, "id": local(r["c"]), "order": int(r["o"].value)}
                for r in kg.select("SELECT ?c ?o WHERE { ?c a igs:CooperationConcept ; igs:listOrder ?o } ORDER BY ?o")]
    signals = {r["sig"].value: {"concept": r["c"].value, "weight": int(r["w"].value)}
               for r in kg.select("SELECT ?sig ?c ?w WHERE { ?sig igs:signalConcept ?c ; igs:signalWeight ?w }")}
    procedure: dict[str, dict] = {}
    for r in kg.select("""SELECT ?p ?o ?def ?basis WHERE { ?p a igs:ProcedureRequirement ; igs:order ?o .
                          OPTIONAL { ?p skos:definition ?def } OPTIONAL { ?p igs:legalBasis ?basis } }"""):
        e = procedure.setdefault(r["p"].value, {"order": int(r["o"].value), "definition": {}, "basis": set()})
        if "def" in r:
            e["definition"][r["def"].language] = r["def"].value
        if "basis" in r:
            e["basis"].add(r["basis"].value)
    for r in kg.select("""SELECT ?p ?key WHERE { ?p a igs:ProcedureRequirement .
                          { ?p igs:recurrence ?rec } UNION { ?p igs:versionOf ?g . ?g igs:recurrence ?rec } ?rec igs:key ?key }"""):
        if r["p"].value in procedure:
            procedure[r["p"].value]["when"] = r["key"].value
    stakeholders = {r["s"].value: {"order": int(r["o"].value)}
                    for r in kg.select("SELECT ?s ?o WHERE { ?s a igs:Stakeholder ; igs:order ?o }")}
    factors: dict[str, dict] = {}
    for r in kg.select("""SELECT ?f ?pol ?ph ?po WHERE { ?f a/rdfs:subClassOf* igs:Factor ; igs:polarity ?p .
                          ?p igs:key ?pol . OPTIONAL { ?f igs:phase ?ph . ?ph igs:order ?po } }"""):
        factors[r["f"].value] = {"polarity": r["pol"].value, "phase": local(r["ph"]) if "ph" in r else None,
                                 "phase_order": int(r["po"].value) if "po" in r else 99}
    steps = [{"order": int(r["o"].value), "iri": r["s"].value}
             for r in kg.select("SELECT ?s ?o WHERE { ?s a igs:ProcessStep ; igs:order ?o } ORDER BY ?o")]
    minimum = kg.select("SELECT ?n WHERE { igs:Situation igs:minimumParticipants ?n }")
    readings: dict[tuple[str, str], dict[str, str]] = {}
    for r in kg.select("""SELECT ?s ?p ?r WHERE { ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ; igs:ourReading ?r }"""):
        readings.setdefault((r["s"].value, r["p"].value), {})[r["r"].language] = r["r"].value
    realised_by: dict[str, list[str]] = {}
    for r in kg.select("SELECT ?c ?f WHERE { ?c igs:realisedBy ?f }"):
        realised_by.setdefault(r["c"].value, []).append(r["f"].value)
    return Vocabulary(labels, citations, axiom_sources, axiom_notes, subject_sources, forms, concepts, signals,
                      procedure, stakeholders, factors, steps, int(minimum[0]["n"].value) if minimum else 2,
                      readings, realised_by)


def vocabulary() -> Vocabulary:
    return _vocabulary(str(paths.data_root()))


def label(term, vocab: Vocabulary, lang: str) -> str:
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        found = vocab.labels.get(term.value)
        if found:
            return found.get(lang) or found.get("nl") or next(iter(found.values()))
        if term.value.startswith((TOOI, UNRESOLVED, BODY)):  # a participant: the register names it
            return municipality_label(term.value)
        return local(term)
    return str(term)


def citation(source: str, vocab: Vocabulary) -> str | None:
    """How a source appears in JSON: a thesis section as 'thesis §5.3.4', any other source by its
    URL; project documents (src:contract, src:legal-factsheet) are not cited to users."""
    cited = vocab.citations.get(source)
    if cited and cited.startswith("thesis"):
        return cited
    if source.startswith(SRC):
        return None
    if source.startswith("http"):
        return source
    if source.startswith("thesis"):
        return source
    return None
