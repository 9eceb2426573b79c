"""The words of a draft regeling that are language, not law: who makes it ("de colleges van
burgemeester en wethouders van de gemeenten Aalsmeer en Amstelveen"), a date ("18 juni 2024") and
an article of law as a legal text cites it ("artikel 1, vierde lid, van de Wet gemeenschappelijke
regelingen"). The phrases for bodies, kinds and acts are data (ontology/kb/draft-words.ttl)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from urllib.parse import parse_qs

from . import paths, store
from .draft_fill import join

MONTHS = {"nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                 "november", "december"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}
_ORDINALS = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende",
             "elfde", "twaalfde", "dertiende", "veertiende", "vijftiende", "zestiende", "zeventiende", "achttiende",
             "negentiende", "twintigste"]
_LINK = re.compile(r"^https://wetten\.overheid\.nl/jci1\.3:c:(BWBR\d+)&(.*)$")


def date(day: dt.date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


@lru_cache(maxsize=2)
def _phrases(root: str) -> tuple[dict, dict, dict, dict]:
    kg = store.load()
    phrases: dict[str, dict[tuple[str, str], str]] = {}
    for prop, n in (("singularPhrase", "one"), ("pluralPhrase", "many")):
        for r in kg.select(f"SELECT ?x ?v WHERE {{ ?x igs:{prop} ?v }}"):
            phrases.setdefault(r["x"].value, {})[(n, r["v"].language or "nl")] = r["v"].value
    holds: dict[str, list[str]] = {}
    for r in kg.select("SELECT ?k ?w WHERE { ?k igs:nameHoldsKind ?w }"):
        holds.setdefault(r["k"].value, []).append(r["w"].value)
    acts = {r["a"].value.rsplit("/", 1)[-1] + "@" + (r["n"].language or "nl"): r["n"].value
            for r in kg.select("SELECT ?a ?n WHERE { ?a igs:formalName ?n }")}
    prefixes = {r["k"].value: r["p"].value for r in kg.select("SELECT ?k ?p WHERE { ?k igs:namePrefix ?p }")}
    return phrases, holds, acts, prefixes


def _data():
    return _phrases(str(paths.data_root()))


def phrase(iri: str, lang: str, many: bool = False) -> str | None:
    return _data()[0].get(iri, {}).get(("many" if many else "one", lang))


def short(name: str, kind: str | None) -> str:
    """A participant's name as a legal text writes it after its kind: 'Provincie Utrecht' -> 'Utrecht'."""
    prefix = _data()[3].get(kind or "")
    return name[len(prefix):] if prefix and name.startswith(prefix) and len(name) > len(prefix) else name


def of_kind(kind: str, names: list[str], lang: str) -> str:
    """'de gemeente Dongen', 'de gemeenten Aalsmeer en Amstelveen', 'Hoogheemraadschap van Delfland'."""
    holds = _data()[1].get(kind, [])
    bare = [n for n in names if any(n.split(" ", 1)[0] == w for w in holds)]
    plain = [n for n in names if n not in bare]
    words = phrase(kind, lang, many=len(plain) > 1)
    parts = ([f"{words} {join(plain, lang)}" if words else join(plain, lang)] if plain else []) + bare
    return join(parts, lang)


def participants_of(groups: list[tuple[str, list[str]]], lang: str) -> str:
    """(kind, names) groups as one phrase: 'de gemeenten Utrecht en Zeist en de provincie Utrecht'."""
    return join([of_kind(kind, names, lang) for kind, names in groups], lang)


def bodies_of(groups: list[tuple[str, str, list[str]]], lang: str) -> str:
    """(body, kind, participant names) groups as one phrase: 'het college van burgemeester en
    wethouders van de gemeente A en gedeputeerde staten van de provincie Utrecht'."""
    of = " van " if lang == "nl" else " of "
    parts = []
    for body, kind, names in groups:
        words = phrase(body, lang, many=len(names) > 1) or body.rsplit("#", 1)[-1]
        parts.append(words + of + of_kind(kind, names, lang))
    return join(parts, lang)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _act_name(bwb: str, lang: str) -> str | None:
    acts = _data()[2]
    return acts.get(f"{bwb}@{lang}") or acts.get(f"{bwb}@nl")


def _parts(link: str) -> tuple[str, str, str | None] | None:
    m = _LINK.match(link)
    if not m:
        return None
    q = parse_qs(m.group(2))
    if "artikel" not in q:
        return None
    return m.group(1), q["artikel"][0], (q.get("lid") or [None])[0]


def _article_key(article: str) -> tuple:
    m = re.match(r"(\d+)(.*)", article)
    return (int(m.group(1)), m.group(2)) if m else (10**6, article)


def formal(links: list[str], lang: str) -> str:
    """Links to articles of law as a legal text cites them: 'artikel 1, vierde en vijfde lid, van de
    Wet gemeenschappelijke regelingen' / 'article 1(4) and (5) of the Wet gemeenschappelijke
    regelingen'; several acts joined. Links that are not to an article are left out."""
    by_act: dict[str, dict[str, list[str]]] = {}
    for link in links:
        p = _parts(link)
        if p and _act_name(p[0], lang):
            lids = by_act.setdefault(p[0], {}).setdefault(p[1], [])
            if p[2] and p[2] not in lids:
                lids.append(p[2])
    out = []
    for bwb, articles in by_act.items():
        name = _act_name(bwb, lang)
        ordered = sorted(articles, key=_article_key)
        if len(ordered) == 1 and articles[ordered[0]]:
            a, lids = ordered[0], sorted(articles[ordered[0]], key=_article_key)
            if lang == "nl":
                words = join([_ORDINALS[int(x) - 1] if x.isdigit() and 0 < int(x) <= 20 else x for x in lids], lang)
                out.append(f"artikel {a}, {words} lid, van {name}")
            else:
                out.append(f"article {a}" + "".join(f"({x})" for x in lids) + f" of {name}")
        else:
            word = ("artikel " if len(ordered) == 1 else "de artikelen ") if lang == "nl" else \
                ("article " if len(ordered) == 1 else "articles ")
            out.append(f"{word}{join(ordered, lang)} {'van' if lang == 'nl' else 'of'} {name}")
    return join(out, lang)
