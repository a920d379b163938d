"""Search what the texts say (/search/text): the graph's evidence sentences ranked by BM25, on both stores;
the index follows every load."""

from __future__ import annotations

import re
from typing import Any

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.service import QueryService, UnknownTerm
from kg_builder.service.sentences import highlights, terms


def test_terms_are_characters_their_pairs_and_latin_words() -> None:
    assert terms("推进IPv6部署") == ["推", "进", "推进", "部", "署", "部署", "ipv6"]
    assert highlights("加快IPv6规模部署，推进IPv6应用", "ipv6 部署") == [(2, 6), (8, 10), (13, 17)]


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_the_sentences_that_say_it_come_first_with_their_documents(
    store: Any, sample_graphs: list[SourceGraph]
) -> None:
    store.load(sample_graphs)
    service = QueryService(store)
    hits = service.search_text("IPv6 规模部署", limit=5)
    assert hits and all("IPv6" in h.sentence for h in hits[:3])
    assert {h.province for h in hits} >= {"湖南", "吉林", "辽宁"}
    top = hits[0]
    assert top.highlights and all(
        re.fullmatch(r"(?:ipv6|规模部署)+", top.sentence[a:b].lower()) for a, b in top.highlights
    )
    assert top.facts and top.source.endswith(".txt")
    # Traditional input finds the same sentences; a province keeps its own
    assert [h.sentence for h in service.search_text("規模部署", limit=5)] == [
        h.sentence for h in service.search_text("规模部署", limit=5)
    ]
    assert {h.province for h in service.search_text("IPv6", province="吉林")} == {"吉林"}
    with pytest.raises(UnknownTerm):
        service.search_text("  ")


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_a_new_sentence_is_found_at_once_and_a_replaced_reports_are_gone(store: Any, nlp: Language) -> None:
    service = QueryService(store)
    first = "2024年3月，贵州省教育厅印发《贵州省教育数字化转型三年行动方案》，推进教师数字素养提升。\n"
    store.load([source_graph(extract_bytes(first.encode(), "guizhou.txt", nlp))])
    (hit,) = service.search_text("教师数字素养", limit=1)
    assert hit.document == "贵州省教育数字化转型三年行动方案" and hit.issuer == "贵州省教育厅"
    second = "2024年4月，贵州省教育厅印发《贵州省智慧校园建设指南》，推进校园网络升级。\n"
    store.load([source_graph(extract_bytes(second.encode(), "guizhou.txt", nlp))])  # the same report, replaced
    assert all("教师数字素养" not in h.sentence for h in service.search_text("教师数字素养"))
    assert [h.document for h in service.search_text("校园网络升级", limit=1)] == ["贵州省智慧校园建设指南"]


def test_both_stores_give_the_same_top_results(embedded: Any, neo4j: Any, sample_graphs: list[SourceGraph]) -> None:
    embedded.load(sample_graphs)
    neo4j.load(sample_graphs)
    for words in ("IPv6 规模部署", "网络安全", "智慧校园", "数据安全法"):
        assert [(h.sentence, h.score) for h in QueryService(embedded).search_text(words)] == [
            (h.sentence, h.score) for h in QueryService(neo4j).search_text(words)
        ], words
