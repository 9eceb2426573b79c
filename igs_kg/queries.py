"""Named queries: the .rq files in queries/, each with a header giving its title, description,
parameters and source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import InputError
from .headers import parse_header, split_languages, split_sources


@dataclass
class Parameter:
    name: str
    type: str
    description: str = ""


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
    # "name type : description"
    head, _, desc = value.partition(":")
    bits = head.split()
    name = bits[0] if bits else ""
    typ = bits[1] if len(bits) > 1 else "string"
    return Parameter(name=name.lstrip("?$"), type=typ, description=desc.strip())


def read_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
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


def load_named_query(name: str) -> NamedQuery:
    path = paths.queries_dir() / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_named_queries())
        raise InputError(f"no named query '{name}' (known: {known})")
    return read_query(path)
