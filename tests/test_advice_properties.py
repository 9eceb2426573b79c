"""Invariants of the advice over generated situations (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from igs_kg import advice, inputs

FORMS = ["OpenbaarLichaam", "GemeenschappelijkOrgaan", "Bedrijfsvoeringsorganisatie", "Centrumregeling",
         "RegelingZonderMeer", "WgrPlusRegio", "BV", "NV", "Cooperatie", "Stichting", "Vereniging", "Convenant",
         "Overeenkomst", "Mandaat", "Detachering"]
CONCEPTS = ["Netwerkconcept", "Centrumconcept", "Matrixconcept", "SharedServiceCentrum", "SamenEnTochApart"]

situations = st.fixed_dictionaries(
    {"participants": st.lists(st.sampled_from(["Aalsmeer", "Amstelveen", "GM0489", "Ridderkerk", "Uithoorn", "Den Haag"]),
                              min_size=2, max_size=5, unique=True)},
    optional={
        "date": st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2026, 12, 31)).map(lambda d: d.isoformat()),
        "bodies": st.lists(st.sampled_from(["raad", "college", "burgemeester"]), min_size=1, max_size=3, unique=True),
        "concept": st.sampled_from(CONCEPTS),
        "tasks": st.lists(st.sampled_from(["bedrijfsvoering", "uitvoering", "inkoop", "projecten", "kennisdeling",
                                           "beleid", "alle"]), min_size=1, max_size=3, unique=True),
        "requirements": st.fixed_dictionaries({}, optional={k: st.booleans() for k in (
            "legal_personality", "own_staff", "regulatory_powers", "decision_powers", "public_law")}),
        "mandatory": st.sampled_from(["veiligheidsregio", "ggd", "omgevingsdienst", "plusregio"]),
        "lead_municipality": st.sampled_from(["Amstelveen", "Aalsmeer"]),
        "specialisms": st.booleans(),
        "urgency": st.sampled_from(["low", "high"]),
        "budget": st.sampled_from(["limited", "ample"]),
    })


def _advise(data: dict) -> dict:
    s = inputs.parse_text(yaml.safe_dump(data), "generated.yaml", "yaml", today=dt.date(2025, 6, 1))
    return advice.advise(s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations)
def test_invariants(data: dict) -> None:
    a = _advise(data)
    ids = [f["id"] for f in a["legal_forms"]]
    assert sorted(ids) == sorted(FORMS)
    assert sorted(c["id"] for c in a["concepts"]) == sorted(CONCEPTS)
    for entries in (a["legal_forms"], a["concepts"]):
        fitting = [e for e in entries if e["verdict"] == "fits"]
        assert [e["rank"] for e in fitting] == list(range(1, len(fitting) + 1))
        assert entries[: len(fitting)] == fitting, "fitting entries come first"
        for e in entries:
            if e["verdict"] == "excluded":
                assert e["rank"] is None
                assert e["reasons"], f"{e['id']} is excluded without a reason"
            for r in e["reasons"]:
                assert r["rule"] and set(r["text"]) == {"nl", "en"} and all(r["text"].values())
                assert isinstance(r["sources"], list)
    if "concept" in data:
        chosen = next(c for c in a["concepts"] if c["id"] == data["concept"])
        assert chosen["verdict"] == "excluded" or chosen["rank"] == 1
        realising = {f.rsplit("#", 1)[1] for f in advice.vocabulary().realised_by[
            "https://w3id.org/igs-kg/def#" + data["concept"]]}
        fitting = {f["id"] for f in a["legal_forms"] if f["verdict"] == "fits"}
        assert fitting <= realising, "with a concept chosen, only forms that realise it fit"
    if "bodies" not in data:
        assert a["regeling_type"] is None


@settings(max_examples=10, deadline=None)
@given(situations)
def test_same_input_same_json_byte_for_byte(data: dict) -> None:
    first = json.dumps(_advise(data), ensure_ascii=False, indent=2)
    second = json.dumps(_advise(data), ensure_ascii=False, indent=2)
    assert first == second
