"""Graph records → RDF statements with the ontology's terms; N-Triples; SHACL validation.

An edge becomes a direct triple (agency pkg:issued document) for simple queries, and an
Assertion (rdf:Statement) that carries its date, province, evidence and prov:wasDerivedFrom the
source report: the RDF twin of a Neo4j relationship with properties. Every entity also
prov:wasDerivedFrom each report it was extracted from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg_builder.graph import SourceGraph
from kg_builder.schema import SHAPES_PATH, TOPICS_PATH, load_schema, ontology

# A statement's object is an IRI (str) or a literal (lexical form, datatype IRI or None). Plain
# strings and tuples keep the hot path of large loads free of per-term objects.
Object = str | tuple[str, str | None]
Statement = tuple[str, str, Object]
PREFIXES = {
    "pkg": "https://policykg.org/ontology#",
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "xsd": str(XSD),
}
_INTEGER = str(XSD.integer)
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = str(RDF.type), str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED = str(PROV.wasDerivedFrom)


def _literals(value: Any) -> list[tuple[str, str | None]]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [lit for v in value for lit in _literals(v)]
    if isinstance(value, int) and not isinstance(value, bool):
        return [(str(value), _INTEGER)]
    return [(str(value), None)]


def descriptions(sg: SourceGraph) -> Iterator[Statement]:
    """What the entities are: type, names, properties. The same for every report that names them."""
    schema = load_schema()
    pkg = str(schema.pkg)
    properties = {name: str(p) for name, p in schema.properties.items()}
    for node in sg.nodes:
        yield node.iri, _TYPE, pkg + node.label
        for name, value in node.props.items():
            predicate = properties.get(name)
            if predicate is not None:
                for literal in _literals(value):
                    yield node.iri, predicate, literal


def report_type(sg: SourceGraph) -> Statement:
    """The report's type: in a report's record of descriptions too, so that one that names nothing has one."""
    return sg.report.iri, _TYPE, str(load_schema().pkg) + sg.report.label


def recorded_statements(sg: SourceGraph) -> Iterator[Statement]:
    """A report's record of what it describes (kept beside the embedded store): its type and its
    descriptions."""
    yield report_type(sg)
    yield from descriptions(sg)


def report_statements(sg: SourceGraph) -> Iterator[Statement]:
    """What one report says: the report itself, which entities it names, and its facts."""
    schema = load_schema()
    pkg = str(schema.pkg)
    properties = {name: str(p) for name, p in schema.properties.items()}
    relations = {type_: str(p) for type_, p in schema.relations.items()}
    report = sg.report.iri
    yield report, _TYPE, pkg + sg.report.label
    for name, value in sg.report.props.items():
        predicate = properties.get(name)
        if predicate is not None:
            for literal in _literals(value):
                yield report, predicate, literal
    for node in sg.nodes:
        yield node.iri, _DERIVED, report
    for edge in sg.edges:
        predicate = relations[edge.type]
        yield edge.head, predicate, edge.tail
        yield edge.iri, _TYPE, pkg + ("Issuance" if edge.type == "ISSUED" else "Assertion")
        yield edge.iri, _SUBJECT, edge.head
        yield edge.iri, _PREDICATE, predicate
        yield edge.iri, _OBJECT, edge.tail
        yield edge.iri, _DERIVED, report
        for name, value in edge.props.items():
            for literal in _literals(value):
                yield edge.iri, properties[name], literal


def statements(sg: SourceGraph) -> Iterator[Statement]:
    yield from descriptions(sg)
    yield from report_statements(sg)


def to_rdf(sg: SourceGraph, graph: Graph | None = None) -> Graph:
    g = graph if graph is not None else Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    for s, p, o in statements(sg):
        term = URIRef(o) if isinstance(o, str) else Literal(o[0], datatype=o[1] and URIRef(o[1]))
        g.add((URIRef(s), URIRef(p), term))
    return g


# Escaped as Oxigraph writes them, so that a statement has one spelling here and in the store's dumps.
_NT_ESCAPES = str.maketrans(
    {chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
    | {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
)


def nt_literal(value: str, datatype: str | None = None) -> str:
    text = '"' + value.translate(_NT_ESCAPES) + '"'
    return f"{text}^^<{datatype}>" if datatype else text


def ntriples(triples: Iterable[Statement], graph: str | None = None) -> str:
    """N-Triples lines (N-Quads with a graph), one statement per line, spelt as Oxigraph writes them."""
    in_graph = f" <{graph}>" if graph else ""
    return "".join(
        f"<{s}> <{p}> <{o}>{in_graph} .\n" if isinstance(o, str) else f"<{s}> <{p}> {nt_literal(*o)}{in_graph} .\n"
        for s, p, o in triples
    )


def nquads(sg: SourceGraph) -> str:
    """N-Quads of a source graph for a store: entity descriptions in the default graph (once, however
    many reports name the entity), the report's own statements in its named graph."""
    return ntriples(descriptions(sg)) + ntriples(report_statements(sg), sg.report.iri)


def check(data: Graph) -> tuple[bool, str]:
    """SHACL validation against shapes.ttl, with the ontology and topics for class inference."""
    reference = ontology() + Graph().parse(TOPICS_PATH, format="turtle")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=reference, inference="rdfs", allow_warnings=True)
    return bool(conforms), str(report)
