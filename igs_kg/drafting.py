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

from . import IGS, law_versions, paths, store
from . import draft_clauses as dc
from . import draft_fill as fill
from . import draft_words as words
from .errors import IgsError, InputError

LANGS = ("nl", "en")
FOUND = dc.FOUND


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
    explanation: str = ""            # the toelichting
    required: list[str] = field(default_factory=list)  # words the law fixes, which the text must keep
    provision: str | None = None     # the mandatory provision (igs:Provision) the article is


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
    signatures: list[Article] = field(default_factory=list)
    annexes: list[fill.Annex] = field(default_factory=list)
    open_choices: list[str] = field(default_factory=list)   # what the participants still have to choose

    @property
    def conforms(self) -> bool:
        return not self.violations


# ---------------------------------------------------------------------------- building a draft

def _mapping(text: str, file: str, fmt: str) -> dict:
    """The input as a mapping, to travel with the draft (read once it passed the input checks)."""
    import yaml

    data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    if not isinstance(data, dict):
        raise InputError("the input must be a mapping of keys", file)
    return data








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

    situation = inputs.parse_text(text, file, fmt, today)  # every check of the input, with its line, first
    if fmt not in ("yaml", "json"):
        raise InputError("a draft is written from a YAML or JSON situation or proposal (the copy that travels "
                         "with the draft is YAML)", file)
    mapping = _mapping(text, file, fmt)
    if "@context" in mapping:  # JSON-LD: the copy that travels with the draft is plain YAML
        raise InputError("a draft is written from a YAML or JSON situation or proposal, not JSON-LD", file)
    advice_mod.check_participants(situation)
    with rules.session(store.load(), situation) as run:
        result = advice_mod.build_advice(run, situation)
        chapters = {store.value(t.object) for t in run.derived
                    if t.subject == situation.iri and t.predicate.value == IGS + "wgrChapter"}
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
    regeling_type = IGS + result["regeling_type"] if result.get("regeling_type") else None
    day = situation.as_of
    ctx = dc.context(form_iri, day, regeling_type, action, chapters, situation.iri.value, situation.triples)
    selected = [c for c in dc.clauses() if c.kind == dc.ARTICLE and dc.applies(c, ctx)]
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
    return _write(situation, mapping, existing, ctx, selected, entry, chosen, violations, proposal_yaml, lang)


def _write(situation, mapping, existing, ctx, selected, entry, chosen, violations, proposal_yaml, lang) -> Draft:
    """The texts of the draft: every selected clause filled for this proposal."""
    from . import register

    reg = register.load()
    action, day, wgr = ctx.action, ctx.day, ctx.form in dc.wgr_forms()
    participants = [p["id"] for p in situation.participants_json() if p.get("id")]
    joining, leaving = _objects(situation, "joining"), _objects(situation, "leaving")
    own_name = existing.get("name") if action != FOUND else mapping.get("name")
    names = [reg.label(p) for p in participants]
    kind_word = ("gemeenschappelijke regeling" if lang == "nl" else "joint arrangement") if wgr else entry["label"][lang]
    name = str(own_name or f"{kind_word} {words.join(names, lang)}")
    name = words.capital(name)
    lead = next(iter(_objects(situation, "leadMunicipality")), None)
    seat = next(iter(_objects(situation, "seat")), None) or lead
    # who decides: leaving is the leaving participant's own decision (Wgr art. 1 lid 5, 9 lid 1 since
    # 2022); joining is decided by the participants and the one joining
    deciding = leaving if action == ACTION_LEAVE else participants + [j for j in joining if j not in participants]
    makers = _groups(situation, deciding, reg, executive=True)
    representatives = _groups(situation, deciding, reg, executive=False)
    tasks = [_label(t, lang) for t in _objects(situation, "task")]
    values = {
        "name": name, "Name": name, "regeling": name, "form": entry["label"][lang],
        "participants": words.participants_of(list(_by_kind(reg, participants).items()), lang), "date": words.date(day, lang),
        "makers": words.bodies_of(makers, lang), "Makers": words.capital(words.bodies_of(makers, lang)),
        "representative_bodies": words.bodies_of(representatives, lang),
        "lead": reg.label(lead) if lead else "", "joining": words.join([reg.label(j) for j in joining], lang),
        "leaving": words.join([reg.label(j) for j in leaving], lang),
    }
    resolved = {"seat": seat, "cost_shares": _shares(situation, "costShare"), "board.votes": _shares(situation, "board", "votes"),
                "tasks": tasks or None}
    scope = dict(existing, **{k: v for k, v in mapping.items() if k != "regeling"})
    filler = fill.Filler(lang, values, dc.choices(), fill.given_from(scope, resolved), reg.label)
    seat_name, task_words = (reg.label(seat) if seat else None), (words.join(tasks, lang) or None)
    values["seat"] = lambda: filler.choice_for("seat", seat_name)
    values["tasks"] = lambda: filler.choice_for("tasks", task_words)
    action_words = _action_words(action)
    title = name if action == FOUND else filler.fill(action_words["title"][lang])
    values["decision"] = filler.fill(action_words["decision"][lang])
    articles, chapter_titles = [], []
    for n, c in enumerate(selected, start=1):
        chapter = _CHAPTER_NUMBER.sub("", c.chapter.get(lang, "")) if action == FOUND else ""
        if chapter and chapter not in chapter_titles:
            chapter_titles.append(chapter)
        numbered = f"{_CHAPTER_WORD[lang]} {len(chapter_titles)}. {chapter}" if chapter else ""
        sources = law_versions.in_force_on(c.sources, day)
        articles.append(Article(c.iri, filler.fill(c.heading[lang]), [filler.fill(p.strip()) for p in c.text[lang].split("\n\n")],
                                _sources(sources, lang), numbered, str(n) if action == FOUND else _roman(n),
                                _flags(c, violations, lang), filler.fill(c.explanation.get(lang, "")),
                                list(c.required.get(lang, [])), c.provision))
    cited = [s.url for a in articles for s in a.sources if s.url]
    values["gelet"] = words.formal(cited, lang)
    preamble = [filler.fill(p.strip()) for c in dc.clauses() if c.kind == dc.PREAMBLE and dc.applies(c, ctx)
                for p in c.text[lang].split("\n\n")]
    decisions, signatures = [], []
    for p in deciding:
        kind = reg.kind_class_of(p)
        rep = _representative(kind)
        own = _executives(situation, kind, lang)
        consent = _consent_links(rep, ctx) if rep else []
        own_bodies = {b for b in _bodies(situation) if _body_kind(b) == kind}
        extra = {"participant": _short(reg, p), "body": own or (words.phrase(rep, lang) or "" if rep else ""),
                 "representative_body": words.phrase(rep, lang) or "" if rep else "",
                 "consent_article": words.formal(consent, lang)}
        if p in joining and action_words["own"].get(lang):  # the one joining consents to joining, not to amending
            extra["decision"] = filler.fill(action_words["own"][lang])
        for c in dc.clauses():
            # a decision of the representative body, or of the participant's own body that makes
            # the regeling or takes part (the college founding a stichting, Gemeentewet art. 160)
            if c.kind == dc.DECISION and (not c.body or c.body == rep or c.body in own_bodies) and dc.applies(c, ctx, kind):
                # a decision also cites the consent article in force, if its text names it
                cites = c.sources + [x for x in consent if "{consent_article}" in c.text[lang] and x not in c.sources]
                decisions.append(Article(c.iri, filler.fill(c.heading[lang], extra),
                                         [filler.fill(x.strip(), extra) for x in c.text[lang].split("\n\n")],
                                         _sources(law_versions.in_force_on(cites, day), lang), flagged=_flags(c, violations, lang),
                                         explanation=filler.fill(c.explanation.get(lang, ""), extra)))
            elif c.kind == dc.SIGNATURE and dc.applies(c, ctx, kind):
                signatures.append(Article(c.iri, filler.fill(c.heading[lang], extra),
                                          [words.capital(filler.fill(x.strip(), extra)) for x in c.text[lang].split("\n\n")], []))
    return Draft(lang, title, ctx.form, entry["label"][lang], chosen, preamble, articles, decisions, violations,
                 proposal_yaml, day.isoformat(), signatures, filler.annexes, filler.open)


_CHAPTER_NUMBER = re.compile(r"^(Hoofdstuk|Chapter)\s+[0-9IVXL]+[.:]?\s*")
_CHAPTER_WORD = {"nl": "Hoofdstuk", "en": "Chapter"}
ACTION_LEAVE = IGS + "ActionLeave"


def _by_kind(reg, participants: list[str]) -> dict[str, list[str]]:
    """The participants' short names by kind, in the order of their kinds."""
    out: dict[str, list[str]] = {}
    for p in participants:
        out.setdefault(reg.kind_class_of(p), []).append(_short(reg, p))
    return out


def _short(reg, participant: str) -> str:
    return words.short(reg.label(participant), reg.kind_class_of(participant))


def _label(iri: str, lang: str) -> str:
    from .vocabulary import label, vocabulary

    return label(ox.NamedNode(iri), vocabulary(), lang)


def _groups(situation, participants: list[str], reg, executive: bool) -> list[tuple[str, str, list[str]]]:
    """(body, kind, names) for the bodies that make the regeling (executive) or that consent to it
    (representative), in the order of the participants' kinds."""
    bodies = _bodies(situation)
    out = []
    for kind, names in _by_kind(reg, participants).items():
        own = [b for b in bodies if _body_kind(b) == kind] if executive else []
        rep = _representative(kind)
        for b in own or ([rep] if rep else []):
            out.append((b, kind, names))
    return out


def _executives(situation, kind: str, lang: str) -> str:
    return words.join([words.phrase(b, lang) or _label(b, lang) for b in _bodies(situation) if _body_kind(b) == kind
                       and b != _representative(kind)], lang)


@lru_cache(maxsize=2)
def _body_info(root: str) -> tuple[dict[str, str], dict[str, str]]:
    kg = store.load()
    kinds = {r["b"].value: r["k"].value for r in kg.select("SELECT ?b ?k WHERE { ?b igs:bodyOfKind ?k }")}
    reps = {r["k"].value: r["b"].value for r in kg.select(
        "SELECT ?b ?k WHERE { ?b igs:bodyOfKind ?k ; igs:isRepresentativeBody true }")}
    return kinds, reps


def _body_kind(body: str) -> str | None:
    return _body_info(str(paths.data_root()))[0].get(body)


def _representative(kind: str | None) -> str | None:
    return _body_info(str(paths.data_root()))[1].get(kind or "")


def _consent_links(rep: str, ctx: dc.Context) -> list[str]:
    """The article of the consent of `rep` in force on the date for the proposal's chapter (the
    versions of the consent step in the procedure); for an action also the lid that applies the
    consent to amending, joining and leaving."""
    chapters = " ".join(f"<{c}>" for c in ctx.chapters)
    if not chapters:
        return []
    links: list[str] = []
    for r in store.load().select(f"""SELECT ?basis ?src ?from ?until WHERE {{
            ?step igs:consentOf <{rep}> . ?v igs:versionOf ?step ; igs:forChapter ?ch ; igs:legalBasis ?basis .
            VALUES ?ch {{ {chapters} }}
            OPTIONAL {{ ?v igs:inForceFrom ?from }} OPTIONAL {{ ?v igs:inForceUntil ?until }}
            OPTIONAL {{ ?v dcterms:source ?src }} }} ORDER BY ?basis ?src"""):
        if "from" in r and ctx.day < dt.date.fromisoformat(r["from"].value):
            continue
        if "until" in r and ctx.day >= dt.date.fromisoformat(r["until"].value):
            continue
        for link in [r["basis"].value] + ([r["src"].value] if ctx.action != FOUND and "src" in r else []):
            if link not in links and (link == r["basis"].value or _same_article(link, r["basis"].value)):
                links.append(link)
    return law_versions.in_force_on(links, ctx.day)


def _same_article(a: str, b: str) -> bool:
    pa, pb = law_versions.version(a), law_versions.version(b)
    return bool(pa and pb and pa[0] == pb[0] and pa[1:] == pb[1:])


def _shares(situation, *path: str) -> list[dict] | None:
    """The rows of a {participant: number} key as resolved (cost_shares, board.votes)."""
    nodes = [situation.iri]
    for pred in path:
        nodes = [t.object for t in situation.triples if t.subject in nodes and t.predicate.value == IGS + pred]
    out = []
    for row in nodes:
        of = [t.object.value for t in situation.triples if t.subject == row and t.predicate.value == IGS + "shareOf"]
        share = [t.object.value for t in situation.triples if t.subject == row and t.predicate.value == IGS + "share"]
        if of and share:
            out.append({"participant": of[0], "share": float(share[0])})
    return out or None


def _action_words(action: str) -> dict[str, dict[str, str]]:
    """The title of the draft and what the decisions allow, for an action (from the knowledge)."""
    out: dict[str, dict[str, str]] = {"title": {}, "decision": {}, "own": {}}
    for prop, key in (("draftTitle", "title"), ("draftDecision", "decision"), ("draftDecisionOwn", "own")):
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




def _objects(situation, pred: str) -> list[str]:
    return [t.object.value for t in situation.triples
            if t.subject == situation.iri and t.predicate.value == IGS + pred and isinstance(t.object, ox.NamedNode)]


def _bodies(situation) -> list[str]:
    return _objects(situation, "body")


def _flags(c: dc.Clause, violations: list[dict], lang: str) -> list[str]:
    if not c.key:
        return []
    return [v["message"][lang] for v in violations if v.get("path") and c.key in v["path"]]




def proposal_of(text: str) -> str:
    """The YAML of the proposal a Markdown or HTML draft carries (kept for 0.2's callers; the
    reader of every format is draft_read)."""
    from .draft_read import read

    kind = ".html" if "<script" in text and 'id="igs-kg-proposal"' in text else ".md"
    return read(text.encode("utf-8"), kind, "<draft>").proposal
