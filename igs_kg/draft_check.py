"""What `validate` adds for a draft read back (draft_read): the articles the law requires in a
draft of this proposal and the articles as they stand in its text, as triples of the proposal
(igs:draftRequires, igs:draftArticle with igs:ofClause and igs:articleText). The shapes in
ontology/shapes/draft-text.ttl decide: an article gone, or one that lost the words the law fixes,
is a violation; an open choice is a warning.

The required articles are those of the draft the proposal itself produces now (the same clauses,
selected the same way), so an edit of the embedded proposal cannot make a requirement disappear
without changing the proposal that is validated."""

from __future__ import annotations

import re

import pyoxigraph as ox

from . import IGS
from .draft_read import DraftText

N = ox.NamedNode


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def triples(situation, read: DraftText, file: str) -> list[ox.Triple]:
    from . import drafting
    from .errors import IgsError

    lang = read.lang if read.lang in drafting.LANGS else "nl"
    try:
        reference = drafting.build(read.proposal, file, "yaml", lang)
    except IgsError:  # the proposal cannot be drafted: its own validation says why
        return []
    me = situation.iri
    out = []
    wanted: dict[str, list[str]] = {}
    for a in reference.articles:
        if a.provision or a.required:
            out.append(ox.Triple(me, N(IGS + "draftRequires"), N(a.clause)))
        wanted.setdefault(_norm(a.heading), []).append(a.clause)
    seen: dict[str, int] = {}
    for heading, text in read.articles:
        key = _norm(heading)
        clauses = wanted.get(key, [])
        i = seen.get(key, 0)
        if i >= len(clauses):
            continue
        seen[key] = i + 1
        node = ox.BlankNode()
        out += [ox.Triple(me, N(IGS + "draftArticle"), node), ox.Triple(node, N(IGS + "ofClause"), N(clauses[i])),
                ox.Triple(node, N(IGS + "articleText"), ox.Literal(heading + "\n" + text, language=lang))]
    return out
