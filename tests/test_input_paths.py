"""The fast ways of reading an input give exactly what the plain ways give: libyaml against
PyYAML's Python parser, and the part of the JSON-LD context a document uses against the whole
context, for every example and every situation of the rule cases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from conftest import ROOT

from igs_kg import inputs
from igs_kg.errors import InputError

TODAY = dt.date(2025, 1, 1)


def _texts() -> list[tuple[str, str]]:
    out = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
           for folder in ("examples/situations", "examples/valid", "examples/invalid")
           for p in sorted((ROOT / folder).glob("*.yaml"))]
    for f in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]):
            out.append((f"{f.name}#{i}", yaml.safe_dump(case["situation"], allow_unicode=True)))
    return out


def _read(text: str, name: str) -> tuple[list[str], list, str | None]:
    try:
        s = inputs.parse_text(text, name, "yaml", today=TODAY)
    except InputError as exc:
        return [], [], str(exc)
    facts = sorted(re.sub(r"_:\w+", "_:b", str(t)) for t in s.triples)  # blank nodes are named anew each time
    return facts, [w.as_json() for w in s.warnings], None


TEXTS = _texts()


@pytest.mark.parametrize("name,text", TEXTS, ids=[t[0] for t in TEXTS])
def test_fast_reading_gives_the_same_facts(name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _read(text, name)
    monkeypatch.setattr(inputs, "C_LOADER_MAX_TOKENS", -1)  # the Python parser
    monkeypatch.setattr(inputs, "context_for", lambda doc, ctx=None: ctx if ctx is not None else inputs.context())
    plain = _read(text, name)
    assert fast == plain


def test_the_reduced_context_leaves_out_terms_a_document_does_not_name() -> None:
    ctx = inputs.context()
    small = inputs.context_for({"participants": ["Aalsmeer", "Amstelveen"], "date": "2024-01-01"})
    assert "participants" in small and "date" in small
    assert len(small) < len(ctx)
    assert all(k in small for k in ctx if k.startswith("@"))
