"""Every knowledge file parses, and HermiT finds the ontology consistent with every class
satisfiable -- and rejects the wrong facts of tests/fixtures, so the check can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from igs_kg import paths, reason
from igs_kg.errors import KnowledgeError
from igs_kg.store import parse_turtle_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("path", paths.knowledge_files(), ids=lambda p: paths.relative(p))
def test_every_knowledge_file_parses(path: Path) -> None:
    assert len(parse_turtle_file(path)) > 0


def test_a_broken_file_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix igs: <https://w3id.org/igs-kg/def#> .\n\nigs:A igs:b igs:c \nigs:D .\n")
    with pytest.raises(KnowledgeError) as err:
        parse_turtle_file(bad)
    assert "bad.ttl:" in str(err.value)
    assert ":4:" in str(err.value) or ":3:" in str(err.value)


needs_java = pytest.mark.skipif(not reason.java_available(), reason="HermiT needs Java")


@needs_java
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable() -> None:
    result = reason.check_files()
    assert result.ran, result.message
    assert result.consistent is True
    assert result.unsatisfiable == []


@needs_java
@pytest.mark.parametrize("fixture", sorted((FIXTURES / "inconsistent").glob("*.ttl")), ids=lambda p: p.stem)
def test_hermit_rejects_a_wrong_fact(fixture: Path) -> None:
    result = reason.check_files(paths.knowledge_files() + [fixture])
    assert result.ran, result.message
    assert result.consistent is False


@needs_java
def test_hermit_reports_an_unsatisfiable_class() -> None:
    fixture = FIXTURES / "unsatisfiable" / "public-and-private.ttl"
    result = reason.check_files(paths.knowledge_files() + [fixture])
    assert result.consistent is True
    assert result.unsatisfiable == ["https://w3id.org/igs-kg/def#HybridForm"]


def test_file_of_names_the_file_of_a_fact_also_through_a_blank_node() -> None:
    import pyoxigraph as ox

    from igs_kg import IGS, store

    kg = store.load()
    go = ox.NamedNode(IGS + "GemeenschappelijkOrgaan")
    named = next(kg.store.quads_for_pattern(go, ox.NamedNode(IGS + "hasLegalPersonality"), None, kg.kb_graph)).triple
    assert kg.file_of(named) == "ontology/kb/forms.ttl"
    # The owl:Axiom that carries the fact's source is a blank node in the store.
    axiom = next(q.triple for q in kg.store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/2002/07/owl#annotatedSource"), go, kg.kb_graph))
    assert isinstance(axiom.subject, ox.BlankNode)
    assert kg.file_of(axiom) == "ontology/kb/forms.ttl"
    assert kg.file_of(ox.Triple(go, ox.NamedNode(IGS + "noSuchProperty"), go)) is None
