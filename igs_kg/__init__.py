"""igs-kg: a knowledge-graph expert system for Dutch inter-municipal cooperation (IGS).

The knowledge lives as data in ontology/, rules/ and queries/; this package is the engine
that loads, reasons over, validates against and serves it.

The API (docs/contract.md#python-api; see igs_kg.api): `advise(x)`, `validate(x)`, `explain(x)` and
`draft(x)`, where x is a path, a YAML/JSON/Turtle text or a mapping; `InputError` for bad input.
"""

__version__ = "0.3.0"

IGS = "https://w3id.org/igs-kg/def#"
SRC = "https://w3id.org/igs-kg/source/"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
KB_GRAPH = "https://w3id.org/igs-kg/graph/kb"      # the named graph that holds the knowledge
RULE_BASE = "https://w3id.org/igs-kg/rule/"        # a rule as a resource (export, PROV-O)
SHAPES = "https://w3id.org/igs-kg/shapes#"         # the namespace of the named shapes


from typing import TYPE_CHECKING  # noqa: E402

from .errors import InputError  # noqa: E402 - the API's error, light to import

if TYPE_CHECKING:  # a type checker sees the typed functions; at run time they load on first use
    from .api import advise, draft, explain, validate

__all__ = ["advise", "validate", "explain", "draft", "InputError", "__version__"]


def __getattr__(name: str):
    # The API functions load the knowledge when first called; importing igs_kg stays cheap.
    if name in ("advise", "validate", "explain", "draft"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'igs_kg' has no attribute {name!r}")
