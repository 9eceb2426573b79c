"""The comment header of a rule or query file: `# key: value` lines before the first line of
SPARQL, where a line `#   more` continues the previous value. Shared by rules and queries."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import KnowledgeError

_KEY = re.compile(r"^#\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_CONT = re.compile(r"^#\s{2,}(.*)$")


def parse_header(text: str, path: Path | str) -> dict[str, list[str]]:
    """Return every header key with its values (a key may repeat, e.g. `param`)."""
    header: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _KEY.match(stripped)
        if m and not _CONT.match(stripped):
            last = m.group(1).lower()
            header.setdefault(last, []).append(m.group(2).strip())
            continue
        c = _CONT.match(stripped)
        if c and last:
            header[last][-1] = (header[last][-1] + " " + c.group(1).strip()).strip()
    if not header:
        raise KnowledgeError(f"{path}: no header (# id: ..., # source: ...) before the SPARQL")
    return header


def split_languages(value: str) -> dict[str, str]:
    """'Tekst @nl | Text @en' -> {'nl': 'Tekst', 'en': 'Text'}; an untagged value counts for both."""
    out: dict[str, str] = {}
    for part in value.split("|"):
        part = part.strip()
        m = re.match(r"^(.*?)\s*@([a-z]{2})$", part)
        if m:
            out[m.group(2)] = m.group(1).strip()
        elif part:
            out.setdefault("nl", part)
            out.setdefault("en", part)
    return out


def split_sources(value: str) -> list[str]:
    """'https://... ; thesis §5.3.1' -> ['https://...', 'thesis §5.3.1']."""
    return [s.strip() for s in value.split(";") if s.strip()]
