"""Named queries: the .rq files in queries/, each with a header giving its title, description,
parameters and source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import InputError, KnowledgeError
from .headers import parse_header, split_languages, split_sources

TYPES = ("iri", "string", "date", "integer", "boolean")


@dataclass
class Parameter:
    name: str
    type: str
    description: str = ""
    required: bool = False


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: dict[str, str]
    description: str
    sources: list[str]
    params: list[Parameter] = field(default_factory=list)


def _parse_param(value: str) -> Parameter:
    # "name type [required] : description"
    head, _, desc = value.partition(":")
    bits = head.split()
    name = bits[0] if bits else ""
    typ = bits[1] if len(bits) > 1 else "string"
    return Parameter(name=name.lstrip("?$"), type=typ, description=desc.strip(), required="required" in bits[2:])


def read_query(path: Path, text: str | None = None) -> NamedQuery:
    """A query and its header; `text` when it was read already (a bounded FILE.rq)."""
    text = path.read_text(encoding="utf-8") if text is None else text
    header = parse_header(text, paths.relative(path))
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=split_languages(header.get("title", [path.stem])[0]),
        description=" ".join(header.get("description", [])),
        sources=[s for v in header.get("source", []) for s in split_sources(v)],
        params=[_parse_param(v) for v in header.get("param", [])],
    )


def list_named_queries() -> list[NamedQuery]:
    return [read_query(p) for p in sorted(paths.queries_dir().glob("*.rq"))]


def named_query_names() -> list[str]:
    return sorted(p.stem for p in paths.queries_dir().glob("*.rq"))


def check_named_query_name(name: str) -> None:
    """Only a name of the list: a name is never a path (no '../', no 10,000-character file name)."""
    names = named_query_names()
    if name not in names:
        shown = name if len(name) <= 100 and name.isprintable() else name[:40].encode("unicode_escape").decode() + "…"
        raise InputError(f"no named query '{shown}' (known: {', '.join(names)})")


_READ: dict[Path, tuple[tuple[int, int], NamedQuery]] = {}


def load_named_query(name: str) -> NamedQuery:
    """A named query, read again only when its file changed (a knowledge engineer may edit it
    while `serve` runs; the endpoint asks for it on every request)."""
    check_named_query_name(name)
    path = paths.queries_dir() / f"{name}.rq"
    try:
        st = path.stat()
    except OSError:
        return read_query(path)  # raises the error of a missing or unreadable file
    stamp = (st.st_mtime_ns, st.st_size)
    kept = _READ.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    query = read_query(path)
    if len(_READ) > 256:  # the folder's queries, not whatever names were asked for
        _READ.clear()
    _READ[path] = (stamp, query)
    return query


def read_query_file(path: str) -> NamedQuery:
    """A query given as a file (FILE.rq) rather than by name, at most MAX_QUERY_BYTES."""
    from .bounds import MAX_QUERY_BYTES, read_input_file

    p = Path(path)
    text = read_input_file(path, MAX_QUERY_BYTES)
    try:
        return read_query(p, text)
    except KnowledgeError:  # a file without a header is still a query
        return NamedQuery(name=p.stem, path=p, text=text, title={"nl": p.stem, "en": p.stem},
                          description="", sources=[], params=[])


def bind_parameters(query: NamedQuery, given: dict[str, str]):
    """Typed RDF terms for the given parameters, checked against the query's header."""
    import datetime as dt

    import pyoxigraph as ox

    from .store import PREFIXES

    xsd = PREFIXES["xsd"]
    declared = {p.name: p for p in query.params}
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, raw in given.items():
        if name not in declared:
            known = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
            raise InputError(f"query '{query.name}' has no parameter '{name}' (its parameters: {known})")
        typ = declared[name].type
        try:
            if typ == "iri":
                if raw.startswith(("http://", "https://", "urn:")):
                    iri = raw
                elif ":" in raw and raw.split(":", 1)[0] in PREFIXES:
                    prefix, local = raw.split(":", 1)
                    iri = PREFIXES[prefix] + local
                else:
                    iri = PREFIXES["igs"] + raw
                terms[name] = ox.NamedNode(iri)
            elif typ == "date":
                terms[name] = ox.Literal(dt.date.fromisoformat(raw).isoformat(),
                                         datatype=ox.NamedNode(xsd + "date"))
            elif typ == "integer":
                terms[name] = ox.Literal(str(int(raw)), datatype=ox.NamedNode(xsd + "integer"))
            elif typ == "boolean":
                if raw.lower() not in ("true", "false"):
                    raise ValueError(raw)
                terms[name] = ox.Literal(raw.lower(), datatype=ox.NamedNode(xsd + "boolean"))
            else:
                terms[name] = ox.Literal(raw)
        except ValueError:
            raise InputError(f"parameter '{name}' must be {'an' if typ[0] in 'aeiou' else 'a'} {typ}, not {raw!r}") from None
    missing = [p.name for p in query.params if p.required and p.name not in terms]
    if missing:
        raise InputError(f"query '{query.name}' needs the parameter(s): {', '.join(missing)}")
    return terms


def run(query: NamedQuery, given: dict[str, str], graphs=(), kg=None):
    """Run a named query with its parameters bound as typed terms; returns pyoxigraph results."""
    from . import store
    from .query_guard import QueryRefused, check

    kg = kg or store.load()
    try:
        check(query.text)
    except QueryRefused as exc:
        raise InputError(exc.message, paths.relative(query.path)) from None
    try:
        return kg.query(query.text, graphs, bind_parameters(query, given))
    except SyntaxError as exc:
        raise InputError(f"not valid SPARQL: {str(exc).splitlines()[0][:300]}", paths.relative(query.path)) from None
