"""The code is clean by its own lint and type configuration (pyproject.toml: ruff with import
sorting, mypy over the package), so that a change that breaks either fails the tests, and CI, at
once."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.skipif(shutil.which("ruff") is None, reason="needs ruff (pip install 'igs-kg[test]')")
def test_ruff_finds_nothing() -> None:
    r = subprocess.run(["ruff", "check", "igs_kg", "tests", "benchmarks"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="needs mypy (pip install 'igs-kg[test]')")
def test_mypy_finds_nothing() -> None:
    # the configuration ([tool.mypy] in pyproject.toml) names the package and the untyped libraries
    r = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:]
    assert "Success" in r.stdout


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="needs mypy (pip install 'igs-kg[test]')")
def test_a_typo_in_a_result_key_fails_mypy_strict(tmp_path) -> None:
    # the package root's names are typed (TYPE_CHECKING re-exports), not Any from __getattr__
    good = tmp_path / "good.py"
    good.write_text('import igs_kg\n\nadvice = igs_kg.advise({"participants": ["Dongen", "Tilburg"]})\n'
                    'print(advice["legal_forms"][0]["id"], igs_kg.validate("x.yaml")["conforms"])\n')
    bad = tmp_path / "bad.py"
    bad.write_text('import igs_kg\n\nadvice = igs_kg.advise({"participants": ["Dongen", "Tilburg"]})\n'
                   'print(advice["legal_formz"])\n')
    run = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent"]
    ok = subprocess.run(run + [str(good)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stdout[-2000:]
    wrong = subprocess.run(run + [str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert wrong.returncode == 1 and "legal_formz" in wrong.stdout, wrong.stdout[-2000:]
