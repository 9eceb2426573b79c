"""igs-kg: a knowledge-graph expert system for Dutch inter-municipal cooperation (IGS).

The knowledge lives as data in ontology/, rules/ and queries/; this package is the engine
that loads, reasons over, validates against and serves it.
"""

__version__ = "0.1.0"

IGS = "https://w3id.org/igs-kg/def#"
SRC = "https://w3id.org/igs-kg/source/"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
KB_GRAPH = "https://w3id.org/igs-kg/graph/kb"      # the named graph that holds the knowledge
RULE_BASE = "https://w3id.org/igs-kg/rule/"        # a rule as a resource (export, PROV-O)
SHAPES = "https://w3id.org/igs-kg/shapes#"         # the namespace of the named shapes
