"""Competency questions of the knowledge graph, as named queries with expected answers."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import iri

from igs_kg.queries import load_named_query


def _forms(rows, key="form"):
    return sorted({r[key].value.split("#")[1] for r in rows})


def test_which_forms_realise_the_centrumconcept(kg) -> None:
    q = load_named_query("forms-realising-concept")
    rows = kg.select(q.text, substitutions={"concept": ox.NamedNode(iri("Centrumconcept"))})
    assert _forms(rows) == ["Centrumregeling"]
    assert "thesis-5-3-4" in rows[0]["sources"].value


def test_which_forms_realise_the_shared_service_centre(kg) -> None:
    q = load_named_query("forms-realising-concept")
    rows = kg.select(q.text, substitutions={"concept": ox.NamedNode(iri("SharedServiceCentrum"))})
    assert _forms(rows) == ["BV", "Bedrijfsvoeringsorganisatie", "NV", "OpenbaarLichaam"]


def test_which_forms_are_legal_persons(kg) -> None:
    rows = kg.select(load_named_query("legal-person-forms").text)
    assert _forms(rows) == ["BV", "Bedrijfsvoeringsorganisatie", "Cooperatie", "NV", "OpenbaarLichaam",
                            "Stichting", "Vereniging", "WgrPlusRegio"]
    go = kg.select(load_named_query("legal-person-forms").text)
    assert all(r["form"].value != iri("GemeenschappelijkOrgaan") for r in go)


def test_which_forms_can_hold_regulatory_powers(kg) -> None:
    rows = kg.select(load_named_query("forms-with-regulatory-powers").text)
    assert _forms(rows) == ["OpenbaarLichaam", "WgrPlusRegio"]


def test_which_factors_hinder_in_the_process_phase(kg) -> None:
    rows = kg.select(load_named_query("factors-by-phase").text,
                     substitutions={"phase": ox.NamedNode(iri("ProcesTotSamenwerken")),
                                    "polarity": ox.NamedNode(iri("belemmerend"))})
    labels = sorted(r["label_nl"].value for r in rows)
    assert labels == sorted(["Vage doelen", "Te hoge verwachtingen", "Lijken in de kast", "Gebrek aan draagvlak",
                             "Besluitvorming op basis van gevoel", "Gebrek aan communicatie, onduidelijkheid werknemers"])


def test_which_stakeholders_when_staff_move_to_a_new_legal_person(kg) -> None:
    rows = kg.select(load_named_query("stakeholders-when").text,
                     substitutions={"trigger": ox.NamedNode(iri("TriggerStaffMoveToNewLegalPerson"))})
    assert _forms(rows, "stakeholder") == ["VakbondenEnOndernemingsraden"]


def test_what_the_bvo_can_do_with_sources(kg) -> None:
    rows = kg.select(load_named_query("what-a-form-can-do").text,
                     substitutions={"form": ox.NamedNode(iri("Bedrijfsvoeringsorganisatie"))})
    facts = {r["capability"].value.split("#")[1]: r["value"].value for r in rows}
    assert facts["hasLegalPersonality"] == "true"
    assert facts["canHoldRegulatoryPowers"] == "false"
    assert facts["inForceFrom"] == "2015-01-01"
    assert facts["mayOnlyBeMadeBy"] == iri("College")
    assert all(r["sources"].value for r in rows), "every capability fact of the BVO has a source"
