"""Data-driven cases (tests/cases/*.yaml): a situation, and what the advice must say; every rule
has a case in which it fires."""

from __future__ import annotations

from pathlib import Path

import pytest

from igs_kg import case_runner, rules

CASES_DIR = Path(__file__).parent / "cases"
CASES = [(c.title, c.spec) for c in case_runner.load([CASES_DIR])]


@pytest.mark.parametrize("name,case", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, case: dict) -> None:
    # the checks of `igs-kg test` (igs_kg/case_runner.py), one assertion per failure found
    assert case_runner.failures(case) == []


def test_igs_kg_test_runs_the_shipped_cases_and_fails_on_a_wrong_expectation(tmp_path: Path) -> None:
    from conftest import igs

    r = igs("test")
    assert r.returncode == 0, r.stdout[-2000:]
    assert f"{len(CASES)} cases" in r.stdout and "0 failed" in r.stdout
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("cases:\n  - name: a centrumregeling that does not fit\n    situation: {participants: [Aalsmeer, Amstelveen]}\n"
                     "    expect: {legal_forms: {Centrumregeling: {verdict: excluded}}}\n", encoding="utf-8")
    r = igs("test", str(wrong))
    assert r.returncode == 1 and "FAIL" in r.stdout and "Centrumregeling" in r.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("cases: [\n", encoding="utf-8")
    r = igs("test", str(broken))
    assert r.returncode == 2 and r.stderr.startswith("igs-kg: error:")


def test_every_rule_has_a_case_in_which_it_fires() -> None:
    covered = {rid for _, case in CASES for rid in case.get("fired", [])}
    covered |= {rid for _, case in CASES for spec in case.get("expect", {}).get("legal_forms", {}).values()
                for rid in spec.get("reasons", []) + spec.get("conditions", [])}
    covered |= {rid for _, case in CASES for rid in case.get("expect", {}).get("warnings", [])}
    all_ids = {r.id for r in rules.load_rules().rules}
    assert sorted(all_ids - covered) == []
