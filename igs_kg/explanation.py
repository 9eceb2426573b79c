"""`igs-kg explain`: for every verdict of the advice, the tree of rules and facts that produced it,
down to the facts of the knowledge graph (with their sources and, where the thesis differs from
the law, the thesis' claim) and the facts of the input. Also the PROV-O form of the same
derivations, for the Turtle output."""

from __future__ import annotations

import pyoxigraph as ox

from . import IGS, RULE_BASE, rules, store
from .advice import check_participants, reason
from .inputs import PROPOSAL, SITUATION, Situation
from .vocabulary import LANGS, citation, label, vocabulary

PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# The derived predicates whose conclusions are the verdicts of the advice, in output order.
VERDICTS = ["excludesConcept", "fitsConcept", "fitsForm", "rulesOut", "outsideConcept", "conditionOn",
            "regelingType", "effectiveDate", "requiresStep", "involves", "watchFactor", "hasWarning"]


def _term_json(term, lang_labels: bool = True) -> dict:
    vocab = vocabulary()
    if isinstance(term, ox.Literal):
        return {"value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"id": "_:" + term.value, "label": {lang: "(input node)" if lang == "en" else "(invoerknoop)" for lang in LANGS}}
    iri = term.value
    return {"id": iri.rsplit("#", 1)[-1] if iri.startswith(IGS) else iri,
            "label": {lang: label(term, vocab, lang) for lang in LANGS}}


def _fact_node(run: rules.Run, t: ox.Triple, depth: int, seen: frozenset) -> dict:
    vocab = vocabulary()
    node: dict[str, object] = {"triple": [_term_json(t.subject), _term_json(t.predicate), _term_json(t.object)]}
    derivations = run.derivations.get(t)
    if derivations and t not in seen and depth < 12:
        node["kind"] = "derived"
        node["derivations"] = [_derivation_node(run, d, depth + 1, seen | {t}) for d in derivations[:4]]
        return node
    if run.is_input(t) and run.situation is not None:
        node["kind"] = "input"
        node["file"] = run.situation.file
        return node
    node["kind"] = "fact"
    key = (store.value(t.subject), t.predicate.value, str(t.object))
    srcs = vocab.axiom_sources.get(key) or vocab.subject_sources.get(key[0], [])
    node["sources"] = [c for c in (citation(s, vocab) for s in srcs) if c]
    file = run.kg.file_of(t)
    if file:
        node["file"] = file
    claims = run.kg.select(f"""SELECT ?claim ?src WHERE {{ ?ax owl:annotatedSource <{t.subject.value}> ;
        owl:annotatedProperty <{t.predicate.value}> ; owl:annotatedTarget {t.object} ; igs:thesisClaim ?claim .
        OPTIONAL {{ ?ax igs:thesisSource ?src }} }}""") if isinstance(t.subject, ox.NamedNode) else []
    if claims:
        node["thesis_claim"] = {"text": claims[0]["claim"].value,
                                "source": citation(claims[0]["src"].value, vocab) if "src" in claims[0] else None}
    notes = vocab.axiom_notes.get(key)
    if notes:
        node["uncertainty"] = notes
    return node


def _derivation_node(run: rules.Run, d: rules.Derivation, depth: int, seen: frozenset) -> dict:
    rule = run.ruleset.by_id()[d.rule]
    r = reason(run, d, rule, vocabulary())
    return {"rule": rule.id, "rule_file": rule.path, "label": rule.label, "text": r["text"], "sources": r["sources"],
            "why": rule.why,
            "premises": [_fact_node(run, p, depth, seen) for p in rules.premises(run, d)
                         if not (p.predicate.value == RDF + "type" and p.object in (SITUATION, PROPOSAL))]}


def explain_run(run: rules.Run) -> list[dict]:
    assert run.situation is not None, "explains a situation"
    s = run.situation.iri
    out = []
    for pred in VERDICTS:
        for t in run.derived:
            if t.subject == s and t.predicate.value == IGS + pred:
                out.append({"conclusion": [_term_json(t.subject), _term_json(t.predicate), _term_json(t.object)],
                            "derivations": [_derivation_node(run, d, 0, frozenset({t})) for d in run.derivations[t]]})
    _number_blank_nodes(out)
    return out


def _number_blank_nodes(tree) -> None:
    """Blank nodes get a new random name each time the knowledge is loaded; the explanation names
    them _:b1, _:b2, ... in the order they appear, so that the same input explains the same way."""
    names: dict[str, str] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            ident = node.get("id")
            if isinstance(ident, str) and ident.startswith("_:"):
                node["id"] = names.setdefault(ident, f"_:b{len(names) + 1}")
            stack.extend(reversed(list(node.values())))


def explain(situation: Situation) -> list[dict]:
    check_participants(situation)
    with rules.session(store.load(), situation) as run:
        return explain_run(run)


def to_text(tree: list[dict], lang: str = "nl") -> str:
    lines: list[str] = []

    def term(x: dict) -> str:
        if "value" in x:
            return x["value"]
        return x["label"][lang]

    def fact(node: dict, indent: str) -> None:
        s, p, o = node["triple"]
        tag = {"nl": {"input": "invoer", "fact": "feit", "derived": "afgeleid"},
               "en": {"input": "input", "fact": "fact", "derived": "derived"}}[lang][node["kind"]]
        src = f"  [{'; '.join(node['sources'])}]" if node.get("sources") else ""
        lines.append(f"{indent}{tag}: {term(s)} — {term(p)} — {term(o)}{src}")
        if node.get("thesis_claim"):
            word = "de scriptie zegt" if lang == "nl" else "the thesis says"
            lines.append(f"{indent}    ({word}: \"{node['thesis_claim']['text']}\" {node['thesis_claim'].get('source') or ''})")
        if node.get("uncertainty") and lang in node["uncertainty"]:
            lines.append(f"{indent}    (! {node['uncertainty'][lang]})")
        for d in node.get("derivations", []):
            derivation(d, indent + "    ")

    def derivation(d: dict, indent: str) -> None:
        src = f"  [{'; '.join(d['sources'])}]" if d["sources"] else ""
        lines.append(f"{indent}← {'regel' if lang == 'nl' else 'rule'} {d['rule']}: {d['text'][lang]}{src}")
        for p in d["premises"]:
            fact(p, indent + "    ")

    for item in tree:
        s, p, o = item["conclusion"]
        lines.append(f"{term(p)}: {term(o)}")
        for d in item["derivations"]:
            derivation(d, "  ")
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- PROV-O for the Turtle output

def provenance_triples(run: rules.Run) -> list[ox.Triple]:
    """Every derived triple as an rdf:Statement generated by a prov:Activity that applied a rule
    (a prov:Plan) and used the premises (each an rdf:Statement)."""
    assert run.situation is not None, "explains a situation"
    N = ox.NamedNode
    out: list[ox.Triple] = []
    rdf_type, subj, pred, obj = N(RDF + "type"), N(RDF + "subject"), N(RDF + "predicate"), N(RDF + "object")

    def statement(t: ox.Triple) -> ox.BlankNode:
        b = ox.BlankNode()
        out.extend([ox.Triple(b, rdf_type, N(RDF + "Statement")), ox.Triple(b, subj, t.subject),
                    ox.Triple(b, pred, t.predicate), ox.Triple(b, obj, t.object)])
        return b

    for r in run.ruleset.rules:
        rule = N(RULE_BASE + r.id)
        out.append(ox.Triple(rule, rdf_type, N(PROV + "Plan")))
        for lang, text in r.label.items():
            out.append(ox.Triple(rule, N("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(text, language=lang)))
        for s in r.sources:
            if s.startswith("http"):
                out.append(ox.Triple(rule, N("http://purl.org/dc/terms/source"), N(s)))
    for t in run.derived:
        if t.subject != run.situation.iri:
            continue
        st = statement(t)
        for d in run.derivations.get(t, []):
            act = ox.BlankNode()
            assoc = ox.BlankNode()
            out.extend([ox.Triple(act, rdf_type, N(PROV + "Activity")),
                        ox.Triple(st, N(PROV + "wasGeneratedBy"), act),
                        ox.Triple(act, N(PROV + "qualifiedAssociation"), assoc),
                        ox.Triple(assoc, rdf_type, N(PROV + "Association")),
                        ox.Triple(assoc, N(PROV + "hadPlan"), N(RULE_BASE + d.rule))])
            for p in rules.premises(run, d):
                out.append(ox.Triple(act, N(PROV + "used"), statement(p)))
    return out
