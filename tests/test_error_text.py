"""Error messages in the page's language: the Dutch catalogue (igs_kg/error_text.nl.yaml) is well
formed, and every error a user of the page can cause by what they type has its Dutch there (the
hostile HTTP cases check the same for every refusal of the service)."""

from __future__ import annotations

import re

import pytest
import yaml

from igs_kg import error_text
from igs_kg.errors import InputError


def test_the_catalogue_is_well_formed() -> None:
    entries = yaml.safe_load(error_text.CATALOGUE.read_text(encoding="utf-8"))
    seen = set()
    for e in entries:
        assert set(e) == {"en", "nl"}, e
        assert e["en"] not in seen, f"twice: {e['en']}"
        seen.add(e["en"])
        groups = re.compile(e["en"]).groups
        used = [int(n) for n in re.findall(r"\{(\d+)\}", e["nl"])]
        assert all(1 <= n <= groups for n in used), f"{e['nl']!r} names a group {e['en']!r} lacks"


def test_the_place_becomes_dutch_and_the_message_keeps_its_values() -> None:
    both = error_text.both("request:3: unknown key 'partcipants'; did you mean 'participants'?")
    assert both["en"] == "request:3: unknown key 'partcipants'; did you mean 'participants'?"
    assert both["nl"] == "verzoek, regel 3: onbekende sleutel 'partcipants'; bedoelt u 'participants'?"
    assert error_text.both("request: the file is empty")["nl"] == "verzoek: het bestand is leeg"


def test_a_message_the_catalogue_lacks_keeps_its_english_in_a_dutch_frame() -> None:
    both = error_text.both("request:2: a message written after the catalogue")
    assert both["nl"] == "verzoek, regel 2: het verzoek is niet verwerkt (a message written after the catalogue)"


def test_the_error_body_adds_to_the_contract_and_drops_nothing() -> None:
    body = error_text.body("lang is nl or en")
    assert body["error"] == "lang is nl or en"
    assert body["error_text"] == {"en": "lang is nl or en", "nl": "lang is nl of en"}


# What a policy advisor can get wrong in the page's form or YAML box (format, text).
PAGE_MISTAKES = {
    "empty": ("yaml", ""),
    "one-municipality": ("yaml", "participants: [Aalsmeer]\n"),
    "one-province": ("yaml", "participants: [provincie Utrecht]\n"),
    "misspelt-key": ("yaml", "participants: [Aalsmeer, Amstelveen]\npartcipants: [Ouder-Amstel]\n"),
    "unknown-key": ("yaml", "participants: [Aalsmeer, Amstelveen]\ncolour: blue\n"),
    "bad-date": ("yaml", "participants: [Aalsmeer, Amstelveen]\ndate: 2024-13-45\n"),
    "bad-choice": ("yaml", "participants: [Aalsmeer, Amstelveen]\nlegal_form: OpenbaarLichaam\nbodies: [gemeenteraad]\n"),
    "not-a-boolean": ("yaml", "participants: [Aalsmeer, Amstelveen]\nlegal_form: OpenbaarLichaam\nraad_consent: perhaps\n"),
    "not-a-list": ("yaml", "participants: [Aalsmeer, Amstelveen]\ntasks: {a: b}\n"),
    "not-a-mapping": ("yaml", "- Aalsmeer\n- Amstelveen\n"),
    "not-yaml": ("yaml", "participants: [Aalsmeer, Amstelveen\n"),
    "not-json": ("json", '{"participants": ["Aalsmeer", "Amstelveen"],}'),
    "not-turtle": ("turtle", "@prefix igs: <https://w3id.org/igs-kg/def#> .\n<x> a igs:Situation"),
    "remote-context": ("jsonld", '{"@context": "https://example.org/context.jsonld", "participants": []}'),
    "too-deep": ("yaml", "a: " + "[" * 200 + "]" * 200 + "\n"),
    "nul": ("yaml", "participants: [Aals\x00meer, Amstelveen]\n"),
}


@pytest.mark.parametrize("name", sorted(PAGE_MISTAKES))
def test_every_mistake_made_on_the_page_has_its_dutch(name: str) -> None:
    from igs_kg import advice, inputs

    fmt, text = PAGE_MISTAKES[name]
    with pytest.raises(InputError) as caught:
        situation = inputs.parse_text(text, "request", fmt)
        advice.check_participants(situation)
    exc = caught.value
    assert error_text.dutch(exc.detail) is not None, f"no Dutch for: {exc.detail}"
    nl = error_text.both(str(exc))["nl"]
    assert nl.startswith("verzoek"), nl
    assert "het verzoek is niet verwerkt" not in nl, nl
