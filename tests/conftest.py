from __future__ import annotations

import pytest

from igs_kg import store


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    return store.load()


def iri(local: str) -> str:
    return "https://w3id.org/igs-kg/def#" + local
