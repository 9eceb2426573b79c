"""`igs-kg docs OUTDIR`: HTML documentation of the knowledge, a page per section (overview and
A-Z index, classes, properties, individuals, tables, rules, shapes, named queries), in Dutch and
English side by side. Every term has its IRI as its anchor, its kind, domain and range, super-
and subclasses, labels and definitions in both languages, its sources as links, and a link to the
file and line that define it; every rule, shape and query links to its .rq or .ttl file. A
search box on every page finds a term by name or label.

The facts are gathered here; the HTML is Jinja2 templates (igs_kg/templates/docs), so the layout
is written once. pyLODE was tried on the same graph (benchmarks/RESULTS.md, "docs"): one 803 kB
page, anchors made from lower-cased labels (#maybemadeby) with 47 ids used twice, the two
languages run together, and no rules, shapes, queries or file links; it is not used."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import IGS, SHAPES, __version__, paths, store
from .docs_svg import classes_svg, concepts_svg, local_name, process_svg, rules_svg
from .render import source_label
from .vocabulary import citation, vocabulary

PAGES = {"class": "classes.html", "property": "properties.html"}
KINDS = {"http://www.w3.org/2002/07/owl#Class": ("klasse", "class"),
         "http://www.w3.org/2002/07/owl#ObjectProperty": ("objecteigenschap", "object property"),
         "http://www.w3.org/2002/07/owl#DatatypeProperty": ("gegevenseigenschap", "datatype property"),
         "http://www.w3.org/2002/07/owl#AnnotationProperty": ("annotatie-eigenschap", "annotation property")}
SHORT = {"http://www.w3.org/2001/XMLSchema#": "xsd:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
         "http://www.w3.org/2000/01/rdf-schema#": "rdfs:", "http://www.w3.org/2002/07/owl#": "owl:",
         "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/prov#": "prov:"}


@dataclass
class Link:
    """A link as a page shows it: text, and an href (None: plain text)."""
    text: str
    href: str | None = None


@dataclass
class Entry:
    """One documented thing: a term, a rule, a shape or a query."""
    id: str
    iri: str
    labels: dict[str, str]
    definitions: dict[str, str] = field(default_factory=dict)
    sources: list[Link] = field(default_factory=list)
    rows: list[tuple[tuple[str, str], list[Link]]] = field(default_factory=list)  # ((nl, en), values)
    defined_in: Link | None = None
    group: str = ""


class Site:
    """Where each term is documented, and how a page links to it."""

    def __init__(self, kg, outdir: Path):
        self.kg = kg
        self.outdir = outdir
        self.vocab = vocabulary()
        self.page_of: dict[str, str] = {}
        self.group_of: dict[str, str] = {}  # individual -> the class whose page documents it

    def term(self, iri: str) -> Link:
        page = self.page_of.get(iri)
        if page is not None:
            return Link(f"igs:{local_name(iri)}", f"{page}#{local_name(iri)}")
        if iri.startswith(IGS):
            return Link(f"igs:{local_name(iri)}")
        for ns, prefix in SHORT.items():
            if iri.startswith(ns):
                return Link(prefix + iri[len(ns):])
        return Link(iri, iri if iri.startswith("http") else None)

    def file(self, where: str) -> Link | None:
        """'ontology/igs.ttl:120' as a link to the file (relative to the site), with its line."""
        if ":" not in where or where.startswith("http"):
            return None
        path, line = where.rsplit(":", 1)
        return Link(f"{path}, regel / line {line}", os.path.relpath(paths.data_root() / path, self.outdir))

    def source_file(self, path: str) -> Link:
        return Link(path, os.path.relpath(paths.data_root() / path, self.outdir))

    def sources(self, sources: list[str]) -> list[Link]:
        out = []
        for s in sources:
            c = citation(s, self.vocab)
            if not c:  # a project document (src:contract, src:legal-factsheet): named by its label, not linked
                named = self.vocab.labels.get(s, {})
                out.append(Link(named.get("en") or named.get("nl") or local_name(s)))
            else:
                out.append(Link(source_label(c, "nl"), c if c.startswith("http") else None))
        return out

    def value(self, term) -> Link:
        if isinstance(term, ox.NamedNode):
            if term.value in self.page_of:
                return Link(self.vocab.labels.get(term.value, {}).get("nl") or local_name(term.value),
                            f"{self.page_of[term.value]}#{local_name(term.value)}")
            return self.term(term.value)
        lang = getattr(term, "language", None)
        return Link(term.value + (f" @{lang}" if lang else ""))


# ---------------------------------------------------------------------------- gathering

def _terms(site: Site) -> dict[str, list[str]]:
    kg = site.kg
    classes = [r["c"].value for r in kg.select(
        "SELECT ?c WHERE { ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(igs:))) } ORDER BY ?c")]
    props = [r["p"].value for r in kg.select("""SELECT DISTINCT ?p WHERE { ?p a ?t . VALUES ?t { owl:ObjectProperty
        owl:DatatypeProperty owl:AnnotationProperty } FILTER(STRSTARTS(STR(?p), STR(igs:))) } ORDER BY ?p""")]
    # an individual is documented on the page of its class (the first, when it has several)
    group: dict[str, str] = {}
    for r in kg.select("""SELECT ?i (MIN(STR(?c)) AS ?cls) WHERE { ?i a owl:NamedIndividual , ?c
            FILTER(?c != owl:NamedIndividual && STRSTARTS(STR(?i), STR(igs:))) } GROUP BY ?i ORDER BY ?i"""):
        group[r["i"].value] = r["cls"].value
    individuals = list(group)
    for kind, iris in (("class", classes), ("property", props)):
        for iri in iris:
            site.page_of.setdefault(iri, PAGES[kind])
    seen: dict[str, int] = {}
    for iri in individuals:  # a large class is documented on several pages, PAGE_SIZE each
        n = seen[group[iri]] = seen.get(group[iri], -1) + 1
        site.page_of.setdefault(iri, individuals_page(group[iri], n // PAGE_SIZE))
    site.group_of = group
    return {"class": classes, "property": props, "individual": individuals}


PAGE_SIZE = 60  # individuals of one class on one page: the dated versions of steps and clauses would make one page too long


def individuals_page(cls: str, part: int = 0) -> str:
    return f"individuals-{local_name(cls)}.html" if part == 0 else f"individuals-{local_name(cls)}-{part + 1}.html"


def _entry(site: Site, iri: str, kind: str, locate) -> Entry:
    kg = site.kg
    defs: dict[str, str] = {}
    for r in kg.select(f"SELECT ?d WHERE {{ <{iri}> skos:definition ?d }}"):
        defs.setdefault(r["d"].language or "nl", r["d"].value)
    srcs = [r["s"].value for r in kg.select(f"SELECT ?s WHERE {{ <{iri}> dcterms:source ?s }} ORDER BY ?s")]
    e = Entry(id=local_name(iri), iri=iri, labels=site.vocab.labels.get(iri, {}), definitions=defs,
              sources=site.sources(srcs), defined_in=site.file(locate(iri)))
    if kind in ("class", "property"):
        kinds = [KINDS[r["t"].value] for r in kg.select(f"SELECT ?t WHERE {{ <{iri}> a ?t }}") if r["t"].value in KINDS]
        if kinds:
            e.rows.append((("soort", "kind"), [Link(f"{nl} / {en}") for nl, en in kinds]))
        for label, query in ((("domein", "domain"), f"SELECT ?x WHERE {{ <{iri}> rdfs:domain ?x }} ORDER BY ?x"),
                             (("bereik", "range"), f"SELECT ?x WHERE {{ <{iri}> rdfs:range ?x }} ORDER BY ?x"),
                             (("subeigenschap van", "subproperty of"),
                              f"SELECT ?x WHERE {{ <{iri}> rdfs:subPropertyOf ?x }} ORDER BY ?x"),
                             (("subeigenschappen", "subproperties"),
                              f"SELECT ?x WHERE {{ ?x rdfs:subPropertyOf <{iri}> }} ORDER BY ?x"),
                             (("superklasse", "superclass"),
                              f"SELECT ?x WHERE {{ <{iri}> rdfs:subClassOf ?x FILTER(isIRI(?x)) }} ORDER BY ?x"),
                             (("subklassen", "subclasses"), f"SELECT ?x WHERE {{ ?x rdfs:subClassOf <{iri}> }} ORDER BY ?x"),
                             (("individuen", "individuals"),
                              f"SELECT ?x WHERE {{ ?x a <{iri}> , owl:NamedIndividual }} ORDER BY ?x")):
            found = [site.term(r["x"].value) for r in kg.select(query)]
            if found:
                e.rows.append((label, found))
    else:
        e.group = site.group_of[iri]
        for r in kg.select(f"""SELECT ?p ?o WHERE {{ <{iri}> ?p ?o . FILTER(?p NOT IN
                (rdfs:label, skos:definition, dcterms:source, skos:prefLabel)) }} ORDER BY ?p ?o"""):
            p = r["p"].value
            label = ("is een", "is a") if p.endswith("#type") else (local_name(p), local_name(p))
            if e.rows and e.rows[-1][0] == label:
                e.rows[-1][1].append(site.value(r["o"]))
            else:
                e.rows.append((label, [site.value(r["o"])]))
    return e


def _rules(site: Site) -> list[Entry]:
    from . import rules

    out = []
    for r in sorted(rules.load_rules().rules, key=lambda r: r.id):
        e = Entry(id=r.id, iri=f"https://w3id.org/igs-kg/rule/{r.id}", labels=r.label, definitions=r.text,
                  sources=site.sources(r.sources), defined_in=site.source_file(r.path))
        if r.why:
            e.rows.append((("waarom", "why"), [Link(r.why)]))
        if r.reads:
            e.rows.append((("leest", "reads"), [site.term(p) for p in sorted(set(r.reads)) if p != rules.ANY_PREDICATE]))
        if r.negated_reads:
            e.rows.append((("leest ontkend (NOT EXISTS)", "reads negated (NOT EXISTS)"),
                           [site.term(p) for p in sorted(set(r.negated_reads))]))
        e.rows.append((("schrijft", "writes"), [site.term(p) for p in sorted(set(r.writes))]))
        e.rows.append((("laag, bereik", "stratum, scope"), [Link(f"{r.stratum}, {r.scope}")]))
        out.append(e)
    return out


def _shapes(site: Site) -> list[Entry]:
    from . import validation
    from .check import Locator

    locate = Locator(paths.shapes_files()).find
    out = []
    for iri, info in sorted(validation.shape_info().items()):
        if not iri.startswith(SHAPES) or not (info["message"] or info["sources"]):
            continue
        e = Entry(id=local_name(iri), iri=iri, labels={}, definitions=info["message"],
                  sources=site.sources(sorted(info["sources"])), defined_in=site.file(locate(iri)))
        if info.get("key"):
            e.rows.append((("invoersleutel", "input key"), [Link(info["key"])]))
        out.append(e)
    return out


def _queries(site: Site) -> list[Entry]:
    from .queries import load_named_query, named_query_names

    out = []
    for name in named_query_names():
        q = load_named_query(name)
        e = Entry(id=name, iri=f"/queries/{name}", labels=q.title, definitions={"en": q.description} if q.description else {},
                  sources=site.sources(q.sources), defined_in=site.source_file(paths.relative(q.path)))
        if q.params:
            e.rows.append((("parameters", "parameters"),
                           [Link(f"{p.name} ({p.type}{', verplicht / required' if p.required else ''})") for p in q.params]))
        out.append(e)
    return out


def _tables(site: Site) -> dict:
    kg = site.kg
    tabel1 = [[r[k].value for k in ("label", "standplaats", "kosten", "beheerder", "niveau")]
              for r in kg.select(load_query("cooperation-concepts"))]
    forms = []
    for r in kg.select(load_query("legal-forms")):
        basis = Link(source_label(r["basis"].value, "nl"), r["basis"].value) if "basis" in r else None
        forms.append({"form": site.term(r["form"].value), "label": r["label_nl"].value, "family": r["family"].value,
                      "cells": [r[k].value == "true" for k in ("legal_person", "own_staff", "regulatory", "decisions")],
                      "basis": basis})
    return {"tabel1": tabel1, "forms": forms}


# ---------------------------------------------------------------------------- writing

def build(outdir: str) -> list[Path]:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from .check import Locator

    kg = store.load()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    site = Site(kg, out)
    terms = _terms(site)
    locate = Locator(paths.knowledge_files()).find
    entries = {kind: [_entry(site, iri, kind, locate) for iri in iris] for kind, iris in terms.items()}
    groups: dict[str, list[Entry]] = {}
    for e in entries["individual"]:
        groups.setdefault(e.group, []).append(e)
    rules, shapes, queries = _rules(site), _shapes(site), _queries(site)

    written = []
    for name, svg in (("concepts-forms.svg", concepts_svg(kg)), ("rules.svg", rules_svg()), ("process.svg", process_svg(kg)),
                      ("classes.svg", classes_svg(kg))):
        (out / name).write_text(svg, encoding="utf-8")
        written.append(out / name)
    # the search box's index: every term, rule, shape and query, with the page that documents it
    index = [{"n": e.id, "k": kind, "nl": e.labels.get("nl", ""), "en": e.labels.get("en", ""),
              "u": f"{page or site.page_of[e.iri]}#{e.id}"}
             for kind, page, items in (("class", PAGES["class"], entries["class"]),
                                       ("property", PAGES["property"], entries["property"]),
                                       ("individual", None, entries["individual"]),
                                       ("rule", "rules.html", rules), ("shape", "shapes.html", shapes),
                                       ("query", "queries.html", queries)) for e in items]
    (out / "terms.js").write_text("const TERMS = " + json.dumps(index, ensure_ascii=False) + ";\n", encoding="utf-8")
    written.append(out / "terms.js")

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates") / "docs"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    common = {"version": __version__, "triples": kg.triple_count, "namespace": IGS,
              "label_of": lambda iri: site.vocab.labels.get(iri, {})}
    pages: dict[str, dict[str, Any]] = {
        "index.html": {"entries": entries, "rules": rules, "shapes": shapes, "queries": queries, "index": index},
        "classes.html": {"entries": entries["class"]},
        "properties.html": {"entries": entries["property"]},
        "individuals.html": {"groups": sorted(groups.items())},
        **{individuals_page(cls, k): {"template": "individuals-of.html", "cls": cls, "members": members[k * PAGE_SIZE:(k + 1) * PAGE_SIZE],
                                      "parts": [individuals_page(cls, j) for j in range((len(members) - 1) // PAGE_SIZE + 1)]}
           for cls, members in groups.items() for k in range((len(members) - 1) // PAGE_SIZE + 1)},
        "tables.html": _tables(site),
        "rules.html": {"entries": rules},
        "shapes.html": {"entries": shapes},
        "queries.html": {"entries": queries},
    }
    # the index by source, in two pages (the Wgr's articles, and every other source) to keep each light
    cited = _cited_by(index, entries, rules, shapes, queries)
    parts = {"sources.html": [c for c in cited if c[0].text.startswith("Wgr")],
             "sources-other.html": [c for c in cited if not c[0].text.startswith("Wgr")]}
    for name, rows in parts.items():
        pages[name] = {"template": "sources.html", "cited": rows, "parts": list(parts)}
    for name, data in pages.items():
        template = env.get_template(data.pop("template", name))
        (out / name).write_text(template.render(page=name, **common, **data), encoding="utf-8")
        written.append(out / name)
    return written


def _cited_by(index: list[dict], entries: dict, rules: list, shapes: list, queries: list) -> list[tuple[Link, list[Link]]]:
    """Every source, with the terms, facts, rules, shapes and queries that cite it: which of them
    rest on Wgr art. 8, on a thesis section, on a Staatsblad."""
    url_of = {(i["k"], i["n"]): i["u"] for i in index}
    found: dict[tuple[str, str | None], list[Link]] = {}
    for kind, items in (("class", entries["class"]), ("property", entries["property"]), ("individual", entries["individual"]),
                        ("rule", rules), ("shape", shapes), ("query", queries)):
        for e in items:
            for src in e.sources:
                citers = found.setdefault((src.text, src.href), [])
                link = Link(e.id, url_of.get((kind, e.id)))
                if link not in citers:
                    citers.append(link)
    return [(Link(text, href), sorted(citers, key=lambda c: c.text))
            for (text, href), citers in sorted(found.items(), key=lambda kv: _source_order(kv[0][0]))]


def _source_order(text: str) -> tuple:
    # by act and article number, so that "Wgr art. 8" comes before "Wgr art. 10"
    import re

    m = re.match(r"(.*?)\s*art\.\s*(\d+)(.*)", text)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (text, 0, "")


def load_query(name: str) -> str:
    from .queries import load_named_query

    return load_named_query(name).text
