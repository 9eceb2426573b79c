"""The register of public bodies, as of a date: who a name or code in `participants` is.

Read once per process from the knowledge graph (municipalities.ttl, register.ttl): every
municipality, province and waterschap with its TOOI IRI, names, begin and end dates, and the
herindelingen that ended bodies and made others. Resolving a name is then a dictionary look-up;
the date picks, among the bodies of that name, the one that existed then (CONTRACT.md,
"Participants of every kind, as of a date")."""

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
REGISTER_START = dt.date(2010, 1, 1)
BODY = "https://w3id.org/igs-kg/body/"  # recognised bodies outside the register: …/de/…, …/regeling/…
TYPED_LABELS_KEPT = 4096
_CODE = re.compile(r"^\s*(?:https://identifier\.overheid\.nl/tooi/id/(?:gemeente|provincie|waterschap)/)?"
                   r"(gm\d{4}|pv\d\d|ws\d{4})\s*$", re.IGNORECASE)
_KIND_OF_CODE = {"gm": "gemeente", "pv": "provincie", "ws": "waterschap"}


def norm(name: str) -> str:
    """A name as compared: diacritics, case, spacing and the typographic apostrophe forgiven."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"\s+", " ", s).strip()


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
                 markers: list[Marker] | None = None):
        self.bodies = bodies
        self.names = names
        self.kinds = kinds          # notation -> class IRI
        self.markers = markers or []
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
        if not hits:
            return self._recognised(text) or self._unknown(text)
        living = [h for h in hits if self.bodies[h].exists_on(day)]
        if len(living) == 1:
            return self._found(text, living[0])
        if len(living) > 1:
            r = self._found(text, living[0])
            r.iri, r.resolved = _placeholder(text), False
            r.label = text
            r.warnings.append(Text(
                nl=f"De naam '{text}' is dubbelzinnig ({self._names(living)}); hij telt als één deelnemer, maar geef de code.",
                en=f"The name '{text}' is ambiguous ({self._names(living)}); it counts as one participant, but give the code."))
            return r
        # the name is known, but no body of that name existed on the date: say what happened to it
        body = self.bodies[max(hits, key=lambda h: self.bodies[h].end or dt.date.max)]
        r = self._found(text, body.iri)
        r.warnings.append(self._not_on_date(body, day))
        return r

    def _by_code(self, text: str, code: str, as_of: dt.date) -> Resolved:
        kind = _KIND_OF_CODE[code[:2]]
        iri = f"{TOOI}{kind}/{code}"
        if iri in self.bodies:
            r = self._found(text, iri)
            day = as_of if as_of >= REGISTER_START else dt.date.today()
            if not self.bodies[iri].exists_on(day):
                r.warnings.append(self._not_on_date(self.bodies[iri], day))
            return r
        if kind == "gemeente":  # a GM code is accepted on any date (CONTRACT.md)
            return Resolved(text, iri, kind, self.kinds[kind], code.upper(), True)
        return self._unknown(text, f"code {code} is not in the register of {kind}en")

    def _recognised(self, text: str) -> Resolved | None:
        """A body outside the register that its words give away: a foreign one ("Emden (Duitsland)",
        "Gemeinde Dinkelland") or the openbaar lichaam of a regeling ("GR Drechtsteden")."""
        low = norm(text)
        for m in self.markers:
            w = norm(m.words)
            if (w.startswith("(") and low.endswith(w)) or (not w.startswith("(") and low.startswith(w + " ")):
                kind = next(k for k, c in self.kinds.items() if c == m.kind_class)
                slug = re.sub(r"[^a-z0-9]+", "-", low).strip("-")
                iri = f"{BODY}{m.code or 'regeling'}/{slug}"
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
    from . import store

    kg = store.load()
    kinds = {r["k"].value: r["c"].value for r in kg.select(
        "SELECT ?c ?k WHERE { ?c rdfs:subClassOf igs:PublicBody ; skos:notation ?k }")}
    kind_of = {v: k for k, v in kinds.items()}
    bodies: dict[str, Body] = {}
    for r in kg.select("""SELECT ?b ?c ?l ?code ?begin ?end WHERE {
            ?c rdfs:subClassOf igs:PublicBody ; skos:notation ?k . ?b a ?c ; skos:prefLabel ?l .
            OPTIONAL { ?b igs:cbsCode ?cbs } OPTIONAL { ?b igs:tooiCode ?tc }
            BIND(COALESCE(?tc, CONCAT("gm", ?cbs)) AS ?code)
            OPTIONAL { ?b igs:begin ?begin } OPTIONAL { ?b igs:end ?end } }"""):
        iri = r["b"].value
        bodies[iri] = Body(iri, kind_of[r["c"].value], r["c"].value, r["l"].value,
                           r["code"].value if "code" in r else None,
                           dt.date.fromisoformat(r["begin"].value) if "begin" in r else None,
                           dt.date.fromisoformat(r["end"].value) if "end" in r else None)
    events: dict[str, tuple[dt.date, list[str], list[str]]] = {}
    for r in kg.select("""SELECT ?h ?d ?e ?s WHERE { ?h a igs:Herindeling ; igs:reorganisationDate ?d ;
                          igs:endedBody ?e ; igs:successorBody ?s }"""):
        d, ended, succ = events.setdefault(r["h"].value, (dt.date.fromisoformat(r["d"].value), [], []))
        for lst, key in ((ended, "e"), (succ, "s")):
            if r[key].value not in lst:
                lst.append(r[key].value)
    for d, ended, succ in sorted(events.values()):
        for e in ended:
            if e in bodies:
                bodies[e].successors.append((d, sorted(succ)))
        for s in succ:
            if s in bodies and bodies[s].begin == d:
                bodies[s].predecessors.append((d, sorted(ended)))
    names: dict[str, set[str]] = {}
    for r in kg.select("""SELECT ?b ?l WHERE { ?c rdfs:subClassOf igs:PublicBody . ?b a ?c .
                          { ?b skos:prefLabel ?l } UNION { ?b skos:altLabel ?l } UNION { ?b rdfs:label ?l } }"""):
        if r["b"].value in bodies:
            names.setdefault(norm(r["l"].value), set()).add(r["b"].value)
    markers = []
    for r in kg.select("""SELECT ?x ?w ?code WHERE { ?x igs:nameMarker ?w . OPTIONAL { ?x igs:countryCode ?code } }"""):
        x = r["x"].value
        is_country = "code" in r
        markers.append(Marker(r["w"].value, kinds["buitenlands"] if is_country else x, x if is_country else None,
                              r["code"].value if is_country else None))
    markers.sort(key=lambda m: -len(m.words))  # the longest words first: "Landkreis " before "Kreis "
    return Register(bodies, names, kinds, markers)


def load() -> Register:
    return _load(str(paths.data_root()))


__all__ = ["Register", "Resolved", "load", "norm", "UNRESOLVED", "REGISTER_START"]
