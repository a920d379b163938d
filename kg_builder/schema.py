"""Entity and relation types, read from the ontology (ontology/policykg.ttl), the single schema."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph, Literal, Namespace

PKG = Namespace("https://policykg.org/ontology#")
ONTOLOGY_PATH = Path(__file__).resolve().parent.parent / "ontology" / "policykg.ttl"


def _load() -> tuple[tuple[str, ...], tuple[str, ...]]:
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    entities = sorted(str(c).removeprefix(str(PKG)) for c in graph.subjects(PKG.extracted, Literal(True)))
    relations = sorted(str(graph.value(p, PKG.relationType))
                       for p in graph.subjects(RDF.type, OWL.ObjectProperty)
                       if graph.value(p, PKG.relationType) is not None)
    return tuple(entities), tuple(relations)


ENTITY_TYPES, RELATION_TYPES = _load()
# The types the gold format (shared/eval/GUIDE.md) scores, in its order.
SCORED_ENTITY_TYPES = ("Province", "Agency", "Document", "Program", "Event", "Date")
assert set(SCORED_ENTITY_TYPES) <= set(ENTITY_TYPES), "ontology lost a scored entity type"
