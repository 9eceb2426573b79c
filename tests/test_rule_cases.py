"""Data-driven cases (tests/cases/*.yaml): a situation, and what the advice must say; every rule
has a case in which it fires."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from igs_kg import advice, inputs, rules, store
from igs_kg.errors import InputError

CASES_DIR = Path(__file__).parent / "cases"


def load_cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            out.append((f"{path.stem}: {case['name']}", case))
    return out


CASES = load_cases()


def run_case(case: dict) -> tuple[dict | None, set[str], str | None]:
    text = yaml.safe_dump(case["situation"], allow_unicode=True)
    try:  # an input error (exit 2) is an outcome a case may expect
        situation = inputs.parse_text(text, "case.yaml", "yaml", today=dt.date(2025, 1, 1))
        advice.check_participants(situation)
    except InputError as exc:
        return None, set(), str(exc)
    with rules.session(store.load(), situation) as run:
        result = advice.build_advice(run, situation)
        fired = {d.rule for t, ds in run.derivations.items() for d in ds if t.subject == situation.iri
                 or d.rule == "form-ranked-before"}
    return result, fired, None


def _rules_of(entries: list[dict]) -> list[str]:
    return [r["rule"] for r in entries]


@pytest.mark.parametrize("name,case", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, case: dict) -> None:
    result, fired, error = run_case(case)
    if "error" in case:
        assert error is not None and case["error"] in error, error
        return
    assert error is None, error
    for rid in case.get("fired", []):
        assert rid in fired, f"rule {rid} should fire"
    for rid in case.get("not_fired", []):
        assert rid not in fired, f"rule {rid} should not fire"
    expect = case.get("expect", {})
    forms = {f["id"]: f for f in result["legal_forms"]}
    for fid, want in expect.get("legal_forms", {}).items():
        got = forms[fid]
        assert got["verdict"] == want["verdict"], (fid, got["verdict"], got["reasons"])
        if "rank" in want:
            assert got["rank"] == want["rank"], (fid, got["rank"])
        for rid in want.get("reasons", []):
            assert rid in _rules_of(got["reasons"]), (fid, rid, _rules_of(got["reasons"]))
        for rid in want.get("conditions", []):
            assert rid in _rules_of(got["conditions"]), (fid, rid, _rules_of(got["conditions"]))
        for rid in want.get("no_conditions", []):
            assert rid not in _rules_of(got["conditions"]), (fid, rid)
        if "text_contains" in want:
            assert any(want["text_contains"] in r["text"]["nl"] for r in got["reasons"]), got["reasons"]
    if "fitting_forms" in expect:
        assert [f["id"] for f in result["legal_forms"] if f["verdict"] == "fits"] == expect["fitting_forms"]
    concepts = {c["id"]: c for c in result["concepts"]}
    for cid, want in expect.get("concepts", {}).items():
        got = concepts[cid]
        assert got["verdict"] == want["verdict"], (cid, got)
        if "rank" in want:
            assert got["rank"] == want["rank"], (cid, got["rank"], [(c["id"], c["score"]) for c in result["concepts"]])
        for rid in want.get("reasons", []):
            assert rid in _rules_of(got["reasons"]), (cid, rid, _rules_of(got["reasons"]))
    if "concept_order" in expect:
        assert [c["id"] for c in result["concepts"]] == expect["concept_order"]
    for key in ("regeling_type", "effective_date"):
        if key in expect:
            assert result[key] == expect[key], (key, result[key])
    for key in ("procedure", "stakeholders", "factors"):
        ids = [x["id"] for x in result[key]]
        for want in expect.get(key, []):
            assert want in ids, (key, want, ids)
        for unwanted in expect.get(key + "_absent", []):
            assert unwanted not in ids, (key, unwanted, ids)
        if key + "_exactly" in expect:
            assert sorted(ids) == sorted(expect[key + "_exactly"]), (key, sorted(ids))
    if "chapter_articles_only" in expect:
        assert_only_the_chapters_articles(result, expect["chapter_articles_only"])
    warned = [w.get("rule") for w in result["warnings"]]
    for rid in expect.get("warnings", []):
        assert rid in warned, (rid, warned)


# The articles that belong to one chapter of the Wgr (its own range); chapter I's are applied in
# every chapter, but the others belong to theirs alone: a step that cites another chapter's own
# article speaks that chapter's law.
_CHAPTER_RANGES = {"II": (40, 50), "III": (50, 51), "IV": (51, 61), "V": (61, 73), "VI": (73, 83), "VII": (83, 93)}
_WGR_ARTICLE = re.compile(r"BWBR0003740&artikel=(\d+)([a-z]*)")


def assert_only_the_chapters_articles(result: dict, chapter: str) -> None:
    lo, hi = _CHAPTER_RANGES.get(chapter, (0, 0))
    for entry in result["procedure"]:
        cited = [(int(m.group(1)), s) for r in [entry] + entry["reasons"] for s in r["sources"] for m in [_WGR_ARTICLE.search(s)] if m]
        for number, source in cited:
            own_elsewhere = 40 <= number < 93 and not (lo <= number < hi)
            assert not own_elsewhere, f"chapter {chapter}: {entry['id']} cites {source}, an article of another chapter"
        texts = [entry["label"]["nl"], entry["text"]["nl"]] + [r["text"]["nl"] for r in entry["reasons"]]
        if chapter != "I":
            assert not any("gemeenteraden" in x and "art. 1 " in x for x in texts), entry["id"]


def test_every_rule_has_a_case_in_which_it_fires() -> None:
    covered = {rid for _, case in CASES for rid in case.get("fired", [])}
    covered |= {rid for _, case in CASES for spec in case.get("expect", {}).get("legal_forms", {}).values()
                for rid in spec.get("reasons", []) + spec.get("conditions", [])}
    covered |= {rid for _, case in CASES for rid in case.get("expect", {}).get("warnings", [])}
    all_ids = {r.id for r in rules.load_rules().rules}
    assert sorted(all_ids - covered) == []
