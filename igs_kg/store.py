"""The knowledge graph, loaded once per process into an embedded pyoxigraph store.

The knowledge sits in one named graph; per-request graphs (a situation, its derived facts) sit
beside it without mixing with it, and queries name the graphs they read through pyoxigraph's
``default_graph``. (One graph for all the knowledge halves the cost of a query compared with a
graph per file; which file a fact comes from is found by ``file_of``.)
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyoxigraph as ox

from . import IGS, KB_GRAPH, SRC, TOOI_GEMEENTE, paths
from .errors import IgsError, KnowledgeError
from .sparql_text import bind_values

PREFIXES = {
    "igs": IGS,
    "src": SRC,
    "gm": TOOI_GEMEENTE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def parse_turtle_file(path: Path) -> list[ox.Triple]:
    """Parse one Turtle file; a syntax error becomes a KnowledgeError naming file and line."""
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise KnowledgeError(f"{paths.relative(path)}:{_line_of(exc)}: {_message_of(exc)}") from None
    except OSError as exc:
        raise KnowledgeError(f"{paths.relative(path)}: cannot read: {exc.strerror or exc}") from None


def _line_of(exc: SyntaxError) -> str:
    if getattr(exc, "lineno", None):
        return str(exc.lineno)
    m = re.search(r"line (\d+)", str(exc))
    return m.group(1) if m else "?"


def _message_of(exc: SyntaxError) -> str:
    return (getattr(exc, "msg", None) or str(exc)).splitlines()[0]


@lru_cache(maxsize=4096)
def parse_term(n3: str):
    """One RDF term from its N-Triples form ('<iri>', '"text"@nl', '"1"^^<...#integer>')."""
    return next(iter(ox.parse(f"<urn:s> <urn:p> {n3} .".encode(), ox.RdfFormat.N_TRIPLES))).object


# A term of the knowledge (an RDF-star triple never occurs in it). A solution of a SELECT query
# maps its bound variables to such terms; which kind each is, the query says (?label a literal,
# ?form an IRI), not the type checker, so a row's values are typed Any.
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Any]


def _file_key(t: ox.Triple) -> tuple:
    return tuple(None if isinstance(x, ox.BlankNode) else x for x in (t.subject, t.predicate, t.object))


def to_bytes(triples: Iterable[ox.Triple], format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples serialised in memory (ox.serialize returns None only when given a file)."""
    data = ox.serialize(triples, format=format, prefixes=prefixes)
    assert data is not None
    return data


def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term's text. The knowledge and the inputs hold no RDF-star triples, which have none."""
    if isinstance(term, ox.Triple):
        raise TypeError(f"an RDF-star triple has no value: {term}")
    return term.value


def solutions(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> ox.QuerySolutions:
    """The solutions of a SELECT query (the type checker cannot tell a SELECT from an ASK)."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result


class KnowledgeGraph:
    """The loaded knowledge: a pyoxigraph store with all the knowledge in one named graph."""

    def __init__(self, files: Iterable[Path], triples: Iterable[ox.Triple] = ()):
        self.store = ox.Store()
        self.files: list[Path] = list(files)
        self.kb_graph = ox.NamedNode(KB_GRAPH)
        self.graphs: list[ox.NamedNode] = [self.kb_graph]
        self._file_of: dict[tuple, set[str]] | None = None
        for path in self.files:
            try:
                self.store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=self.kb_graph)
            except SyntaxError:
                parse_turtle_file(path)  # raises the KnowledgeError with file and line
                raise
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, self.kb_graph) for t in triples)
        self.triple_count = len(self.store)
        self.predicates = {r["p"] for r in solutions(self.store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
                                                                       default_graph=self.kb_graph))}
        # Per-request graphs are counted, so that the store can be compacted (see drop_graph).
        self._sizes: dict[ox.NamedNode, int] = {}
        self._garbage = 0
        self._in_use = 0
        self._lock = threading.Lock()
        self.compactions = 0
        self._live: tuple[tuple, list[ox.Quad]] | None = None

    @property
    def iri_pairs(self) -> set[tuple[str, str]]:
        """Every (predicate, IRI object) of the knowledge, so the rule engine can skip a rule
        that needs a pattern such as `?x a igs:Proposal` no graph has. Worked out once."""
        pairs = self.__dict__.get("_iri_pairs")
        if pairs is None:
            pairs = self.__dict__["_iri_pairs"] = {
                (p.value, o.value) for p, o in solutions(self.store.query(
                    "SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }", default_graph=self.kb_graph))}
        return pairs

    def file_of(self, t: ox.Triple) -> str | None:
        """Which file a fact comes from (for `explain`), worked out when first asked. The files are
        parsed again for this, so their blank nodes get new names: a fact with a blank node is
        matched on its other terms, and named only when one file has such a fact."""
        if self._file_of is None:
            self._file_of = {}
            for path in self.files:
                where = paths.relative(path)
                for fact in parse_turtle_file(path):
                    self._file_of.setdefault(_file_key(fact), set()).add(where)
        files = self._file_of.get(_file_key(t), ())
        return next(iter(files)) if len(files) == 1 else None

    # ------------------------------------------------------------------ queries

    def query(self, sparql: str, graphs: Iterable[ox.NamedNode] = (),
              substitutions: Mapping[str, Term] | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the knowledge plus the extra graphs given; `substitutions`
        binds variables to RDF terms (a VALUES block of serialised terms, see sparql_text)."""
        if substitutions:
            sparql = bind_values(sparql, substitutions)
        return self.store.query(
            sparql,
            default_graph=[*self.graphs, *graphs],
            prefixes=PREFIXES,
        )

    def select(self, sparql: str, graphs: Iterable[ox.NamedNode] = (),
               substitutions: Mapping[str, Term] | None = None) -> list[Row]:
        result = solutions(self.query(sparql, graphs, substitutions))
        names = [v.value for v in result.variables]
        # a solution iterates its values in the order of the variables: 3x faster than sol[name]
        return [{n: v for n, v in zip(names, sol) if v is not None} for sol in result]

    def ask(self, sparql: str, graphs: Iterable[ox.NamedNode] = ()) -> bool:
        return bool(self.query(sparql, graphs))

    # ------------------------------------------------------------------ per-request graphs

    # pyoxigraph's in-memory store never frees a removed quad: removal only closes the quad's
    # version range, and the quad stays in the lists that pattern look-ups walk (see
    # lib/oxigraph/src/storage/memory.rs). A process that adds and removes each situation's
    # graphs therefore grows and slows without end (5x after 2,000 advices). The store is rebuilt
    # from its live quads when no request holds it and the removed quads reach COMPACT_RATIO of
    # the live ones: one rebuild (~14 ms) every ~200 requests, rare enough to stay out of the
    # 99th percentile; a server worker rebuilds sooner when it is idle (tidy, IDLE_RATIO).
    # benchmarks/bench_long_run.py measures both sides.
    COMPACT_RATIO = 1.5
    IDLE_RATIO = 0.1

    @contextmanager
    def in_use(self):
        """Hold the store for a request: it is never rebuilt under a running query."""
        with self._lock:
            self._in_use += 1
        try:
            yield self
        finally:
            with self._lock:
                self._in_use -= 1
                self._maybe_compact()

    def add_graph(self, name: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
        self.store.extend(quads)
        self._sizes[name] = self._sizes.get(name, 0) + len(quads)

    def drop_graph(self, name: ox.NamedNode) -> None:
        self.store.remove_graph(name)
        with self._lock:
            self._garbage += self._sizes.pop(name, 0)
            self._maybe_compact()

    def tidy(self) -> bool:
        """Rebuild the store now if it holds more than a little garbage: for a server worker
        between requests, so that requests rarely pay for a rebuild. True when it rebuilt."""
        with self._lock:
            return self._maybe_compact(self.IDLE_RATIO)

    def _maybe_compact(self, ratio: float | None = None) -> bool:
        if self._in_use or self._garbage <= (self.COMPACT_RATIO if ratio is None else ratio) * self.triple_count:
            return False
        # The live quads are the knowledge and the graphs still held (the knowledge-scoped
        # derivations); they are kept as a list between rebuilds while those graphs stay the same.
        held = tuple(sorted((g.value, n) for g, n in self._sizes.items()))
        if self._live is None or self._live[0] != held:
            self._live = (held, list(self.store))
        fresh = ox.Store()
        fresh.extend(self._live[1])
        self.store = fresh
        self._garbage = 0
        self.compactions += 1
        return True

    def triples(self, graph: ox.NamedNode | None = None) -> Iterable[ox.Triple]:
        g = graph or self.kb_graph
        return (q.triple for q in self.store.quads_for_pattern(None, None, None, g))

    def contains(self, t: ox.Triple, graphs: Iterable[ox.NamedNode] = ()) -> bool:
        for g in self.graphs + list(graphs):
            if next(iter(self.store.quads_for_pattern(t.subject, t.predicate, t.object, g)), None) is not None:
                return True
        return False


class StoreError(IgsError):
    """The store named by --store cannot give the knowledge: down, refusing, or answering garbage."""

    exit_code = 2


def store_headers() -> dict[str, str]:
    """Credentials for the store from the environment, never from the command line (where `ps`
    shows them): IGS_KG_STORE_USER and IGS_KG_STORE_PASSWORD (basic), or IGS_KG_STORE_TOKEN (bearer)."""
    import base64
    import os

    token = os.environ.get("IGS_KG_STORE_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get("IGS_KG_STORE_USER"), os.environ.get("IGS_KG_STORE_PASSWORD")
    if user is not None and password is not None:
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
    return {}


def _store_query(url: str, query: str, accept: str, timeout: float) -> bytes:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept, **store_headers()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's own store
            return response.read()
    except urllib.error.HTTPError as exc:
        hint = " (give IGS_KG_STORE_USER and IGS_KG_STORE_PASSWORD, or IGS_KG_STORE_TOKEN)" if exc.code in (401, 403) else ""
        raise StoreError(f"the store at {url} answered {exc.code}: {exc.reason}{hint}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise StoreError(f"cannot reach the store at {url}: {getattr(exc, 'reason', exc)}") from None


class RemoteKnowledgeGraph(KnowledgeGraph):
    """The knowledge graph as published in an existing SPARQL 1.1 store (`igs-kg publish`): read
    from the named graph there once per process, then reasoned over here like the local one."""

    def __init__(self, url: str, graph: str):
        import time

        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        data = _store_query(url, query, "application/n-triples", 60)
        try:
            triples = [q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError) as exc:  # a proxy's error page, a store that speaks another format
            raise StoreError(f"the store at {url} did not answer N-Triples: {str(exc).splitlines()[0][:200]}") from None
        if not triples:
            raise StoreError(f"the graph <{graph}> at {url} is empty; publish it first with `igs-kg publish`")
        super().__init__([], triples)
        self.source, self.read_at = url, time.time()


def probe(url: str, graph: str, timeout: float = 2.0) -> dict:
    """The store's state now: reachable, and how many triples its graph holds (for /healthz)."""
    import json

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        data = json.loads(_store_query(url, query, "application/sparql-results+json", timeout))
        n = int(data["results"]["bindings"][0]["n"]["value"])
    except StoreError as exc:
        return {"url": url, "reachable": False, "error": str(exc)}
    except (ValueError, KeyError, IndexError, TypeError):
        return {"url": url, "reachable": False, "error": f"the store at {url} did not answer SPARQL results"}
    return {"url": url, "reachable": True, "triples": n}


@lru_cache(maxsize=4)
def _load(root: str, remote: str = "", graph: str = "") -> KnowledgeGraph:
    if remote:
        return RemoteKnowledgeGraph(remote, graph or KB_GRAPH)
    return KnowledgeGraph(paths.knowledge_files())


def load() -> KnowledgeGraph:
    """The knowledge graph, loaded once per process: from the files of the data root, or, when
    IGS_KG_STORE names a SPARQL endpoint, from the graph published there (IGS_KG_STORE_GRAPH)."""
    import os

    return _load(str(paths.data_root()), os.environ.get("IGS_KG_STORE", ""), os.environ.get("IGS_KG_STORE_GRAPH", ""))


def publish(url: str, graph: str = KB_GRAPH) -> int:
    """Load the knowledge graph into a store by the Graph Store Protocol: one PUT that replaces the
    named graph as a whole (atomically in Oxigraph, Fuseki and GraphDB)."""
    import urllib.error
    import urllib.parse
    import urllib.request

    kg = KnowledgeGraph(paths.knowledge_files())
    body = ox.serialize(kg.triples(), format=ox.RdfFormat.N_TRIPLES)
    sep = "&" if "?" in url else "?"
    target = f"{url}{sep}graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(target, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples", **store_headers()})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - the user's own store
            if response.status >= 300:
                raise KnowledgeError(f"{url} answered {response.status}")
    except urllib.error.HTTPError as exc:
        raise KnowledgeError(f"{url} answered {exc.code}: {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise KnowledgeError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from None
    return kg.triple_count
