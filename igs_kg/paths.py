"""Where the knowledge files are: an installed wheel carries them in igs_kg/_data, a source
checkout has them at the repository root, and IGS_KG_HOME points at a working copy of a
knowledge engineer (its ontology/, rules/ and queries/ are used instead)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    return _data_root(os.environ.get("IGS_KG_HOME"))


@lru_cache(maxsize=8)  # asked thousands of times in a batch; IGS_KG_HOME may change (the tests)
def _data_root(override: str | None) -> Path:
    if override:
        return Path(override).resolve()
    bundled = _PACKAGE / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PACKAGE.parent


def ontology_dir() -> Path:
    return data_root() / "ontology"


def rules_dir() -> Path:
    return data_root() / "rules"


def queries_dir() -> Path:
    return data_root() / "queries"


def cases_dir() -> Path:
    """The rule cases (situation -> expected verdicts): tests/cases in a checkout or a working copy,
    cases/ inside an installed wheel, so that `igs-kg test` runs them anywhere."""
    checkout = data_root() / "tests" / "cases"
    return checkout if checkout.is_dir() else data_root() / "cases"


def knowledge_files() -> list[Path]:
    """Every Turtle file of the knowledge graph: the TBox first, then kb/ in name order.
    The shapes (ontology/shapes) are a separate graph, loaded by the validator."""
    root = ontology_dir()
    files = sorted(root.glob("*.ttl")) + sorted((root / "kb").glob("*.ttl"))
    return files


def shapes_files() -> list[Path]:
    return sorted((ontology_dir() / "shapes").glob("*.ttl"))


def relative(path: Path) -> str:
    """A path as users see it: relative to the data root when inside it."""
    try:
        return str(path.resolve().relative_to(data_root()))
    except ValueError:
        return str(path)
