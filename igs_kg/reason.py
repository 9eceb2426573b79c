"""OWL 2 DL reasoning with HermiT (through owlready2): is the ontology consistent, and is every
class satisfiable? Used by the tests and by `igs-kg check`, never in the advice path (HermiT
takes seconds). Needs Java; without it the result says so instead of failing."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from . import paths
from .store import parse_turtle_file


@dataclass
class ReasonerResult:
    ran: bool
    consistent: bool | None = None
    unsatisfiable: list[str] = field(default_factory=list)
    message: str = ""


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def check_files(files: Iterable[Path] | None = None) -> ReasonerResult:
    """Reason over the given Turtle files (default: the whole knowledge graph)."""
    files = list(files) if files is not None else paths.knowledge_files()
    from .extras import missing

    if missing("reason"):
        return ReasonerResult(ran=False, message="owlready2 (HermiT) is not installed, so the ontology was not "
                                                 "reasoned over: pip install 'igs-kg[reason]'")
    if not java_available():
        return ReasonerResult(
            ran=False,
            message="Java is not installed, so HermiT cannot run. Install a Java runtime "
                    "(Debian/Ubuntu: apt-get install default-jre-headless; macOS: brew install openjdk) "
                    "and run again.")
    triples: list[ox.Triple] = []
    for f in files:
        triples.extend(parse_turtle_file(f))
    return _reason(triples)


def inconsistent_core(files: list[Path]) -> list[Path]:
    """A smallest set of the files that is still inconsistent (each file left out in turn, kept
    out when the rest stays inconsistent): where to look when HermiT finds the whole inconsistent.
    Runs HermiT once a file, so only when the whole is inconsistent."""
    parsed = {f: parse_turtle_file(f) for f in files}
    kept = list(files)
    for f in list(files):
        rest = [g for g in kept if g != f]
        if rest and _reason([t for g in rest for t in parsed[g]]).consistent is False:
            kept = rest
    return kept


def _reason(triples: list[ox.Triple]) -> ReasonerResult:
    import owlready2
    from owlready2 import OwlReadyInconsistentOntologyError

    with tempfile.TemporaryDirectory(prefix="igs-kg-hermit-") as tmp:
        nt = Path(tmp) / "igs.nt"
        ox.serialize(triples, output=str(nt), format=ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
        cwd = os.getcwd()
        try:
            os.chdir(tmp)  # owlready2 writes its temporary files to the current directory on some versions
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
        except OwlReadyInconsistentOntologyError:
            return ReasonerResult(ran=True, consistent=False,
                                  message="HermiT: the ontology is inconsistent")
        except Exception as exc:  # a Java crash or an OWL construct HermiT rejects
            return ReasonerResult(ran=False, message=f"HermiT did not run: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        finally:
            os.chdir(cwd)
        unsat = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        world.close()
    return ReasonerResult(ran=True, consistent=True, unsatisfiable=unsat,
                          message="consistent" if not unsat else f"{len(unsat)} unsatisfiable classes")
