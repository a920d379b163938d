"""The schema, read from the ontology (ontology/*.ttl): entity and relation types, and the mapping
of RDF terms to Neo4j labels, relationship types and property names. Nothing else lists them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS, ClosedNamespace

from kg_builder.errors import BadInput
from kg_builder.resources import resource

ONTOLOGY_DIR = resource("ontology")
ONTOLOGY_PATH = ONTOLOGY_DIR / "policykg.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
TOPICS_PATH = ONTOLOGY_DIR / "topics.ttl"
PKG_IRI = "https://policykg.org/ontology#"
_PKG = Namespace(PKG_IRI)
# The types the gold format (shared/eval/GUIDE.md) scores, in its order.
SCORED_ENTITY_TYPES = ("Province", "Agency", "Document", "Program", "Event", "Date")


@dataclass(frozen=True)
class Schema:
    entity_types: tuple[str, ...]
    node_labels: tuple[str, ...]
    relations: dict[str, URIRef]  # relation type (ISSUED) → object property (pkg:issued)
    properties: dict[str, URIRef]  # Neo4j property name (name) → datatype property (skos:prefLabel)
    provenance: str  # the Neo4j relationship from an entity to its SourceReport
    entity_label: str  # the Neo4j label every entity node carries too (Entity)
    page_paths: dict[str, str]  # node label (Agency) → the API's path for its pages (agencies)
    entity_labels: tuple[str, ...]  # the node labels of entities: those with pages (all but SourceReport's)
    shapes: dict[str, str]  # node label → the shape it is drawn with (cytoscape.js name)
    pkg: ClosedNamespace  # every pkg: term the ontology defines; a typo is an error, not a new IRI


@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    g = ontology()

    def local(term: object) -> str:
        return str(term).removeprefix(PKG_IRI)

    extracted = {c for c in g.subjects(_PKG.extracted, Literal(True))}
    in_graph = {c for c in extracted if g.value(c, _PKG.inGraph) != Literal(False)}
    in_graph |= set(g.subjects(_PKG.inGraph, Literal(True)))
    relations = {
        str(g.value(p, _PKG.relationType)): URIRef(str(p))
        for p in g.subjects(RDF.type, OWL.ObjectProperty)
        if g.value(p, _PKG.relationType) is not None
    }
    properties = {str(name): URIRef(str(p)) for p, name in g.subject_objects(_PKG.neo4jProperty)}
    terms = sorted({local(t) for t in g.all_nodes() if str(t).startswith(PKG_IRI)})
    provenance = str(next(g.objects(None, _PKG.neo4jRelationship)))
    nodes = sorted(local(c) for c in in_graph)
    shapes = {local(c): str(shape) for c, shape in g.subject_objects(_PKG.shape)}
    missing = [label for label in nodes if label not in shapes]
    if missing:
        raise ValueError(f"{ONTOLOGY_PATH.name}: no pkg:shape for {', '.join(missing)}")
    page_paths = {local(c): str(p) for c, p in sorted(g.subject_objects(_PKG.pagePath))}
    return Schema(
        entity_types=tuple(sorted(local(c) for c in extracted)),
        node_labels=tuple(nodes),
        relations=dict(sorted(relations.items())),
        properties=properties,
        provenance=provenance,
        entity_label=str(next(g.objects(None, _PKG.neo4jLabel))),
        page_paths=page_paths,
        entity_labels=tuple(label for label in nodes if label in page_paths),
        shapes={label: shapes[label] for label in nodes},
        pkg=ClosedNamespace(PKG_IRI, terms),
    )


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """Every label of every topic in topics.ttl → the topic's preferred label."""
    g = Graph().parse(TOPICS_PATH, format="turtle")
    labels: dict[str, str] = {}
    for concept in g.subjects(RDF.type, SKOS.Concept):
        preferred = str(g.value(concept, SKOS.prefLabel))
        for label in [preferred, *map(str, g.objects(concept, SKOS.altLabel))]:
            labels[label] = preferred
    return labels


@lru_cache(maxsize=1)
def label_names() -> dict[str, str]:
    """Every class (Agency) and relation type (ISSUED) of the ontology → its Chinese name (机构, 印发),
    its rdfs:label in Chinese."""
    g = ontology()
    terms = {str(c).removeprefix(PKG_IRI): c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(PKG_IRI)}
    terms |= {str(t): p for p, t in g.subject_objects(_PKG.relationType)}
    return {
        name: str(label)
        for name, term in terms.items()
        for label in g.objects(term, RDFS.label)
        if isinstance(label, Literal) and label.language == "zh"
    }


def _notation_names(scheme: URIRef) -> dict[str, str]:
    """Each concept of a scheme: its skos:notation → its Chinese prefLabel."""
    g = ontology()
    return {
        str(g.value(c, SKOS.notation)): str(label)
        for c in g.subjects(SKOS.inScheme, scheme)
        for label in g.objects(c, SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "zh"
    }


@lru_cache(maxsize=1)
def genre_names() -> dict[str, str]:
    """Every document genre (pkg:genre's values, as notice) → its Chinese name (通知), from pkg:GenreScheme."""
    return _notation_names(_PKG.GenreScheme)


@lru_cache(maxsize=1)
def validity_names() -> dict[str, str]:
    """Every status of a document on a day (in_force) → the legal databases' term (现行有效), from
    pkg:ValidityScheme."""
    return _notation_names(_PKG.ValidityScheme)


class UnknownTerm(BadInput):
    """A topic or genre that the ontology's vocabularies do not have."""


def canonical_topic(topic: str) -> str:
    """A topic's preferred label from any of its labels (互联网协议第六版 → IPv6)."""
    labels = topic_labels()
    if topic not in labels:
        raise UnknownTerm(f"unknown topic {topic!r}; known topics: {', '.join(sorted(set(labels.values())))}")
    return labels[topic]


@lru_cache(maxsize=1)
def _genre_by_code_or_name() -> dict[str, str]:
    names = genre_names()
    return {**{code: code for code in names}, **{name: code for code, name in names.items()}}


def canonical_genre(genre: str) -> str:
    """A genre's notation from the notation or its Chinese name (规划方案 → plan)."""
    codes = _genre_by_code_or_name()
    if genre not in codes:
        raise UnknownTerm(
            f"unknown genre {genre!r}; known: {', '.join(sorted(genre_names()))} (or their Chinese names)"
        )
    return codes[genre]
