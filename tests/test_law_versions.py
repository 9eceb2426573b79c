"""Advice and validation cite the text of an article that was in force on the situation's date
(ontology/kb/amendments.ttl; law_versions.py), for every chapter of the Wgr and period."""

from __future__ import annotations

import datetime as dt

import pytest

import igs_kg
from igs_kg import law_versions

COMBINATIONS = {
    "I": ["Utrecht", "Zeist"], "II": ["Provincie Utrecht", "Provincie Gelderland"],
    "III": ["Waterschap Rivierenland", "Waterschap Aa en Maas"], "IV": ["Utrecht", "Provincie Utrecht"],
    "V": ["Utrecht", "Hoogheemraadschap De Stichtse Rijnlanden"],
    "VI": ["Utrecht", "Provincie Utrecht", "Hoogheemraadschap De Stichtse Rijnlanden"],
    "VII": ["Provincie Utrecht", "Hoogheemraadschap De Stichtse Rijnlanden"],
}


def _links(tree, found: list[str]) -> list[str]:
    if isinstance(tree, dict):
        for v in tree.values():
            _links(v, found)
    elif isinstance(tree, list):
        for v in tree:
            _links(v, found)
    elif isinstance(tree, str) and law_versions.version(tree):
        found.append(tree)
    return found


@pytest.mark.parametrize("chapter", sorted(COMBINATIONS))
@pytest.mark.parametrize("day", ["2013-06-01", "2017-06-01", "2025-06-01"])
def test_every_dated_link_names_the_text_in_force(chapter: str, day: str) -> None:
    when = dt.date.fromisoformat(day)
    bodies = ["college"] if "Utrecht" in COMBINATIONS[chapter] else ["gedeputeerde_staten"]
    for form in ("OpenbaarLichaam", "GemeenschappelijkOrgaan", "Centrumregeling"):
        advice = igs_kg.advise({"participants": COMBINATIONS[chapter], "date": day, "legal_form": form, "bodies": bodies})
        wrong = [link for link in _links(advice, []) if not (lambda v: v[1] <= when < v[2])(law_versions.version(link))]
        assert wrong == [], (form, wrong)


def test_of_several_texts_of_an_article_the_one_in_force_is_kept() -> None:
    old = "https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=26&lid=3&g=2014-01-01"
    new = "https://wetten.overheid.nl/jci1.3:c:BWBR0003740&artikel=26&lid=3&g=2015-01-01"
    other = "https://wetten.overheid.nl/jci1.3:c:BWBR0005416&artikel=160"
    assert law_versions.in_force_on([old, new, other], dt.date(2013, 1, 1)) == [old, other]
    assert law_versions.in_force_on([old, new, other], dt.date(2016, 1, 1)) == [new, other]
    assert law_versions.in_force_on([old], dt.date(2016, 1, 1)) == [old]  # nothing else to cite: kept
