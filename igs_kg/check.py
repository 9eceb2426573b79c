"""`igs-kg check`: the knowledge engineer's gate (after ROBOT's report/verify/reason and ODK's test).

Named steps, each giving findings with an id, a severity, where to fix it (file and line, or the
term) and how:
  parse      every Turtle, SPARQL, JSON-LD and YAML file of the knowledge parses
  reason     HermiT: the ontology is consistent and every class satisfiable (needs Java)
  quality    the checks of checks/*-violation.rq (labels, sources, definitions, undefined terms ...)
  context    every term of ontology/context.jsonld exists in the graph
  shapes     the shapes graph is valid SHACL (SHACL for SHACL), each reported shape is complete,
             and the fast validation path can run every shape
  rules      every rule compiles, has a complete header, can be stratified and fires in a test case
  queries    every named query has a header and runs
A severity profile (check-profile.yaml beside ontology/, optional) can change a check's severity:
`duplicate-label: error` or `missing-definition: ignore`."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import IGS, SHAPES, paths
from .errors import IgsError, KnowledgeError

STEPS = ["parse", "reason", "quality", "context", "shapes", "rules", "queries"]


@dataclass
class Finding:
    check: str
    severity: str          # error | warning
    message: str
    where: str = ""        # file:line, or a term
    fix: str = ""


@dataclass
class StepReport:
    name: str
    findings: list[Finding] = field(default_factory=list)
    note: str = ""


def checks_dir() -> Path:
    return paths.data_root() / "checks"


def _profile() -> dict[str, str]:
    f = paths.data_root() / "check-profile.yaml"
    if not f.is_file():
        return {}
    import yaml

    data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


# ---------------------------------------------------------------------------- locating terms

class Locator:
    """Finds the file and line where a term is written (first as a subject), to point at it."""

    def __init__(self, files: list[Path]):
        self.texts = {f: f.read_text(encoding="utf-8").splitlines() for f in files}

    def find(self, iri: str) -> str:
        local = iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]
        forms = [f"<{iri}>"]
        if iri.startswith(IGS):
            forms.insert(0, f"igs:{local}")
        if iri.startswith(SHAPES):
            forms.insert(0, f"igsh:{local}")
        for subject_first in (True, False):
            for f, lines in self.texts.items():
                for i, line in enumerate(lines, 1):
                    for form in forms:
                        whole = len(line) <= len(form) or not (line[len(form)].isalnum() or line[len(form)] in "-_")
                        if (line.startswith(form) and whole)\
                                if subject_first else re.search(re.escape(form) + r"(?![\w-])", line):
                            return f"{paths.relative(f)}:{i}"
        return iri


# ---------------------------------------------------------------------------- steps

# ---------------------------------------------------------------------------- igs: terms in rules, shapes, queries

_IGS_NAME = re.compile(r"(?<![\w:/#<-])igs:([A-Za-z_][\w-]*)|<" + re.escape(IGS) + r"([\w-]+)>")


def _defined_terms() -> set[str]:
    """Every IRI the knowledge gives a type (a term is defined when the graph says what it is);
    worked out once per loaded graph, for the steps that ask."""
    from .store import load

    kg = load()
    terms = kg.__dict__.get("_defined_terms")
    if terms is None:
        terms = kg.__dict__["_defined_terms"] = {
            r["t"].value for r in kg.select("SELECT DISTINCT ?t WHERE { ?t a ?c FILTER(isIRI(?t)) }")}
    return terms


def undefined_terms(text: str, defined: set[str]) -> list[tuple[str, int]]:
    """The igs: terms a SPARQL or Turtle text uses that the graph does not define, with the line of
    their first use (comment lines skipped; a file that binds igs: elsewhere is not read)."""
    if re.search(r"(?i)(PREFIX|@prefix)\s+igs:\s*<(?!" + re.escape(IGS) + ")", text):
        return []
    found: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for m in _IGS_NAME.finditer(line):
            local = m.group(1) or m.group(2)
            if local and IGS + local not in defined:
                found.setdefault(local, n)
    return sorted(found.items(), key=lambda x: x[1])


def _undefined_findings(files: list[Path], check_id: str, what: str, defined: set[str]) -> list[Finding]:
    out = []
    for f in files:
        for local, line in undefined_terms(f.read_text(encoding="utf-8"), defined):
            out.append(Finding(check_id, "error", f"{what} uses igs:{local}, which the graph does not define",
                               where=f"{paths.relative(f)}:{line}",
                               fix=f"Correct the name (a typo never matches, so the {what} silently does nothing), "
                                   "or declare the term in ontology/igs.ttl with its labels, definition and source."))
    return out


def _allowed_in_several_files() -> set[str]:
    f = checks_dir() / "defined-in-several-files.txt"
    if not f.is_file():
        return set()
    return {line.split("#", 1)[0].strip() for line in f.read_text(encoding="utf-8").splitlines()} - {""}


def step_parse() -> tuple[StepReport, bool]:
    import pyoxigraph as ox

    from .store import parse_turtle_file

    rep = StepReport("parse")
    ok = True
    typed_in: dict[tuple[str, str], set[str]] = {}   # (graph: kb or shapes, subject) -> files that give it a type
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    shapes = set(paths.shapes_files())
    for f in paths.knowledge_files() + paths.shapes_files():
        try:
            triples = parse_turtle_file(f)
        except KnowledgeError as exc:
            rep.findings.append(Finding("parse-error", "error", str(exc), fix="Correct the Turtle syntax at that line."))
            ok = False
            continue
        part = "shapes" if f in shapes else "kb"
        for t in triples:
            if t.predicate.value == rdf_type and isinstance(t.subject, ox.NamedNode):
                typed_in.setdefault((part, t.subject.value), set()).add(paths.relative(f))
    allowed = _allowed_in_several_files()
    for (part, subject), files in sorted(typed_in.items()):
        if len(files) > 1 and subject not in allowed:
            # a shape defined twice is merged into one by the engines, and pySHACL then fails on it
            rep.findings.append(Finding("defined-in-several-files", "error" if part == "shapes" else "warning",
                                        f"{subject} is defined (given a type) in {len(files)} files: {', '.join(sorted(files))}",
                                        where=sorted(files)[0],
                                        fix="Define it in one file and only use it in the others; if that is meant, list it "
                                            "in checks/defined-in-several-files.txt with the reason."))
    ctx = paths.ontology_dir() / "context.jsonld"
    try:
        json.loads(ctx.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        rep.findings.append(Finding("parse-error", "error", f"{paths.relative(ctx)}: {exc}", fix="Correct the JSON."))
        ok = False
    return rep, ok


def step_reason() -> StepReport:
    from . import reason

    rep = StepReport("reason")
    result = reason.check_files()
    if not result.ran:
        rep.findings.append(Finding("reasoner-not-run", "warning", result.message,
                                    fix="Install a Java runtime to let HermiT check the ontology."))
        return rep
    if result.consistent is False:
        core = [paths.relative(f) for f in reason.inconsistent_core(paths.knowledge_files())]
        rep.findings.append(Finding("inconsistent", "error", "HermiT finds the ontology inconsistent: some fact contradicts the TBox "
                                    "(a functional property with two values, disjoint classes, a hasValue restriction). "
                                    f"These files alone are already inconsistent: {', '.join(core)}.",
                                    where=core[-1] if core else "",
                                    fix="Look in those files, at the facts you changed last; `git diff ontology/` shows them."))
    for c in result.unsatisfiable:
        rep.findings.append(Finding("unsatisfiable-class", "error", f"class {c} can have no members", where=c,
                                    fix="Its superclasses or restrictions contradict each other (e.g. two disjoint classes)."))
    rep.note = result.message
    return rep


def step_quality(locator: Locator) -> StepReport:
    from .headers import parse_header
    from .store import load

    rep = StepReport("quality")
    kg = load()
    for f in sorted(checks_dir().glob("*-violation.rq")):
        text = f.read_text(encoding="utf-8")
        h = parse_header(text, paths.relative(f))
        cid = h.get("id", [f.stem])[0]
        sev = h.get("severity", ["error"])[0]
        for r in kg.select(text):
            term = r["term"].value
            value = f" ({r['value'].value})" if "value" in r else ""
            rep.findings.append(Finding(cid, sev, f"{h.get('problem', [cid])[0]} — {term}{value}",
                                        where=locator.find(term), fix=h.get("fix", [""])[0]))
    rep.findings += law_version_findings(kg, locator)
    rep.findings += clause_placeholder_findings(kg, locator)
    for clause, link, (start, end) in clause_version_gaps(kg):
        rep.findings.append(Finding("law-link-version-gap", "error",
                                    f"{clause} applies {_period(start, end)} but cites no text of the article of {link} "
                                    "in force then", where=locator.find(clause),
                                    fix="Cite the text of that period too (python tools/cite_versions.py adds the links), or "
                                        "give the clause igs:clauseFrom / igs:clauseUntil."))
    return rep


def _period(start, end) -> str:
    import datetime as dt

    return f"{start.isoformat() if start != dt.date.min else '…'} – {end.isoformat() if end != dt.date.max else '…'}"


def _dated_periods(kg) -> dict[str, list]:
    """Every dated fact (a procedure step, a clause) -> [in force from, until), open ends as date.min/max."""
    import datetime as dt

    periods: dict[str, list] = {}
    for r in kg.select("""SELECT ?t ?p ?d WHERE { ?t ?p ?d .
            VALUES ?p { igs:inForceFrom igs:inForceUntil igs:clauseFrom igs:clauseUntil } }"""):
        period = periods.setdefault(r["t"].value, [dt.date.min, dt.date.max])
        period[0 if r["p"].value.endswith("From") else 1] = dt.date.fromisoformat(r["d"].value)
    return periods


def clause_version_gaps(kg) -> list[tuple[str, str, tuple]]:
    """(clause, a dated link it cites, a period of that article's text) for every period of an
    amended article within the clause's dates that none of its links to that article names: a
    draft of a date in that period would cite a text not in force."""
    import datetime as dt

    from . import law_versions

    periods = _dated_periods(kg)
    links: dict[str, list[str]] = {}
    for r in kg.select("""SELECT ?c ?s WHERE { ?c igs:clauseOrder ?o ; dcterms:source ?s
                          FILTER(isIRI(?s) && CONTAINS(STR(?s), "&g=")) }"""):
        links.setdefault(r["c"].value, []).append(r["s"].value)
    out = []
    for clause, cited in sorted(links.items()):
        begin, until = periods.get(clause, [dt.date.min, dt.date.max])
        by_article: dict[tuple, list[tuple]] = {}
        for link in cited:  # a period is covered by a link to any lid of the article, or to the article
            v = law_versions.version(link)
            if v is not None:
                by_article.setdefault(v[0], []).append((v[1], v[2], link))
        for key, versions in sorted(by_article.items()):
            changes = sorted({d for d in law_versions.changes_of(key) if begin < d < until})
            bounds = [begin] + changes + [until]
            for start, end in zip(bounds, bounds[1:]):
                if not any(s <= start and end <= e for s, e, _ in versions):
                    out.append((clause, versions[0][2], (start, end)))
    return out


def clause_placeholder_findings(kg, locator: Locator) -> list[Finding]:
    """A clause text with a placeholder the draft engine does not fill ({naam}) or a choice that
    no igs:DraftChoice defines ({choice:Zetel}): the draft would show the braces."""
    from .draft_clauses import PLACEHOLDER, VALUES

    choices = {r["c"].value.rsplit("#", 1)[-1] for r in kg.select("SELECT ?c WHERE { ?c a igs:DraftChoice }")}
    out = []
    for r in kg.select("""SELECT ?c ?t WHERE { ?c ?p ?t . VALUES ?p { igs:clauseText igs:clauseHeading igs:clauseExplanation
                          igs:draftTitle igs:draftDecision } }"""):
        for m in PLACEHOLDER.finditer(r["t"].value):
            choice, name = bool(m.group(1)), m.group(2)
            if (choice and name not in choices) or (not choice and name not in VALUES):
                what = (f"the choice igs:{name}, which no igs:DraftChoice defines" if choice
                        else f"the placeholder {{{name}}}, which the draft engine does not fill")
                out.append(Finding("clause-placeholder-unknown", "error", f"{r['c'].value} uses {what}",
                                   where=locator.find(r["c"].value),
                                   fix="Use one of " + ", ".join(sorted(VALUES)) + ", or {choice:X} with igs:X a igs:DraftChoice "
                                       "(ontology/kb/clauses.ttl; docs/drafting.md)."))
    return out


def law_version_findings(kg, locator: Locator) -> list[Finding]:
    """A dated fact (a procedure step, a clause: in force from / until) whose dated law link names
    a text of that article that was not in force at any time in the fact's period: the article
    was amended (ontology/kb/amendments.ttl) between the link's date and the period, or the
    other way round. A link without a date is not tested."""
    import datetime as dt

    from . import law_versions

    out = []
    periods = _dated_periods(kg)
    for r in kg.select("""SELECT DISTINCT ?t ?link WHERE { { ?t dcterms:source ?link } UNION { ?t igs:legalBasis ?link }
                          FILTER(isIRI(?link) && CONTAINS(STR(?link), "&g=")) }"""):
        term, link = r["t"].value, r["link"].value
        if term not in periods:
            continue
        v = law_versions.version(link)
        if v is None:
            continue
        (_, article), start, end = v
        begin, until = periods[term]
        if until <= start or begin >= end:
            text = f"{start.isoformat() if start != dt.date.min else '…'} – {end.isoformat() if end != dt.date.max else '…'}"
            when = f"{begin.isoformat() if begin != dt.date.min else '…'} – {until.isoformat() if until != dt.date.max else '…'}"
            out.append(Finding("law-link-other-version", "error",
                               f"{term} applies {when} but cites art. {article} in the text of {text} ({link})",
                               where=locator.find(term),
                               fix="Link the text in force in the fact's period (set g= to a day in it), or split the fact "
                                   "into dated versions."))
    return out


def step_context() -> StepReport:
    from .store import load

    rep = StepReport("context")
    ctx = json.loads((paths.ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    prefix = ctx.get("igs", IGS)
    kg = load()

    def walk(c: dict, where: str) -> None:
        for key, v in c.items():
            if key.startswith("@") or key in ("igs", "xsd"):
                continue
            iri = v if isinstance(v, str) else v.get("@id", "")
            if iri.startswith("igs:"):
                full = prefix + iri[4:]
                if not kg.ask(f"ASK {{ <{full}> a ?t }}"):
                    rep.findings.append(Finding("context-undefined-term", "error",
                                                f"context term '{key}' maps to {iri}, which the graph does not define",
                                                where=f"ontology/context.jsonld ({where}{key})",
                                                fix="Correct the mapping or declare the term in ontology/."))
            if isinstance(v, dict) and isinstance(v.get("@context"), dict):
                walk(v["@context"], f"{where}{key}.")

    walk(ctx, "")
    words = {(v if v.startswith("http") else prefix + v.split(":", 1)[1])
             for v in (ctx.get("legal_form", {}).get("@context") or {}).values() if isinstance(v, str)}
    for r in kg.select("""SELECT ?f ?concept ?why WHERE { ?f a/rdfs:subClassOf* igs:LegalForm FILTER(isIRI(?f))
                          OPTIONAL { ?c igs:realisedBy ?f BIND(true AS ?concept) } OPTIONAL { ?f igs:realisesNoConceptBecause ?why } }"""):
        form = r["f"].value
        local = form.rsplit("#", 1)[-1]
        if form not in words:
            rep.findings.append(Finding("form-without-input-word", "error",
                                        f"legal form igs:{local} has no input word in ontology/context.jsonld, so no proposal can name it",
                                        where="ontology/context.jsonld (legal_form)",
                                        fix=f'Add "{local}": "igs:{local}" to the @context of legal_form (and of regeling.legal_form).'))
        if "concept" not in r and "why" not in r:
            rep.findings.append(Finding("form-without-concept", "error",
                                        f"legal form igs:{local} realises no cooperation concept and does not say why",
                                        where=f"igs:{local}",
                                        fix="Add it to a concept's igs:realisedBy in ontology/kb/concepts.ttl, or give it "
                                            "igs:realisesNoConceptBecause with the reason @nl and @en."))
    return rep


def step_shapes(locator: Locator) -> StepReport:
    import pyoxigraph as ox

    from . import validation as validate
    from .shacl_fast import SH, FastValidator, UnsupportedShape
    from .store import load, value

    rep = StepReport("shapes")
    triples = validate.shapes_triples()
    # SHACL for SHACL: the shapes graph against the W3C shacl-shacl shapes (shipped with pySHACL).
    try:
        import importlib.resources

        import rdflib
        from pyshacl import validate as pyshacl_validate

        meta = rdflib.Graph()
        meta.parse(str(importlib.resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
        data = rdflib.Graph()
        data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        conforms, graph, _ = pyshacl_validate(data, shacl_graph=meta, inference="none")
        if not conforms:
            shn = rdflib.Namespace(SH)
            for r in graph.objects(None, shn.result):
                focus = graph.value(r, shn.focusNode)
                msg = graph.value(r, shn.resultMessage)
                rep.findings.append(Finding("invalid-shape", "error", f"not valid SHACL: {msg}", where=locator.find(str(focus)),
                                            fix="See https://www.w3.org/TR/shacl/ for the constraint named."))
    except (ImportError, OSError) as exc:  # pragma: no cover - pyshacl is a dependency
        rep.findings.append(Finding("shacl-shacl-not-run", "warning", str(exc)))
    info = validate.shape_info()
    kg = load()
    violations = {value(t.subject) for t in triples
                  if t.predicate.value == SH + "severity" and isinstance(t.object, ox.NamedNode) and t.object.value == SH + "Violation"}
    targeted = {value(t.subject) for t in triples if t.predicate.value in (SH + "targetClass", SH + "targetNode")}
    for shape in sorted(targeted):
        e = info.get(shape, {"message": {}, "sources": [], "key": None})
        where = locator.find(shape)
        for lang in ("nl", "en"):
            if lang not in e["message"]:
                rep.findings.append(Finding("shape-message-missing", "error", f"{shape} has no sh:message in @{lang}",
                                            where=where, fix=f'Add sh:message "..."@{lang}: what is wrong and what to change.'))
        if not e["sources"]:
            rep.findings.append(Finding("shape-source-missing", "error", f"{shape} has no dcterms:source", where=where,
                                        fix="Add the article (JCI link) or thesis section the shape rests on."))
        if e["sources"] and all(_is_secondary(kg, src) for src in e["sources"]):
            rep.findings.append(Finding("shape-secondary-only", "error" if shape in violations else "warning",
                                        f"{shape} rests on secondary sources only", where=where,
                                        fix="Cite the article (a dated JCI link) or another primary source the shape rests "
                                            "on; a secondary source may stand beside it."))
        on_text = any(t.subject.value == shape and t.predicate.value == IGS + "checksDraftText" for t in triples
                      if isinstance(t.subject, ox.NamedNode))
        if not e["key"] and not on_text:  # a shape on a draft's text points to the text, not to a key
            rep.findings.append(Finding("shape-input-key-missing", "warning", f"{shape} has no igs:inputKey", where=where,
                                        fix='Add igs:inputKey "the_yaml_key" so users know what to change.'))
    rep.findings += _undefined_findings(paths.shapes_files(), "shape-undefined-term", "the shape", _defined_terms())
    try:
        FastValidator(triples)
    except UnsupportedShape as exc:
        rep.findings.append(Finding("shape-not-in-fast-path", "error", f"the fast validation path cannot run a shape: {exc}",
                                    fix="Use the SHACL Core features of the other shapes, or a sh:sparql constraint."))
    return rep


def _is_secondary(kg, source: str) -> bool:
    """Whether a source is secondary (VNG, a law firm, a wiki): the brief lets it stand beside a
    primary source, never alone as the basis of a verdict."""
    return source.startswith("http") and kg.ask(f"ASK {{ <{source}> a igs:SecondarySource }}")


def _is_project_document(kg, source: str) -> bool:
    """src:contract, src:legal-factsheet and the like (cited as a .md name): the project's own notes, not a basis for a verdict."""
    return source.split(" (")[0].endswith(".md") or (source.startswith("http") and kg.ask(
        f"ASK {{ <{source}> a igs:Document }}"))


def _rule_cases() -> list[tuple[str, dict]] | None:
    """Every case of tests/cases/*.yaml with its file name, read once for both uses (None: no folder)."""
    folder = paths.cases_dir()
    if not folder.is_dir():
        return None
    import yaml

    return [(f.name, case) for f in sorted(folder.glob("*.yaml"))
            for case in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("cases", [])]


def _case_rule_ids(cases: list[tuple[str, dict]]) -> set[str]:
    """The rules the cases name: as fired, as a warning, or as a reason or condition of a verdict."""
    ids: set[str] = set()
    for _, case in cases:
        ids.update(case.get("fired", []))
        exp = case.get("expect", {})
        ids.update(exp.get("warnings", []))
        for group in ("legal_forms", "concepts"):
            for spec in exp.get(group, {}).values():
                ids.update(spec.get("reasons", []) + spec.get("conditions", []))
    return ids


def _rules_fired_in_cases(ruleset, cases: list[tuple[str, dict]]) -> set[str]:
    """Run every case and collect the rules that drew any conclusion."""
    import datetime as dt

    import yaml

    from . import inputs, rules, store
    from .errors import InputError

    fired: set[str] = set()
    kg = store.load()
    for name, case in cases:
        if "situation" not in case:
            continue
        try:
            situation = inputs.parse_text(yaml.safe_dump(case["situation"], allow_unicode=True), name, "yaml",
                                          today=dt.date(2025, 1, 1))
        except InputError:
            continue  # a case that expects an input error fires no rule
        with rules.session(kg, situation, ruleset) as run:
            fired.update(d.rule for ds in run.derivations.values() for d in ds)
    return fired


def step_rules() -> StepReport:
    from . import rules
    from .headers import parse_header, split_languages
    from .store import load

    rep = StepReport("rules")
    try:
        ruleset = rules.load_rules(use_cache=False, reload=True)
    except KnowledgeError as exc:
        rep.findings.append(Finding("rule-error", "error", str(exc),
                                    fix="Correct the rule; a cycle through negation needs one rule to stop reading a "
                                        "predicate under NOT EXISTS that it (indirectly) writes."))
        return rep
    kg = load()
    known_sections = {r["c"].value for r in kg.select("SELECT ?c WHERE { ?s a igs:ThesisSection ; igs:citation ?c }")}
    for r in ruleset.rules:
        path = paths.data_root() / r.path
        header = parse_header(path.read_text(encoding="utf-8"), r.path)
        where = f"{r.path}:1"
        if r.id != path.stem:
            rep.findings.append(Finding("rule-id-not-file-name", "error", f"rule id '{r.id}' is not the file name '{path.stem}'",
                                        where=where, fix="Name the file after the rule id (and the rule after what it concludes)."))
        for key in ("label", "text"):
            langs = split_languages(header.get(key, [""])[0])
            for lang in ("nl", "en"):
                if lang not in langs or not langs[lang]:
                    rep.findings.append(Finding(f"rule-{key}-missing", "error", f"rule '{r.id}' has no {key} in @{lang}",
                                                where=where, fix=f"Write '# {key}: ... @nl | ... @en'."))
        for s in r.sources:
            ok = (s.startswith("http") and kg.ask(f"ASK {{ <{s}> a ?t }}")) or s in known_sections or s.endswith(".md") \
                or s.split(" (")[0].endswith(".md")
            if not ok:
                rep.findings.append(Finding("rule-source-unknown", "error",
                                            f"rule '{r.id}' cites '{s}', which is not a source of the graph", where=where,
                                            fix="Cite a thesis section as 'thesis §5.3.1' or a source described in "
                                                "ontology/kb/sources.ttl."))
        # a verdict rests on the law, an official publication or the thesis; project documents
        # (src:contract) alone only where the rule restates the input or combines other rules'
        # verdicts, which carry their own sources (`# basis: input` / `# basis: derived`)
        basis = header.get("basis", [""])[0].strip()
        if r.sources and basis not in ("input", "derived") and all(_is_secondary(kg, s) or _is_project_document(kg, s)
                                                                   for s in r.sources):
            rep.findings.append(Finding("rule-project-source-only", "error",
                                        f"rule '{r.id}' rests on project documents or secondary sources only", where=where,
                                        fix="Cite the article, the Staatsblad, the Kamerstukken, case law, an official register "
                                            "or a thesis §; or, for a rule that restates the input or combines other rules' "
                                            "verdicts, say so with '# basis: input' or '# basis: derived'."))
        elif basis and basis not in ("input", "derived"):
            rep.findings.append(Finding("rule-basis-unknown", "error", f"rule '{r.id}' has '# basis: {basis}'", where=where,
                                        fix="Write '# basis: input' or '# basis: derived', or leave the line out."))
        if r.sources and all(_is_secondary(kg, s) for s in r.sources):
            rep.findings.append(Finding("rule-secondary-only", "error",
                                        f"rule '{r.id}' rests on secondary sources only", where=where,
                                        fix="Cite the article (a dated JCI link), the Staatsblad, the Kamerstukken, case "
                                            "law, an official register or a thesis §; a secondary source may stand beside it."))
    rep.findings += _undefined_findings(rules.rule_files(), "rule-undefined-term", "the rule", _defined_terms())
    cases = _rule_cases()
    if cases is None:
        rep.findings.append(Finding("rule-cases-missing", "warning", "no tests/cases folder: rule coverage not checked"))
    else:
        covered = _case_rule_ids(cases)
        fired = _rules_fired_in_cases(ruleset, cases)
        for r in ruleset.rules:
            if r.id not in covered:
                rep.findings.append(Finding("rule-without-case", "error", f"rule '{r.id}' has no test case in which it fires",
                                            where=f"{r.path}:1",
                                            fix="Add a case to tests/cases/*.yaml with 'fired: [" + r.id + "]'."))
            elif r.id not in fired:
                rep.findings.append(Finding("rule-never-fires", "error",
                                            f"rule '{r.id}' is named by a case but fires in none of the cases when they are run",
                                            where=f"{r.path}:1",
                                            fix="A pattern of its WHERE block matches nothing (a misspelt predicate or "
                                                "class?), or the case does not describe the situation it needs."))
    rep.note = f"{len(ruleset.rules)} rules in {len(ruleset.strata)} strata"
    return rep


def step_queries() -> StepReport:
    import datetime as dt

    from . import queries
    from .errors import InputError

    rep = StepReport("queries")
    rep.findings += _undefined_findings(sorted(paths.queries_dir().glob("*.rq")), "query-undefined-term", "the query",
                                        _defined_terms())
    samples = {"date": dt.date.today().isoformat(), "iri": "igs:Nothing", "string": "", "integer": "0", "boolean": "false"}
    for f in sorted(paths.queries_dir().glob("*.rq")):
        where = f"{paths.relative(f)}:1"
        try:
            q = queries.read_query(f)
        except KnowledgeError as exc:
            rep.findings.append(Finding("query-header-missing", "error", str(exc), where=where,
                                        fix="Start the file with '# title: ... @nl | ... @en' and '# source: ...'."))
            continue
        if "nl" not in q.title or "en" not in q.title:
            rep.findings.append(Finding("query-title-missing", "error", f"query '{q.name}' needs a title @nl and @en",
                                        where=where, fix="Write '# title: ... @nl | ... @en'."))
        if not q.sources:
            rep.findings.append(Finding("query-source-missing", "error", f"query '{q.name}' has no '# source:'", where=where,
                                        fix="Name the thesis section or article the question comes from."))
        for p in q.params:
            if p.type not in queries.TYPES:
                rep.findings.append(Finding("query-param-type", "error", f"parameter '{p.name}' has unknown type '{p.type}'",
                                            where=where, fix="Use one of: " + ", ".join(queries.TYPES)))
        try:
            given = {p.name: samples.get(p.type, "") for p in q.params if p.required}
            result = queries.run(q, given)
            if hasattr(result, "__iter__"):
                list(result)  # solutions and triples are lazy: evaluate them
        except (InputError, OSError, SyntaxError, ValueError) as exc:
            rep.findings.append(Finding("query-does-not-run", "error", f"query '{q.name}' does not run: {exc}", where=where,
                                        fix="Correct the SPARQL."))
    return rep


# ---------------------------------------------------------------------------- the gate

def run(steps: list[str] | None = None) -> list[StepReport]:
    from . import store

    store._load.cache_clear()  # the gate reads the files as they are now
    steps = steps or STEPS
    reports: list[StepReport] = []
    parse_rep, parsed = step_parse()
    reports.append(parse_rep)
    if not parsed:
        reports.append(StepReport("…", note="the other steps need files that parse"))
        return _apply_profile(reports)
    locator = Locator(paths.knowledge_files() + paths.shapes_files())
    table = {"reason": step_reason, "quality": lambda: step_quality(locator), "context": step_context,
             "shapes": lambda: step_shapes(locator), "rules": step_rules, "queries": step_queries}
    for name in steps:
        if name in table:
            try:
                reports.append(table[name]())
            except IgsError as exc:
                reports.append(StepReport(name, [Finding(f"{name}-failed", "error", str(exc))]))
    return _apply_profile(reports)


def _apply_profile(reports: list[StepReport]) -> list[StepReport]:
    profile = _profile()
    for rep in reports:
        kept = []
        for f in rep.findings:
            sev = profile.get(f.check, f.severity)
            if sev == "ignore":
                continue
            f.severity = sev
            kept.append(f)
        rep.findings = kept
    return reports


def has_errors(reports: list[StepReport]) -> bool:
    return any(f.severity == "error" for r in reports for f in r.findings)


def to_text(reports: list[StepReport]) -> str:
    out = []
    for rep in reports:
        errors = sum(f.severity == "error" for f in rep.findings)
        warnings = sum(f.severity == "warning" for f in rep.findings)
        status = "ok" if not rep.findings else f"{errors} error(s), {warnings} warning(s)"
        out.append(f"[{rep.name}] {status}" + (f" — {rep.note}" if rep.note else ""))
        for f in rep.findings:
            out.append(f"  {f.severity:7} {f.check}  {f.where}".rstrip())
            out.append(f"          {f.message}")
            if f.fix:
                out.append(f"          fix: {f.fix}")
    total = sum(f.severity == "error" for r in reports for f in r.findings)
    out.append("")
    out.append("igs-kg check: " + ("FAILED, " + f"{total} error(s)" if total else "passed"))
    return "\n".join(out) + "\n"


def to_json(reports: list[StepReport]) -> str:
    return json.dumps([{"step": r.name, "note": r.note, "findings": [asdict(f) for f in r.findings]} for r in reports],
                      ensure_ascii=False, indent=2)
