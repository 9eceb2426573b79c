"""The knowledge engineer's workbench: named queries, the check gate, export and docs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from conftest import igs as run_cli


def igs(*args: str, home: Path | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`igs-kg ARGS`, on a knowledge engineer's working copy when `home` is given."""
    env = dict(os.environ)
    if home is not None:
        env["IGS_KG_HOME"] = str(home)
        env["IGS_KG_CACHE"] = str(home / ".cache")
    return run_cli(*args, cwd=cwd, env=env)


# ---------------------------------------------------------------------------- named queries

def test_query_list_names_every_query() -> None:
    r = igs("query", "--list", "--lang", "en")
    assert r.returncode == 0
    for name in ("forms-realising-concept", "what-a-form-can-do", "coming-into-force", "factors-by-phase",
                 "reasons-to-cooperate", "cooperation-concepts", "legal-forms", "stakeholders", "what-employees-need"):
        assert name in r.stdout


def test_query_json_is_sparql_results_and_params_are_typed() -> None:
    r = igs("query", "forms-realising-concept", "--param", "concept=Centrumconcept", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [b["form"]["value"] for b in data["results"]["bindings"]] == ["https://w3id.org/igs-kg/def#Centrumregeling"]
    r = igs("query", "coming-into-force", "--param", "date=2020-01-01", "--param", "regeling_type=igs:Collegeregeling",
            "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    ids = {row["requirement"].rsplit("#", 1)[1] for row in rows}
    assert "ProcToestemmingRaden-tot-2022" in ids and "ProcBekendmaking-2015" in ids
    assert "ProcZienswijzeRaden" not in ids and "ProcToestemmingRaden-sinds-2022" not in ids


def test_query_text_is_never_pasted_into() -> None:
    # A value that would break out of a pasted string is just a literal that matches nothing.
    r = igs("query", "municipality", "--param", 'search=") } ; DROP ALL ; #', "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"] == []


@pytest.mark.parametrize("args,needle", [
    (["query", "no-such-query"], "no named query 'no-such-query'"),
    (["query", "coming-into-force"], "needs the parameter(s): date"),
    (["query", "coming-into-force", "--param", "date=soon"], "parameter 'date' must be a date"),
    (["query", "coming-into-force", "--param", "when=2024-01-01"], "has no parameter 'when'"),
    (["query", "forms-realising-concept", "--param", "concept"], "--param must be KEY=VALUE"),
])
def test_query_errors_are_one_line_exit_2(args: list[str], needle: str) -> None:
    r = igs(*args)
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr


def test_query_from_a_file(tmp_path: Path) -> None:
    f = tmp_path / "mine.rq"
    f.write_text("PREFIX igs: <https://w3id.org/igs-kg/def#>\nSELECT (COUNT(*) AS ?n) WHERE { ?s a igs:Stakeholder }")
    r = igs("query", str(f), "--format", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[1].strip() == "6"


# ---------------------------------------------------------------------------- the gate

def test_check_passes_on_the_repository() -> None:
    r = igs("check")
    assert r.returncode == 0, r.stdout
    assert "igs-kg check: passed" in r.stdout
    for step in ("[parse] ok", "[quality] ok", "[context] ok", "[shapes] ok", "[rules] ok", "[queries] ok"):
        assert step in r.stdout


def test_check_points_at_exactly_what_a_new_legal_form_lacks(workcopy: Path) -> None:
    new = workcopy / "ontology" / "kb" / "regiocooperatie.ttl"
    new.write_text("""@prefix igs: <https://w3id.org/igs-kg/def#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

igs:Regiocooperatie a owl:NamedIndividual , igs:WgrForm ;
    rdfs:label "regiocoöperatie"@nl ;
    skos:definition "Een nieuwe vorm onder de Wgr."@nl ;
    igs:hasLegalPersonality true .
""", encoding="utf-8")
    r = igs("check", "--step", "quality", "--format", "json", home=workcopy)
    assert r.returncode == 1
    findings = [f for step in json.loads(r.stdout) for f in step["findings"]]
    got = {(f["check"], f["where"]) for f in findings}
    assert ("missing-label-en", "ontology/kb/regiocooperatie.ttl:6") in got
    assert ("missing-source", "ontology/kb/regiocooperatie.ttl:6") in got
    missing = {f["message"].rsplit("(", 1)[1].rstrip(")") for f in findings if f["check"] == "incomplete-legal-form"}
    assert "https://w3id.org/igs-kg/def#canEmployStaff" in missing and "https://w3id.org/igs-kg/def#listOrder" in missing
    assert "https://w3id.org/igs-kg/def#mayBeMadeBy" in missing  # who may make it, which the conditions name
    # the engineer mends it, and the gate passes
    new.write_text(new.read_text(encoding="utf-8").replace(
        'igs:hasLegalPersonality true .', '''rdfs:label "regional cooperative"@en ;
    skos:definition "A new form under the Wgr."@en ;
    dcterms:source <https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=8> ;
    igs:hasLegalPersonality true ; igs:canEmployStaff true ; igs:canHoldRegulatoryPowers false ;
    igs:canHoldDecisionPowers true ; igs:burdenOrder 4 ; igs:listOrder 16 ;
    igs:restrictedToSupportAndImplementationTasks false ; igs:madeByTheLaw false ; igs:hasNoOwnBody false ;
    igs:mayBeMadeBy igs:Raad , igs:College .''').replace(
        "@prefix skos:", "@prefix dcterms: <http://purl.org/dc/terms/> .\n@prefix skos:"), encoding="utf-8")
    r = igs("check", "--step", "quality", home=workcopy)
    assert r.returncode == 0, r.stdout
    # and the advisor now weighs the new form too
    situation = workcopy / "s.yaml"
    situation.write_text("participants: [Aalsmeer, Amstelveen]\ndate: 2024-01-01\nrequirements: {regulatory_powers: true}\n")
    r = igs("advise", str(situation), "--format", "json", home=workcopy)
    forms = {f["id"]: f for f in json.loads(r.stdout)["legal_forms"]}
    assert forms["Regiocooperatie"]["verdict"] == "excluded"
    assert forms["Regiocooperatie"]["reasons"][0]["rule"] == "exclude-no-regulatory-powers"


def test_check_wants_a_test_case_for_every_rule(workcopy: Path) -> None:
    (workcopy / "rules" / "exclusion" / "exclude-new-thing.rq").write_text("""# id: exclude-new-thing
# label: Iets nieuws @nl | Something new @en
# text: {?form} past niet. @nl | {?form} does not fit. @en
# source: thesis §5.3.1
# why: An example.
PREFIX igs: <https://w3id.org/igs-kg/def#>
CONSTRUCT { ?s igs:rulesOut ?form . } WHERE { ?s a igs:Situation ; igs:requires igs:PublicLaw . ?form igs:madeByTheLaw true . }
""")
    r = igs("check", "--step", "rules", home=workcopy)
    assert r.returncode == 1
    assert "rule-without-case  rules/exclusion/exclude-new-thing.rq:1" in r.stdout


def test_check_refuses_a_rule_or_violation_resting_on_a_secondary_source_alone(workcopy: Path) -> None:
    """A secondary source (VNG, a law firm) may stand beside a primary one, never alone."""
    rule = workcopy / "rules" / "warnings" / "warning-regeling-as-participant.rq"
    text = rule.read_text(encoding="utf-8")
    secondary = "http://www.arenawiki.nl/wiki/Intergemeentelijke_samenwerking:_Vormen"
    first = next(line for line in text.splitlines() if line.startswith("# source:"))
    rule.write_text(text.replace(first, f"# source: {secondary}"), encoding="utf-8")
    shapes = workcopy / "ontology" / "shapes" / "participants-and-dates.ttl"
    shape_text = shapes.read_text(encoding="utf-8")
    block = shape_text[shape_text.index("igsh:PrivateParticipantNeedsRoyalDecree"):]
    source_line = next(line for line in block.splitlines() if "dcterms:source" in line)
    shapes.write_text(shape_text.replace(source_line, f"    dcterms:source <{secondary}> ."), encoding="utf-8")
    r = igs("check", "--step", "rules", "--step", "shapes", "--format", "json", home=workcopy)
    assert r.returncode == 1
    findings = {(f["check"], f["severity"]) for step in json.loads(r.stdout) for f in step["findings"]
                if "secondary" in f["check"]}
    assert findings == {("rule-secondary-only", "error"), ("shape-secondary-only", "error")}
    # the project's own notes are no basis either, unless the rule only restates the input
    rule.write_text(text.replace(first, "# source: CONTRACT.md (A situation)"), encoding="utf-8")
    r = igs("check", "--step", "rules", "--format", "json", home=workcopy)
    assert {f["check"] for step in json.loads(r.stdout) for f in step["findings"]} >= {"rule-project-source-only"}
    rule.write_text(text.replace(first, "# source: CONTRACT.md (A situation)\n# basis: input"), encoding="utf-8")
    r = igs("check", "--step", "rules", "--format", "json", home=workcopy)
    assert "rule-project-source-only" not in {f["check"] for step in json.loads(r.stdout) for f in step["findings"]}
    # beside a primary source it is fine
    rule.write_text(text.replace(first, first + f" ; {secondary}"), encoding="utf-8")
    shapes.write_text(shape_text, encoding="utf-8")
    assert igs("check", "--step", "rules", "--step", "shapes", home=workcopy).returncode == 0


def test_check_refuses_a_dated_fact_that_cites_another_version_of_its_article(workcopy: Path) -> None:
    """A step in force from 2015 that links the text of art. 26 before 2015 (art. 26 was amended on
    2015-01-01, ontology/kb/amendments.ttl) names a text that never applied to it."""
    kb = workcopy / "ontology" / "kb" / "chapter-procedure.ttl"
    text = kb.read_text(encoding="utf-8")
    start = text.index("igs:ProcInwerkingtreding-III-2015 a")
    end = text.index("\nigs:", start)
    block = text[start:end]
    assert "artikel=26&lid=3&g=2015-01-01" in block
    kb.write_text(text[:start] + block.replace("artikel=26&lid=3&g=2015-01-01", "artikel=26&lid=3&g=2014-01-01")
                  + text[end:], encoding="utf-8")
    r = igs("check", "--step", "quality", "--format", "json", home=workcopy)
    assert r.returncode == 1
    found = [f for step in json.loads(r.stdout) for f in step["findings"] if f["check"] == "law-link-other-version"]
    assert found and all("ProcInwerkingtreding-III-2015" in f["message"] for f in found)
    assert "2015-01-01 – 2021-07-01" in found[0]["message"] and "… – 2015-01-01" in found[0]["message"]
    assert found[0]["where"].startswith("ontology/kb/chapter-procedure.ttl:")


def test_check_refuses_a_cycle_through_negation_and_names_it(workcopy: Path) -> None:
    rules = workcopy / "rules" / "cycle"
    rules.mkdir()
    head = "# label: a @nl | a @en\n# text: a @nl | a @en\n# source: thesis §5.3\n# why: test\nPREFIX igs: <https://w3id.org/igs-kg/def#>\n"
    (rules / "cycle-a.rq").write_text("# id: cycle-a\n" + head +
                                      "CONSTRUCT { ?s igs:pA ?s } WHERE { ?s a igs:Situation . FILTER NOT EXISTS { ?s igs:pB ?s } }")
    (rules / "cycle-b.rq").write_text("# id: cycle-b\n" + head + "CONSTRUCT { ?s igs:pB ?s } WHERE { ?s igs:pA ?s }")
    r = igs("check", "--step", "rules", home=workcopy)
    assert r.returncode == 1
    assert "cannot be stratified" in r.stdout and "pA" in r.stdout and "pB" in r.stdout and "cycle-a" in r.stdout


def test_a_severity_profile_downgrades_a_check(workcopy: Path) -> None:
    kb = workcopy / "ontology" / "kb" / "extra.ttl"
    kb.write_text("""@prefix igs: <https://w3id.org/igs-kg/def#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
igs:ExtraTask a owl:NamedIndividual , igs:Task ; rdfs:label "extra"@nl , "extra"@en ;
    dcterms:source <https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=8> .
""")
    assert igs("check", "--step", "quality", home=workcopy).returncode == 1  # no definition
    (workcopy / "check-profile.yaml").write_text("missing-definition: warning\n")
    r = igs("check", "--step", "quality", home=workcopy)
    assert r.returncode == 0 and "warning missing-definition" in r.stdout


# ---------------------------------------------------------------------------- docs and export

def test_docs_in_both_languages_with_diagrams(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    r = igs("docs", str(tmp_path / "site"))
    assert r.returncode == 0, r.stderr
    site = tmp_path / "site"
    # a legal form is documented on the page of its class, in both languages, with its law linked
    form_page = next(p for p in site.glob("individuals-*.html") if 'id="Bedrijfsvoeringsorganisatie"' in p.read_text(encoding="utf-8"))
    page = form_page.read_text(encoding="utf-8")
    assert "bedrijfsvoeringsorganisatie" in page and "operational organisation" in page
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0003740&amp;artikel=8&amp;lid=3"' in page
    assert "Specialisten naar centrumgemeente." in (site / "tables.html").read_text(encoding="utf-8")  # Tabel 1
    for svg in ("concepts-forms.svg", "rules.svg", "process.svg"):
        root = ET.parse(site / svg).getroot()
        assert root.tag.endswith("svg")
    rules_svg = (site / "rules.svg").read_text(encoding="utf-8")
    assert "exclude-no-legal-personality" in rules_svg and "stroke-dasharray" in rules_svg


@pytest.mark.parametrize("fmt,rdf", [("turtle", "TURTLE"), ("ntriples", "N_TRIPLES"), ("rdfxml", "RDF_XML"), ("jsonld", "JSON_LD")])
def test_export_is_the_merged_graph(tmp_path: Path, fmt: str, rdf: str) -> None:
    import pyoxigraph as ox

    out = tmp_path / f"igs.{fmt}"
    r = igs("export", "--format", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    g = ox.Store()
    g.load(path=str(out), format=getattr(ox.RdfFormat, rdf))
    assert g.query("ASK { <https://w3id.org/igs-kg/def#Bedrijfsvoeringsorganisatie> ?p ?o }")
    assert g.query("ASK { <https://w3id.org/igs-kg/shapes#RaadConsentGiven> a <http://www.w3.org/ns/shacl#NodeShape> }")
    assert g.query("""ASK { <https://w3id.org/igs-kg/rule/exclude-no-legal-personality> a <https://w3id.org/igs-kg/def#InferenceRule> ;
                            <https://w3id.org/igs-kg/def#sparqlText> ?q }""")


def test_check_refuses_a_law_link_to_a_mirror_or_test_environment(workcopy: Path) -> None:
    """Law links go to wetten.overheid.nl: a law article, or a legal basis, on a mirror or on the
    test environment (wetten-acc) is an error that names the term."""
    with open(workcopy / "ontology" / "kb" / "sources.ttl", "a", encoding="utf-8") as f:
        f.write("""
<https://wetten-acc.overheid.nl/jci1.3:c:BWBR0003740&artikel=99> a igs:LawArticle ;
    rdfs:label "Wgr art. 99 (acc)"@nl , "Wgr art. 99 (acc)"@en ; igs:citation "Wgr art. 99" ;
    dcterms:source <https://wetten-acc.overheid.nl/jci1.3:c:BWBR0003740&artikel=99> .
igs:RegimeGGD igs:legalBasis <https://wetten.legaltools.nl/wet-publieke-gezondheid/artikel-14> .
""")
    r = igs("check", "--step", "quality", home=workcopy)
    assert r.returncode == 1
    assert "law-link-host" in r.stdout
    assert "wetten-acc.overheid.nl/jci1.3:c:BWBR0003740&artikel=99" in r.stdout
    assert "RegimeGGD (https://wetten.legaltools.nl/wet-publieke-gezondheid/artikel-14)" in r.stdout


def test_a_named_query_with_service_is_refused_and_reaches_nothing(workcopy: Path) -> None:
    """A knowledge engineer's named query that names SERVICE is refused on a parse of the query,
    however it is spelt, and the address it names is never contacted."""
    import socket
    import threading

    contacts = []
    done = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            contacts.append(1)
            conn.close()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    port = listener.getsockname()[1]
    (workcopy / "queries" / "evil.rq").write_text(
        "# title: Kwaad @nl | Evil @en\n# description: SERVICE without spaces after a comparison\n# source: thesis §5.3\n"
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(1<2)\\u0053ERVICE<http://127.0.0.1:{port}/>{{?a ?b ?c}} }}\n", encoding="utf-8")
    r = igs("query", "evil", home=workcopy)
    done.set()
    t.join(timeout=5)
    listener.close()
    assert r.returncode == 2 and "SERVICE" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert contacts == []


# ---------------------------------------------------------------------------- what the gate catches that a knowledge engineer forgets

def _findings(r: subprocess.CompletedProcess) -> set[tuple[str, str]]:
    return {(f["check"], f["where"]) for step in json.loads(r.stdout) for f in step["findings"]}


def test_check_finds_a_misspelt_predicate_in_a_rule_and_that_the_rule_then_never_fires(workcopy: Path) -> None:
    rule = workcopy / "rules" / "exclusion" / "exclude-no-legal-personality.rq"
    text = rule.read_text(encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "igs:hasLegalPersonality false" in x)
    rule.write_text(text.replace("igs:hasLegalPersonality false", "igs:hasLegalPersonalty false"), encoding="utf-8")
    r = igs("check", "--step", "rules", "--format", "json", home=workcopy)
    assert r.returncode == 1
    got = _findings(r)
    assert ("rule-undefined-term", f"rules/exclusion/exclude-no-legal-personality.rq:{line}") in got
    assert ("rule-never-fires", "rules/exclusion/exclude-no-legal-personality.rq:1") in got


def test_check_finds_a_rule_that_concludes_an_undefined_term(workcopy: Path) -> None:
    rule = workcopy / "rules" / "exclusion" / "exclude-no-legal-personality.rq"
    rule.write_text(rule.read_text(encoding="utf-8").replace("CONSTRUCT { ?s igs:rulesOut ?form . }",
                                                             "CONSTRUCT { ?s igs:rulesOutt ?form . }"), encoding="utf-8")
    r = igs("check", "--step", "rules", "--format", "json", home=workcopy)
    messages = [f["message"] for step in json.loads(r.stdout) for f in step["findings"] if f["check"] == "rule-undefined-term"]
    assert r.returncode == 1 and any("igs:rulesOutt" in m for m in messages)


def test_check_finds_undefined_terms_in_shapes_and_queries(workcopy: Path) -> None:
    shapes = workcopy / "ontology" / "shapes" / "forms.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8").replace("igs:isSupportOrImplementationTask ;",
                                                                 "igs:isSupportOrImplementationTsk ;"), encoding="utf-8")
    query = workcopy / "queries" / "legal-forms.rq"
    query.write_text(query.read_text(encoding="utf-8").replace("igs:canEmployStaff", "igs:canEmployStaf"), encoding="utf-8")
    r = igs("check", "--step", "shapes", "--step", "queries", "--format", "json", home=workcopy)
    checks = {c for c, _ in _findings(r)}
    assert r.returncode == 1 and {"shape-undefined-term", "query-undefined-term"} <= checks


def test_check_refuses_a_shape_defined_in_two_files(workcopy: Path) -> None:
    twin = workcopy / "ontology" / "shapes" / "twin.ttl"
    twin.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix igsh: <https://w3id.org/igs-kg/shapes#> .\n"
                    "@prefix igs: <https://w3id.org/igs-kg/def#> .\n\n"
                    "igsh:SupportOrImplementationTask a sh:NodeShape ;\n"
                    "    sh:property [ sh:path igs:isSupportOrImplementationTask ; sh:hasValue false ] .\n", encoding="utf-8")
    r = igs("check", "--step", "context", "--format", "json", home=workcopy)  # parsing runs before every step
    found = [f for step in json.loads(r.stdout) for f in step["findings"] if f["check"] == "defined-in-several-files"]
    assert r.returncode == 1 and found and found[0]["severity"] == "error"
    assert "ontology/shapes/forms.ttl" in found[0]["message"] and "ontology/shapes/twin.ttl" in found[0]["message"]


def test_check_wants_an_input_word_and_a_concept_for_a_new_legal_form(workcopy: Path) -> None:
    (workcopy / "ontology" / "kb" / "regiocooperatie.ttl").write_text(
        "@prefix igs: <https://w3id.org/igs-kg/def#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\n"
        "igs:Regiocooperatie a owl:NamedIndividual , igs:WgrForm .\n", encoding="utf-8")
    r = igs("check", "--step", "context", "--format", "json", home=workcopy)
    assert r.returncode == 1
    assert {c for c, _ in _findings(r)} >= {"form-without-input-word", "form-without-concept"}
    # the engineer adds the input word and pairs it with a concept: the step passes
    ctx = workcopy / "ontology" / "context.jsonld"
    ctx.write_text(ctx.read_text(encoding="utf-8").replace('"Detachering": "igs:Detachering"',
                                                           '"Detachering": "igs:Detachering", "Regiocooperatie": "igs:Regiocooperatie"'),
                   encoding="utf-8")
    with (workcopy / "ontology" / "kb" / "regiocooperatie.ttl").open("a", encoding="utf-8") as f:
        f.write("igs:Netwerkconcept igs:realisedBy igs:Regiocooperatie .\n")
    r = igs("check", "--step", "context", home=workcopy)
    assert r.returncode == 0, r.stdout


def _section(page: str, anchor: str) -> str:
    entry = page[page.index(f'id="{anchor}"'):]
    return entry[:entry.index("</section>")]


def test_docs_answer_what_a_property_s_domain_is_and_where_a_class_sits(tmp_path: Path) -> None:
    import re
    import xml.etree.ElementTree as ET

    r = igs("docs", str(tmp_path / "site"))
    assert r.returncode == 0, r.stderr
    site = tmp_path / "site"
    # the index links every property to its entry: one click to #mayBeMadeBy, which shows its
    # IRI, kind, domain and range and the file that defines it (a link to the .ttl)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="properties.html#mayBeMadeBy"' in index
    props = (site / "properties.html").read_text(encoding="utf-8")
    entry = _section(props, "mayBeMadeBy")
    assert "https://w3id.org/igs-kg/def#mayBeMadeBy" in entry and "object property" in entry
    assert re.search(r'domain</td><td><a href="classes.html#LegalForm">igs:LegalForm</a>', entry)
    assert re.search(r'range</td><td><a href="classes.html#Body">igs:Body</a>', entry)
    link = re.search(r'<a href="([^"]+)">ontology/igs.ttl, regel / line \d+</a>', entry)
    assert link and (site / link.group(1)).resolve() == (ROOT / "ontology" / "igs.ttl").resolve()
    assert 'subproperty of</td><td><a href="properties.html#mayBeMadeBy">' in _section(props, "mayOnlyBeMadeBy")
    # a class shows its super- and subclasses; the hierarchy is drawn, each class linked to its entry
    classes = (site / "classes.html").read_text(encoding="utf-8")
    assert "superclass" in _section(classes, "WgrForm")
    svg = (site / "classes.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)
    assert 'href="classes.html#WgrForm"' in svg and 'href="classes.html#LegalForm"' in svg
    # rules, shapes and named queries have pages of their own, each entry linked to its file
    rule = _section((site / "rules.html").read_text(encoding="utf-8"), "exclude-no-legal-personality")
    assert "rules/exclusion/exclude-no-legal-personality.rq</a>" in rule and 'href="properties.html#rulesOut"' in rule
    shape = _section((site / "shapes.html").read_text(encoding="utf-8"), "RaadConsentGiven")
    assert "ontology/shapes/procedure.ttl, regel / line" in shape and "raad_consent" in shape
    assert "queries/stakeholders.rq</a>" in _section((site / "queries.html").read_text(encoding="utf-8"), "stakeholders")
    # every term, rule, shape and query names a source (project documents by their label), every
    # page has the search box, and no page is the single large one of before
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "bron / source: </p>" not in text, page.name
        assert 'id="find"' in text, page.name
        assert page.stat().st_size < 400_000, page.name
    # every id on a page is unique, and every link inside the site lands on a page and an id there
    ids = {p.name: re.findall(r' id="([^"]+)"', p.read_text(encoding="utf-8")) for p in site.glob("*.html")}
    for name, found in ids.items():
        assert len(found) == len(set(found)), name
    for page in site.glob("*.html"):
        for target, anchor in re.findall(r'href="([\w-]+\.html)#([^"]+)"', page.read_text(encoding="utf-8")):
            assert anchor in ids[target], f"{page.name} links {target}#{anchor}"


def test_the_docs_search_finds_a_term_in_one_click(tmp_path: Path) -> None:
    """In Chromium: typing in the search box of any page lists the term, and its link opens the
    entry that shows the domain."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("needs Debian's chromium")
    from conftest import launch_chromium
    from playwright.sync_api import sync_playwright

    assert igs("docs", str(tmp_path / "site")).returncode == 0
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto((tmp_path / "site" / "rules.html").as_uri())
        page.fill("#find", "mayBeMade")
        page.click("#find-results a:text-is('mayBeMadeBy')")
        page.wait_for_url("**/properties.html#mayBeMadeBy")
        assert "igs:LegalForm" in page.locator("#mayBeMadeBy").inner_text()
        browser.close()


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")
def test_check_names_the_files_that_are_inconsistent_together(workcopy: Path) -> None:
    # a stichting is a private legal person, and those are disjoint from private contracts (igs.ttl)
    (workcopy / "ontology" / "kb" / "zz-mistake.ttl").write_text(
        "@prefix igs: <https://w3id.org/igs-kg/def#> .\nigs:Stichting a igs:PrivateContract .\n", encoding="utf-8")
    r = igs("check", "--step", "reason", "--format", "json", home=workcopy)
    assert r.returncode == 1
    (finding,) = [f for step in json.loads(r.stdout) for f in step["findings"] if f["check"] == "inconsistent"]
    core = finding["message"].split("already inconsistent: ", 1)[1].rstrip(".").split(", ")
    assert "ontology/kb/zz-mistake.ttl" in core and "ontology/igs.ttl" in core
    assert len(core) <= 4  # a few files to look in, not the thirty of the knowledge


def test_docs_index_by_source_names_what_rests_on_each(tmp_path: Path) -> None:
    import re

    from igs_kg import rules
    from igs_kg.render import source_label
    from igs_kg.vocabulary import citation, vocabulary

    site = tmp_path / "site"
    r = subprocess.run(["igs-kg", "docs", str(site)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    pages = (site / "sources.html").read_text(encoding="utf-8") + (site / "sources-other.html").read_text(encoding="utf-8")
    rows = {re.sub("<[^>]+>", "", src): re.sub("<[^>]+>", "", cit)
            for src, cit in re.findall(r"<tr><td>(.*?)</td>\s*<td>(.*?)</td></tr>", pages, re.S)}
    # a rule and its first law article, read from the knowledge: the article's row names the rule
    vocab = vocabulary()
    rule = next(x for x in rules.load_rules().rules if any(s.startswith("https://wetten") for s in x.sources))
    cited = source_label(citation(next(s for s in rule.sources if s.startswith("https://wetten")), vocab), "nl")
    assert cited in rows and rule.id in rows[cited], (cited, rule.id)
    for page in ("sources.html", "sources-other.html"):
        assert (site / page).stat().st_size < 400_000
