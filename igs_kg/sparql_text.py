"""Small, careful edits of SPARQL text: find the WHERE block, bind parameters with a VALUES block
made of serialised RDF terms (never pasted user text), and turn a rule's CONSTRUCT into the
SELECT the engine runs. The scanner skips comments, IRIs and string literals, so braces and
keywords inside them do not count."""

from __future__ import annotations

import re
from typing import Mapping

import pyoxigraph as ox

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _tokens(text: str):
    """Yield (index, char) for every character outside comments, IRIs and string literals."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "<" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "=<":
            j = text.find(">", i + 1)
            if j > 0 and "\n" not in text[i:j] and " " not in text[i:j]:
                i = j + 1
                continue
        if c in "\"'":
            long = text.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            i = j + len(quote)
            continue
        yield i, c
        i += 1


def keyword_at(text: str, keyword: str) -> int:
    """Index of the first occurrence of a keyword outside comments, IRIs and strings, or -1."""
    kw = keyword.upper()
    for i, _ in _tokens(text):
        if text[i:i + len(kw)].upper() == kw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")) \
                and (i + len(kw) >= len(text) or not (text[i + len(kw)].isalnum() or text[i + len(kw)] == "_")):
            return i
    return -1


_WORD = re.compile(r"[A-Za-z_]+")


def keywords(text: str) -> set[str]:
    """The upper-cased bare words outside comments, IRIs and strings (not ?vars, $vars or prefixed
    names): one pass, to check for forbidden keywords."""
    kept = []
    last = -2
    for i, c in _tokens(text):
        if i != last + 1:
            kept.append(" ")
        kept.append(c)
        last = i
    out = set()
    flat = "".join(kept)
    for m in _WORD.finditer(flat):
        before = flat[m.start() - 1] if m.start() else " "
        after = flat[m.end()] if m.end() < len(flat) else " "
        if before not in "?$:" and after != ":":
            out.add(m.group(0).upper())
    return out


def matching_brace(text: str, open_at: int) -> int:
    depth = 0
    for i, c in _tokens(text):
        if i < open_at:
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces")


def where_brace(text: str) -> int:
    """Index of the '{' that opens the query's WHERE block."""
    w = keyword_at(text, "WHERE")
    start = w if w >= 0 else keyword_at(text, "SELECT")
    for i, c in _tokens(text):
        if i > start and c == "{":
            return i
    raise ValueError("no WHERE block")


def bind_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]) -> str:
    """Bind variables to RDF terms by a VALUES block at the start of the WHERE block, so that the
    binding holds before any grouping or aggregation."""
    if not bindings:
        return text
    for name in bindings:
        if not _VAR.match(name):
            raise ValueError(f"not a variable name: {name!r}")
    names = list(bindings)
    row = " ".join(str(bindings[n]) for n in names)
    values = " VALUES (" + " ".join("?" + n for n in names) + ") { (" + row + ") } "
    brace = where_brace(text)
    return text[: brace + 1] + values + text[brace + 1:]


def construct_to_select(text: str) -> str:
    """'CONSTRUCT { template } WHERE { ... }' -> 'SELECT * WHERE { ... }' (prologue kept)."""
    c = keyword_at(text, "CONSTRUCT")
    if c < 0:
        raise ValueError("not a CONSTRUCT query")
    open_at = next(i for i, ch in _tokens(text) if i > c and ch == "{")
    close_at = matching_brace(text, open_at)
    return text[:c] + "SELECT *" + text[close_at + 1:]
