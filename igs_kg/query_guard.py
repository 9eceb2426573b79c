"""The check every SPARQL query from outside passes before any engine sees it: bounded in size, and
no SERVICE (federated access to another endpoint), however it is spelt.

A scan of the text cannot decide this (`FILTER(1<2)SERVICE<http://…>` reads as an IRI to a
scanner and as a comparison to a parser), so the decision rests on a parse. Parsing costs a few
milliseconds, so a quick test comes first that is sound: the keyword cannot occur unless the
letters 'service' do, after SPARQL's \\u escapes are undone and case is folded (SPARQL keywords are
case-insensitive). Only a query that has those letters somewhere (a label "shared service
centre", say) is parsed, by rdflib's SPARQL 1.1 grammar, and refused if the parse holds a SERVICE
pattern or cannot be made at all. The worker processes also run without a network (sandbox), so a
query that got past this still reaches nothing."""

from __future__ import annotations

import re
from functools import lru_cache

from . import bounds

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

SERVICE_REFUSED = "SERVICE (a federated query to another endpoint) is not allowed: igs-kg never reaches the network"


class QueryRefused(Exception):
    """A query that must not run; status is the HTTP status that says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(one, text)


def mentions_service(text: str) -> bool:
    """Sound pre-test: False means the query cannot contain the SERVICE keyword."""
    return "service" in _unescape(text).casefold()


def _has_service(parsed) -> bool:
    stack = [parsed]
    while stack:
        node = stack.pop()
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False


@lru_cache(maxsize=1024)
def _parsed_has_service(text: str) -> bool | None:
    """True/False from a parse; None when the text cannot be parsed. Cached: the same query text
    always gets the same verdict (a verdict about the query, never an answer)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return _has_service(parseQuery(text))
    except (ParseException, RecursionError, ValueError, TypeError, AttributeError):
        return None


def check(text: str, limit: int = bounds.MAX_QUERY_BYTES) -> None:
    """Refuse a query that is empty, too large, or asks for federated access (SERVICE)."""
    if not text.strip():
        raise QueryRefused(400, "the query is empty")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise QueryRefused(413, f"the query is {size:,} bytes; at most {limit:,} are accepted")
    if "\x00" in text:
        raise QueryRefused(400, "the query contains a NUL byte")
    if not mentions_service(text):
        return
    verdict = _parsed_has_service(text)
    if verdict is None:
        raise QueryRefused(400, "the query names 'service' and could not be checked as SPARQL 1.1; "
                                "SERVICE is not allowed, so it is not run")
    if verdict:
        raise QueryRefused(400, SERVICE_REFUSED)


def warm() -> None:
    """Import and exercise the parser once (a long-lived process calls this at start)."""
    _parsed_has_service("ASK { SERVICE <urn:x:warm> { } }")
