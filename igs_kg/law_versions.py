"""Which version of a law article a dated link names, from the amendments in the graph
(ontology/kb/amendments.ttl): a link `…&artikel=26&g=2014-01-01` names the text of art. 26 between
the amendments of art. 26 before and after that day. Used to cite, among a reason's dated links
to one article, the one in force on the situation's date, and by `igs-kg check`."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import paths, store

DATED_LINK = re.compile(r"^https://wetten\.overheid\.nl/jci1\.3:c:(BWBR\d+)&(?:[a-z]+=[^&]*&)*?artikel=([0-9a-z:.]+)"
                        r"(?:&[a-z]+=[^&]*)*?&g=(\d{4}-\d\d-\d\d)")


@lru_cache(maxsize=2)
def _amended(root: str) -> dict[tuple[str, str], list[dt.date]]:
    """(BWB id, article) -> the days an amendment changed that article, in order."""
    out: dict[tuple[str, str], list[dt.date]] = {}
    for r in store.load().select("""SELECT ?law ?d ?a WHERE {
            ?x a igs:Amendment ; igs:amends ?law ; igs:amendmentInForce ?d ; igs:changedArticle ?a }"""):
        out.setdefault((r["law"].value.rsplit("/", 1)[-1], r["a"].value), []).append(dt.date.fromisoformat(r["d"].value))
    return {k: sorted(v) for k, v in out.items()}


def changes_of(key: tuple[str, str]) -> list[dt.date]:
    """The days an amendment changed an article, (BWB id, article) -> in order."""
    return _amended(str(paths.data_root())).get(key, [])


def version(link: str) -> tuple[tuple[str, str], dt.date, dt.date] | None:
    """The article a dated link names and the period of the text it names, [start, end); None for
    a link without a date or to a statute without amendments in the graph."""
    m = DATED_LINK.match(link)
    if not m:
        return None
    key, day = (m.group(1), m.group(2)), dt.date.fromisoformat(m.group(3))
    changes = _amended(str(paths.data_root())).get(key, [])
    return (key, max((d for d in changes if d <= day), default=dt.date.min),
            min((d for d in changes if d > day), default=dt.date.max))


def in_force_on(links: list[str], day: dt.date) -> list[str]:
    """The links without those that name a text of an article that was not in force on `day`
    (the text before an amendment, or after one): what a reason or step on that day rests on.
    Undated links and other sources are kept; when nothing would be left, the list stays whole."""
    kept = [link for link in links if (v := version(link)) is None or v[1] <= day < v[2]]
    return kept or list(links)


def cite_in_force(tree, day: dt.date):
    """Every `sources` list in a JSON tree (the advice, a validation report) cut to the texts in
    force on `day`, in place; returns the tree."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key == "sources" and isinstance(value, list) and all(isinstance(x, str) for x in value):
                tree[key] = in_force_on(value, day)
            else:
                cite_in_force(value, day)
    elif isinstance(tree, list):
        for item in tree:
            cite_in_force(item, day)
    return tree
