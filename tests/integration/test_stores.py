"""Both stores, the same named queries and the same answers; idempotent and incremental loads."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import DefaultGraph, NamedNode
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import Edge, Node, SourceGraph, source_graph
from kg_builder.iri import entity_iri, report_iri
from kg_builder.service import counts
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j import Neo4jStore
from kg_builder.store.queries import get_query, named_queries
from tests.conftest import SAMPLES

HUNAN_PLAN = "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案"
QUESTIONS: list[tuple[str, dict[str, str | None]]] = [
    ("provinces", {"topic": "IPv6"}),
    ("provinces", {"topic": "互联网协议第六版", "genre": "plan"}),
    ("provinces", {}),
    ("provinces", {"from": "2021-01", "to": "2021-12"}),
    ("documents", {"issuer": "河北省教育厅"}),
    ("documents", {"province": "吉林", "genre": "notice"}),
    ("documents", {"topic": "网络安全"}),
    ("co_issued", {}),
    ("agency_names", {}),
    ("text_matches", {"text": "规模部署"}),
    ("co_issued", {"issuer": "湖北省教育厅"}),
    ("events", {}),
    ("events", {"province": "吉林", "from": "2021-08"}),
    ("timeline", {"province": "吉林"}),
    ("timeline", {"agency": "吉林省教育厅"}),
    ("timeline", {"topic": "IPv6"}),
    ("hierarchy", {"agency": "教育部"}),
    ("entity", {"id": entity_iri("Agency", "吉林省教育厅")}),
    ("entity", {"id": entity_iri("Document", HUNAN_PLAN)}),
    ("facts", {"id": entity_iri("Province", "湖南")}),
    ("facts", {"id": entity_iri("Agency", "教育部")}),
    ("neighbors", {"id": entity_iri("Province", "吉林")}),
    ("issued_facts", {}),
    ("document_links", {}),
    ("most_cited", {}),
    ("citation_chain", {"document": "教育系统关键信息基础设施识别认定工作指南"}),
    ("evidence_sentences", {}),
    ("document_mentions", {}),
    ("search", {"text": "吉林", "number": "吉林"}),
    ("names", {}),
    ("counts", {}),
    ("reports", {}),
]


def rows(store: Any, name: str, params: dict[str, str | None]) -> list[tuple[str, ...]]:
    """A query's rows in a canonical order (the stores order NULLs differently)."""
    return sorted(tuple("" if v is None else str(v) for v in row.values()) for row in store.query(name, params))


def test_every_named_query_has_a_sparql_twin_and_declared_parameters() -> None:
    queries = named_queries()
    assert set(queries) == {
        "provinces",
        "documents",
        "co_issued",
        "events",
        "timeline",
        "hierarchy",
        "citations",
        "citation_chain",
        "most_cited",
        "addressed",
        "agency_names",
        "text_matches",
        "entity",
        "facts",
        "neighbors",
        "issued_facts",
        "document_links",
        "document_force",
        "document_changes",
        "evidence_sentences",
        "document_mentions",
        "search",
        "names",
        "counts",
        "last_load",
        "reports",
    }
    for q in queries.values():
        assert q.question and q.sparql and all(f"${p}" in q.cypher for p in q.params)
        assert all(f"?p_{p}" in q.sparql for p in q.params)


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_provinces_that_issued_ipv6_documents(store: Any, sample_graphs: list[SourceGraph]) -> None:
    store.load(sample_graphs)
    found = {r["province"]: r for r in store.query("provinces", {"topic": "IPv6"})}
    assert set(found) == {"湖南", "辽宁", "吉林"}
    assert found["湖南"]["document"] == "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案"
    assert found["吉林"]["issuer"] == "吉林省教育厅"
    plans = store.query("provinces", {"topic": "IPv6", "genre": "plan"})
    assert [r["province"] for r in plans] == ["湖南"]


def test_both_stores_give_the_same_rows(
    embedded: EmbeddedStore, neo4j: Neo4jStore, sample_graphs: list[SourceGraph]
) -> None:
    embedded.load(sample_graphs)
    neo4j.load(sample_graphs)
    assert counts(embedded) == counts(neo4j)
    for name, params in QUESTIONS:
        expected = rows(neo4j, name, params)
        assert rows(embedded, name, params) == expected, (name, params)
        assert expected or name == "co_issued" and params, f"{name} {params} answered nothing"


def test_the_embedded_search_index_answers_what_the_search_query_says(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph]
) -> None:
    """The embedded store answers `search` from names in memory; its rows are those of search.rq."""
    embedded.load(sample_graphs)
    query = get_query("search")
    for text in ("吉林", "教育厅", "IPv6", "湖南省教育厅", "方案", "不在图中"):
        bound = query.bind({"text": text, "number": text})
        assert embedded.query("search", bound) == embedded.sparql(query.sparql_for(bound)), text


OFFICIAL = [
    (
        "规划〔2023〕9号\n生态环境部关于印发《生态环境数据共享办法》的通知\n各省、自治区、直辖市生态环境厅（局），国家林业和草原局：\n"
        "根据《中华人民共和国数据安全法》，现将《生态环境数据共享办法》印发给你们。本办法自2023年3月1日起施行，有效期5年。"
        "《生态环境数据管理暂行办法》同时废止。\n"
        "生态环境部\n2023年2月1日\n抄送：国家数据局。\n"
    ),
    (
        "林信〔2023〕4号\n国家林业和草原局关于落实《生态环境数据共享办法》的通知\n各司局：\n"
        "按照《生态环境数据共享办法》（规划〔2023〕9号）要求，做好数据共享。\n国家林业和草原局\n2023年3月2日\n"
    ),
]
OFFICIAL_QUESTIONS: list[tuple[str, dict[str, str | None]]] = [
    ("citations", {"document": "国家林业和草原局关于落实〈生态环境数据共享办法〉的通知"}),
    ("citations", {"document": "中华人民共和国数据安全法"}),
    ("citations", {"document": "生态环境数据共享办法"}),
    ("citation_chain", {"document": "中华人民共和国数据安全法"}),
    ("most_cited", {}),
    ("document_changes", {}),
    ("document_force", {}),
    ("addressed", {"agency": "国家林业和草原局"}),
    ("addressed", {"agency": "国家数据局"}),
    ("documents", {"issuer": "生态环境部"}),
    ("documents", {"number": "林信[2023]4号"}),
]


def test_both_stores_answer_the_questions_on_official_documents_alike(
    embedded: EmbeddedStore, neo4j: Neo4jStore, nlp: Language
) -> None:
    graphs = [source_graph(extract_bytes(text.encode(), f"official{i}.txt", nlp)) for i, text in enumerate(OFFICIAL)]
    embedded.load(graphs)
    neo4j.load(graphs)
    for name, params in OFFICIAL_QUESTIONS:
        expected = rows(neo4j, name, params)
        assert expected, f"{name} {params} answered nothing"
        assert rows(embedded, name, params) == expected, (name, params)
    # the notice that issues the measures and the measures are one work: it cites, repeals and is implemented
    work = embedded.query("citations", {"document": "生态环境数据共享办法"})
    assert {(r["relation"], r["other"]) for r in work} == {
        ("cites", "中华人民共和国数据安全法"),
        ("repeals", "生态环境数据管理暂行办法"),
        # the notice that 落实s the measures (its title says so) implements them, listed once, not also as a citation
        ("implements_by", "国家林业和草原局关于落实〈生态环境数据共享办法〉的通知"),
    }
    assert [r["document"] for r in embedded.query("documents", {"number": "林信〔2023〕4号"})] == [
        "国家林业和草原局关于落实〈生态环境数据共享办法〉的通知"
    ]
    assert {r["genre"] for r in embedded.query("documents", {"issuer": "生态环境部"})} == {"measures"}
    # the law is followed by the measures that cite it and, through them, by the notice that implements them
    assert {r["other"] for r in embedded.query("citation_chain", {"document": "中华人民共和国数据安全法"})} == {
        "生态环境数据共享办法",
        "国家林业和草原局关于落实〈生态环境数据共享办法〉的通知",
    }


def test_cypher_files_run_as_written_in_neo4j(neo4j: Neo4jStore, sample_graphs: list[SourceGraph]) -> None:
    neo4j.load(sample_graphs)
    query = get_query("provinces")
    raw = neo4j.cypher(query.cypher, {"topic": "IPv6", "genre": None, "from": None, "to": None})
    assert sorted(r["province"] for r in raw) == ["吉林", "湖南", "辽宁"]


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_loading_twice_changes_nothing(store: Any, sample_graphs: list[SourceGraph]) -> None:
    store.load(sample_graphs)
    before = (counts(store), [rows(store, n, p) for n, p in QUESTIONS])
    store.load(sample_graphs)
    assert (counts(store), [rows(store, n, p) for n, p in QUESTIONS]) == before


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_reloading_a_changed_file_replaces_only_its_facts(
    store: Any, nlp: Language, sample_graphs: list[SourceGraph]
) -> None:
    store.load(sample_graphs)
    path = SAMPLES / "000_f85b2cf1d0292bf8.txt"
    # The 湖南 paragraph is rewritten: its APP notice is gone and a new notice takes its place.
    text = path.read_text(encoding="utf-8")
    start = text.index("  湖南 省教育厅印发")
    end = text.index("\n", start)
    changed = text[:start] + "  湖南 3月2日,省教育厅印发《关于加强校园网络安全管理的通知》。" + text[end:]
    store.load([source_graph(extract_bytes(changed.encode("utf-8"), str(path), nlp))])
    hunan = {r["document"] for r in store.query("documents", {"province": "湖南"})}
    assert "关于加强校园网络安全管理的通知" in hunan
    assert "关于进一步规范校园APP管理工作的通知" not in hunan
    assert "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案" not in hunan
    # Facts from the other files stay, including those about entities the changed file also named.
    assert {r["province"] for r in store.query("provinces", {"topic": "IPv6"})} == {"辽宁", "吉林"}
    assert "吉林省教育厅" in {r["issuer"] for r in store.query("documents", {"province": "吉林"})}
    assert counts(store)["SourceReport"] == 5


def test_a_replaced_report_leaves_the_graph_a_fresh_load_of_the_new_file_gives(
    nlp: Language, sample_graphs: list[SourceGraph], tmp_path: Path
) -> None:
    """The embedded store replaces a report by the difference of its statements: the result is the graph
    that loading the new file into an empty store gives (but for the reports' load times), statement for
    statement, the entities' descriptions too."""
    path = SAMPLES / "000_f85b2cf1d0292bf8.txt"
    text = path.read_text(encoding="utf-8")
    start = text.index("  湖南 省教育厅印发")
    # an edit near the top shifts every offset after it; a paragraph is rewritten; a notice is added
    changed = (
        "（修订版）"
        + text[:start]
        + "  湖南 3月2日,省教育厅印发《关于加强校园网络安全管理的通知》。"
        + text[text.index("\n", start) :]
        + "\n贵州省教育厅印发《贵州省教育专网建设方案》。\n"
    )
    new = source_graph(extract_bytes(changed.encode("utf-8"), str(path), nlp))
    others = [g for g in sample_graphs if g.report.iri != new.report.iri]
    replaced = EmbeddedStore(tmp_path / "replaced")
    replaced.load(sample_graphs)
    replaced.load([new])
    fresh = EmbeddedStore(tmp_path / "fresh")
    fresh.load([*others, new])

    def statements(store: EmbeddedStore, graph: Any) -> set[str]:
        return {str(q) for q in store.store.quads_for_pattern(None, None, None, graph) if "loadedAt" not in str(q)}

    for g in {q.graph_name for q in fresh.store.quads_for_pattern(None, None, None) if q.graph_name != DefaultGraph()}:
        assert statements(replaced, g) == statements(fresh, g), g
    assert len(statements(fresh, new_graph := NamedNode(new.report.iri))) > 300 and statements(replaced, new_graph)
    # and the entities' descriptions are exactly those the reports now make: an alias only the old text
    # gave is gone (the store keeps each report's record of its descriptions beside it)
    assert statements(fresh, DefaultGraph()) == statements(replaced, DefaultGraph())


def test_a_failed_batch_is_reported_by_file_and_leaves_the_graph_consistent(
    neo4j: Neo4jStore, sample_graphs: list[SourceGraph]
) -> None:
    good, bad = sample_graphs[1], sample_graphs[0]
    # A map is no valid property value in Neo4j: the whole batch with this file must roll back.
    broken_edge = dataclasses.replace(bad.edges[0], props={**bad.edges[0].props, "date": {"not": "a value"}})
    broken = dataclasses.replace(bad, edges=[broken_edge, *bad.edges[1:]])
    neo4j.batch_size = 1  # one file a batch
    report = neo4j.load([good, broken])
    assert report.sources == 1 and len(report.failures) == 1
    assert "batch 2" in report.failures[0] and "000_f85b2cf1d0292bf8.txt" in report.failures[0]
    assert counts(neo4j)["SourceReport"] == 1
    documents = {r["document"] for r in neo4j.query("documents", {})}
    assert "关于推进教育新型基础设施建设构建高质量教育支撑体系的实施方案" in documents  # from the good file
    assert "关于严禁有害APP进入中小学校园的通知" not in documents  # nothing of the failed one


def test_an_edge_to_a_missing_node_is_not_silently_created(neo4j: Neo4jStore, sample_graphs: list[SourceGraph]) -> None:
    sg = sample_graphs[0]
    dangling = Edge(
        iri="https://policykg.org/fact/test",
        type="ISSUED",
        head=sg.nodes[0].iri,
        tail="https://policykg.org/id/document/missing",
        source=sg.report.iri,
    )
    with pytest.raises(KeyError):
        neo4j.load([dataclasses.replace(sg, edges=[*sg.edges, dangling])])


def _described_graph(neo4j: Neo4jStore) -> list[str]:
    """Every node with its labels and properties, every relationship with its ends and properties (but the
    reports' load times), in a canonical order."""
    nodes = neo4j.cypher("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    edges = neo4j.cypher("MATCH (h)-[r]->(t) RETURN h.id AS h, type(r) AS type, t.id AS t, properties(r) AS props")

    def canonical(row: dict[str, Any]) -> str:
        props = sorted((k, v) for k, v in row.pop("props").items() if k != "loaded_at")
        return repr((sorted(row.pop("labels", [])), sorted(row.items()), props))

    return sorted(canonical(row) for row in [*nodes, *edges])


def test_a_batch_of_reports_gives_the_graph_one_report_a_batch_gives(
    neo4j: Neo4jStore, sample_graphs: list[SourceGraph]
) -> None:
    """Entities named by several reports of a batch are written once, with what the reports say of them in
    load order: the same nodes, properties and relationships as loading the files one by one."""
    neo4j.load(sample_graphs)
    together = _described_graph(neo4j)
    neo4j.clear()
    neo4j.batch_size = 1
    neo4j.load(sample_graphs)
    assert _described_graph(neo4j) == together
    assert len(together) > 1000


@pytest.mark.parametrize("batch_size", [1, 5000])
def test_an_entitys_aliases_accumulate_over_reports_and_its_properties_are_the_last_reports(
    neo4j: Neo4jStore, batch_size: int
) -> None:
    """Invented reports on one document: the first calls it a notice under one short name, the second an
    opinion under another and gives its 文号, the third a third short name."""
    document = entity_iri("Document", "关于推进中小学校园网络提速的意见")

    def report(name: str, aliases: list[str], **props: str) -> SourceGraph:
        node = Node(report_iri(name), "SourceReport", {"name": name, "title": name, "path": name})
        entity = Node(document, "Document", {"name": "关于推进中小学校园网络提速的意见", "aliases": aliases, **props})
        return SourceGraph(node, [entity], [])

    def described() -> dict[str, Any]:
        query = "MATCH (n:Document {id: $id}) RETURN n.aliases AS aliases, n.genre AS genre, n.doc_number AS number"
        [row] = neo4j.cypher(query, {"id": document})
        return row

    neo4j.batch_size = batch_size
    neo4j.load(
        [
            report("a.txt", ["网络提速意见", "提速通知"], genre="notice"),
            report("b.txt", ["提速意见", "网络提速意见"], genre="opinion", doc_number="赣教技〔2024〕3号"),
        ]
    )
    assert described() == {
        "aliases": ["网络提速意见", "提速通知", "提速意见"],
        "genre": "opinion",
        "number": "赣教技〔2024〕3号",
    }
    neo4j.load([report("c.txt", ["校园网提速意见"], genre="opinion")])
    assert described()["aliases"] == ["网络提速意见", "提速通知", "提速意见", "校园网提速意见"]
