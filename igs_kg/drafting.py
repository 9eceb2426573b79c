"""`igs-kg draft`: the text of a gemeenschappelijke regeling for a proposal (or for the first
fitting form of a situation), with a draft decision of each participant's representative body.

Every article is a clause of ontology/kb/clauses.ttl: its words, the article of law it rests on,
the forms and dates it applies to. Python here only selects the clauses that apply (form, date,
kind of regeling), orders them, fills their placeholders with the names of the input, and checks
the result the way `validate` does: the proposal the draft was written from travels with it, with
the provisions the draft contains, and a draft of a proposal that breaks the law says so at the
top and marks the articles concerned. Rendering (Markdown, HTML, Word, ODF) is in draft_render."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from . import IGS, paths, store
from .errors import IgsError, InputError

LANGS = ("nl", "en")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_MONTHS = {"nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                  "november", "december"],
           "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]}


class DraftRefused(IgsError):
    """The form cannot legally be drafted for this input: a verdict (exit 1), not an input error."""

    exit_code = 1


@dataclass
class Source:
    citation: str
    url: str | None


@dataclass
class Article:
    clause: str                      # the clause's IRI
    heading: str
    paragraphs: list[str]
    sources: list[Source]
    chapter: str = ""
    number: str = ""
    flagged: list[str] = field(default_factory=list)   # what the law objects to here (validation messages)


@dataclass
class Draft:
    lang: str
    title: str
    form: str                        # the form's IRI
    form_label: str
    chosen: bool                     # the form was the situation's first fitting form, not given
    preamble: list[str]
    articles: list[Article]
    decisions: list[Article]
    violations: list[dict]           # validation results of severity Violation (JSON of `validate`)
    proposal_yaml: str               # the proposal the draft was written from, with its provisions
    as_of: str

    @property
    def conforms(self) -> bool:
        return not self.violations


# ---------------------------------------------------------------------------- the clauses, as data

@dataclass
class Clause:
    iri: str
    order: int
    decision: bool
    chapter: dict[str, str]
    heading: dict[str, str]
    text: dict[str, str]
    forms: set[str]
    provision: str | None
    start: dt.date | None
    until: dt.date | None
    body: str | None
    only_types: set[str]
    not_types: set[str]
    key: str | None
    sources: list[str]
    actions: set[str] = field(default_factory=set)


@lru_cache(maxsize=2)
def _clauses(root: str) -> list[Clause]:
    kg = store.load()
    found: dict[str, Clause] = {}
    for r in kg.select("""SELECT ?c ?order ?decision ?key ?prov ?from ?until ?body WHERE {
            ?c a/rdfs:subClassOf* igs:Clause ; igs:clauseOrder ?order .
            BIND(EXISTS { ?c a igs:ConsentDecision } AS ?decision)
            OPTIONAL { ?c igs:inputKey ?key } OPTIONAL { ?c igs:implementsProvision ?prov }
            OPTIONAL { ?c igs:clauseFrom ?from } OPTIONAL { ?c igs:clauseUntil ?until } OPTIONAL { ?c igs:forBody ?body } }"""):
        iri = r["c"].value
        found[iri] = Clause(iri, int(r["order"].value), r["decision"].value == "true", {}, {}, {}, set(),
                            r["prov"].value if "prov" in r else None,
                            dt.date.fromisoformat(r["from"].value) if "from" in r else None,
                            dt.date.fromisoformat(r["until"].value) if "until" in r else None,
                            r["body"].value if "body" in r else None, set(), set(),
                            r["key"].value if "key" in r else None, [])
    for prop, attr in (("clauseChapter", "chapter"), ("clauseHeading", "heading"), ("clauseText", "text")):
        for r in kg.select(f"SELECT ?c ?v WHERE {{ ?c a/rdfs:subClassOf* igs:Clause ; igs:{prop} ?v }}"):
            getattr(found[r["c"].value], attr)[r["v"].language or "nl"] = r["v"].value
    for prop, attr in (("forForm", "forms"), ("forRegelingType", "only_types"), ("notForRegelingType", "not_types"),
                       ("forAction", "actions")):
        for r in kg.select(f"SELECT ?c ?v WHERE {{ ?c a/rdfs:subClassOf* igs:Clause ; igs:{prop} ?v }}"):
            getattr(found[r["c"].value], attr).add(r["v"].value)
    for r in kg.select("SELECT DISTINCT ?c ?s WHERE { ?c a/rdfs:subClassOf* igs:Clause ; dcterms:source ?s } ORDER BY ?c ?s"):
        found[r["c"].value].sources.append(r["s"].value)
    return sorted(found.values(), key=lambda c: (c.order, c.iri))


def clauses() -> list[Clause]:
    return _clauses(str(paths.data_root()))


FOUND = IGS + "ActionFound"


@lru_cache(maxsize=2)
def _wgr_forms_of(root: str) -> frozenset[str]:
    return frozenset(r["f"].value for r in store.load().select("SELECT ?f WHERE { ?f a igs:WgrForm }"))


def _wgr_forms() -> frozenset[str]:
    return _wgr_forms_of(str(paths.data_root()))


def _applies(c: Clause, form: str, day: dt.date, regeling_type: str | None, action: str = FOUND) -> bool:
    # an article without igs:forAction belongs to founding; a decision serves every action
    if not c.decision and (action not in c.actions if c.actions else action != FOUND):
        return False
    if form not in c.forms if c.forms else form not in _wgr_forms():  # no igs:forForm: every Wgr form
        return False
    if (c.start and day < c.start) or (c.until and day >= c.until):
        return False
    if c.only_types and regeling_type not in c.only_types:
        return False
    return not (regeling_type and regeling_type in c.not_types)


# ---------------------------------------------------------------------------- building a draft

def _mapping(text: str, file: str, fmt: str) -> dict:
    """The input as a mapping, to travel with the draft (read once it passed the input checks)."""
    import yaml

    data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    if not isinstance(data, dict):
        raise InputError("the input must be a mapping of keys", file)
    return data


def _join(items: list[str], lang: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if lang == "nl" else " and ") + items[-1]


def _date(day: dt.date, lang: str) -> str:
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _sources(iris: list[str], lang: str) -> list[Source]:
    """Each source by its label in the draft's language ("BW 2:286", "Civil Code Book 2 art. 286";
    the Wgr is "Wgr art. 9" in both), with its link."""
    from .render import source_label

    return [Source(source_label(iri, lang), iri if iri.startswith("http") else None) for iri in iris]


def build(text: str, file: str, fmt: str, lang: str = "nl", today: dt.date | None = None) -> Draft:
    """The draft for an input text. Raises InputError for unreadable input and DraftRefused when
    the form cannot legally be drafted for it."""
    import yaml

    from . import advice as advice_mod
    from . import inputs, rules
    from . import validation as validate
    from .advice import label, vocabulary

    situation = inputs.parse_text(text, file, fmt, today)  # every check of the input, with its line, first
    if fmt not in ("yaml", "json"):
        raise InputError("a draft is written from a YAML or JSON situation or proposal (the copy that travels "
                         "with the draft is YAML)", file)
    mapping = _mapping(text, file, fmt)
    if "@context" in mapping:  # JSON-LD: the copy that travels with the draft is plain YAML
        raise InputError("a draft is written from a YAML or JSON situation or proposal, not JSON-LD", file)
    advice_mod.check_participants(situation)
    kg = store.load()
    vocab = vocabulary()
    with rules.session(kg, situation) as run:
        result = advice_mod.build_advice(run, situation)
        chapters = [store.value(t.object) for t in run.derived if t.subject == situation.iri and t.predicate.value == IGS + "wgrChapter"]
    action = next(iter(_objects(situation, "action")), FOUND)
    regeling = mapping.get("regeling")
    existing: dict = regeling if isinstance(regeling, dict) else {}
    forms = {f["id"]: f for f in result["legal_forms"]}
    given = existing.get("legal_form") if action != FOUND else mapping.get("legal_form")
    if given is not None:
        form_id, chosen = str(given), False
    else:
        fitting = sorted((f for f in result["legal_forms"] if f["verdict"] == "fits"), key=lambda f: f.get("rank") or 99)
        if not fitting:
            raise DraftRefused(f"{file}: no legal form fits this situation, so there is nothing to draft (see `igs-kg advise`)")
        form_id, chosen = fitting[0]["id"], True
    entry = forms.get(form_id)
    form_iri = IGS + form_id
    if entry is None:
        raise InputError(f"'legal_form' names no legal form igs-kg knows: {form_id}", file)
    wgr = form_iri in _wgr_forms()
    regeling_type = IGS + result["regeling_type"] if result.get("regeling_type") else None
    day = situation.as_of
    selected = [c for c in clauses() if not c.decision and _applies(c, form_iri, day, regeling_type, action)]
    if not selected:  # e.g. mandate or secondment: an instrument, not a document igs-kg writes
        raise DraftRefused(f"{file}: igs-kg has no draft for {entry['label'][lang]} (see the advice for how it is set up)")
    proposal = dict(mapping)
    if action == FOUND:  # the copy that travels with the draft says what the draft holds
        proposal["legal_form"] = form_id
        governance = _governance_keys(form_iri)
        if governance and "governance" not in proposal:  # the board the draft's articles set up
            proposal["governance"] = governance
        provisions = {_provision_key(c.provision) for c in selected if c.provision}
        if provisions:
            proposal["provisions"] = sorted(set(proposal.get("provisions") or []) | provisions)
    proposal_yaml = yaml.safe_dump(proposal, allow_unicode=True, sort_keys=False, default_flow_style=None)
    copy = inputs.parse_text(proposal_yaml, file, "yaml", today)
    report = validate.validate(copy)
    violations = [r for r in report["results"] if r["severity"] == "Violation"]
    # the law refuses the form itself (not in force on the date, another form prescribed): nothing to draft
    against_form = [v for v in violations if v.get("path") in ("legal_form", "regeling.legal_form")]
    if against_form:
        reasons = "; ".join(f"{v['message'][lang]} ({', '.join(v['sources'][:2])})" for v in against_form)
        raise DraftRefused(f"{file}: {entry['label'][lang]} cannot be drafted for this situation: {reasons}")

    participants = situation.participants_json()
    names = [p["label"] for p in participants]
    lead = next(iter(_objects(situation, "leadMunicipality")), None)
    lead_label = inputs.municipality_label(lead) if lead else (names[0] if names else "")
    bodies = [label(ox.NamedNode(b), vocab, lang) for b in _bodies(situation)]
    tasks = [label(ox.NamedNode(t), vocab, lang) for t in _objects(situation, "task")]
    joining = [inputs.municipality_label(j) for j in _objects(situation, "joining")]
    leaving = [inputs.municipality_label(j) for j in _objects(situation, "leaving")]
    joined = _join(names, lang)
    own_name = existing.get("name") if action != FOUND else mapping.get("name")
    kind = ("gemeenschappelijke regeling" if lang == "nl" else "joint arrangement") if wgr else entry["label"][lang]
    name = str(own_name or f"{kind} {joined}")
    values = {
        "participants": joined, "name": name[:1].upper() + name[1:], "seat": lead_label, "lead": lead_label,
        "date": _date(day, lang), "form": entry["label"][lang], "regeling": name,
        "makers": (f"{_join(bodies, lang)} {'van' if lang == 'nl' else 'of'} {joined}" if bodies else joined),
        "tasks": _join(tasks, lang) or ("[de taken]" if lang == "nl" else "[the tasks]"),
        "joining": _join(joining, lang), "leaving": _join(leaving, lang), "form_iri": form_iri,
    }
    words = _action_words(action)
    title = _fill(words["title"][lang], values)
    values["decision"] = _fill(words["decision"][lang], values)
    if action == FOUND:
        title = values["name"]
    articles = []
    for n, c in enumerate(selected, start=1):
        articles.append(Article(c.iri, _fill(c.heading[lang], values), [_fill(p.strip(), values) for p in c.text[lang].split("\n\n")],
                                _sources(c.sources, lang), c.chapter.get(lang, ""), str(n) if action == FOUND else _roman(n),
                                _flags(c, violations, lang)))
    deciding = participants + [{"id": j, "label": inputs.municipality_label(j)} for j in _objects(situation, "joining")
                               if j not in {p.get("id") for p in participants}]
    decisions = _decisions(situation, deciding, values, regeling_type, chapters, violations, lang, action)
    # the articles the draft rests on, for its preamble: "Wgr art. 9 lid 1 (tekst sinds 2022)" read as "art. 9"
    cited = {m.group(1) for a in articles for s in a.sources for m in [re.match(r"Wgr (art\. \d+[a-z]*)", s.citation)] if m}
    if wgr:
        gelet = ("de Wet gemeenschappelijke regelingen" if lang == "nl" else "the Wet gemeenschappelijke regelingen") + \
            f" ({_join(sorted(cited, key=_article_key), lang)})"
    else:  # a private-law form rests on the Gemeentewet and the Civil Code: its own citations
        gelet = _join(sorted({s.citation for a in articles for s in a.sources if s.url and "wetten.overheid.nl" in s.url}), lang)
    what = f" ({entry['label'][lang]})" if action == FOUND else ""
    if lang == "nl":
        preamble = [f"{values['makers'][:1].upper()}{values['makers'][1:]}, ieder voor zover bevoegd;",
                    f"gelet op {gelet};",
                    f"besluiten de volgende regeling te treffen{what}:" if wgr else f"besluiten als volgt{what}:"]
    else:
        preamble = [f"{values['makers'][:1].upper()}{values['makers'][1:]}, each insofar as competent;",
                    f"having regard to {gelet};",
                    f"decide to make the following arrangement{what}:" if wgr else f"decide as follows{what}:"]
    return Draft(lang, title, form_iri, entry["label"][lang], chosen, preamble, articles, decisions, violations,
                 proposal_yaml, day.isoformat())


def _action_words(action: str) -> dict[str, dict[str, str]]:
    """The title of the draft and what the decisions allow, for an action (from the knowledge)."""
    out: dict[str, dict[str, str]] = {"title": {}, "decision": {}}
    for prop, key in (("draftTitle", "title"), ("draftDecision", "decision")):
        for r in store.load().select(f"SELECT ?v WHERE {{ <{action}> igs:{prop} ?v }}"):
            out[key][r["v"].language or "nl"] = r["v"].value
    return out


def _roman(n: int) -> str:
    """Articles of a wijzigingsregeling are numbered I, II, III, as is the custom."""
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _governance_keys(form_iri: str) -> list[str]:
    """The input words (the context's `governance` values) of the bodies the form has."""
    from .inputs import context

    words = {(v if v.startswith("http") else IGS + v.split(":", 1)[1]): k
             for k, v in context()["governance"].get("@context", {}).items()}
    bodies = store.load().select(f"SELECT ?b WHERE {{ <{form_iri}> igs:hasGovernanceBody ?b }} ORDER BY ?b")
    return sorted(words[r["b"].value] for r in bodies if r["b"].value in words)


def _provision_key(iri: str) -> str:
    from .validation import _keys

    return _keys(str(paths.data_root())).get(iri) or iri.rsplit("#", 1)[-1]


def _article_key(citation: str) -> tuple:
    m = re.search(r"art\. (\d+)([a-z]*)", citation)
    return (int(m.group(1)), m.group(2), citation) if m else (999, "", citation)


def _objects(situation, pred: str) -> list[str]:
    return [t.object.value for t in situation.triples
            if t.subject == situation.iri and t.predicate.value == IGS + pred and isinstance(t.object, ox.NamedNode)]


def _bodies(situation) -> list[str]:
    return _objects(situation, "body")


def _flags(c: Clause, violations: list[dict], lang: str) -> list[str]:
    if not c.key:
        return []
    return [v["message"][lang] for v in violations if v.get("path") and c.key in v["path"]]


def _decisions(situation, participants, values, regeling_type, chapters, violations, lang, action=FOUND) -> list[Article]:
    """A draft decision for each participant's representative body: the clause for that body and
    kind of regeling, citing also the consent article of the Wgr chapter that applies."""
    from .advice import label, vocabulary

    kg = store.load()
    vocab = vocabulary()
    reps = {r["kind"].value: r["rep"].value for r in kg.select(
        "SELECT ?kind ?rep WHERE { ?rep igs:bodyOfKind ?kind ; igs:isRepresentativeBody true }")}
    articles = {r["kind"].value: r["a"].value for ch in chapters for r in kg.select(
        f"SELECT ?kind ?a WHERE {{ <{ch}> igs:consentArticle ?a ; igs:chapterKind ?kind }}")}
    executives = {b: kg.select(f"SELECT ?kind WHERE {{ <{b}> igs:bodyOfKind ?kind }}") for b in _bodies(situation)}
    from . import register

    reg = register.load()
    out = []
    for p in participants:
        kind = reg.kind_class_of(p["id"]) if p.get("id") else None
        rep = reps.get(kind or "")
        clause = next((c for c in clauses() if c.decision and c.body == rep
                       and _applies(c, values["form_iri"], situation.as_of, regeling_type, action)), None)
        if clause is None or rep is None:
            continue
        own = [label(ox.NamedNode(b), vocab, lang) for b, kinds in executives.items()
               if any(k["kind"].value == kind for k in kinds) and b != rep]
        filled = dict(values, participant=p["label"], body=(_join(own, lang) or label(ox.NamedNode(rep), vocab, lang)))
        # a Wgr decision also cites the consent article of the chapter that applies
        chapter_article = articles.get(kind) if values["form_iri"] in _wgr_forms() else None
        sources = list(clause.sources) + ([chapter_article] if chapter_article and chapter_article not in clause.sources else [])
        out.append(Article(clause.iri, _fill(clause.heading[lang], filled),
                           [_fill(x.strip(), filled) for x in clause.text[lang].split("\n\n")], _sources(sources, lang),
                           flagged=_flags(clause, violations, lang)))
    return out


def proposal_of(text: str) -> str:
    """The YAML of the proposal a Markdown or HTML draft carries (front matter or embedded
    script), with the lines before it kept as empty lines so that an error names the right line."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            return "\n" + text[4:end + 1]
    m = re.search(r'<script type="application/yaml" id="igs-kg-proposal">\n?(.*?)</script>', text, re.S)
    if m:
        return "\n" * text.count("\n", 0, m.start(1)) + m.group(1)
    raise InputError("this file carries no proposal: write it with `igs-kg draft` (a Markdown draft has it as front "
                     "matter, an HTML draft in a <script id=\"igs-kg-proposal\">)")

