"""Graph records → RDF statements with the ontology's terms; N-Triples; SHACL validation.

An edge becomes a direct triple (agency pkg:issued document) for simple queries, and an
Assertion (rdf:Statement) that carries its date, province, evidence and prov:wasDerivedFrom the
source report: the RDF twin of a Neo4j relationship with properties. Every entity also
prov:wasDerivedFrom each report it was extracted from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg_builder.graph import SourceGraph
from kg_builder.schema import SHAPES_PATH, TOPICS_PATH, load_schema, ontology

Statement = tuple[URIRef, URIRef, URIRef | Literal]
PREFIXES = {"pkg": "https://policykg.org/ontology#", "skos": str(SKOS), "dcterms": str(DCTERMS),
            "prov": str(PROV), "rdf": str(RDF), "xsd": str(XSD)}


def _literals(value: Any) -> list[Literal]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [lit for v in value for lit in _literals(v)]
    if isinstance(value, int) and not isinstance(value, bool):
        return [Literal(value, datatype=XSD.integer)]
    return [Literal(str(value))]


def statements(sg: SourceGraph) -> Iterator[Statement]:
    schema = load_schema()
    pkg = schema.pkg
    report = URIRef(sg.report.iri)
    for node in [sg.report, *sg.nodes]:
        subject = URIRef(node.iri)
        yield subject, RDF.type, pkg[node.label]
        if node is not sg.report:
            yield subject, PROV.wasDerivedFrom, report
        for name, value in node.props.items():
            predicate = schema.properties.get(name)
            if predicate is not None:
                for literal in _literals(value):
                    yield subject, predicate, literal
    for edge in sg.edges:
        predicate = schema.relations[edge.type]
        head, tail, fact = URIRef(edge.head), URIRef(edge.tail), URIRef(edge.iri)
        yield head, predicate, tail
        yield fact, RDF.type, pkg.Issuance if edge.type == "ISSUED" else pkg.Assertion
        yield fact, RDF.subject, head
        yield fact, RDF.predicate, predicate
        yield fact, RDF.object, tail
        yield fact, PROV.wasDerivedFrom, report
        for name, value in edge.props.items():
            for literal in _literals(value):
                yield fact, schema.properties[name], literal


def to_rdf(sg: SourceGraph, graph: Graph | None = None) -> Graph:
    g = graph if graph is not None else Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    for triple in statements(sg):
        g.add(triple)
    return g


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: URIRef | Literal) -> str:
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"<{term}>"


def ntriples(sg: SourceGraph) -> str:
    """N-Triples text of a source graph, for fast loading into a store."""
    return "".join(f"<{s}> <{p}> {nt_term(o)} .\n" for s, p, o in statements(sg))


def check(data: Graph) -> tuple[bool, str]:
    """SHACL validation against shapes.ttl, with the ontology and topics for class inference."""
    reference = ontology() + Graph().parse(TOPICS_PATH, format="turtle")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=reference, inference="rdfs",
                                   allow_warnings=True)
    return bool(conforms), str(report)
