"""The identifiers of docs/contract.md exist with Dutch and English labels and a source; every
labelled igs: term has a source; every source is itself described; no igs: term is used
without being defined."""

from __future__ import annotations

import pytest
from conftest import iri

CONTRACT = {
    "CooperationConcept": ["Netwerkconcept", "Centrumconcept", "Matrixconcept", "SharedServiceCentrum", "SamenEnTochApart"],
    "PublicLawForm": ["OpenbaarLichaam", "GemeenschappelijkOrgaan", "Bedrijfsvoeringsorganisatie", "Centrumregeling",
                      "RegelingZonderMeer", "WgrPlusRegio"],
    "PrivateLawForm": ["BV", "NV", "Cooperatie", "Stichting", "Vereniging", "Convenant", "Overeenkomst"],
    "OtherConstruct": ["Mandaat", "Detachering"],
    "RegelingType": ["Raadsregeling", "Collegeregeling", "Burgemeestersregeling", "GemengdeRegeling"],
    "Phase": ["Randvoorwaarden", "ProcesTotSamenwerken", "IndienSamenwerkingStaat"],
    "Polarity": ["bevorderend", "belemmerend"],
}
ALL = [(cls, name) for cls, names in CONTRACT.items() for name in names]


@pytest.mark.parametrize("cls,name", ALL, ids=[n for _, n in ALL])
def test_contract_identifier_exists_with_labels_definition_and_source(kg, cls, name) -> None:
    q = f"""ASK {{ <{iri(name)}> a/rdfs:subClassOf* <{iri(cls)}> ;
                 rdfs:label ?nl , ?en ; skos:definition ?d ; dcterms:source ?s .
              FILTER(LANG(?nl) = "nl" && LANG(?en) = "en") }}"""
    assert kg.ask(q), f"igs:{name} lacks its class igs:{cls}, a label @nl/@en, a definition or a source"


def test_the_contract_forms_and_constructs_are_among_the_graph_s(kg) -> None:
    # the contract's fifteen stay; a knowledge engineer may add a form with data alone
    rows = kg.select("SELECT DISTINCT ?f WHERE { ?f a/rdfs:subClassOf* igs:LegalForm . FILTER(isIRI(?f)) }")
    assert set(n for c in ("PublicLawForm", "PrivateLawForm", "OtherConstruct") for n in CONTRACT[c]) <= \
        {r["f"].value.split("#")[1] for r in rows}


def test_every_labelled_igs_term_has_a_source(kg) -> None:
    rows = kg.select("""SELECT DISTINCT ?t WHERE {
        ?t rdfs:label ?l . FILTER(STRSTARTS(STR(?t), STR(igs:)))
        FILTER NOT EXISTS { ?t dcterms:source ?s } }""")
    assert [r["t"].value for r in rows] == []


def test_every_labelled_igs_term_has_both_languages(kg) -> None:
    rows = kg.select("""SELECT DISTINCT ?t WHERE {
        ?t rdfs:label ?l . FILTER(STRSTARTS(STR(?t), STR(igs:)))
        FILTER(NOT EXISTS { ?t rdfs:label ?nl FILTER(LANG(?nl) = "nl") }
            || NOT EXISTS { ?t rdfs:label ?en FILTER(LANG(?en) = "en") }) }""")
    assert [r["t"].value for r in rows] == []


def test_every_source_is_a_described_source(kg) -> None:
    rows = kg.select("""SELECT DISTINCT ?s WHERE {
        ?x dcterms:source ?s . FILTER NOT EXISTS { ?s a/rdfs:subClassOf* igs:Source } }""")
    assert [r["s"].value for r in rows] == []


def test_no_igs_term_is_used_without_being_defined(kg) -> None:
    rows = kg.select("""SELECT DISTINCT ?t WHERE {
        { ?x ?t ?y } UNION { ?x ?p ?t } UNION { ?t ?p ?y }
        FILTER(isIRI(?t) && STRSTARTS(STR(?t), STR(igs:)))
        FILTER NOT EXISTS { ?t a ?type } }""")
    assert [r["t"].value for r in rows] == []


def test_uncertain_facts_say_so(kg) -> None:
    # docs/law-notes.md#points-not-confirmed: which executive bodies may make a BVO is not confirmed; the graph must say so.
    assert kg.ask("""ASK { ?ax owl:annotatedSource igs:Bedrijfsvoeringsorganisatie ;
                          owl:annotatedProperty igs:mayOnlyBeMadeBy ; igs:confidence igs:NotConfirmed ;
                          igs:uncertaintyNote ?n }""")


def test_thesis_claims_kept_beside_the_law(kg) -> None:
    # The GO: the thesis says "beperkte rechtspersoonlijkheid", the law says none.
    rows = kg.select("""SELECT ?claim ?src WHERE { ?ax owl:annotatedSource igs:GemeenschappelijkOrgaan ;
        owl:annotatedProperty igs:hasLegalPersonality ; owl:annotatedTarget false ;
        igs:thesisClaim ?claim ; igs:thesisSource ?src }""")
    assert rows and "beperkte rechtspersoonlijkheid" in rows[0]["claim"].value
    assert rows[0]["src"].value.endswith("thesis-5-3-1")
    assert kg.ask("ASK { igs:GemeenschappelijkOrgaan igs:hasLegalPersonality false }")
