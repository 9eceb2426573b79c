"""The clauses of a draft regeling as the knowledge holds them (ontology/kb/clauses.ttl), and which
of them apply to a proposal.

A clause is an article, a line of the preamble, a draft decision or a signature block: its words
in nl and en, the article of law it rests on, and when it applies (form, Wgr chapter, action,
dates, kind of regeling, a SPARQL condition on the proposal). A choice is what the law leaves to
the participants (a period, a cost key, the seat): the input gives it, or the draft shows it as a
marked choice. Python here reads and selects; the words are the knowledge's."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from . import IGS, paths, store

ARTICLE, DECISION, PREAMBLE, SIGNATURE = "article", "decision", "preamble", "signature"
FOUND = IGS + "ActionFound"
PLACEHOLDER = re.compile(r"\{(choice:)?([A-Za-z_][A-Za-z0-9_]*)\}")
# the placeholders the engine fills (CONTRACT: docs/drafting.md); `igs-kg check` refuses others
VALUES = frozenset({"name", "Name", "regeling", "form", "participants", "makers", "Makers", "representative_bodies",
                    "date", "tasks", "lead", "seat", "joining", "leaving", "gelet", "consent_article",
                    "participant", "body", "representative_body", "decision"})


@dataclass
class Clause:
    iri: str
    kind: str                               # article, decision, preamble, signature
    order: int
    chapter: dict[str, str] = field(default_factory=dict)
    heading: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    explanation: dict[str, str] = field(default_factory=dict)
    required: dict[str, list[str]] = field(default_factory=dict)   # words fixed by law, per language
    forms: set[str] = field(default_factory=set)
    chapters: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    only_types: set[str] = field(default_factory=set)
    not_types: set[str] = field(default_factory=set)
    participant_kinds: set[str] = field(default_factory=set)
    conditions: list[str] = field(default_factory=list)
    start: dt.date | None = None
    until: dt.date | None = None
    body: str | None = None
    provision: str | None = None
    key: str | None = None
    sources: list[str] = field(default_factory=list)


@dataclass
class Choice:
    iri: str
    key: str                                # the input key, dotted: "board.votes", "texts.motive"
    kind: str                               # igs:ChoiceText, ChoiceNumber, ChoiceParticipant, ChoiceList, ChoiceShares
    label: dict[str, str] = field(default_factory=dict)
    proposal: dict[str, str] = field(default_factory=dict)
    annex_title: dict[str, str] = field(default_factory=dict)
    annex_reference: dict[str, str] = field(default_factory=dict)


_KINDS = ((IGS + "DraftPreamble", PREAMBLE), (IGS + "DraftSignature", SIGNATURE), (IGS + "ConsentDecision", DECISION))


@lru_cache(maxsize=2)
def _load(root: str) -> tuple[list[Clause], dict[str, Choice]]:
    kg = store.load()
    found: dict[str, Clause] = {}
    for r in kg.select("SELECT ?c ?t ?order WHERE { ?c a ?t ; igs:clauseOrder ?order . ?t rdfs:subClassOf* igs:Clause }"):
        iri = r["c"].value
        kind = next((k for cls, k in _KINDS if r["t"].value == cls), None)
        c = found.setdefault(iri, Clause(iri, ARTICLE, int(r["order"].value)))
        if kind:
            c.kind = kind
    lang_props = {"clauseChapter": "chapter", "clauseHeading": "heading", "clauseText": "text", "clauseExplanation": "explanation"}
    for prop, attr in lang_props.items():
        for r in kg.select(f"SELECT ?c ?v WHERE {{ ?c igs:{prop} ?v }}"):
            if r["c"].value in found:
                getattr(found[r["c"].value], attr)[r["v"].language or "nl"] = r["v"].value
    for r in kg.select("SELECT ?c ?v WHERE { ?c igs:requiredTerm ?v }"):
        if r["c"].value in found:
            found[r["c"].value].required.setdefault(r["v"].language or "nl", []).append(r["v"].value)
    sets = {"forForm": "forms", "forChapter": "chapters", "forAction": "actions", "forRegelingType": "only_types",
            "notForRegelingType": "not_types", "forParticipantKind": "participant_kinds"}
    for prop, attr in sets.items():
        for r in kg.select(f"SELECT ?c ?v WHERE {{ ?c igs:{prop} ?v }}"):
            if r["c"].value in found:
                getattr(found[r["c"].value], attr).add(r["v"].value)
    for r in kg.select("SELECT ?c ?v WHERE { ?c igs:clauseCondition ?v } ORDER BY ?c ?v"):
        if r["c"].value in found:
            found[r["c"].value].conditions.append(r["v"].value)
    singles = {"clauseFrom": "start", "clauseUntil": "until", "forBody": "body", "implementsProvision": "provision",
               "inputKey": "key"}
    for prop, attr in singles.items():
        for r in kg.select(f"SELECT ?c ?v WHERE {{ ?c igs:{prop} ?v }}"):
            if r["c"].value in found:
                v = r["v"].value
                setattr(found[r["c"].value], attr, dt.date.fromisoformat(v) if attr in ("start", "until") else v)
    for r in kg.select("SELECT DISTINCT ?c ?s WHERE { ?c igs:clauseOrder ?o ; dcterms:source ?s } ORDER BY ?c ?s"):
        found[r["c"].value].sources.append(r["s"].value)
    choices: dict[str, Choice] = {}
    for r in kg.select("SELECT ?c ?key ?kind WHERE { ?c a igs:DraftChoice ; igs:inputKey ?key ; igs:choiceKind ?kind }"):
        choices[r["c"].value] = Choice(r["c"].value, r["key"].value, r["kind"].value)
    for prop, attr in (("rdfs:label", "label"), ("igs:choiceProposal", "proposal"), ("igs:annexTitle", "annex_title"),
                       ("igs:annexReference", "annex_reference")):
        for r in kg.select(f"SELECT ?c ?v WHERE {{ ?c a igs:DraftChoice ; {prop} ?v }}"):
            if r["c"].value in choices:
                getattr(choices[r["c"].value], attr)[r["v"].language or "nl"] = r["v"].value
    return sorted(found.values(), key=lambda c: (c.order, c.iri)), choices


def clauses() -> list[Clause]:
    return _load(str(paths.data_root()))[0]


def choices() -> dict[str, Choice]:
    return _load(str(paths.data_root()))[1]


@lru_cache(maxsize=2)
def _wgr_forms_of(root: str) -> frozenset[str]:
    return frozenset(r["f"].value for r in store.load().select("SELECT ?f WHERE { ?f a igs:WgrForm }"))


def wgr_forms() -> frozenset[str]:
    return _wgr_forms_of(str(paths.data_root()))


@dataclass
class Context:
    """What decides whether a clause applies: the proposal's form, chapter, action, date and kind
    of regeling, and its facts for the clauses' conditions."""
    form: str
    day: dt.date
    regeling_type: str | None
    action: str
    chapters: set[str]
    subject: str                            # the proposal's IRI in `facts`
    facts: ox.Store

    def holds(self, condition: str) -> bool:
        query = condition.replace("$this", f"<{self.subject}>")
        prefixes = "PREFIX igs: <https://w3id.org/igs-kg/def#>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        return bool(self.facts.query(prefixes + query))


def context(form: str, day: dt.date, regeling_type: str | None, action: str, chapters: set[str], subject: str,
            triples: list[ox.Triple]) -> Context:
    facts = ox.Store()
    facts.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return Context(form, day, regeling_type, action, chapters, subject, facts)


def applies(c: Clause, ctx: Context, participant_kind: str | None = None) -> bool:
    # an article without igs:forAction belongs to founding; a decision or preamble line without it serves every action
    if c.actions:
        if ctx.action not in c.actions:
            return False
    elif c.kind == ARTICLE and ctx.action != FOUND:
        return False
    if c.forms:
        if ctx.form not in c.forms:
            return False
    elif ctx.form not in wgr_forms():  # no igs:forForm: every Wgr form
        return False
    if c.chapters and not (c.chapters & ctx.chapters):
        return False
    if (c.start and ctx.day < c.start) or (c.until and ctx.day >= c.until):
        return False
    if c.only_types and ctx.regeling_type not in c.only_types:
        return False
    if ctx.regeling_type and ctx.regeling_type in c.not_types:
        return False
    if c.participant_kinds and participant_kind not in c.participant_kinds:
        return False
    return all(ctx.holds(q) for q in c.conditions)


def placeholders(text: str) -> list[tuple[bool, str]]:
    """The placeholders of a clause text: (is a choice, name)."""
    return [(bool(m.group(1)), m.group(2)) for m in PLACEHOLDER.finditer(text)]
