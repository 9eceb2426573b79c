"""A fast SHACL path: the shapes graph compiled into SPARQL queries that run on pyoxigraph.

It implements the part of SHACL Core the igs-kg shapes use, plus SHACL-SPARQL constraints, and
refuses a shape with any other constraint component (so nothing is silently skipped; the
reference path, pySHACL, handles everything). Every top-level constraint of a shape with targets
becomes one SELECT query returning the focus nodes (and value nodes) that violate it, over all
focus nodes at once, which is what makes a batch fast. The tests check that this path and pySHACL
report the same results for every example.

Semantics follow https://www.w3.org/TR/shacl/: a focus node violates a node-level sh:or / sh:and
/ sh:not / sh:node when the value node (the focus node itself) does not conform to the listed
shapes; conformance of nested shapes is compiled into a SPARQL boolean expression."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import KnowledgeError
from .store import solutions

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

_NODE_COMPONENTS = {"or", "and", "not", "xone", "node", "class", "hasValue", "in", "datatype", "nodeKind", "sparql"}
_VALUE_COMPONENTS = {"class", "node", "in", "datatype", "nodeKind", "not", "or", "and"}
_IGNORED = {"message", "severity", "deactivated", "name", "description", "order", "group", "targetClass",
            "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "prefixes", "declare", "property"}


class UnsupportedShape(KnowledgeError):
    """A shape uses SHACL the fast path does not implement; use the pySHACL path."""

    def __init__(self, what: str):
        super().__init__(f"a shape uses {what}, which the fast validator does not implement; "
                         "run with --engine pyshacl, or write the shape in the SHACL the fast path knows")


@dataclass(frozen=True)
class Check:
    shape: object            # the named shape (NamedNode)
    component: str           # e.g. "OrConstraintComponent"
    severity: str            # "Violation", "Warning", "Info"
    query: str               # SELECT ?this [?value]
    has_value: bool = True


class ShapesGraph:
    """Index of the shapes graph's triples for compiling."""

    def __init__(self, triples: list[ox.Triple]):
        self.out: dict[object, dict[str, list]] = {}
        for t in triples:
            self.out.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)

    def values(self, node, pred: str) -> list:
        return self.out.get(node, {}).get(pred, [])

    def one(self, node, pred: str):
        v = self.values(node, pred)
        return v[0] if v else None

    def rdf_list(self, head) -> list:
        items = []
        while head is not None and head != ox.NamedNode(RDF + "nil"):
            items.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
        return items

    def sh(self, node) -> dict[str, list]:
        return {k[len(SH):]: v for k, v in self.out.get(node, {}).items() if k.startswith(SH)}


class Compiler:
    def __init__(self, shapes: ShapesGraph):
        self.g = shapes
        self._n = itertools.count()

    def var(self) -> str:
        return f"?v{next(self._n)}"

    # ------------------------------------------------------------------ paths

    def path(self, p) -> str:
        if isinstance(p, ox.NamedNode):
            return str(p)
        items = self.g.rdf_list(p) if self.g.one(p, RDF + "first") is not None else None
        if items:
            return "(" + "/".join(self.path(i) for i in items) + ")"
        sh = self.g.sh(p)
        if "inversePath" in sh:
            return "^" + self.path(sh["inversePath"][0])
        if "alternativePath" in sh:
            return "(" + "|".join(self.path(i) for i in self.g.rdf_list(sh["alternativePath"][0])) + ")"
        for key, op in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            if key in sh:
                return "(" + self.path(sh[key][0]) + ")" + op
        raise UnsupportedShape(f"path {p}")

    # ------------------------------------------------------------------ conformance as a boolean expression

    def conforms(self, shape, x: str) -> str:
        """A SPARQL expression, true when the node in variable x conforms to the shape."""
        sh = self.g.sh(shape)
        parts: list[str] = []
        if "path" in sh:
            parts.extend(self._property_conforms(shape, sh, x))
        else:
            for key, values in sh.items():
                if key in _IGNORED:
                    continue
                for v in values:
                    parts.append(self._node_component(key, v, x))
        for ps in sh.get("property", []):
            parts.append(self.conforms(ps, x))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _node_component(self, key: str, v, x: str) -> str:
        if key == "or":
            return "(" + " || ".join(self.conforms(s, x) for s in self.g.rdf_list(v)) + ")"
        if key == "and":
            return "(" + " && ".join(self.conforms(s, x) for s in self.g.rdf_list(v)) + ")"
        if key == "xone":
            return "((" + " + ".join(f"IF({self.conforms(s, x)}, 1, 0)" for s in self.g.rdf_list(v)) + ") = 1)"
        if key == "not":
            return "!" + self.conforms(v, x)
        if key == "node":
            return self.conforms(v, x)
        if key == "class":
            return f"EXISTS {{ {x} <{RDF}type>/<{RDFS}subClassOf>* {v} }}"
        if key == "hasValue":
            return f"sameTerm({x}, {v})"
        if key == "in":
            return f"({x} IN ({', '.join(str(i) for i in self.g.rdf_list(v))}))"
        if key == "datatype":
            return f"(isLiteral({x}) && datatype({x}) = {v})"
        if key == "nodeKind":
            return self._node_kind(v, x)
        raise UnsupportedShape(f"sh:{key} inside a shape")

    def _node_kind(self, kind, x: str) -> str:
        k = kind.value[len(SH):]
        table = {"IRI": f"isIRI({x})", "BlankNode": f"isBlank({x})", "Literal": f"isLiteral({x})",
                 "BlankNodeOrIRI": f"(isIRI({x}) || isBlank({x}))", "BlankNodeOrLiteral": f"(isBlank({x}) || isLiteral({x}))",
                 "IRIOrLiteral": f"(isIRI({x}) || isLiteral({x}))"}
        return table[k]

    def _property_conforms(self, shape, sh: dict, x: str) -> list[str]:
        p = self.path(sh["path"][0])
        parts = []
        for key, values in sh.items():
            if key in _IGNORED:
                continue
            for v in values:
                if key == "minCount":
                    n = int(v.value)
                    if n == 0:
                        continue
                    parts.append("EXISTS { " + self._distinct_values(x, p, n) + " }")
                elif key == "maxCount":
                    parts.append("NOT EXISTS { " + self._distinct_values(x, p, int(v.value) + 1) + " }")
                elif key == "hasValue":
                    parts.append(f"EXISTS {{ {x} {p} {v} }}")
                elif key == "equals":
                    w = self.var()
                    parts.append(f"(NOT EXISTS {{ {x} {p} {w} FILTER NOT EXISTS {{ {x} {v} {w} }} }} && "
                                 f"NOT EXISTS {{ {x} {v} {w} FILTER NOT EXISTS {{ {x} {p} {w} }} }})")
                elif key in _VALUE_COMPONENTS:
                    w = self.var()
                    parts.append(f"NOT EXISTS {{ {x} {p} {w} FILTER(!{self._node_component(key, v, w)}) }}")
                else:
                    raise UnsupportedShape(f"sh:{key} on a property shape")
        return parts

    def _distinct_values(self, x: str, p: str, n: int) -> str:
        """Patterns that match when the node in x has n distinct values for path p."""
        vs = [self.var() for _ in range(n)]
        distinct = " ".join(f"FILTER({a} != {b})" for a, b in itertools.combinations(vs, 2))
        return " ".join(f"{x} {p} {w} ." for w in vs) + f" {distinct}"

    # ------------------------------------------------------------------ top-level checks

    def focus(self, shape) -> str:
        sh = self.g.sh(shape)
        alts = []
        for c in sh.get("targetClass", []):
            alts.append(f"{{ ?this <{RDF}type>/<{RDFS}subClassOf>* {c} }}")
        for n in sh.get("targetNode", []):
            alts.append(f"{{ BIND({n} AS ?this) }}")
        for p in sh.get("targetSubjectsOf", []):
            alts.append(f"{{ ?this {p} ?any_o }}")
        for p in sh.get("targetObjectsOf", []):
            alts.append(f"{{ ?any_s {p} ?this }}")
        return "{ " + " UNION ".join(alts) + " }"

    def checks(self, shape) -> list[Check]:
        sh = self.g.sh(shape)
        if sh.get("deactivated") and sh["deactivated"][0].value == "true":
            return []
        severity = sh.get("severity", [ox.NamedNode(SH + "Violation")])[0].value[len(SH):]
        focus = self.focus(shape)
        out: list[Check] = []
        p = self.path(sh["path"][0]) if "path" in sh else None
        for key, values in sh.items():
            if key in _IGNORED and key != "property":
                continue
            for v in values:
                if key == "property":
                    raise UnsupportedShape("a targeted shape with nested sh:property: name the property shape itself")
                if key == "sparql":
                    out.append(self._sparql_check(shape, v, focus, severity, p))
                    continue
                component = key[0].upper() + key[1:] + "ConstraintComponent"
                if p is None:
                    if key not in _NODE_COMPONENTS:
                        raise UnsupportedShape(f"sh:{key} on a node shape")
                    expr = self._node_component(key, v, "?this")
                    q = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} FILTER(!{expr}) BIND(?this AS ?value) }}"
                else:
                    q = self._property_query(key, v, focus, p)
                out.append(Check(shape, component, severity, q, has_value="?value" in q.split("WHERE")[0]))
        return out

    def _property_query(self, key: str, v, focus: str, p: str) -> str:
        if key == "minCount":
            n = int(v.value)
            return (f"SELECT DISTINCT ?this WHERE {{ {focus} "
                    f"{{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?this {p} ?value }} }} GROUP BY ?this }} "
                    f"FILTER(?n < {n}) }}")
        if key == "maxCount":
            n = int(v.value)
            return (f"SELECT DISTINCT ?this WHERE {{ {focus} "
                    f"{{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} ?this {p} ?value }} GROUP BY ?this }} "
                    f"FILTER(?n > {n}) }}")
        if key == "hasValue":
            return f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} {v} }} }}"
        if key in _VALUE_COMPONENTS:
            expr = self._node_component(key, v, "?value")
            return f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {p} ?value . FILTER(!{expr}) }}"
        raise UnsupportedShape(f"sh:{key} as a top-level property constraint")

    def _sparql_check(self, shape, constraint, focus, severity, p) -> Check:
        sh = self.g.sh(constraint)
        select = sh["select"][0].value
        declared: dict[str, str] = {}
        for pref_node in sh.get("prefixes", []):
            for decl in self.g.values(pref_node, SH + "declare"):
                d = self.g.sh(decl)
                declared[d["prefix"][0].value] = d["namespace"][0].value
        inner = select.replace("$this", "?this")
        if p is not None:
            inner = inner.replace("$PATH", p)
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted(declared.items()))
        # SHACL 5.3.2: a result without a ?value binding has, on a node shape, the focus node as its value
        projected = inner.split("WHERE", 1)[0].split("where", 1)[0]
        bind = " BIND(?this AS ?value)" if "?value" not in projected and p is None else ""
        q = f"{prologue}SELECT ?this ?value WHERE {{ {focus} {{ {inner} }}{bind} }}"
        return Check(shape, "SPARQLConstraintComponent", severity, q)


@dataclass(frozen=True)
class FastResult:
    focus: object
    value: object | None
    shape: object
    component: str
    severity: str


class FastValidator:
    """Compile once, validate many."""

    def __init__(self, shape_triples: list[ox.Triple]):
        g = ShapesGraph(shape_triples)
        compiler = Compiler(g)
        targeted = sorted({t.subject for t in shape_triples if t.predicate.value in (
            SH + "targetClass", SH + "targetNode", SH + "targetSubjectsOf", SH + "targetObjectsOf")}, key=str)
        self.checks: list[Check] = []
        for shape in targeted:
            self.checks.extend(compiler.checks(shape))

    def run(self, store: ox.Store, graphs: list) -> list[FastResult]:
        out: list[FastResult] = []
        for c in self.checks:
            for sol in solutions(store.query(c.query, default_graph=graphs)):
                out.append(FastResult(focus=sol["this"], value=sol["value"] if c.has_value else None,
                                      shape=c.shape, component=c.component, severity=c.severity))
        return out
