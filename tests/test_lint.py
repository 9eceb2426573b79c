"""The code is clean by its own lint configuration (pyproject.toml: ruff with import sorting), so
that a change that breaks it fails the tests, and CI, at once."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT


@pytest.mark.skipif(shutil.which("ruff") is None, reason="needs ruff (pip install 'igs-kg[test]')")
def test_ruff_finds_nothing() -> None:
    r = subprocess.run(["ruff", "check", "igs_kg", "tests", "benchmarks"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:]
