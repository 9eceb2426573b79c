"""The rule engine: SPARQL CONSTRUCT rules from rules/**/*.rq, ordered into strata by their
dependency graph and run to a fixpoint over the knowledge plus one situation.

Compiling a rule set (parsing every rule with rdflib's SPARQL algebra, building the predicate
dependency graph with networkx, stratifying it) is done once and cached on disk under a hash of
the rule texts, so a command that finds the cache imports neither rdflib nor networkx. The
cache holds the compiled rules only, never an answer for any input.

Each rule runs as `SELECT *` over its WHERE block; the engine instantiates the CONSTRUCT template
itself, so every derived triple keeps its derivation: the rule, the variable bindings and the
premises (the rule's positive triple patterns with those bindings)."""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Sequence

import pyoxigraph as ox

from . import __version__, json_cache, paths, store
from .errors import KnowledgeError
from .headers import parse_header, split_languages, split_sources
from .sparql_text import construct_to_select
from .store import solutions

if TYPE_CHECKING:
    from .inputs import Situation

ENGINE_VERSION = f"{__version__}-rules-5"
ANY_PREDICATE = "*"


# ---------------------------------------------------------------------------- compiled rules

@dataclass
class Rule:
    id: str
    path: str
    label: dict[str, str]
    text: dict[str, str]
    sources: list[str]
    why: str
    order: int
    select: str
    template: list[list[str]]          # triples of N3 terms / "?var"
    premises: list[list[str]]          # positive triple patterns of the WHERE block
    optional: list[list[str]]          # patterns under OPTIONAL (premises only when they hold)
    reads: list[str]
    writes: list[str]
    negated_reads: list[str]
    required: list[str] = field(default_factory=list)   # predicates every solution must match
    required_objects: list[list[str]] = field(default_factory=list)  # [predicate, IRI] pairs likewise
    scope: str = "situation"                              # or "knowledge": derived once per process
    on_situation: list[str] = field(default_factory=list)  # predicates every solution needs on the situation itself
    stratum: int = 0
    summary: dict[str, str] = field(default_factory=dict)  # the rule's point without bindings (# summary:)
    validation: bool = False  # `# validation: yes`: the validator derives it too, before the shapes
    cite_bound: bool = False  # `# cite: bound`: a reason cites the law articles it bound, not the header's sources

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class RuleSet:
    rules: list[Rule]
    strata: list[list[str]]
    edges: list[tuple[str, str, bool]]   # predicate dependency edges (read, written, negated)

    def by_id(self) -> dict[str, Rule]:
        index = self.__dict__.get("_by_id")
        if index is None:
            index = self.__dict__["_by_id"] = {r.id: r for r in self.rules}
        return index


def rule_files(root: Path | None = None) -> list[Path]:
    return sorted((root or paths.rules_dir()).rglob("*.rq"))


_COMPILER_MODULES = [Path(__file__), Path(__file__).with_name("sparql_text.py"), Path(__file__).with_name("headers.py")]


def _fingerprint(files: list[Path]) -> str:
    # the compiler's own source is part of the key: a changed engine never reads an old cache
    return json_cache.fingerprint(files, _COMPILER_MODULES, ENGINE_VERSION)


_LOADED: dict[tuple[str, bool], RuleSet] = {}


def load_rules(root: Path | None = None, use_cache: bool = True, reload: bool = False) -> RuleSet:
    """The rule set of the data root, compiled once per process (like the knowledge graph);
    `reload=True` looks at the files again (the check gate does, after an edit)."""
    where = str(root or paths.rules_dir())
    loaded = _LOADED.get((where, use_cache))
    if loaded is not None and not reload:
        return loaded
    files = rule_files(root)
    key = _fingerprint(files)
    ruleset = _LOADED[(where, use_cache)] = _load_rules_cached(key, tuple(str(f) for f in files), use_cache)
    return ruleset


@lru_cache(maxsize=4)
def _load_rules_cached(key: str, files: tuple[str, ...], use_cache: bool) -> RuleSet:
    cached = json_cache.cache_dir() / f"rules-{key}.json"
    data = json_cache.read(cached) if use_cache else None
    if data is not None:
        try:
            return RuleSet(rules=[Rule(**r) for r in data["rules"]], strata=data["strata"],
                           edges=[tuple(e) for e in data["edges"]])
        except (ValueError, KeyError, TypeError):
            pass  # a stale or damaged cache is recompiled
    ruleset = compile_rules([Path(f) for f in files])
    if use_cache:
        json_cache.write(cached, {"rules": [r.as_dict() for r in ruleset.rules], "strata": ruleset.strata,
                                  "edges": ruleset.edges})
    return ruleset


# ---------------------------------------------------------------------------- compiling

def _n3(term) -> str:
    from rdflib import BNode, Variable

    if isinstance(term, Variable):
        return "?" + str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)
    return term.n3()


def _path_iris(path) -> list[str]:
    from rdflib import URIRef

    if isinstance(path, URIRef):
        return [str(path)]
    out: list[str] = []
    for attr in ("args", "path"):
        sub = getattr(path, attr, None)
        if sub is None:
            continue
        for s in (sub if isinstance(sub, (list, tuple)) else [sub]):
            out.extend(_path_iris(s))
    return out


class _Pattern(tuple):
    """A triple pattern, knowing whether it sits inside a sub-select."""
    _in_sub: bool

    def __new__(cls, parts, in_sub: bool):
        self = super().__new__(cls, parts)
        self._in_sub = in_sub
        return self


def _walk(node, ctx: tuple[bool, bool], found: list[tuple[tuple, bool, bool]], in_sub: bool = False) -> None:
    """Collect (triple, negated, conditional) from an rdflib algebra tree. A pattern is
    conditional when it need not hold for every solution: under OPTIONAL, in one branch of a
    UNION, inside FILTER EXISTS, or aggregated without GROUP BY. Patterns inside a sub-select are
    marked `in_sub` (their variables are the sub-select's own)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    negated, conditional = ctx
    if isinstance(node, CompValue):
        name = node.name
        if name in ("BGP", "TriplesBlock"):  # TriplesBlock: untranslated patterns inside (NOT) EXISTS
            for t in node.get("triples") or []:
                # an untranslated block flattens "?s :p ?o ; :q ?x , ?y" into one list of consecutive triples
                for i in range(0, len(t) - 2, 3):
                    found.append((_Pattern(t[i:i + 3], in_sub), negated, conditional))
            return
        if name == "ToMultiSet":  # a sub-select: its patterns are marked
            for value in node.values():
                _walk(value, ctx, found, True)
            return
        if name == "Builtin_NOTEXISTS":
            _walk(node.get("graph"), (not negated, conditional), found, in_sub)
            return
        if name == "Builtin_EXISTS":
            _walk(node.get("graph"), (negated, True), found, in_sub)
            return
        if name == "Minus":
            _walk(node.get("p1"), ctx, found, in_sub)
            _walk(node.get("p2"), (not negated, conditional), found, in_sub)
            return
        if name == "LeftJoin":
            _walk(node.get("p1"), ctx, found, in_sub)
            _walk(node.get("p2"), (negated, True), found, in_sub)
            _walk(node.get("expr"), ctx, found, in_sub)
            return
        if name == "Group" and node.get("expr") is None:
            # An aggregate without GROUP BY yields one row even when nothing matches (COUNT = 0),
            # so what it groups is not required for the rule to fire.
            _walk(node.get("p"), (negated, True), found, in_sub)
            return
        if name == "Union":
            _walk(node.get("p1"), (negated, True), found, in_sub)
            _walk(node.get("p2"), (negated, True), found, in_sub)
            return
        for value in node.values():
            _walk(value, ctx, found, in_sub)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, ctx, found, in_sub)
    elif isinstance(node, (list, tuple)) and not (len(node) == 3 and all(hasattr(x, "n3") for x in node)):
        for value in node:
            _walk(value, ctx, found, in_sub)


def compile_rule(path: Path) -> Rule:
    from rdflib import URIRef, Variable
    from rdflib.paths import Path as RdfPath
    from rdflib.plugins.sparql import prepareQuery

    where = paths.relative(path)
    text = path.read_text(encoding="utf-8")
    header = parse_header(text, where)
    for key in ("id", "label", "source", "why"):
        if key not in header:
            raise KnowledgeError(f"{where}: the header has no '# {key}:' line")
    rule_id = header["id"][0]
    try:
        query = prepareQuery(text)
    except Exception as exc:  # pyparsing reports the position
        raise KnowledgeError(f"{where}: not valid SPARQL: {str(exc).splitlines()[0]}") from None
    algebra = query.algebra
    if algebra.name != "ConstructQuery":
        raise KnowledgeError(f"{where}: a rule must be a CONSTRUCT query")
    template = [[_n3(x) for x in t] for t in algebra.get("template") or []]
    if not template:
        raise KnowledgeError(f"{where}: write the full form CONSTRUCT {{ template }} WHERE {{ ... }}")
    if any(x.startswith("_:") for t in template for x in t):
        raise KnowledgeError(f"{where}: the CONSTRUCT template may not contain blank nodes "
                             "(they would make new nodes on every run, and the fixpoint would never be reached)")
    found: list[tuple[tuple, bool, bool]] = []
    _walk(algebra.get("p"), (False, False), found)
    on_situation = _on_situation(found)
    # A variable predicate could read any derived predicate, unless the header promises it only
    # matches asserted ones (input or knowledge): "# variable-predicates: asserted".
    asserted_only = header.get("variable-predicates", [""])[0].strip() == "asserted"
    reads: set[str] = set()
    negated: set[str] = set()
    required: set[str] = set()
    required_objects: set[tuple[str, str]] = set()
    premises: list[list[str]] = []
    optional: list[list[str]] = []
    for (s, p, o), neg, opt in found:
        if isinstance(p, Variable):
            preds = [] if asserted_only else [ANY_PREDICATE]
        elif isinstance(p, RdfPath):
            preds = _path_iris(p)
        else:
            preds = [str(p)]
        (negated if neg else reads).update(preds)
        if not neg and not opt and isinstance(p, URIRef):
            required.add(str(p))
            if isinstance(o, URIRef):  # IRIs only: literals may match by value, not by spelling
                required_objects.add((str(p), str(o)))
        if not neg and isinstance(p, (URIRef, Variable)):
            (optional if opt else premises).append([_n3(s), _n3(p), _n3(o)])
    writes = sorted({t[1][1:-1] for t in template if t[1].startswith("<")})
    if any(t[1].startswith("?") for t in template):
        raise KnowledgeError(f"{where}: the predicate of a derived triple must be a fixed IRI")
    text_value = header.get("text", header["label"])[0]
    order = int(header.get("order", ["1000"])[0])
    scope = header.get("scope", ["situation"])[0].strip()
    if scope not in ("situation", "knowledge"):
        raise KnowledgeError(f"{where}: '# scope:' must be 'situation' or 'knowledge', not '{scope}'")
    cite = header.get("cite", ["all"])[0].strip().lower()
    if cite not in ("all", "bound"):
        raise KnowledgeError(f"{where}: '# cite:' must be 'all' or 'bound', not '{cite}'")
    for_validation = header.get("validation", ["no"])[0].strip().lower()
    if for_validation not in ("yes", "no"):
        raise KnowledgeError(f"{where}: '# validation:' must be 'yes' or 'no', not '{for_validation}'")
    return Rule(
        id=rule_id, path=where, label=split_languages(header["label"][0]), text=split_languages(text_value),
        summary=split_languages(header.get("summary", header["label"])[0]),
        sources=[s for v in header["source"] for s in split_sources(v)], why=" ".join(header["why"]),
        order=order, select=construct_to_select(text), template=template, premises=premises,
        optional=optional, reads=sorted(reads), writes=writes, negated_reads=sorted(negated),
        required=sorted(required), required_objects=[list(x) for x in sorted(required_objects)], scope=scope,
        on_situation=on_situation, validation=for_validation == "yes", cite_bound=cite == "bound")


def _on_situation(found: list[tuple[tuple, bool, bool]]) -> list[str]:
    """The predicates that every solution needs with the situation itself as subject: the
    required patterns `?v <p> ...` of the rule's own group (not a sub-select, whose variables are
    its own), where `?v a igs:Situation` is required too. A situation that has none of them
    cannot make the rule fire, and the engine does not ask."""
    from rdflib import RDF, URIRef, Variable

    from . import IGS

    required = [t for t, neg, cond in found if not neg and not cond and isinstance(t[1], URIRef)
                and not getattr(t, "_in_sub", False)]
    anchors = {t[0] for t in required if isinstance(t[0], Variable) and t[1] == RDF.type and t[2] == URIRef(IGS + "Situation")}
    return sorted({str(t[1]) for t in required if t[0] in anchors})


class StratificationError(KnowledgeError):
    pass


def compile_rules(files: list[Path]) -> RuleSet:
    rules = [compile_rule(f) for f in files]
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise KnowledgeError(f"{r.path}: rule id '{r.id}' is also used by {seen[r.id]}")
        seen[r.id] = r.path
    strata, edges = stratify(rules)
    return RuleSet(rules=rules, strata=strata, edges=edges)


def stratify(rules: list[Rule]) -> tuple[list[list[str]], list[tuple[str, str, bool]]]:
    """Order the rules into strata: a rule that reads a predicate under negation runs only after
    every rule that writes it has reached its fixpoint. Refuses a rule set with a cycle through
    negation, naming the cycle."""
    import networkx as nx

    graph: nx.DiGraph = nx.DiGraph()
    written = {w for r in rules for w in r.writes}
    for r in rules:
        for w in r.writes:
            graph.add_node(w)
            for src, neg in [(x, False) for x in r.reads] + [(x, True) for x in r.negated_reads]:
                sources = sorted(written) if src == ANY_PREDICATE else [src]
                for s in sources:
                    if s not in written:
                        continue  # asserted-only predicate: base facts, stratum 0
                    if graph.has_edge(s, w):
                        graph[s][w]["negated"] = graph[s][w]["negated"] or neg
                        graph[s][w]["rules"].add(r.id)
                    else:
                        graph.add_edge(s, w, negated=neg, rules={r.id})
    for component in nx.strongly_connected_components(graph):
        sub = graph.subgraph(component)
        for a, b, d in sub.edges(data=True):
            if d["negated"]:
                cycle = nx.find_cycle(sub, source=b)
                names = " -> ".join(_short(x) for x, _ in cycle) + " -> " + _short(cycle[0][0])
                by = ", ".join(sorted({rid for x, y in cycle for rid in graph[x][y]["rules"]}))
                raise StratificationError(
                    f"the rules cannot be stratified: {_short(b)} depends on the negation of {_short(a)} "
                    f"inside the cycle {names} (rules: {by})")
    condensed = nx.condensation(graph)
    level: dict[int, int] = {}
    for c in nx.topological_sort(condensed):
        members = condensed.nodes[c]["members"]
        lv = 0
        for pred in condensed.predecessors(c):
            neg = any(graph[a][b]["negated"] for a in condensed.nodes[pred]["members"] for b in members
                      if graph.has_edge(a, b))
            lv = max(lv, level[pred] + (1 if neg else 0))
        level[c] = lv
    pred_level = {p: level[condensed.graph["mapping"][p]] for p in graph.nodes}
    for r in rules:
        r.stratum = max((pred_level.get(w, 0) for w in r.writes), default=0)
    n = max((r.stratum for r in rules), default=0) + 1
    strata = [_topological([r for r in rules if r.stratum == i]) for i in range(n)]
    edges = sorted((a, b, d["negated"]) for a, b, d in graph.edges(data=True))
    return [s for s in strata if s], edges


def _topological(rules: list[Rule]) -> list[str]:
    """Order the rules of one stratum so that a rule runs after the rules whose conclusions it
    reads (rules in a positive cycle keep their header order); one pass then usually suffices."""
    import networkx as nx

    g: nx.DiGraph = nx.DiGraph()
    ordered = sorted(rules, key=lambda r: (r.order, r.id))
    for r in ordered:
        g.add_node(r.id)
    for a in ordered:
        for b in ordered:
            if a is not b and set(a.writes) & set(b.reads):
                g.add_edge(a.id, b.id)
    rank = {r.id: i for i, r in enumerate(ordered)}
    out: list[str] = []
    condensed = nx.condensation(g)
    for c in nx.lexicographical_topological_sort(condensed, key=lambda c: min(rank[m] for m in condensed.nodes[c]["members"])):
        out.extend(sorted(condensed.nodes[c]["members"], key=lambda m: rank[m]))
    return out


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------- running

class Derivation(NamedTuple):
    """One application of a rule: the triple it concluded and the bindings of its variables.
    The premises (the rule's positive patterns under these bindings) are built when asked for.
    (A NamedTuple: the fixpoint makes one per conclusion, and a tuple is cheaper to build.)"""
    rule: str
    triple: ox.Triple
    bindings: tuple[tuple[str, store.Term], ...]


@dataclass
class Run:
    """One situation reasoned over: its graphs in the store, and how every fact was derived."""
    kg: store.KnowledgeGraph
    situation: Situation | None  # None: the knowledge-scoped rules, run on the knowledge alone
    input_graph: ox.NamedNode
    derived_graph: ox.NamedNode
    ruleset: RuleSet
    derived: list[ox.Triple] = field(default_factory=list)
    derivations: dict[ox.Triple, list[Derivation]] = field(default_factory=dict)
    static_graph: ox.NamedNode | None = None
    # Inside the store the situation's node goes by a name of this run only (see session);
    # everything the Run hands out uses the situation's own IRI.
    alias: dict[Any, Any] = field(default_factory=dict)   # situation IRI -> the run's name
    unalias: dict[Any, Any] = field(default_factory=dict)  # and back
    memo: dict[str, Any] = field(default_factory=dict)      # what the advice works out once per run

    @property
    def graphs(self) -> list[ox.NamedNode]:
        extra = [self.static_graph] if self.static_graph is not None and self.static_graph != self.input_graph else []
        return extra + [self.input_graph, self.derived_graph]

    def select(self, sparql: str, substitutions=None) -> list[dict]:
        return self.kg.select(sparql, self.graphs, substitutions)

    def derivations_of(self, s, p, o) -> list[Derivation]:
        return self.derivations.get(ox.Triple(s, p, o), [])

    def objects(self, s, predicate: str) -> list:
        """The objects of what was derived for (s, predicate IRI), in the order derived: looked
        up in an index built once the fixpoint is reached (the advice asks dozens of times)."""
        index = self.__dict__.get("_index")
        if index is None or index[0] != len(self.derived):
            by: dict[tuple, list] = {}
            for t in self.derived:
                by.setdefault((t.subject, t.predicate.value), []).append(t.object)
            index = self.__dict__["_index"] = (len(self.derived), by)
        return index[1].get((s, predicate), [])

    def is_input(self, t: ox.Triple) -> bool:
        """Whether a fact was given by the situation itself (and is not also knowledge)."""
        given = self.__dict__.get("_given")
        if given is None:
            given = self.__dict__["_given"] = set(getattr(self.situation, "triples", ()))
        return t in given and not self.kg.contains(t)

    def to_store(self, t: ox.Triple) -> ox.Triple:
        a = self.alias
        if not a or (t.subject not in a and t.object not in a):
            return t
        return ox.Triple(a.get(t.subject, t.subject), t.predicate, a.get(t.object, t.object))

    def holds(self, t: ox.Triple) -> bool:
        """Whether a fact is in the situation, what was derived, or the knowledge."""
        facts = self.__dict__.get("_facts")
        if facts is None or facts[0] != len(self.derived):
            facts = self.__dict__["_facts"] = (len(self.derived), set(self.derived) | set(getattr(self.situation, "triples", ())))
        return t in facts[1] or self.kg.contains(t)


_PATTERN_CACHE: dict[tuple[str, ...], tuple] = {}


def _compiled(pattern: list[str]) -> tuple:
    """A pattern as three (is_variable, name or term) pairs; None for a blank node."""
    key = tuple(pattern)
    c = _PATTERN_CACHE.get(key)
    if c is None:
        parts: list[tuple[bool, object] | None] = []
        for x in pattern:
            if x.startswith("?"):
                parts.append((True, x[1:]))
            elif x.startswith("_:"):
                parts.append(None)
            else:
                parts.append((False, store.parse_term(x)))
        c = _PATTERN_CACHE[key] = tuple(parts)
    return c


def _instantiate(pattern: list[str], solution) -> ox.Triple | None:
    """Fill a pattern from a query solution or a dict of bindings; None when a part is unbound."""
    lookup = solution.get if isinstance(solution, dict) else solution.__getitem__
    out = []
    for part in _compiled(pattern):
        if part is None:
            return None
        v = lookup(part[1]) if part[0] else part[1]
        if v is None:
            return None
        out.append(v)
    s, p, o = out
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        return None
    return ox.Triple(s, p, o)


@dataclass
class _Static:
    """What the knowledge-scoped rules derive from the knowledge alone, once per process."""
    graph: ox.NamedNode
    triples: list[ox.Triple]
    derivations: dict[ox.Triple, list[Derivation]]


def _static(kg, ruleset: RuleSet) -> _Static:
    # Kept on the rule set, beside the graph it was derived from (an id alone could be reused
    # by a later graph once this one is gone).
    cache = ruleset.__dict__.setdefault("_static", {})
    kept = cache.get(id(kg))
    st = kept[1] if kept is not None and kept[0] is kg else None
    if st is None:
        graph = ox.NamedNode(f"urn:igs-kg:static:{uuid.uuid4().hex}")
        run = Run(kg=kg, situation=None, input_graph=graph, derived_graph=graph, ruleset=ruleset)
        static_rules = [r for r in ruleset.rules if r.scope == "knowledge"]
        _fixpoint(run, [[r.id for r in static_rules]] if static_rules else [])
        st = _Static(graph=graph, triples=run.derived, derivations=run.derivations)
        cache[id(kg)] = (kg, st)
    return st


@contextmanager
def session(kg, situation, ruleset: RuleSet | None = None) -> Iterator[Run]:
    """Put a situation beside the knowledge, run the rules to a fixpoint, yield the Run, and
    remove the situation's graphs afterwards (concurrent sessions use distinct graphs)."""
    ruleset = ruleset or load_rules()
    with kg.in_use():
        static = _static(kg, ruleset)
        token = uuid.uuid4().hex
        run = Run(kg=kg, situation=situation, input_graph=ox.NamedNode(f"urn:igs-kg:run:{token}:input"),
                  derived_graph=ox.NamedNode(f"urn:igs-kg:run:{token}:derived"), ruleset=ruleset,
                  static_graph=static.graph)
        # The situation's node gets a name of this run in the store. pyoxigraph keeps the facts
        # of finished runs in its look-up lists until the store is rebuilt (store.py), and a
        # look-up by a subject walks every fact that subject ever had: under one fixed name
        # (every YAML situation is <https://w3id.org/igs-kg/situation>) each advice walked those
        # of all the advices before it. Query results are renamed back as they are read.
        iri = getattr(situation, "iri", None)
        if isinstance(iri, ox.NamedNode):
            name = ox.NamedNode(f"urn:igs-kg:run:{token}:situation")
            run.alias, run.unalias = {iri: name}, {name: iri}
        run.derived.extend(static.triples)
        run.derivations.update(static.derivations)
        kg.add_graph(run.input_graph, [run.to_store(t) for t in situation.triples])
        try:
            strata = [[rid for rid in stratum if run.ruleset.by_id()[rid].scope == "situation"] for stratum in ruleset.strata]
            _fixpoint(run, strata, extra=list(situation.triples) + static.triples)
            yield run
        finally:
            kg.drop_graph(run.input_graph)
            kg.drop_graph(run.derived_graph)


def _fixpoint(run: Run, strata: list[list[str]], extra: Sequence[ox.Triple] = ()) -> None:
    """Run each stratum to its fixpoint. A rule runs again in a stratum only when a predicate it
    reads changed in the previous pass, and not at all while a pattern every solution must match
    (a predicate, or a predicate with an IRI object such as `a igs:Situation`) has no triple in the
    knowledge, `extra` (the situation) or what was derived so far: semi-naive in spirit, the same
    rules and the same answers."""
    rules = run.ruleset.by_id()
    store = run.kg.store  # not compacted while the session holds it (KnowledgeGraph.in_use)
    known: set[ox.Triple] = set(run.derived)
    seen: set[tuple] = set()
    unalias = run.unalias
    present_iris = {p.value for p in run.kg.predicates} | {t.predicate.value for t in extra}
    present_pairs = run.kg.iri_pairs | {(t.predicate.value, t.object.value) for t in extra
                                        if isinstance(t.object, ox.NamedNode)}
    # the rules declare their own prefixes: none are passed per query
    dataset: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [*run.kg.graphs, *run.graphs]
    # the predicates the situation has as subject, in the input and as derived so far (None
    # without a situation: the knowledge-scoped rules)
    sit = getattr(run.situation, "iri", None)
    on_situation = None if sit is None else {t.predicate.value for t in list(extra) + run.derived if t.subject == sit}
    for stratum in strata:
        due = list(stratum)  # the first pass runs every rule, in dependency order
        while due:
            last_write: dict[str, int] = {}  # predicate -> the last position in the stratum that wrote it this pass
            due_set = set(due)
            for pos, rid in enumerate(stratum):
                rule = rules[rid]
                if rid not in due_set:
                    continue
                if any(p not in present_iris for p in rule.required) or \
                        any((p, o) not in present_pairs for p, o in rule.required_objects) or \
                        (on_situation is not None and any(p not in on_situation for p in rule.on_situation)):
                    continue
                names = _variable_names(rule)
                new: list[ox.Triple] = []
                result = solutions(store.query(rule.select, default_graph=dataset))
                # a solution iterates its values in the order of the query's variables (faster than sol[name])
                where = {v.value: i for i, v in enumerate(result.variables)}
                picks = [(n, where.get(n)) for n in names]
                for sol in result:
                    values = tuple(sol)
                    row = {n: (values[i] if i is not None else None) for n, i in picks}
                    if unalias:
                        row = {n: unalias.get(v, v) for n, v in row.items()}
                    bindings = None
                    for pattern in rule.template:
                        triple = _instantiate(pattern, row)
                        if triple is None:
                            continue
                        if bindings is None:
                            bindings = tuple((n, v) for n, v in row.items() if v is not None)
                        key = (rid, triple, bindings)
                        if key in seen:
                            continue
                        seen.add(key)
                        run.derivations.setdefault(triple, []).append(
                            Derivation(rule=rid, triple=triple, bindings=bindings))
                        if triple not in known:
                            known.add(triple)
                            new.append(triple)
                if new:
                    run.derived.extend(new)
                    run.kg.add_graph(run.derived_graph, [run.to_store(t) for t in new] if unalias else new)
                    for t in new:
                        last_write[t.predicate.value] = pos
                        present_iris.add(t.predicate.value)
                        if on_situation is not None and t.subject == sit:
                            on_situation.add(t.predicate.value)
                        if isinstance(t.object, ox.NamedNode):
                            present_pairs.add((t.predicate.value, t.object.value))
            # A rule runs again only if something it reads was written at or after its turn (a
            # rule with a variable predicate reads everything).
            latest = max(last_write.values(), default=-1)
            due = [rid for pos, rid in enumerate(stratum)
                   if (latest >= pos and ANY_PREDICATE in rules[rid].reads)
                   or any(last_write.get(r, -1) >= pos for r in rules[rid].reads)]


def derive_for_validation(kg, graph: ox.NamedNode, ruleset: RuleSet | None = None) -> list[ox.Triple]:
    """Add to `graph` (proposals beside the knowledge) what the rules marked `# validation: yes`
    conclude from them, to a fixpoint, and return it: the facts the shapes may read besides the
    input and the knowledge (the Wgr chapter of each proposal, say). The same rules as the advice
    runs, over every proposal of the graph at once; `check` makes sure they read nothing that an
    unmarked rule derives."""
    ruleset = ruleset or load_rules()
    rules = ruleset.by_id()
    marked = [rules[rid] for stratum in ruleset.strata for rid in stratum if rules[rid].validation]
    dataset: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [*kg.graphs, graph]
    derived: list[ox.Triple] = []
    known: set[ox.Triple] = set()
    while marked:
        new: list[ox.Triple] = []
        for rule in marked:
            result = solutions(kg.store.query(rule.select, default_graph=dataset))
            names = [v.value for v in result.variables]
            for sol in result:
                row = dict(zip(names, sol))
                for pattern in rule.template:
                    triple = _instantiate(pattern, row)
                    if triple is not None and triple not in known:
                        known.add(triple)
                        new.append(triple)
        new = [t for t in new if not kg.contains(t) and ox.Quad(t.subject, t.predicate, t.object, graph) not in kg.store]
        if not new:
            break
        kg.add_graph(graph, new)
        derived.extend(new)
    return derived


def premises(run: Run, d: Derivation) -> list[ox.Triple]:
    """The facts a derivation rests on: the rule's required patterns under its bindings, and its
    conditional ones (OPTIONAL, UNION branches, EXISTS) where they hold."""
    rule = run.ruleset.by_id()[d.rule]
    b = dict(d.bindings)
    out = [t for t in (_instantiate(p, b) for p in rule.premises) if t is not None]
    for p in rule.optional:
        t = _instantiate(p, b)
        if t is not None and t not in out and run.holds(t):
            out.append(t)
    return out


_NAMES: dict[str, tuple[str, ...]] = {}


def _variable_names(rule: Rule) -> tuple[str, ...]:
    names = _NAMES.get(rule.select)
    if names is None:
        # the variables of its patterns, and those its text names ({?n} bound by a COUNT or a BIND)
        shown = {m for t in list(rule.text.values()) + list(rule.label.values()) for m in _SHOWN.findall(t)}
        names = _NAMES[rule.select] = tuple(sorted({x[1:] for pat in rule.template + rule.premises + rule.optional
                                                    for x in pat if x.startswith("?")} | shown))
    return names


_SHOWN = re.compile(r"\{\?([A-Za-z_][A-Za-z0-9_]*)\}")
