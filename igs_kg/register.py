"""The register of public bodies, as of a date: who a name or code in `participants` is.

Read once per process from the knowledge graph (register.ttl, made by tools/build_register.py
from TOOI, CBS and ROO; register-aliases.ttl; foreign.ttl): every municipality, province and
waterschap with its TOOI IRI, names, begin and end dates, and the herindelingen that ended bodies
and made others; the ministries and the openbare lichamen of regelingen in ROO; the kinds of other
bodies that their words give away. Resolving a name is then a dictionary look-up;
the date picks, among the bodies of that name, the one that existed then
(docs/contract.md#participants-of-every-kind-as-of-a-date)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from . import paths

TOOI = "https://identifier.overheid.nl/tooi/id/"
UNRESOLVED = "https://w3id.org/igs-kg/unresolved/"
REGISTER_START = dt.date(2010, 1, 1)  # a date before it resolves on the bodies of today (issue 19: unchanged)
BODY = "https://w3id.org/igs-kg/body/"  # recognised bodies outside the register: …/de/…, …/regeling/…
TYPED_LABELS_KEPT = 4096
_CODE = re.compile(r"^\s*(?:https://identifier\.overheid\.nl/tooi/id/(?:gemeente|provincie|waterschap)/)?"
                   r"(gm\d{4}|pv\d\d|ws\d{4})\s*$", re.IGNORECASE)
_KIND_OF_CODE = {"gm": "gemeente", "pv": "provincie", "ws": "waterschap"}


def norm(name: str) -> str:
    """A name as compared: diacritics, case, spacing, a hyphen for a space ("Sint Oedenrode") and
    the typographic apostrophe forgiven."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[\s-]+", " ", s).strip()


def repaired(name: str) -> str | None:
    """A name in broken encoding (UTF-8 read as Latin-1: "SÃºdwest-FryslÃ¢n") as it was meant, or
    None when it does not look broken or does not repair."""
    if not re.search("[\u00c2\u00c3][\u0080-\u00bf]", name):
        return None
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


@dataclass
class Body:
    iri: str
    kind: str                   # the skos:notation of its class: gemeente, provincie, waterschap
    kind_class: str
    label: str
    code: str | None = None
    begin: dt.date | None = None
    end: dt.date | None = None
    successors: list[tuple[dt.date, list[str]]] = field(default_factory=list)
    predecessors: list[tuple[dt.date, list[str]]] = field(default_factory=list)
    province: str | None = None     # a municipality's province (TOOI ligtInProvincie); a province itself

    def exists_on(self, day: dt.date) -> bool:
        return (self.begin is None or self.begin <= day) and (self.end is None or day < self.end)


@dataclass
class Text:
    nl: str
    en: str


@dataclass
class Resolved:
    input: str
    iri: str                    # an unresolved name gets a placeholder IRI and still counts
    kind: str | None
    kind_class: str
    label: str
    resolved: bool
    warnings: list[Text] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)  # an ambiguous name: the bodies it may be

    def as_json(self) -> dict:
        return {"input": self.input, "id": self.iri if self.resolved else None, "kind": self.kind, "label": self.label}


@dataclass
class Marker:
    words: str                  # a prefix ("Gemeinde ") or a suffix in brackets ("(Duitsland)")
    kind_class: str
    country: str | None         # the igs:Country IRI, for a foreign body
    code: str | None            # the country's code, for its IRI


class Register:
    def __init__(self, bodies: dict[str, Body], names: dict[str, set[str]], kinds: dict[str, str],
                 markers: list[Marker] | None = None, kind_words: dict[str, list[str]] | None = None):
        self.bodies = bodies
        self.names = names
        self.kinds = kinds          # notation -> class IRI
        self.markers = markers or []
        # the words that name a kind ("Gemeente", "Hoogheemraadschap van"), longest first, and each
        # kind's names without them: "Waterschap Rijnland" is the waterschap named "Hoogheemraadschap
        # van Rijnland", "Utrecht (provincie)" the province "Provincie Utrecht"
        self.raw_kind_words = kind_words or {}  # as read, for the cache
        self.kind_words = {k: sorted((norm(w) for w in ws), key=len, reverse=True) for k, ws in (kind_words or {}).items()}
        self.cores: dict[str, dict[str, set[str]]] = {}
        for name, iris in names.items():
            for iri in iris:
                kind = bodies[iri].kind
                self.cores.setdefault(kind, {}).setdefault(self._strip(kind, name)[0], set()).add(iri)
        self.countries = {m.code: m.country for m in self.markers if m.code}  # "de" -> igs:Duitsland
        # The labels of recognised bodies outside the register, as typed, for the text of this
        # request's advice; bounded, because a long-lived worker resolves names from anyone.
        self._typed: OrderedDict[str, str] = OrderedDict()

    def label(self, iri: str) -> str:
        b = self.bodies.get(iri)
        if b:
            return b.label
        if iri.startswith(UNRESOLVED):
            from urllib.parse import unquote

            return unquote(iri[len(UNRESOLVED):])
        if iri in self._typed:
            return self._typed[iri]
        return iri.rsplit("/", 1)[-1].upper() if iri.startswith(TOOI) else iri

    def _names(self, iris: list[str]) -> str:
        codes = {i: self.bodies[i].code if i in self.bodies else None for i in iris}
        return ", ".join(f"{self.label(i)} ({(codes[i] or '').upper() or i})" for i in iris)

    def resolve(self, name: str, as_of: dt.date) -> Resolved:
        text = str(name)
        m = _CODE.match(text)
        if m:
            return self._by_code(text, m.group(1).lower(), as_of)
        day = as_of if as_of >= REGISTER_START else dt.date.today()
        hits = sorted(self.names.get(norm(text), set()))
        fixed = repaired(text) if not hits else None
        if fixed is not None and self.names.get(norm(fixed)):
            r = self.resolve(fixed, as_of)
            r.input = text
            r.warnings.insert(0, Text(nl=f"'{text}' is gelezen als '{fixed}' (de tekenset was kapot: UTF-8 als Latin-1 gelezen).",
                                      en=f"'{text}' was read as '{fixed}' (its encoding was broken: UTF-8 read as Latin-1)."))
            return r
        if not hits:
            hits = self._by_kind_words(text)
        if not hits:
            return self._recognised(text) or self._unknown(text)
        living = [h for h in hits if self.bodies[h].exists_on(day)]
        if len(living) == 1:
            return self._found(text, living[0])
        if len(living) > 1:
            r = self._found(text, living[0])
            r.iri, r.resolved = _placeholder(text), False
            r.label = text
            r.candidates = living
            r.warnings.append(Text(
                nl=f"De naam '{text}' is dubbelzinnig ({self._names(living)}); hij telt als één deelnemer, maar geef de code.",
                en=f"The name '{text}' is ambiguous ({self._names(living)}); it counts as one participant, but give the code."))
            return r
        # the name is known, but no body of that name existed on the date: say what happened to it
        body = self.bodies[max(hits, key=lambda h: self.bodies[h].end or dt.date.max)]
        r = self._found(text, body.iri)
        r.warnings.append(self._not_on_date(body, day))
        return r

    def _strip(self, kind: str, name: str) -> tuple[str, bool]:
        """A name without a word of its kind before it or in brackets after it, and whether it had one."""
        for w in self.kind_words.get(kind, []):
            if name.startswith(w + " "):
                return name[len(w) + 1:].strip(), True
            if name.endswith(f"({w})"):
                return name[:-len(w) - 2].strip(), True
        return name, False

    def _by_kind_words(self, text: str) -> list[str]:
        """The bodies a name means once its kind's words are set aside: with such a word, a body of
        that kind of that core name; without one, a core name only one body of any kind has."""
        low = norm(text)
        for kind in self.kind_words:
            core, had = self._strip(kind, low)
            if had:
                return sorted(self.cores.get(kind, {}).get(core, set()))
        found = {iri for cores in self.cores.values() for iri in cores.get(low, set())}
        return sorted(found) if len({self.bodies[i].kind for i in found}) == 1 else []

    def settle(self, results: list[Resolved]) -> None:
        """An ambiguous name among the participants ("Bergen") is the candidate in the province of
        the others, when that makes it unique."""
        provinces = {self.bodies[r.iri].province for r in results if r.resolved and r.iri in self.bodies} - {None}
        for r in results:
            if r.resolved or not r.candidates:
                continue
            inside = [c for c in r.candidates if self.bodies[c].province in provinces]
            if len(inside) == 1:
                settled = self._found(r.input, inside[0])
                r.iri, r.label, r.resolved, r.kind, r.kind_class = settled.iri, settled.label, True, settled.kind, settled.kind_class
                where = self.label(self.bodies[inside[0]].province or "")
                r.warnings = [Text(nl=f"De naam '{r.input}' is dubbelzinnig; de andere deelnemers liggen in {where}, dus het is "
                                      f"{self._names(inside)}.",
                                   en=f"The name '{r.input}' is ambiguous; the other participants are in {where}, so it is "
                                      f"{self._names(inside)}.")]

    def _by_code(self, text: str, code: str, as_of: dt.date) -> Resolved:
        kind = _KIND_OF_CODE[code[:2]]
        iri = f"{TOOI}{kind}/{code}"
        if iri in self.bodies:
            r = self._found(text, iri)
            day = as_of if as_of >= REGISTER_START else dt.date.today()
            if not self.bodies[iri].exists_on(day):
                r.warnings.append(self._not_on_date(self.bodies[iri], day))
            return r
        if kind == "gemeente":  # a GM code is accepted on any date (docs/contract.md)
            return Resolved(text, iri, kind, self.kinds[kind], code.upper(), True)
        return self._unknown(text, f"code {code} is not in the register of {kind}en")

    def _recognised(self, text: str) -> Resolved | None:
        """A body outside the register that its words give away: a foreign one ("Emden (Duitsland)",
        "Gemeinde Dinkelland"), the openbaar lichaam of a regeling ("GR Drechtsteden") or a legal
        person under private law ("Stichting Welzijn", "Afvalbedrijf B.V.")."""
        low = norm(text)
        for m in self.markers:
            w = norm(m.words)
            if w.startswith("("):                    # "(Duitsland)": in brackets after the name
                hit = low.endswith(w)
            elif m.words.startswith(" "):            # " B.V.": a word after the name
                hit = low.endswith(" " + w)
            else:                                    # "Stichting ": a word before it
                hit = low.startswith(w + " ")
            if hit:
                kind = next(k for k, c in self.kinds.items() if c == m.kind_class)
                slug = re.sub(r"[^a-z0-9]+", "-", low).strip("-")
                # a foreign body under its country's code; the openbaar lichaam of a regeling under
                # …/regeling/ (as since 0.2); any other kind under its notation (…/privaat/…)
                iri = f"{BODY}{m.code or ('regeling' if kind == 'openbaar-lichaam' else kind)}/{slug}"
                self._typed[iri] = text.strip()
                while len(self._typed) > TYPED_LABELS_KEPT:
                    self._typed.popitem(last=False)
                return Resolved(text, iri, kind, m.kind_class, text.strip(), True)
        return None

    def country_of(self, iri: str) -> str | None:
        """The country of a recognised foreign body, from its IRI (…/body/de/emden-duitsland)."""
        if not iri.startswith(BODY):
            return None
        return self.countries.get(iri[len(BODY):].split("/", 1)[0])

    def kind_class_of(self, iri: str) -> str:
        """The class of a participant's IRI; one the register does not know counts as a municipality."""
        body = self.bodies.get(iri)
        return body.kind_class if body else self.kinds["gemeente"]

    def _found(self, text: str, iri: str) -> Resolved:
        b = self.bodies[iri]
        return Resolved(text, iri, b.kind, b.kind_class, b.label, True)

    def _unknown(self, text: str, why: str | None = None) -> Resolved:
        import difflib

        close = difflib.get_close_matches(norm(text), list(self.names), n=3, cutoff=0.75)
        offers = [self._names(sorted(self.names[c])) for c in close]
        hint_nl = f" Bedoelt u: {'; '.join(offers)}?" if offers else ""
        hint_en = f" Did you mean: {'; '.join(offers)}?" if offers else ""
        tried_nl = why or "geen gemeente, provincie of waterschap van die naam in het register (vanaf 2010)"
        tried_en = why or "no municipality, province or waterschap of that name in the register (from 2010)"
        return Resolved(text, _placeholder(text), None, self.kinds["gemeente"], text, False, [Text(
            nl=f"Deelnemer '{text}' is niet gevonden: {tried_nl}. Hij telt mee als gemeente; geef liever de code "
               f"(GM-, PV- of WS-code).{hint_nl}",
            en=f"Participant '{text}' was not found: {tried_en}. It counts as a municipality; better give its code "
               f"(GM, PV or WS code).{hint_en}")])

    def _not_on_date(self, body: Body, day: dt.date) -> Text:
        if body.end is not None and day >= body.end:
            after = [(d, s) for d, s in body.successors if d <= day] or body.successors
            if after:
                d, succ = after[0]
                if len(succ) > 1:
                    return Text(nl=f"{body.label} bestond op {day} niet meer: op {d} verdeeld over {self._names(succ)}.",
                                en=f"{body.label} no longer existed on {day}: on {d} it was divided between {self._names(succ)}.")
                return Text(nl=f"{body.label} bestond op {day} niet meer: op {d} opgegaan in {self._names(succ)}.",
                            en=f"{body.label} no longer existed on {day}: on {d} it became part of {self._names(succ)}.")
            return Text(nl=f"{body.label} bestond op {day} niet meer (opgeheven op {body.end}).",
                        en=f"{body.label} no longer existed on {day} (ended on {body.end}).")
        if body.predecessors:
            d, pred = body.predecessors[0]
            return Text(nl=f"{body.label} bestond op {day} nog niet: ontstaan op {d} uit {self._names(pred)}.",
                        en=f"{body.label} did not yet exist on {day}: it was formed on {d} from {self._names(pred)}.")
        return Text(nl=f"{body.label} bestond op {day} nog niet (ontstaan op {body.begin}).",
                    en=f"{body.label} did not yet exist on {day} (formed on {body.begin}).")


def _placeholder(name: str) -> str:
    from urllib.parse import quote

    return UNRESOLVED + quote(name.strip(), safe="")


def before_register_warning(as_of: dt.date) -> Text:
    return Text(nl=f"De datum {as_of} ligt vóór 2010, waar het register begint; namen zijn opgezocht op de huidige indeling.",
                en=f"The date {as_of} is before 2010, where the register starts; names were resolved on the current bodies.")


@lru_cache(maxsize=2)
def _load(root: str) -> Register:
    """The register of the knowledge, built from the graph once and kept in the JSON cache (the
    graph's queries take about 60 ms of a cold advice; the cache about 10)."""
    from . import json_cache

    return json_cache.of_knowledge("register", __file__, _build, _to_json, _from_json)


def _to_json(r: Register) -> dict:
    def day(d):
        return d.isoformat() if d else None

    return {"bodies": [[b.iri, b.kind, b.kind_class, b.label, b.code, day(b.begin), day(b.end),
                        [[day(d), xs] for d, xs in b.successors], [[day(d), xs] for d, xs in b.predecessors], b.province]
                       for b in r.bodies.values()],
            "names": {k: sorted(v) for k, v in r.names.items()}, "kinds": r.kinds,
            "markers": [[m.words, m.kind_class, m.country, m.code] for m in r.markers], "kind_words": r.raw_kind_words}


def _from_json(data: dict) -> Register:
    def day(d):
        return dt.date.fromisoformat(d) if d else None

    bodies = {}
    for iri, kind, kind_class, label, code, begin, end, succ, pred, province in data["bodies"]:
        bodies[iri] = Body(iri, kind, kind_class, label, code, day(begin), day(end),
                           [(day(d), xs) for d, xs in succ], [(day(d), xs) for d, xs in pred], province)
    return Register(bodies, {k: set(v) for k, v in data["names"].items()}, data["kinds"],
                    [Marker(*m) for m in data["markers"]], data["kind_words"])


def _build() -> Register:
    from . import store

    kg = store.load()
    kinds = {r["k"].value: r["c"].value for r in kg.select(
        "SELECT ?c ?k WHERE { ?c rdfs:subClassOf+ igs:Participant ; skos:notation ?k }")}
    kind_of = {v: k for k, v in kinds.items()}
    bodies: dict[str, Body] = {}
    for r in kg.select("""SELECT ?b ?c ?l ?code ?begin ?end ?province WHERE {
            ?c rdfs:subClassOf+ igs:Participant ; skos:notation ?k . ?b a ?c ; skos:prefLabel ?l .
            OPTIONAL { ?b igs:cbsCode ?cbs } OPTIONAL { ?b igs:tooiCode ?tc }
            BIND(COALESCE(?tc, CONCAT("gm", ?cbs)) AS ?code)
            OPTIONAL { ?b igs:begin ?begin } OPTIONAL { ?b igs:end ?end } OPTIONAL { ?b igs:inProvince ?province } }"""):
        iri = r["b"].value
        kind = kind_of[r["c"].value]
        bodies[iri] = Body(iri, kind, r["c"].value, r["l"].value,
                           r["code"].value if "code" in r else None,
                           dt.date.fromisoformat(r["begin"].value) if "begin" in r else None,
                           dt.date.fromisoformat(r["end"].value) if "end" in r else None,
                           province=r["province"].value if "province" in r else (iri if kind == "provincie" else None))
    events: dict[str, tuple[dt.date, list[str], list[str]]] = {}
    for r in kg.select("""SELECT ?h ?d ?e ?s WHERE { ?h a igs:Herindeling ; igs:reorganisationDate ?d ;
                          igs:endedBody ?e ; igs:successorBody ?s }"""):
        d, ended, succ = events.setdefault(r["h"].value, (dt.date.fromisoformat(r["d"].value), [], []))
        for lst, key in ((ended, "e"), (succ, "s")):
            if r[key].value not in lst:
                lst.append(r[key].value)
    # a body divided between several (Winsum: Het Hogeland and Westerkwartier) ends in several
    # events of one day: its successors on that day are theirs together
    after: dict[tuple[str, dt.date], set[str]] = {}
    before: dict[tuple[str, dt.date], set[str]] = {}
    for d, ended, succ in events.values():
        for e in ended:
            after.setdefault((e, d), set()).update(succ)
        for s in succ:
            before.setdefault((s, d), set()).update(ended)
    for (e, d), later in sorted(after.items(), key=lambda x: (x[0][1], x[0][0])):
        if e in bodies:
            bodies[e].successors.append((d, sorted(later)))
    for (s, d), earlier in sorted(before.items(), key=lambda x: (x[0][1], x[0][0])):
        if s in bodies and bodies[s].begin == d:
            bodies[s].predecessors.append((d, sorted(earlier)))
    names: dict[str, set[str]] = {}
    for r in kg.select("""SELECT ?b ?l WHERE { ?c rdfs:subClassOf+ igs:Participant . ?b a ?c .
                          { ?b skos:prefLabel ?l } UNION { ?b skos:altLabel ?l } UNION { ?b rdfs:label ?l } }"""):
        if r["b"].value in bodies:
            names.setdefault(norm(r["l"].value), set()).add(r["b"].value)
    markers = []
    for r in kg.select("""SELECT ?x ?w ?code WHERE { ?x igs:nameMarker ?w . OPTIONAL { ?x igs:countryCode ?code } }"""):
        x = r["x"].value
        is_country = "code" in r
        markers.append(Marker(r["w"].value, kinds["buitenlands"] if is_country else x, x if is_country else None,
                              r["code"].value if is_country else None))
    # words after the name first (a legal form, a country: "Regio X B.V." is a BV), then the longest
    # words before it: "Landkreis " before "Kreis "
    markers.sort(key=lambda m: (not (m.words.startswith(" ") or m.words.startswith("(")), -len(m.words)))
    kind_words: dict[str, list[str]] = {}
    for r in kg.select("SELECT ?k ?w WHERE { ?c skos:notation ?k ; igs:kindWord ?w }"):
        kind_words.setdefault(r["k"].value, []).append(r["w"].value)
    return Register(bodies, names, kinds, markers, kind_words)


def load() -> Register:
    return _load(str(paths.data_root()))


__all__ = ["Register", "Resolved", "load", "norm", "UNRESOLVED", "REGISTER_START"]
