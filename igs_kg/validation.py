"""`igs-kg validate`: does a proposed arrangement conform to the law and the knowledge?

The shapes (ontology/shapes/*.ttl) run over the proposal together with the knowledge graph, whose
facts about the legal forms they read. Two engines run the same shapes:
- "fast" (default): the shapes compiled to SPARQL on pyoxigraph (igs_kg/shacl_fast.py);
- "pyshacl": the reference, pySHACL on rdflib.
The tests require both (and Apache Jena) to report the same results for every example.
`conforms` counts violations only (docs/contract.md#json-of-validate); SHACL's own sh:conforms is false on warnings too."""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import pyoxigraph as ox

from . import IGS, paths, rules, store
from .inputs import Situation, municipality_label
from .register import BODY, TOOI, UNRESOLVED
from .shacl_fast import SH, FastValidator
from .vocabulary import citation, vocabulary

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    shape: str          # the named shape's IRI
    component: str
    value: str | None   # N-Triples form, blank nodes as "_:b"

    def key(self) -> tuple:
        return (self.focus, self.shape, self.component, self.severity, self.value)


# ---------------------------------------------------------------------------- shapes

@lru_cache(maxsize=2)
def _shapes(root: str) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for f in paths.shapes_files():
        triples.extend(store.parse_turtle_file(f))
    return triples


def shapes_triples() -> list[ox.Triple]:
    return _shapes(str(paths.data_root()))


@lru_cache(maxsize=2)
def _shape_info(root: str) -> dict[str, dict]:
    info: dict[str, dict] = {}
    for t in shapes_triples():
        if not isinstance(t.subject, ox.NamedNode):
            continue
        e = info.setdefault(t.subject.value, {"message": {}, "sources": [], "key": None})
        o = t.object
        if isinstance(o, ox.Triple):
            continue
        if t.predicate.value == SH + "message":
            e["message"][(o.language if isinstance(o, ox.Literal) else None) or "en"] = o.value
        elif t.predicate.value == "http://purl.org/dc/terms/source":
            e["sources"].append(o.value)
        elif t.predicate.value == "https://w3id.org/igs-kg/def#inputKey":
            e["key"] = o.value
    return info


def shape_info() -> dict[str, dict]:
    return _shape_info(str(paths.data_root()))


@lru_cache(maxsize=2)
def _fast(root: str) -> FastValidator:
    return FastValidator(shapes_triples())


def fast_validator() -> FastValidator:
    return _fast(str(paths.data_root()))


def _value(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:b"
    return str(term)


# ---------------------------------------------------------------------------- the two engines

@contextmanager
def _proposals_graph(kg: store.KnowledgeGraph, situations: list[Situation]) -> Iterator[ox.NamedNode]:
    """The proposals in a graph of their own beside the knowledge, with what the rules marked
    `# validation: yes` derive from them (their Wgr chapter): the data every engine validates."""
    g = ox.NamedNode(f"urn:igs-kg:validate:{uuid.uuid4().hex}")
    with kg.in_use():
        kg.add_graph(g, [t for s in situations for t in s.triples])
        try:
            rules.derive_for_validation(kg, g)
            yield g
        finally:
            kg.drop_graph(g)


def proposal_data(situations: list[Situation]) -> list[ox.Triple]:
    """The proposals' triples and what the validation rules derive from them: what pySHACL and
    Apache Jena are given beside the knowledge, so that the three engines see the same data."""
    kg = store.load()
    with _proposals_graph(kg, situations) as g:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, g)]


# Proposals are validated CHUNK at a time, each chunk in one graph beside the knowledge (each
# proposal has its own IRI; a graph per proposal would make every pattern look through a thousand
# graphs). Not all at once: pyoxigraph evaluates a FILTER EXISTS by running its pattern over the
# whole graph again for every row (oxigraph issues #885, #1883), so a check costs rows x graph
# size, which is quadratic in one graph of 10,000 proposals and linear in chunks.
CHUNK = 500


def run_fast(situations: list[Situation]) -> list[Result]:
    kg = store.load()
    results: list = []
    for start in range(0, len(situations), CHUNK):
        with _proposals_graph(kg, situations[start:start + CHUNK]) as g:
            results.extend(fast_validator().run(kg.store, kg.graphs + [g]))
    return sorted({Result(r.severity, r.focus.value if isinstance(r.focus, ox.NamedNode) else str(r.focus),
                          r.shape.value, r.component, _value(r.value)) for r in results}, key=_order)


@lru_cache(maxsize=2)
def _rdflib_graphs(root: str):
    import rdflib

    kb = rdflib.Graph()
    kb.parse(data=ox.serialize(store.load().triples(), format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = rdflib.Graph()
    shapes.parse(data=ox.serialize(shapes_triples(), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return kb, shapes


def run_pyshacl(situations: list[Situation], report: bool = False):
    """The reference: pySHACL over the knowledge plus the situations. Returns the results, and
    with report=True also pySHACL's sh:ValidationReport graph."""
    import rdflib
    from pyshacl import validate as pyshacl_validate

    kb, shapes = _rdflib_graphs(str(paths.data_root()))
    data = rdflib.Graph()
    for t in kb:
        data.add(t)
    nt = ox.serialize(proposal_data(situations), format=ox.RdfFormat.N_TRIPLES)
    data.parse(data=nt, format="nt")
    _conforms, graph, _text = pyshacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                               allow_infos=True, inplace=True)
    results = []
    shn = rdflib.Namespace(SH)
    for rep in graph.subjects(rdflib.RDF.type, shn.ValidationReport):
        for r in graph.objects(rep, shn.result):
            focus = graph.value(r, shn.focusNode)
            value = graph.value(r, shn.value)
            results.append(Result(
                severity=str(graph.value(r, shn.resultSeverity))[len(SH):],
                focus=str(focus),
                shape=str(graph.value(r, shn.sourceShape)),
                component=str(graph.value(r, shn.sourceConstraintComponent))[len(SH):],
                value=None if value is None else ("_:b" if isinstance(value, rdflib.BNode) else value.n3())))
    ordered = sorted(set(results), key=_order)
    return (ordered, graph) if report else ordered


def _order(r: Result) -> tuple:
    return (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.focus, r.value or "")


# ---------------------------------------------------------------------------- reports

def result_json(r: Result, labels: dict[str, str] | None = None) -> dict:
    """A result as docs/contract.md#json-of-validate gives it; `labels` names the proposal's participants as resolved from
    its input (a body recognised by its words has no label in the register of another process)."""
    info = shape_info().get(r.shape, {"message": {}, "sources": [], "key": None})
    vocab = vocabulary()
    out = {"severity": r.severity, "focus": r.focus, "path": info["key"], "constraint": r.shape.rsplit("#", 1)[-1],
           "message": {lang: info["message"].get(lang, "") for lang in ("nl", "en")},
           "sources": [c for c in (citation(s, vocab) for s in info["sources"]) if c]}
    if r.value is not None and r.value != "<" + r.focus + ">":
        step = _steps(str(paths.data_root())).get(r.value[1:-1]) if r.value.startswith("<") else None
        if step is not None:
            # the result names the procedure step of the proposal's chapter and date it was measured
            # against: that step's articles are what it rests on, not every chapter's the shape lists
            out["step"] = {"id": r.value[1:-1].rsplit("#", 1)[-1], "label": step["label"]}
            out["sources"] = [c for c in (citation(s, vocab) for s in step["sources"]) if c]
            return out
        out["value"] = (labels or {}).get(r.value[1:-1]) or _readable(r.value)
        # a result that names a term of the knowledge (a provision, a form) also cites that term's
        # article, and one that names a law article (the chapter's) cites it first
        if r.value.startswith("<"):
            iri = r.value[1:-1]
            named = [iri] if iri in vocab.citations and iri.startswith("http") else []
            extra = [c for c in (citation(s, vocab) for s in named + list(_term_sources(str(paths.data_root())).get(iri, ())))
                     if c and c not in out["sources"]]
            out["sources"] = extra + out["sources"]
    return out


@lru_cache(maxsize=2)
def _steps(root: str) -> dict[str, dict]:
    """Every procedure step of the knowledge: its label in both languages and its sources, its
    legal basis first."""
    vocab = vocabulary()
    out: dict[str, dict] = {}
    for iri, info in vocab.procedure.items():
        sources = sorted(info["basis"]) + [s for s in vocab.subject_sources.get(iri, []) if s not in info["basis"]]
        out[iri] = {"label": {lang: vocab.labels.get(iri, {}).get(lang, iri.rsplit("#", 1)[-1]) for lang in ("nl", "en")},
                    "sources": sources}
    return out


@lru_cache(maxsize=2)
def _term_sources(root: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in store.load().select("SELECT ?t ?s WHERE { ?t a igs:Provision ; dcterms:source ?s }"):
        out.setdefault(r["t"].value, []).append(r["s"].value)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=2)
def _keys(root: str) -> dict[str, str]:
    """The input word (igs:key) of every term that has one, e.g. igs:ProvisionEvaluatie -> 'evaluatie'."""
    return {r["t"].value: r["k"].value for r in store.load().select("SELECT ?t ?k WHERE { ?t igs:key ?k }")}


def _register_bodies() -> dict:
    from . import register

    return register.load().bodies


def _readable(value: str) -> str:
    """A result's value as the user wrote it: the input word of a term, the text of a literal."""
    if value.startswith("<"):
        iri = value[1:-1]
        if iri.startswith((TOOI, BODY, UNRESOLVED)) or iri in _register_bodies():  # a participant: the register names it
            return municipality_label(iri)
        return _keys(str(paths.data_root())).get(iri) or vocabulary().citations.get(iri) or iri.rsplit("#", 1)[-1]
    if value.startswith('"'):
        return value[1:value.index('"', 1)]
    return value


def by_focus(results: list[Result]) -> dict[str, list[Result]]:
    """The results grouped by focus node, in their order: one pass, so that reporting on
    thousands of proposals is linear (each report takes its own group)."""
    out: dict[str, list[Result]] = {}
    for r in results:
        out.setdefault(r.focus, []).append(r)
    return out


def report(file: str, situation: Situation, results: list[Result]) -> dict:
    mine = [r for r in results if r.focus == situation.iri.value]
    labels = {p["id"]: p["label"] for p in situation.participants_json() if p.get("id")}
    # a result that lists an article in several texts cites the one in force when the regeling is made
    from . import law_versions

    starts = [t.object.value for t in situation.triples
              if t.subject == situation.iri and t.predicate.value == IGS + "startDate" and isinstance(t.object, ox.Literal)]
    try:
        day = dt.date.fromisoformat(starts[0]) if starts else situation.as_of
    except ValueError:  # not a date: a result of its own says so
        day = situation.as_of
    forms = [t.object.value for t in situation.triples if t.predicate.value == IGS + "legalForm" and isinstance(t.object, ox.NamedNode)]
    return {"file": file, "conforms": not any(r.severity == "Violation" for r in mine),
            "results": law_versions.cite_in_force([result_json(r, labels) for r in mine], day),
            "participants": situation.participants_json(), "warnings": [w.as_json() for w in situation.warnings],
            # the form the proposal was checked against; null: it names none, so the law of a form was not applied
            "legal_form": forms[0].rsplit("#", 1)[-1] if forms else None}


def validate(situation: Situation, engine: str = "fast") -> dict:
    results = run_fast([situation]) if engine == "fast" else run_pyshacl([situation])
    return report(situation.file, situation, results)


def report_turtle_fast(results: list[Result]) -> list[ox.Triple]:
    """The fast engine's sh:ValidationReport, in the standard SHACL report vocabulary."""
    N = ox.NamedNode
    rdf_type = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    rep = ox.BlankNode()
    out = [ox.Triple(rep, rdf_type, N(SH + "ValidationReport")),
           ox.Triple(rep, N(SH + "conforms"), ox.Literal("false" if results else "true",
                                                         datatype=N("http://www.w3.org/2001/XMLSchema#boolean")))]
    info = shape_info()
    for r in results:
        b = ox.BlankNode()
        out += [ox.Triple(rep, N(SH + "result"), b), ox.Triple(b, rdf_type, N(SH + "ValidationResult")),
                ox.Triple(b, N(SH + "focusNode"), N(r.focus)), ox.Triple(b, N(SH + "sourceShape"), N(r.shape)),
                ox.Triple(b, N(SH + "sourceConstraintComponent"), N(SH + r.component)),
                ox.Triple(b, N(SH + "resultSeverity"), N(SH + r.severity))]
        if r.value is not None and r.value != "_:b":
            out.append(ox.Triple(b, N(SH + "value"), store.parse_term(r.value)))
        for lang, text in info.get(r.shape, {}).get("message", {}).items():
            out.append(ox.Triple(b, N(SH + "resultMessage"), ox.Literal(text, language=lang)))
    return out


def to_text(reports: list[dict], lang: str) -> str:
    from .render import SourceNotes

    words = {"nl": {"Violation": "Overtredingen: dit moet anders", "Warning": "Waarschuwingen: dit is onbekend of onverstandig",
                    "Info": "Adviezen", "ok": "voldoet aan de wet", "not": "voldoet NIET aan de wet", "key": "pas aan",
                    "none": "geen bevindingen", "sources": "Bronnen",
                    "no_form": "geen rechtsvorm opgegeven: niets om aan te toetsen (geef legal_form)"},
             "en": {"Violation": "Violations: this must change", "Warning": "Warnings: this is unknown or unwise",
                    "Info": "Advice", "ok": "conforms to the law", "not": "does NOT conform to the law", "key": "change",
                    "none": "no findings", "sources": "Sources",
                    "no_form": "no legal form given: nothing to check against (give legal_form)"}}[lang]
    out: list[str] = []
    notes = SourceNotes(lang)
    for rep in reports:
        if "error" in rep:
            out.append(f"{rep['file']}: {rep['error']}")
            out.append("")
            continue
        verdict = words["ok"] if rep["conforms"] else words["not"]
        if rep["conforms"] and rep.get("legal_form", "") is None:  # "conforms" would read as "this plan is lawful"
            verdict = words["no_form"]
        out.append(f"{rep['file']}: {verdict}")
        if not rep["results"]:
            out.append(f"  {words['none']}")
        for sev in ("Violation", "Warning", "Info"):
            items = [r for r in rep["results"] if r["severity"] == sev]
            if not items:
                continue
            out.append(f"  {words[sev]}:")
            # one message once, with every value it was found for (four missing provisions: one line)
            grouped: dict[tuple, list] = {}
            for r in items:
                grouped.setdefault((r["message"][lang], r.get("path")), []).append(r)
            for (message, _), group in grouped.items():
                r = group[0]
                sources = list(dict.fromkeys(s for g in group for s in g["sources"]))  # each value's own articles too
                cites = notes.cite(sources)
                values = [g["value"] for g in group if g.get("value")] + [g["step"]["label"][lang] for g in group if g.get("step")]
                value = f" ({', '.join(values)})" if values else ""
                out.append(f"    - {message}{value}")
                if r.get("path"):
                    out.append(f"      {words['key']}: {r['path']}" + (f" — {'; '.join(cites)}" if cites else ""))
                elif cites:
                    out.append(f"      {'; '.join(cites)}")
        out.append("")
    if notes.numbers:
        out.append(words["sources"] + ":")
        out.extend(notes.listing())
    return "\n".join(out).rstrip() + "\n"
