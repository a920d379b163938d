"""The RDF mapping: SHACL conformance of built graphs and clear reports on broken ones."""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg_builder.graph import SourceGraph
from kg_builder.rdf import check, to_rdf
from kg_builder.schema import load_schema


def built(graphs: list[SourceGraph]) -> Graph:
    g = Graph()
    for sg in graphs:
        to_rdf(sg, g)
    return g


def test_the_built_graph_has_no_shacl_violations(sample_graphs: list[SourceGraph]) -> None:
    conforms, report = check(built(sample_graphs))
    assert conforms, report


def test_a_broken_graph_gets_a_clear_report(sample_graphs: list[SourceGraph]) -> None:
    pkg = load_schema().pkg
    g = built(sample_graphs)
    document = next(g.subjects(RDF.type, pkg.Document))
    g.remove((document, pkg.genre, None))
    fact = next(g.subjects(RDF.type, pkg.Issuance))
    g.remove((fact, PROV.wasDerivedFrom, None))
    g.add((fact, pkg.startOffset, Literal("twelve")))
    conforms, report = check(g)
    assert not conforms
    assert "a document has one genre from the genre list" in report
    assert "every fact names the source report it was extracted from" in report
    assert str(document) in report and str(fact) in report


def test_every_type_maps_to_an_ontology_term(sample_graphs: list[SourceGraph]) -> None:
    schema = load_schema()
    g = built(sample_graphs)
    classes = {o for o in g.objects(None, RDF.type) if str(o).startswith(str(schema.pkg))}
    local_names = {c.removeprefix(str(schema.pkg)) for c in map(str, classes)}
    assert local_names <= {*schema.node_labels, "Assertion", "Issuance"}
    predicates = {URIRef(p) for p in g.predicates()}
    assert set(schema.relations.values()) & predicates == set(schema.relations.values())
