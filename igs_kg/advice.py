"""The advice: reads what the rules derived for a situation into the JSON of docs/contract.md#json-of-advise.

Every verdict, condition, procedure step, stakeholder and factor comes from a derived triple; its
reasons are that triple's derivations (the rule that drew it, with the rule's text filled in with
the bound terms, and the sources of the rule and of the facts it matched). Python here only
reads, orders and formats; what fits, and why, is decided by the rules and the facts."""

from __future__ import annotations

import re

import pyoxigraph as ox

from . import IGS, law_versions, rules, store
from .errors import InputError
from .inputs import Situation

# the vocabulary and its names, re-exported: `from igs_kg.advice import label, vocabulary` keeps working
from .vocabulary import LANGS, Vocabulary, citation, label, local, n, vocabulary  # noqa: F401

_PLACEHOLDER = re.compile(r"\{\?([A-Za-z_][A-Za-z0-9_]*)\}")


def _dedupe(items: list) -> list:
    seen, out = set(), []
    for x in items:
        if x is not None and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def fact_sources(t: ox.Triple, vocab: Vocabulary) -> list[str]:
    return vocab.axiom_sources.get((store.value(t.subject), t.predicate.value, str(t.object)), [])


_TEMPLATES: dict[tuple[str, str], list[tuple[bool, str]]] = {}


def _template(rule: rules.Rule, lang: str) -> list[tuple[bool, str]]:
    """A rule's text split once into literal parts and {?var} placeholders."""
    key = (rule.id + "\0" + rule.path, lang)
    parts = _TEMPLATES.get(key)
    if parts is None:
        text = re.sub(r"\s+", " ", rule.text.get(lang) or rule.label.get(lang, rule.id)).strip()
        parts, pos = [], 0
        for m in _PLACEHOLDER.finditer(text):
            parts.append((False, text[pos:m.start()]))
            parts.append((True, m.group(1)))
            pos = m.end()
        parts.append((False, text[pos:]))
        _TEMPLATES[key] = parts
    return parts


def reason(run: rules.Run, d: rules.Derivation, rule: rules.Rule, vocab: Vocabulary) -> dict:
    bindings = dict(d.bindings)
    premises = rules.premises(run, d)
    keys = [(p.subject.value, p.predicate.value, str(p.object)) for p in premises if isinstance(p.subject, ox.NamedNode)]
    text = {}
    for lang in LANGS:
        first = "".join((label(bindings[v], vocab, lang) if v in bindings else "") if is_var else v
                        for is_var, v in _template(rule, lang)).strip()
        first = first[:1].upper() + first[1:]
        notes = [vocab.axiom_notes[k][lang] for k in keys if k in vocab.axiom_notes and lang in vocab.axiom_notes[k]]
        text[lang] = " ".join([first] + _dedupe(notes)) if notes else first
    sources = [citation(s, vocab) for k in keys for s in vocab.axiom_sources.get(k, ())]
    # a law article (or other described source) the rule bound is what the reason rests on: cite it first
    bound = [v.value for v in bindings.values() if isinstance(v, ox.NamedNode) and v.value in vocab.citations]
    sources = [citation(s, vocab) for s in bound] + sources
    # a rule that spans the Wgr's chapters binds its chapter's own article and cites that alone
    # (`# cite: bound`); its header lists every chapter's, for the docs and the gate
    if not (rule.cite_bound and bound):
        sources += [citation(s, vocab) for s in rule.sources]
    return {"rule": rule.id, "text": text, "sources": _dedupe(sources)}


def _law_date(run: rules.Run):
    """The date whose law governs the situation (rules/normalise/law-date.rq), once per run."""
    import datetime as dt

    if "law_date" not in run.memo:
        days = [t.object.value for t in run.derived if t.predicate.value == IGS + "lawDate" and isinstance(t.object, ox.Literal)]
        run.memo["law_date"] = dt.date.fromisoformat(days[0]) if days else None
    return run.memo["law_date"]


def reasons_for(run: rules.Run, s, p, o, vocab: Vocabulary) -> list[dict]:
    by_id = run.ruleset.by_id()
    ds = sorted(run.derivations_of(s, p, o), key=lambda d: (by_id[d.rule].order, d.rule))
    return _dedupe_reasons([reason(run, d, by_id[d.rule], vocab) for d in ds])


# ---------------------------------------------------------------------------- the advice

def _objects(run: rules.Run, s, pred: str) -> list:
    return run.objects(s, IGS + pred)


def check_participants(situation: Situation) -> None:
    minimum = vocabulary().min_participants
    if len(situation.participants) < minimum:
        kinds = {p.get("kind") for p in situation.participants_json()}
        if kinds <= {"gemeente", None}:
            raise InputError(f"cooperation needs {minimum} or more municipalities; 'participants' names "
                             f"{len(situation.participants)} (Wgr art. 1: 'twee of meer gemeenten')", situation.file)
        raise InputError(f"cooperation needs {minimum} or more participants; 'participants' names "
                         f"{len(situation.participants)} (Wgr art. 40, 50, 51: two or more provinces or waterschappen, "
                         "or one or more municipalities with one or more provinces or waterschappen)", situation.file)


def advise(situation: Situation, kg: store.KnowledgeGraph | None = None,
           ruleset: rules.RuleSet | None = None) -> dict:
    """The advice as the JSON of docs/contract.md#json-of-advise."""
    check_participants(situation)
    kg = kg or store.load()
    with rules.session(kg, situation, ruleset) as run:
        return build_advice(run, situation)


def build_advice(run: rules.Run, situation: Situation) -> dict:
    vocab = vocabulary()
    s = situation.iri
    forms = _form_entries(run, s, vocab)
    concepts = _concept_entries(run, s, vocab)
    regeling = _objects(run, s, "regelingType")
    effective = _objects(run, s, "effectiveDate")
    advice = {
        "as_of": situation.as_of.isoformat(),
        "participants": situation.participants_json(),
        "concepts": concepts,
        "legal_forms": forms,
        "regeling_type": local(regeling[0]) if regeling else None,
        "effective_date": max(e.value for e in effective) if effective else None,
        "procedure": _procedure(run, s, vocab),
        "stakeholders": _stakeholders(run, s, vocab),
        "factors": _factors(run, s, vocab),
        "steps": [{"order": st["order"], "id": st["iri"].rsplit("#", 1)[1],
                   "label": {lang: label(ox.NamedNode(st["iri"]), vocab, lang) for lang in LANGS}} for st in vocab.steps],
        "warnings": [w.as_json() for w in situation.warnings] + _warnings(run, s, vocab),
    }
    advice["regeling_type_label"] = {lang: label(regeling[0], vocab, lang) for lang in LANGS} if regeling else None
    # a reason or step that lists an article in several texts cites the one in force on the law's date
    day = _law_date(run)
    if day is not None:
        law_versions.cite_in_force(advice, day)
    advice["source_labels"] = _source_labels(advice)
    return advice


def _source_labels(tree) -> dict[str, dict[str, str]]:
    """Every source the advice cites, by its title in both languages ('Wgr art. 8 lid 3 (tekst
    2015)', 'scriptie §5.2.4'): what a page or report shows instead of the link or the key."""
    from .render import source_label

    found: list[str] = []

    def walk(x) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "sources" and isinstance(v, list):
                    found.extend(s for s in v if isinstance(s, str))
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(tree)
    return {src: {lang: source_label(src, lang) for lang in LANGS} for src in dict.fromkeys(found)}


def _form_entries(run: rules.Run, s, vocab: Vocabulary) -> list[dict]:
    fits = {t.value for t in _objects(run, s, "fitsForm")}
    before = {(store.value(t.subject), store.value(t.object)) for t in run.derived if t.predicate.value == IGS + "rankedBefore"}
    entries = []
    for f in vocab.forms:
        node = ox.NamedNode(f["iri"])
        lab = {lang: label(node, vocab, lang) for lang in LANGS}
        if f["iri"] in fits:
            rank = 1 + sum(1 for g in fits if (g, f["iri"]) in before)
            rs = reasons_for(run, s, n("fitsForm"), node, vocab) + [_rank_reason(run, node, rank, vocab)]
            entries.append({"id": f["id"], "family": f["family"], "label": lab, "verdict": "fits", "rank": rank,
                            "reasons": rs, "conditions": reasons_for(run, s, n("conditionOn"), node, vocab)})
        else:
            rs = reasons_for(run, s, n("rulesOut"), node, vocab) + reasons_for(run, s, n("outsideConcept"), node, vocab)
            entries.append({"id": f["id"], "family": f["family"], "label": lab, "verdict": "excluded", "rank": None,
                            "reasons": rs, "conditions": []})
    order = {f["id"]: f["order"] for f in vocab.forms}
    entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, order[e["id"]]))
    return entries


_RANK = {"nl": "Rang", "en": "Rank"}
_CHOSEN = {"nl": "Gekozen in de invoer.", "en": "Chosen in the input."}


def _rank_reason(run: rules.Run, form: ox.NamedNode, rank: int, vocab: Vocabulary) -> dict:
    """The rank of a fitting form, with the principle of the ranking rule (its `# summary:`) and
    the reading of the form's place in the order of administrative burden."""
    rule = run.ruleset.by_id()["form-ranked-before"]
    key = (form.value, IGS + "burdenOrder")
    sources = [src for k in sorted(k for k in vocab.axiom_sources if k[:2] == key) for src in vocab.axiom_sources[k]]
    readings = vocab.readings.get(key, {})
    text = {lang: f"{_RANK[lang]} {rank}: {rule.summary[lang]}" + (" " + readings[lang] if lang in readings else "")
            for lang in LANGS}
    cited = [citation(x, vocab) for x in sources] + [citation(x, vocab) for x in rule.sources]
    return {"rule": rule.id, "text": text, "sources": _dedupe(cited)}


def _concept_entries(run: rules.Run, s, vocab: Vocabulary) -> list[dict]:
    excluded = {t.value for t in _objects(run, s, "excludesConcept")}
    given = run.situation.triples if run.situation is not None else []
    chosen = [store.value(t.object) for t in given if t.subject == s and t.predicate.value == IGS + "concept"]
    signals = [t for t in _objects(run, s, "hasSignal")]
    forms_by_id = {f["iri"]: f for f in vocab.forms}
    entries = []
    for c in vocab.concepts:
        node = ox.NamedNode(c["iri"])
        lab = {lang: label(node, vocab, lang) for lang in LANGS}
        if c["iri"] in excluded:
            rs = reasons_for(run, s, n("excludesConcept"), node, vocab)
            realising = [ox.NamedNode(f) for f in vocab.realised_by.get(c["iri"], [])]
            for f in sorted(realising, key=lambda f: forms_by_id[f.value]["order"]):
                sub = reasons_for(run, s, n("rulesOut"), f, vocab)
                if sub:
                    first = sub[0]
                    rs.append({"rule": first["rule"], "text": first["text"], "sources": first["sources"]})
            entries.append({"id": c["id"], "label": lab, "verdict": "excluded", "rank": None, "score": None, "reasons": rs})
            continue
        score, rs = 0, []
        for sig in sorted(signals, key=lambda t: t.value):
            info = vocab.signals.get(sig.value)
            if not info or info["concept"] != c["iri"]:
                continue
            score += info["weight"]
            for r in reasons_for(run, s, n("hasSignal"), sig, vocab):
                r = dict(r)
                r["weight"] = info["weight"]
                r["sources"] = _dedupe([citation(x, vocab) for x in vocab.subject_sources.get(sig.value, [])] + r["sources"])
                rs.append(r)
        if c["iri"] in chosen:  # why the chosen concept stands: the rule that found it fits
            rs[:0] = [dict(r, text={lang: f"{_CHOSEN[lang]} {r['text'][lang]}" for lang in LANGS})
                      for r in reasons_for(run, s, n("fitsConcept"), node, vocab)]
        entries.append({"id": c["id"], "label": lab, "verdict": "fits", "rank": None, "score": score, "reasons": rs})
    fitting = [e for e in entries if e["verdict"] == "fits"]
    order = {c["id"]: c["order"] for c in vocab.concepts}
    chosen_ids = {c.rsplit("#", 1)[1] for c in chosen}
    fitting.sort(key=lambda e: (e["id"] not in chosen_ids, -e["score"], order[e["id"]]))
    for i, e in enumerate(fitting, 1):
        e["rank"] = i
    rest = sorted((e for e in entries if e["verdict"] == "excluded"), key=lambda e: order[e["id"]])
    return fitting + rest


def _procedure(run: rules.Run, s, vocab: Vocabulary) -> list[dict]:
    # Each dated step was chosen by procedure-version-in-force for a general requirement, which a
    # procedure rule asked for: the reasons are that rule's and the dating rule's.
    asked_for: dict[str, list[dict]] = {}
    out = []
    for req in _objects(run, s, "requiresStep"):
        info = vocab.procedure.get(req.value, {"order": 99, "definition": {}, "basis": set()})
        because: list[dict] = []
        for d in run.derivations_of(s, n("requiresStep"), req):
            generic = dict(d.bindings).get("generic")
            if generic is not None:
                if generic.value not in asked_for:
                    asked_for[generic.value] = reasons_for(run, s, n("needsProcedure"), generic, vocab)
                because += asked_for[generic.value]
        why = reasons_for(run, s, n("requiresStep"), req, vocab)
        sources = sorted(info["basis"]) + vocab.subject_sources.get(req.value, [])
        out.append({"id": local(req), "order": info["order"], "when": info.get("when", "once"),
                    "label": {lang: label(req, vocab, lang) for lang in LANGS},
                    "text": {lang: info["definition"].get(lang, label(req, vocab, lang)) for lang in LANGS},
                    "sources": _dedupe([citation(x, vocab) for x in sources]),
                    "reasons": _dedupe_reasons(because + why)})
    out.sort(key=lambda e: (e["order"], e["id"]))
    for e in out:
        del e["order"]
    return out


def _dedupe_reasons(rs: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rs:
        key = (r["rule"], r["text"]["nl"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _stakeholders(run: rules.Run, s, vocab: Vocabulary) -> list[dict]:
    out = []
    for st in _objects(run, s, "involves"):
        why = []
        for d in run.derivations_of(s, n("involves"), st):
            trigger = dict(d.bindings).get("trigger")
            if trigger is not None:
                why += reasons_for(run, s, n("hasTrigger"), trigger, vocab)
        why += reasons_for(run, s, n("involves"), st, vocab)
        out.append({"id": local(st), "label": {lang: label(st, vocab, lang) for lang in LANGS},
                    "reasons": _dedupe_reasons(why), "_order": vocab.stakeholders.get(st.value, {}).get("order", 99)})
    out.sort(key=lambda e: (e["_order"], e["id"]))
    for e in out:
        del e["_order"]
    return out


def _factors(run: rules.Run, s, vocab: Vocabulary) -> list[dict]:
    out = []
    for f in _objects(run, s, "watchFactor"):
        info = vocab.factors.get(f.value, {"polarity": None, "phase": None, "phase_order": 99})
        rs = reasons_for(run, s, n("watchFactor"), f, vocab)
        for r in rs:
            r["sources"] = _dedupe(r["sources"] + [citation(x, vocab) for x in vocab.subject_sources.get(f.value, [])])
        out.append({"id": local(f), "polarity": info["polarity"], "phase": info["phase"],
                    "label": {lang: label(f, vocab, lang) for lang in LANGS}, "reasons": rs,
                    "_key": (info["phase_order"], info["polarity"] or "", local(f))})
    out.sort(key=lambda e: e["_key"])
    for e in out:
        del e["_key"]
    return out


def _warnings(run: rules.Run, s, vocab: Vocabulary) -> list[dict]:
    out = []
    for w in sorted(_objects(run, s, "hasWarning"), key=lambda t: t.value):
        for r in reasons_for(run, s, n("hasWarning"), w, vocab):
            out.append({"text": r["text"], "rule": r["rule"], "sources": r["sources"]})
    return out
