"""Everything that names a label, relationship type or property derives from the ontology."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from rdflib import SH, Graph
from rdflib.collection import Collection

from kg_builder.gazetteer import load as gazetteer
from kg_builder.schema import SHAPES_PATH, genre_names, load_schema, validity_names
from kg_builder.service.validity import Status
from kg_builder.store.neo4j import SCHEMA_CYPHER, schema_statements
from kg_builder.store.queries import QUERIES_DIR, QueryError, get_query

SCHEMA = load_schema()
STATEMENTS = schema_statements(SCHEMA_CYPHER.read_text(encoding="utf-8"))


@pytest.mark.parametrize("label", SCHEMA.node_labels)
def test_every_node_label_has_a_uniqueness_constraint_on_its_iri(label: str) -> None:
    assert any(re.search(rf"FOR \(n:{label}\) REQUIRE n\.id IS UNIQUE", s) for s in STATEMENTS)


@pytest.mark.parametrize("relation", list(SCHEMA.relations))
def test_every_relationship_type_is_indexed_by_source(relation: str) -> None:
    assert any(re.search(rf"FOR \(\)-\[r:{relation}\]-\(\) ON \(r\.source\)", s) for s in STATEMENTS)


def test_labels_and_types_in_cypher_files_are_ontology_terms() -> None:
    known = {*SCHEMA.node_labels, *SCHEMA.relations, SCHEMA.provenance, SCHEMA.entity_label}
    for path in [SCHEMA_CYPHER, *QUERIES_DIR.glob("*.cypher")]:
        text = re.sub(r"//.*", "", path.read_text(encoding="utf-8"))
        used = set(re.findall(r"[(\[|]\s*\w*\s*:\s*([A-Z][A-Za-z_]+)", text))
        assert used <= known, (path.name, used - known)


def test_every_property_in_the_neo4j_mapping_is_an_ontology_term() -> None:
    assert {
        "name",
        "aliases",
        "genre",
        "date",
        "province",
        "source",
        "sentence",
        "quote",
        "start",
        "end",
        "rule",
    } <= set(SCHEMA.properties)


def test_named_query_parameters_are_checked() -> None:
    with pytest.raises(QueryError, match="takes topic, genre, from, to; not colour"):
        get_query("provinces").bind({"colour": "red"})
    with pytest.raises(QueryError, match="needs agency"):
        get_query("hierarchy").bind({})
    with pytest.raises(QueryError, match="no query named 'nope'"):
        get_query("nope")
    assert get_query("provinces").bind({"topic": "互联网协议第六版"})["topic"] == "IPv6"
    assert get_query("provinces").bind({"genre": "规划方案"})["genre"] == "plan"
    with pytest.raises(QueryError, match="unknown genre '草案'; known: announcement, decision, guide"):
        get_query("provinces").bind({"genre": "草案"})
    with pytest.raises(QueryError, match="unknown topic '天气预报'"):
        get_query("provinces").bind({"topic": "天气预报"})


def test_genres_are_defined_once_in_the_ontology() -> None:
    """The shapes accept exactly the ontology's genres, and every genre the title heads give is one."""
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    genre_shape = next(shapes.subjects(SH.path, SCHEMA.properties["genre"]))
    accepted = {str(v) for v in Collection(shapes, shapes.value(genre_shape, SH["in"]))}
    assert accepted == set(genre_names())
    assert set(gazetteer().genres.values()) <= accepted
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in genre_names().values())


def test_the_statuses_of_a_document_are_the_validity_schemes() -> None:
    """The status the service computes takes exactly pkg:ValidityScheme's notations, each with the term
    the legal databases use."""
    assert set(get_args(Status)) == set(validity_names())
    assert validity_names()["in_force"] == "现行有效" and validity_names()["repealed"] == "已废止"
