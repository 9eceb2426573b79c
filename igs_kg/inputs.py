"""Reading a situation or proposal: YAML, JSON, Turtle or JSON-LD, into a small RDF graph.

YAML and JSON go through the JSON-LD context in ontology/context.jsonld, which is both the
mapping to RDF and the schema: its terms are the allowed keys, a term with "@type": "@vocab" and
a scoped context lists the allowed values, "xsd:date" and "xsd:boolean" say what a value must be.
Municipalities, named or by GM code, are resolved to TOOI URIs through the table in the graph.
No remote JSON-LD context is ever fetched: pyoxigraph has no document loader, and refuses."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import IGS, TOOI_GEMEENTE, paths
from .errors import InputError
from .store import value as term_value

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
SITUATION = ox.NamedNode(IGS + "Situation")
PROPOSAL = ox.NamedNode(IGS + "Proposal")
AS_OF = ox.NamedNode(IGS + "asOf")
PARTICIPANT = ox.NamedNode(IGS + "participant")

# Keys that make a situation a proposal (docs/contract.md#a-proposal).
_PROPOSAL_KEYS = {"legal_form", "governance", "powers", "employs_staff", "start_date", "publication_date",
                  "publications", "raad_consent", "raad_wishes_heard", "works_council_advice", "provisions",
                  "consent", "begroting"}


@dataclass
class Warning_:
    nl: str
    en: str

    def as_json(self) -> dict:
        return {"text": {"nl": self.nl, "en": self.en}}


@dataclass
class Situation:
    file: str
    iri: ox.NamedNode | ox.BlankNode
    triples: list[ox.Triple]
    as_of: dt.date
    participants: list[str]
    is_proposal: bool
    warnings: list[Warning_] = field(default_factory=list)
    participant_info: list[dict] = field(default_factory=list)   # docs/contract.md#json-of-advise: input, id, kind, label

    def with_fresh_blank_nodes(self) -> "Situation":
        """The same situation with blank nodes made in this process. A situation read in a forked
        process has blank nodes from a random generator the fork copied: two processes name
        theirs alike, and two proposals put in one graph would share a node."""
        fresh: dict[ox.BlankNode, ox.BlankNode] = {}

        def renamed(term):
            if isinstance(term, ox.BlankNode):
                return fresh.setdefault(term, ox.BlankNode())
            return term

        if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in self.triples) \
                and not isinstance(self.iri, ox.BlankNode):
            return self
        triples = [ox.Triple(renamed(t.subject), t.predicate, renamed(t.object)) for t in self.triples]
        return replace(self, iri=renamed(self.iri), triples=triples)

    def participants_json(self) -> list[dict]:
        """The participants as the JSON echoes them (docs/contract.md#json-of-advise); from Turtle/JSON-LD, the IRIs as given."""
        if self.participant_info:
            return self.participant_info
        from . import register

        reg = register.load()
        out = []
        for iri in self.participants:
            body = reg.bodies.get(iri)
            out.append({"input": iri, "id": iri, "kind": body.kind if body else None, "label": reg.label(iri)})
        return out


# ---------------------------------------------------------------------------- the context

@lru_cache(maxsize=2)
def _context(root: str) -> dict:
    path = paths.ontology_dir() / "context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def context() -> dict:
    return _context(str(paths.data_root()))


def context_for(doc: Any, ctx: dict | None = None) -> dict:
    """The part of the context a document can use: the keywords and prefixes, and every term named
    by a key or a text anywhere in it (a term's own scoped context comes with it). Expanding with
    it gives exactly the triples of the whole context, at a fraction of the cost: pyoxigraph
    processes the whole context of every document it parses."""
    ctx = ctx if ctx is not None else context()
    words: set[str] = set()
    stack = [doc]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            words.update(k for k in x if isinstance(k, str))
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, str):
            words.add(x)
    return {k: v for k, v in ctx.items() if k.startswith("@") or isinstance(v, str) or k in words}


def _term_defs(ctx: dict) -> dict[str, dict]:
    return {k: (v if isinstance(v, dict) else {"@id": v}) for k, v in ctx.items() if not k.startswith("@")
            and isinstance(v, (dict, str)) and ":" in (v if isinstance(v, str) else v.get("@id", ":"))}


# ---------------------------------------------------------------------------- municipalities

def municipality_label(iri: str) -> str:
    """The label of a participant's IRI (any kind of body; an unresolved name as typed)."""
    from . import register

    return register.load().label(iri)


def body_triples(r) -> list[ox.Triple]:
    """What the situation says about a resolved participant: its kind, and a foreign body's country."""
    from . import register

    node = ox.NamedNode(r.iri)
    out = [ox.Triple(node, RDF_TYPE, ox.NamedNode(r.kind_class))]
    country = register.load().country_of(r.iri)
    if country:
        out.append(ox.Triple(node, ox.NamedNode(IGS + "inCountry"), ox.NamedNode(country)))
    return out


def resolve_participant(name: str, as_of: dt.date, warnings: list[Warning_]):
    """A name or code as the body that existed on `as_of` (register.py); its warnings are added.
    An unknown name is a warning and still counts, as a municipality (as before 0.2)."""
    from . import register

    r = register.load().resolve(name, as_of)
    warnings.extend(Warning_(nl=w.nl, en=w.en) for w in r.warnings)
    return r


# ---------------------------------------------------------------------------- YAML / JSON with line numbers

# libyaml (PyYAML's C parser) reads a situation about 5x faster than the pure-Python one, but
# composes nested nodes by recursion in C, where too deep a nesting would overflow the stack
# instead of raising RecursionError. Nesting is never deeper than the number of tokens, so a text
# of fewer than this many goes to libyaml and a longer one to the Python parser.
C_LOADER_MAX_TOKENS = 4000
MAX_ERRORS = 10  # errors of one file reported at once: one per key, at most this many
_PLAIN_DATE = re.compile(r"\d{4}-\d\d-\d\d")


@lru_cache(maxsize=2)
def _yaml_loader(fast: bool = False):
    import yaml

    base = yaml.CSafeLoader if fast and getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

    class Loader(base):  # type: ignore[misc, valid-type]
        """Dates stay text here; the context check parses them, so a bad date is reported with its line."""

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, n: loader.construct_scalar(n))
    return Loader


def _yaml_load(text: str, file: str) -> tuple[Any, dict[tuple, int]]:
    """Parse once: the node tree gives every key its line, and the same tree becomes the data."""
    import yaml

    from .bounds import check_yaml_nodes

    loader = _yaml_loader(len(text.split(maxsplit=C_LOADER_MAX_TOKENS)) <= C_LOADER_MAX_TOKENS)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("the file is empty", file)
        check_yaml_nodes(node, file)  # before anything expands its aliases
        data = loader.construct_document(node)
    except RecursionError:
        raise InputError("nested too deeply", file) from None
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's own limit: the same message as the Python parser's
            raise InputError("nested too deeply", file, line) from None
        if "invalid Unicode character escape" in problem:  # libyaml refuses \ud800 while parsing
            raise InputError("not valid YAML: an escape names no character (a lone surrogate such as \\ud800)",
                             file, line) from None
        raise InputError(f"not valid YAML: {problem}", file, line) from None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}

    def walk(n, path: tuple) -> None:
        lines[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            seen: set = set()
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode) and k.value != "<<":  # a key given twice: which one was meant?
                    if k.value in seen:
                        raise InputError(f"the key '{k.value}' is given twice", file, k.start_mark.line + 1)
                    seen.add(k.value)
                walk(v, path + (k.value,))
                lines[path + (k.value,)] = k.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, path + (i,))

    walk(node, ())
    return data, lines


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        self.key = key


def _json_load(text: str, file: str) -> tuple[Any, dict[tuple, int]]:
    from .bounds import check_json_depth

    check_json_depth(text, file)

    def unique(pairs: list) -> dict:
        out: dict = {}
        for k, v in pairs:
            if k in out:  # a key given twice: which one was meant?
                raise _DuplicateKey(k)
            out[k] = v
        return out

    try:
        data = json.loads(text, object_pairs_hook=unique)
    except _DuplicateKey as dup:
        found = [m.start() for m in re.finditer(r'"' + re.escape(json.dumps(dup.key)[1:-1]) + r'"\s*:', text)]
        line = text.count("\n", 0, found[1]) + 1 if len(found) > 1 else None
        raise InputError(f"the key '{dup.key}' is given twice", file, line) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", file, exc.lineno) from None
    except RecursionError:
        raise InputError("nested too deeply", file) from None

    lines: dict[tuple, int] = {}
    if isinstance(data, dict):
        for key in data:
            m = re.search(r'"' + re.escape(str(key)) + r'"\s*:', text)
            if m:
                lines[(key,)] = text.count("\n", 0, m.start()) + 1
    return data, lines


# ---------------------------------------------------------------------------- checking against the context

def _closest(word: str, options: list[str]) -> str | None:
    import difflib  # only when a key or value is wrong

    close = difflib.get_close_matches(word, options, n=1)
    return close[0] if close else None


class _Checker:
    def __init__(self, file: str, lines: dict[tuple, int], warnings: list[Warning_]):
        self.file = file
        self.lines = lines
        self.warnings = warnings

    def fail(self, path: tuple, message: str) -> None:
        line = None
        for i in range(len(path), -1, -1):
            if path[:i] in self.lines:
                line = self.lines[path[:i]]
                break
        raise InputError(message, self.file, line)

    def mapping(self, data: Any, ctx: dict, path: tuple) -> dict:
        if not isinstance(data, dict):
            self.fail(path, f"'{'.'.join(map(str, path)) or 'the document'}' must be a mapping of keys to values")
        defs = _term_defs(ctx)
        out: dict[str, Any] = {}
        found: list[InputError] = []  # at the top: every key's error, up to MAX_ERRORS, not only the first
        for key, value in data.items():
            key = str(key)
            try:
                if key not in defs:
                    close = _closest(key, list(defs))
                    hint = f"; did you mean '{close}'?" if close else f" (known keys: {', '.join(sorted(defs))})"
                    self.fail(path + (key,), f"unknown key '{key}'{hint}")
                if value is None:
                    continue
                out[key] = self.value(value, defs[key], path + (key,))
            except InputError as exc:
                if path:
                    raise
                found.append(exc)
                if len(found) >= MAX_ERRORS:
                    break
        if found:
            found[0].more = found[1:]
            raise found[0]
        return out

    def value(self, value: Any, d: dict, path: tuple) -> Any:
        key = path[-1]
        many = d.get("@container") == "@set"
        if many:
            if isinstance(value, (str, bool, int, float, dt.date)):
                value = [value]
            if key == "publications" and isinstance(value, dict):
                value = [{"participant": k, "date": v} for k, v in value.items()]
            if key in ("cost_shares", "votes") and isinstance(value, dict):  # {participant: number}
                value = [{"participant": k, "share": v} for k, v in value.items()]
            if not isinstance(value, list):
                self.fail(path, f"'{key}' must be a list")
            return [self.single(v, d, path + (i,)) for i, v in enumerate(value)]
        return self.single(value, d, path)

    def single(self, value: Any, d: dict, path: tuple) -> Any:
        key = [p for p in path if isinstance(p, str)][-1]
        typ = d.get("@type")
        if "@context" in d and typ != "@vocab":
            return self.mapping(value, d["@context"], path)
        if typ == "@vocab":
            allowed = [k for k in d.get("@context", {}) if not k.startswith("@")]
            if not isinstance(value, str) or value not in allowed:
                close = _closest(str(value), allowed)
                hint = f"; did you mean '{close}'?" if close else ""
                self.fail(path, f"'{key}' cannot be {value!r}: expected one of {', '.join(allowed)}{hint}")
            return value
        if typ == "xsd:date":
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date):
                return value.isoformat()
            try:
                if not _PLAIN_DATE.fullmatch(str(value)):  # fromisoformat also takes 20240618 and 2024-W25-2
                    raise ValueError(value)
                return dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                self.fail(path, f"'{key}' must be a date as YYYY-MM-DD, not {value!r}")
        if typ == "xsd:boolean":
            if not isinstance(value, bool):
                self.fail(path, f"'{key}' must be true or false, not {value!r}")
            return value
        if typ == "@id":
            if not isinstance(value, str) or not value.strip():
                self.fail(path, f"'{key}' must name a municipality (a name or a GM code), not {value!r}")
            return value
        if typ == "xsd:string" and not isinstance(value, str):
            self.fail(path, f"'{key}' must be text, not {value!r}")
        if typ == "xsd:integer" and (isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 1000):
            self.fail(path, f"'{key}' must be a whole number from 1 to 1000, not {value!r}")
        if typ == "xsd:decimal" and (isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 10**9):
            self.fail(path, f"'{key}' must be a number, not {value!r}")
        if typ == "@json":  # named texts (texts: {name: text}): a flat mapping of names to texts
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                self.fail(path, f"'{key}' must be a mapping of names to texts")
            for name in value:
                if not re.fullmatch(r"[a-z][a-z0-9_]{0,60}", name):
                    self.fail(path + (name,), f"'{key}.{name}': a name is lower-case letters, digits and _")
        return value


# ---------------------------------------------------------------------------- building the situation

def _resolve_draft_participants(clean: dict, results: list, participants: list[str], checker: _Checker,
                                as_of: dt.date, warnings: list[Warning_]) -> None:
    """The participants named by the draft's keys (the seat, the shares of the costs and of the
    votes) as their IRIs: each must be a participant of the regeling."""
    given = {str(r.input): r for r in results}

    def one(name: Any, path: tuple) -> str:
        r = given.get(str(name)) or resolve_participant(str(name), as_of, warnings)
        if r.iri not in participants:
            checker.fail(path, f"'{'.'.join(str(p) for p in path if isinstance(p, str))}' names {r.label}, which is not a participant")
        return r.iri

    if "seat" in clean:
        clean["seat"] = one(clean["seat"], ("seat",))
    for path, rows in ((("cost_shares",), clean.get("cost_shares")), (("board", "votes"), (clean.get("board") or {}).get("votes"))):
        for i, row in enumerate(rows or []):
            if "participant" not in row or "share" not in row:
                checker.fail(path + (i,), f"'{'.'.join(path)}' gives a number per participant: {{participant: number}}")
            row["participant"] = one(row["participant"], path + (i,))

SITUATION_IRI = "https://w3id.org/igs-kg/situation"


def _situation_from_mapping(data: Any, file: str, lines: dict[tuple, int], today: dt.date,
                            iri: str = SITUATION_IRI) -> Situation:
    warnings: list[Warning_] = []
    checker = _Checker(file, lines, warnings)
    ctx = context()
    clean = checker.mapping(data, ctx, ())

    action = clean.get("action", "found")
    regeling = clean.get("regeling")
    if action != "found" and regeling is None:
        checker.fail(("action",), f"'regeling' is required for action '{action}': describe the existing arrangement "
                                  "(legal_form, participants, start_date, provisions)")
    if regeling is not None:
        # the existing arrangement's form, members and provisions are the situation's, unless given at the top
        for key in ("participants", "legal_form", "provisions"):
            if key in regeling and key not in clean:
                clean[key] = regeling[key]
        regeling.pop("participants", None)
    if "participants" not in clean:
        checker.fail((), "'participants' is required: list the municipalities that cooperate (names or GM codes)")
    for key, act in (("joining", "join"), ("leaving", "leave")):
        if action == act and not clean.get(key):
            checker.fail(("action",), f"action '{act}' needs '{key}': name the participant(s) that {'join' if act == 'join' else 'leave'}")
        if key in clean and action != act:
            checker.fail((key,), f"'{key}' belongs to action '{act}', not '{action}'")

    consent = clean.get("consent", {})
    if "raad" in consent and "raad_consent" in clean and consent["raad"] != clean["raad_consent"]:
        checker.fail(("consent", "raad"), "'consent.raad' and 'raad_consent' disagree: give the raden's consent once")
    as_of = dt.date.fromisoformat(clean.setdefault("date", today.isoformat()))
    from .register import REGISTER_START, before_register_warning

    if as_of < REGISTER_START:
        w = before_register_warning(as_of)
        warnings.append(Warning_(nl=w.nl, en=w.en))
    participants: list[str] = []
    echo: list[dict] = []
    kinds: list[ox.Triple] = []
    from . import register

    reg = register.load()
    results = [reg.resolve(name, as_of) for name in clean["participants"]]
    reg.settle(results)  # an ambiguous name is the one in the province of the others
    for r in results:
        warnings.extend(Warning_(nl=w.nl, en=w.en) for w in r.warnings)
        if r.iri in participants:
            warnings.append(Warning_(nl=f"Deelnemer {r.label} staat twee keer in de lijst; één keer geteld.",
                                     en=f"Participant {r.label} is listed twice; counted once."))
            continue
        participants.append(r.iri)
        echo.append(r.as_json())
        kinds += body_triples(r)
    for key in ("joining", "leaving"):
        resolved = []
        for name in clean.get(key, []):
            r = resolve_participant(name, as_of, warnings)
            if key == "joining" and r.iri in participants:
                checker.fail((key,), f"'{key}' names {r.label}, which already takes part in the regeling")
            if key == "leaving" and r.iri not in participants:
                checker.fail((key,), f"'{key}' names {r.label}, which does not take part in the regeling")
            resolved.append(r.iri)
            kinds += body_triples(r)
            if key == "joining":  # after joining it is a participant: its consent and kind count
                participants.append(r.iri)
                echo.append(r.as_json())
        if key in clean:
            clean[key] = resolved
    clean["participants"] = participants
    if "authorised_by_royal_decree" in clean:  # art. 93 onder b: the participants whose bestuur a KB authorised
        authorised = []
        given = {str(r.input): r for r in results}  # a participant's name again: its warnings once
        for name in clean["authorised_by_royal_decree"]:
            r = given.get(str(name)) or resolve_participant(name, as_of, warnings)
            if r.iri not in participants:
                checker.fail(("authorised_by_royal_decree",), f"'authorised_by_royal_decree' names {r.label}, which is not a participant")
            authorised.append(r.iri)
        clean["authorised_by_royal_decree"] = authorised
    _resolve_draft_participants(clean, results, participants, checker, as_of, warnings)
    if "lead_municipality" in clean:
        lead = resolve_participant(clean["lead_municipality"], as_of, warnings).iri
        if lead not in participants:
            warnings.append(Warning_(nl=f"De leidende gemeente {municipality_label(lead)} is geen deelnemer.",
                                     en=f"The lead municipality {municipality_label(lead)} is not a participant."))
        clean["lead_municipality"] = lead
    for pub in clean.get("publications", []):
        if "participant" in pub:
            pub["participant"] = resolve_participant(pub["participant"], as_of, warnings).iri
    is_proposal = bool(_PROPOSAL_KEYS & set(clean))

    doc = dict(clean)
    doc["@context"] = context_for(clean, ctx)
    doc["@id"] = iri
    doc["@type"] = ["igs:Situation"] + (["igs:Proposal"] if is_proposal else [])
    triples = _flatten_nested([q.triple for q in ox.parse(json.dumps(doc).encode(), ox.RdfFormat.JSON_LD)]) + kinds
    return Situation(file=file, iri=ox.NamedNode(doc["@id"]), triples=triples, as_of=as_of,
                     participants=participants, is_proposal=is_proposal, warnings=warnings, participant_info=echo)


NESTED_ON_SITUATION = (ox.NamedNode(IGS + "consent"), ox.NamedNode(IGS + "begroting"))


def _flatten_nested(triples: list[ox.Triple]) -> list[ox.Triple]:
    """`consent: {raad: true, provinciale_staten: true}` becomes the situation's own igs:raadConsent,
    igs:provincialeStatenConsent, ... (the shapes and rules read them there, as raad_consent); the
    dates of `begroting:` likewise (the rule budget-dates derives the numbers the shapes compare)."""
    nodes = {t.object: t.subject for t in triples if t.predicate in NESTED_ON_SITUATION}
    if not nodes:
        return triples
    out, seen = [], set()
    for t in triples:
        if t.predicate in NESTED_ON_SITUATION:
            continue
        if t.subject in nodes:
            t = ox.Triple(nodes[t.subject], t.predicate, t.object)
            if t in seen:  # the same as a triple already there (consent.raad beside raad_consent)
                continue
        seen.add(t)
        out.append(t)
    return out


def _situation_from_rdf(triples: list[ox.Triple], file: str, today: dt.date, strict: bool = True) -> Situation:
    subjects = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object in (SITUATION, PROPOSAL)}
    if len(subjects) != 1:
        raise InputError("the graph must describe exactly one igs:Situation or igs:Proposal "
                         f"(found {len(subjects)})", file)
    subject = next(iter(subjects))
    if isinstance(subject, ox.Triple):
        raise InputError("the igs:Situation or igs:Proposal must be an IRI or a blank node, not a quoted triple", file)
    # The advisor needs real dates; the validator lets its shapes report a wrong one instead.
    for t in triples if strict else []:
        if t.subject == subject and isinstance(t.object, ox.Literal) and t.predicate.value in (
                IGS + "asOf", IGS + "startDate", IGS + "publicationDate") and t.object.datatype.value != XSD_DATE:
            raise InputError(f"<{t.predicate.value}> must be an xsd:date, not {t.object}", file)
    as_of_values = [t.object for t in triples if t.subject == subject and t.predicate == AS_OF]
    if strict and len(set(as_of_values)) > 1:  # the validator lets its shape report it
        raise InputError(f"igs:asOf is given {len(set(as_of_values))} times; a situation has one date", file)
    if as_of_values:
        try:
            if not _PLAIN_DATE.fullmatch(term_value(as_of_values[0])):
                raise ValueError(as_of_values[0])
            as_of = dt.date.fromisoformat(term_value(as_of_values[0]))
        except ValueError:
            if strict:
                raise InputError(f"igs:asOf must be a date, not {as_of_values[0]}", file) from None
            as_of = today
    else:
        as_of = today
        triples.append(ox.Triple(subject, AS_OF, ox.Literal(today.isoformat(), datatype=ox.NamedNode(XSD_DATE))))
    for t in triples:
        if t.subject == subject and t.predicate == PARTICIPANT and not isinstance(t.object, ox.NamedNode):
            raise InputError(f"igs:participant must be the IRI of a body (e.g. <{TOOI_GEMEENTE}gm0358>), "
                             f"not {'a literal' if isinstance(t.object, ox.Literal) else 'a blank node'}", file)
    participants = sorted({term_value(t.object) for t in triples if t.subject == subject and t.predicate == PARTICIPANT})
    from . import register

    reg = register.load()
    for iri in participants:  # the kind of each participant, as for YAML; an unknown IRI counts as a municipality
        triples.append(ox.Triple(ox.NamedNode(iri), RDF_TYPE, ox.NamedNode(reg.kind_class_of(iri))))
    is_proposal = any(t.subject == subject and t.predicate == RDF_TYPE and t.object == PROPOSAL for t in triples) or any(
        t.subject == subject and t.predicate.value == IGS + "legalForm" for t in triples)
    return Situation(file=file, iri=subject, triples=triples, as_of=as_of, participants=participants,
                     is_proposal=is_proposal)


def parse_text(text: str, file: str, fmt: str, today: dt.date | None = None, iri: str = SITUATION_IRI,
               strict: bool = True) -> Situation:
    """Parse a situation from text; fmt is yaml, json, turtle or jsonld. `iri` names a YAML/JSON
    situation (validating several files at once gives each its own)."""
    from . import bounds

    today = today or dt.date.today()
    bounds.check_text(text, file)
    if fmt in ("yaml", "json"):
        data, lines = (_yaml_load if fmt == "yaml" else _json_load)(text, file)
        bounds.check_values(data, file)
        if fmt == "json" and isinstance(data, dict) and "@context" in data:
            fmt = "jsonld"
        else:
            return _situation_from_mapping(data, file, lines, today, iri)
    rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.JSON_LD
    (bounds.check_turtle_depth if fmt == "turtle" else bounds.check_json_depth)(text, file)
    try:
        triples = [q.triple for q in ox.parse(text.encode("utf-8"), rdf_format)]
    except (SyntaxError, ValueError) as exc:
        msg = (str(exc).splitlines() or [type(exc).__name__])[0][:300]
        if "remote context" in msg.lower() or "loaddocumentcallback" in msg.lower():
            raise InputError("the JSON-LD names a remote @context, which igs-kg never fetches; put the context "
                             "inline (see ontology/context.jsonld) or write the situation as YAML or JSON", file) from None
        line = getattr(exc, "lineno", None)
        raise InputError(f"not valid {'Turtle' if fmt == 'turtle' else 'JSON-LD'}: {msg}", file, line) from None
    return _situation_from_rdf(triples, file, today, strict)


_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ttl": "turtle", ".jsonld": "jsonld",
            ".md": "draft", ".html": "draft", ".htm": "draft", ".docx": "draft", ".odt": "draft"}


def read_text(path: str) -> tuple[str, str]:
    """The text of an input file and its format (yaml, json, turtle, jsonld), read within the
    bounds; a draft of `igs-kg draft` (Markdown, HTML, Word, ODF) gives the proposal it carries, as YAML."""
    fmt = _format_of(path)
    if fmt == "draft":
        return read_draft(path).proposal, "yaml"
    from .bounds import read_input_file

    return read_input_file(path), fmt


def _format_of(path: str) -> str:
    p = Path(path)
    fmt = _FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown file type '{p.suffix}': use .yaml, .yml, .json, .ttl or .jsonld, or a draft "
                         "(.md, .html, .docx, .odt)", path)
    return fmt


def read_draft(path: str):
    """A draft of `igs-kg draft` read back: the proposal it carries and the text of its articles."""
    from . import draft_read
    from .bounds import read_input_bytes

    return draft_read.read(read_input_bytes(path), Path(path).suffix, path)


def read_file(path: str, today: dt.date | None = None, iri: str = SITUATION_IRI, strict: bool = True) -> Situation:
    """A situation or proposal from a file; a draft is checked on its text as well (draft_check)."""
    if _format_of(path) != "draft":
        text, fmt = read_text(path)
        return parse_text(text, path, fmt, today, iri, strict)
    from . import draft_check

    read = read_draft(path)
    situation = parse_text(read.proposal, path, "yaml", today, iri, strict)
    situation.triples.extend(draft_check.triples(situation, read, path))
    return situation
