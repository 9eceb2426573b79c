"""`igs-kg export`: the merged graph for other tools (Protégé, a triple store): the knowledge,
the shapes and a description of every rule (label, text, why, sources, its SPARQL)."""

from __future__ import annotations

import pyoxigraph as ox

from . import IGS, RULE_BASE, SHAPES, store
from .store import PREFIXES

FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML}


def rule_triples() -> list[ox.Triple]:
    from . import rules

    N = ox.NamedNode
    out: list[ox.Triple] = []
    for r in rules.load_rules().rules:
        node = N(RULE_BASE + r.id)
        out.append(ox.Triple(node, N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N(IGS + "InferenceRule")))
        for lang, text in r.label.items():
            out.append(ox.Triple(node, N("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(text, language=lang)))
        for lang, text in r.text.items():
            out.append(ox.Triple(node, N("http://www.w3.org/2004/02/skos/core#definition"), ox.Literal(text, language=lang)))
        out.append(ox.Triple(node, N("http://www.w3.org/2004/02/skos/core#scopeNote"), ox.Literal(r.why, language="en")))
        for s in r.sources:
            if s.startswith("http"):
                out.append(ox.Triple(node, N("http://purl.org/dc/terms/source"), N(s)))
        path = store.paths.data_root() / r.path
        out.append(ox.Triple(node, N(IGS + "sparqlText"), ox.Literal(path.read_text(encoding="utf-8"))))
    return out


def merged() -> list[ox.Triple]:
    from . import validation as validate

    return list(store.load().triples()) + validate.shapes_triples() + rule_triples()


def serialize(fmt: str) -> bytes:
    prefixes = dict(PREFIXES, igsh=SHAPES, rule=RULE_BASE)
    return store.to_bytes(merged(), FORMATS[fmt], None if fmt == "ntriples" else prefixes)
