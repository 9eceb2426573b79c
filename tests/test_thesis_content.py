"""The graph matches the thesis: Tabel 2, the stakeholders, the steps, Tabel 1, the cases."""

from __future__ import annotations

import pytest
from conftest import iri

TABEL2 = [
    # (Dutch label as in the thesis, spelling mended), polarity, phase
    ("Gelijke belangen", "bevorderend", "Randvoorwaarden"),
    ("Personele wisselingen", "bevorderend", "Randvoorwaarden"),
    ("Durf en realistisch 'open mind'", "bevorderend", "Randvoorwaarden"),
    ("Onderling vertrouwen tussen collega's", "bevorderend", "ProcesTotSamenwerken"),
    ("Gelijke belangen. Eerst denken en dan doen", "bevorderend", "ProcesTotSamenwerken"),
    ("Goed vooronderzoek en een zorgvuldige aanpak", "bevorderend", "ProcesTotSamenwerken"),
    ("Één cultuur creëren", "bevorderend", "IndienSamenwerkingStaat"),
    ("Training en coaching", "bevorderend", "IndienSamenwerkingStaat"),
    ("Uiteenlopende belangen", "belemmerend", "Randvoorwaarden"),
    ("Complexiteit van het samenwerkingsmodel", "belemmerend", "Randvoorwaarden"),
    ("Lijken in de kast", "belemmerend", "ProcesTotSamenwerken"),
    ("Gebrek aan communicatie, onduidelijkheid werknemers", "belemmerend", "ProcesTotSamenwerken"),
    ("Samenwerking is verder dan opdrachtgever", "belemmerend", "IndienSamenwerkingStaat"),
    ("Belangen individuele gemeente zijn achtergesteld", "belemmerend", "IndienSamenwerkingStaat"),
    ("Achterblijvers", "belemmerend", "IndienSamenwerkingStaat"),
]


def test_tabel2_has_31_factors_14_promoting_17_hindering(kg) -> None:
    rows = kg.select("""SELECT ?pol (COUNT(?f) AS ?n) WHERE { igs:Tabel2 skos:member ?f . ?f igs:polarity ?pol ; igs:phase ?ph }
                        GROUP BY ?pol""")
    counts = {r["pol"].value.split("#")[1]: int(r["n"].value) for r in rows}
    assert counts == {"bevorderend": 14, "belemmerend": 17}


def test_tabel2_counts_per_phase(kg) -> None:
    rows = kg.select("""SELECT ?ph ?pol (COUNT(?f) AS ?n) WHERE { igs:Tabel2 skos:member ?f . ?f igs:polarity ?pol ; igs:phase ?ph }
                        GROUP BY ?ph ?pol""")
    got = {(r["ph"].value.split("#")[1], r["pol"].value.split("#")[1]): int(r["n"].value) for r in rows}
    assert got == {("Randvoorwaarden", "bevorderend"): 5, ("ProcesTotSamenwerken", "bevorderend"): 5,
                   ("IndienSamenwerkingStaat", "bevorderend"): 4, ("Randvoorwaarden", "belemmerend"): 5,
                   ("ProcesTotSamenwerken", "belemmerend"): 6, ("IndienSamenwerkingStaat", "belemmerend"): 6}


@pytest.mark.parametrize("label,polarity,phase", TABEL2, ids=[t[0][:30] for t in TABEL2])
def test_tabel2_factor_in_the_thesis_words(kg, label, polarity, phase) -> None:
    rows = kg.select("""SELECT ?pol ?ph WHERE { igs:Tabel2 skos:member ?f . ?f rdfs:label ?l ; igs:polarity ?pol ; igs:phase ?ph .
                        FILTER(STR(?l) = ?label && LANG(?l) = "nl") }""",
                     substitutions={"label": __import__("pyoxigraph").Literal(label)})
    assert len(rows) == 1, f"no single Tabel 2 factor labelled {label!r}"
    assert rows[0]["pol"].value == iri(polarity)
    assert rows[0]["ph"].value == iri(phase)


def test_uncertain_cells_of_tabel2_are_marked_as_our_reading(kg) -> None:
    for local in ("factor-achterblijvers", "factor-goed-vooronderzoek"):
        assert kg.ask(f"ASK {{ <{iri(local)}> igs:ourReading ?r }}"), local


def test_interview_and_conclusion_factors_have_no_phase(kg) -> None:
    rows = kg.select("""SELECT ?f WHERE { ?f a igs:Factor ; dcterms:source src:thesis-7-1 .
                        FILTER NOT EXISTS { igs:Tabel2 skos:member ?f } FILTER EXISTS { ?f igs:phase ?p } }""")
    assert rows == []
    assert kg.ask('ASK { ?f a igs:Factor ; rdfs:label "Grote verschillen in secundaire arbeidsvoorwaarden (verlof, tijdschrijven, overwerkvoorwaarden)"@nl ; igs:polarity igs:belemmerend }')


def test_six_stakeholder_groups(kg) -> None:
    rows = kg.select("SELECT ?s WHERE { ?s a igs:Stakeholder } ORDER BY ?s")
    assert sorted(r["s"].value.split("#")[1] for r in rows) == sorted(
        ["ContextueleOmgeving", "TransactioneleOmgeving", "Burgers", "Gemeentesecretaris",
         "VakbondenEnOndernemingsraden", "Provincie"])


def test_five_steps_in_order(kg) -> None:
    rows = kg.select("SELECT ?s ?o ?l WHERE { ?s a igs:ProcessStep ; igs:order ?o ; rdfs:label ?l FILTER(LANG(?l)='nl') } ORDER BY ?o")
    assert [int(r["o"].value) for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["l"].value.startswith("Stap 1: Bepaal eigen visie")
    assert rows[3]["l"].value == "Stap 4: Kies een samenwerkingsvorm die bij de ambities van het bestuur past"
    # the chain nextStep runs 1 -> 2 -> ... -> 5
    chain = kg.select("SELECT ?a ?b WHERE { ?a igs:nextStep ?b }")
    assert len(chain) == 4


TABEL1 = {
    "Netwerkconcept": ("Eigen gemeenten.", "KostenBeperkt", "Alle gemeenten.", "Bepaalde onderdelen."),
    "Centrumconcept": ("Specialisten naar centrumgemeente.", "KostenBeperkt", "De centrumgemeente.", "Specialiteiten van de centrumgemeente."),
    "Matrixconcept": ("Specialisten naar de uitvoeringsgemeente.", "KostenBeperkt", "Elke gemeente voor eigen specialiteiten.",
                      "Iedere partner brengt volgens contract zijn specialiteit."),
    "SharedServiceCentrum": ("Ambtenaren vertrekken voorgoed naar SSC.", "KostenHoog",
                             "Afzonderlijke organisaties dan wel gemeenten zijn opdrachtgever.", "Specifieke onderdelen met behulp van verrekenprijs."),
    "SamenEnTochApart": ("Gedetacheerd of in een andere juridische structuur.", "KostenHoog",
                         "Externe organisaties en gemeenten zijn opdrachtgevers.", "Volledige samenwerking."),
}


@pytest.mark.parametrize("concept", list(TABEL1))
def test_tabel1_attributes(kg, concept) -> None:
    rows = kg.select(f"""SELECT ?st ?k ?b ?n WHERE {{ <{iri(concept)}> igs:standplaatsAmbtenaren ?st ; igs:kosten ?k ;
        igs:beheerderDiensten ?b ; igs:niveauVanSamenwerken ?n .
        FILTER(LANG(?st) = "nl" && LANG(?b) = "nl" && LANG(?n) = "nl") }}""")
    assert len(rows) == 1
    r = rows[0]
    st, kosten, beheer, niveau = TABEL1[concept]
    assert (r["st"].value, r["k"].value, r["b"].value, r["n"].value) == (st, iri(kosten), beheer, niveau)


def test_every_concept_has_pros_cons_and_a_condition(kg) -> None:
    for concept in TABEL1:
        for cls in ("Advantage", "Disadvantage", "SuitabilityCondition"):
            assert kg.ask(f"ASK {{ ?p a igs:{cls} ; igs:ofConcept <{iri(concept)}> }}"), (concept, cls)


def test_the_two_cases_with_tooi_participants(kg) -> None:
    rows = kg.select("SELECT ?p WHERE { igs:case-bar-organisatie igs:participant ?p }")
    assert sorted(r["p"].value for r in rows) == [
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0489",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0597",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0613"]
    assert kg.ask("ASK { igs:case-aalsmeer-amstelveen igs:concept igs:Centrumconcept ; igs:centrumgemeente gm:gm0362 ; igs:participant gm:gm0358 }")
    assert kg.ask("ASK { igs:case-bar-organisatie igs:concept igs:SharedServiceCentrum ; igs:startDate '2014-01-01'^^xsd:date }")


def test_motives_three_with_overlap(kg) -> None:
    rows = kg.select("SELECT ?m WHERE { igs:MotiveScheme skos:hasTopConcept ?m }")
    assert sorted(r["m"].value.split("#")[1] for r in rows) == ["Continuiteit", "Efficientieverbetering", "Kwaliteit"]
    rows = kg.select("SELECT ?b WHERE { igs:Kwetsbaarheid skos:broader ?b }")
    assert len(rows) == 3


def test_municipality_table_resolves_contract_examples(kg) -> None:
    for code, name in [("0358", "Aalsmeer"), ("0362", "Amstelveen"), ("0489", "Barendrecht"), ("0613", "Albrandswaard"),
                       ("0597", "Ridderkerk"), ("0518", "'s-Gravenhage"), ("0373", "Bergen (NH)")]:
        # the label is TOOI's official name; the CBS spelling ("Bergen (NH.)") is another name of it
        rows = kg.select(f"SELECT ?l WHERE {{ gm:gm{code} a igs:Municipality ; igs:cbsCode '{code}' ; skos:prefLabel ?l }}")
        assert [r["l"].value for r in rows] == [name]
    assert kg.ask('ASK { gm:gm0373 skos:altLabel "Bergen (NH.)"@nl }')
    assert kg.ask('ASK { gm:gm0518 skos:altLabel "Den Haag"@nl }')
