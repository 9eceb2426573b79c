from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from igs_kg import store

ROOT = Path(__file__).resolve().parent.parent


def igs(*args: str, input_text: str | None = None, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line as a user runs it: `igs-kg ARGS`, its output captured as text."""
    return subprocess.run([sys.executable, "-m", "igs_kg.cli", *args], capture_output=True, text=True,
                          input=input_text, cwd=cwd, env=env)


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    return store.load()


def iri(local: str) -> str:
    return "https://w3id.org/igs-kg/def#" + local
