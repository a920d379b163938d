"""The RDF mapping: SHACL conformance of built graphs and clear reports on broken ones."""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
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


# An official document written for this test: the samples (briefs) state no CITES, REPEALS,
# ADDRESSED_TO or COPIED_TO facts.
NOTICE = (
    "工信厅信〔2023〕6号\n工业和信息化部办公厅关于做好工业数据分类分级工作的通知\n"
    "各省、自治区、直辖市工业和信息化主管部门，国家数据局：\n根据《中华人民共和国数据安全法》，现将有关事项通知如下。《工业数据分类分级指南(试行)》同时废止。\n"
    "工业和信息化部办公厅\n2023年2月6日\n抄送：国家标准化管理委员会。\n"
)


def test_every_type_maps_to_an_ontology_term(sample_graphs: list[SourceGraph], nlp: Language) -> None:
    schema = load_schema()
    g = built([*sample_graphs, source_graph(extract_bytes(NOTICE.encode(), "notice.txt", nlp))])
    classes = {o for o in g.objects(None, RDF.type) if str(o).startswith(str(schema.pkg))}
    local_names = {c.removeprefix(str(schema.pkg)) for c in map(str, classes)}
    assert local_names <= {*schema.node_labels, "Assertion", "Issuance"}
    predicates = {URIRef(p) for p in g.predicates()}
    assert set(schema.relations.values()) & predicates == set(schema.relations.values())
