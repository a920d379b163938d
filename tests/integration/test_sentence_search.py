"""Search what the texts say (/search/text): the graph's evidence sentences ranked by BM25, on both stores,
and by meaning too with the semantic extra; the index follows every load."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.service import QueryService, UnknownTerm
from kg_builder.service.semantic import PIECE, Embeddings, embed_graph, embed_report, pieces
from kg_builder.service.sentences import highlights, terms
from tests.integration.conftest import CLI, built, run


def test_terms_are_characters_their_pairs_and_latin_words() -> None:
    assert terms("推进IPv6部署") == ["推", "进", "推进", "部", "署", "部署", "ipv6"]
    assert highlights("加快IPv6规模部署，推进IPv6应用", "ipv6 部署") == [(2, 6), (8, 10), (13, 17)]
    said = "市教委迎接关键信息基础设施网络安全检查"
    assert [said[a:b] for a, b in highlights(said, "校园网络安全")] == ["网络安全"]  # the pairs BM25 matched
    at = said.index("网")
    assert highlights(said, "校园") == [] and highlights(said, "网") == [(at, at + 1)]  # a lone one, asked alone


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


# Sentences that share no character with the query 校外培训 监管 but one says what it means.
UNRELATED_WORDS = [
    "2024年5月，浙江省教育厅印发《浙江省课后辅导班办学行为规范》，整治违规补课乱象，规范课后辅导班的办学行为。\n",
    "2024年6月，江苏省教育厅印发《江苏省千兆光纤网络建设方案》，加快建设千兆光纤网络，提升带宽。\n",
    "2024年7月，山东省教育厅印发《山东省教学成果奖评选办法》，开展省级教学成果奖评选。\n",
]


def test_pieces_are_cut_after_clauses() -> None:
    sentence = "为贯彻落实《数字中国建设整体布局规划》，加快教育数字化转型，省教育厅制定本方案；" * 2
    cut = pieces(sentence)
    assert "".join(cut) == sentence and all(len(p) <= PIECE for p in cut)
    assert cut[1] == "加快教育数字化转型，省教育厅制定本方案；"  # 80 characters: cut after the clause that fills 60
    assert pieces("短句。") == ["短句。"] and pieces("一" * 70) == ["一" * 70]  # a longer clause whole


def test_sentences_are_found_by_meaning_and_their_vectors_kept(embedded: Any, nlp: Language, tmp_path: Path) -> None:
    embedded.load([source_graph(extract_bytes(t.encode(), f"z{i}.txt", nlp)) for i, t in enumerate(UNRELATED_WORDS)])
    assert QueryService(embedded).search_text("校外培训 监管") == []  # no word in common: BM25 finds nothing
    embeddings = Embeddings(tmp_path / "embeddings.sqlite")
    made, total = embed_graph(embedded, embeddings)
    assert made == total == 3  # a piece each (each under 60 characters), all new
    assert embed_graph(embedded, embeddings) == (0, total)  # kept: nothing embedded twice
    by_meaning = QueryService(embedded, embeddings).search_text("校外培训 监管", limit=3)
    assert by_meaning[0].document == "浙江省课后辅导班办学行为规范" and by_meaning[0].issuer == "浙江省教育厅"
    assert by_meaning[0].matched == "meaning" and by_meaning[0].highlights == []
    # the words still come first where there are any: BM25 and meaning fused by rank
    (top, *_) = QueryService(embedded, embeddings).search_text("千兆光纤", limit=3)
    assert top.document == "江苏省千兆光纤网络建设方案" and top.highlights and top.matched == "words and meaning"
    # a report loaded later is found by meaning once its own sentences are embedded (what an upload does)
    added = source_graph(
        extract_bytes("2024年8月，福建省教育厅印发《福建省研学旅行管理办法》。\n".encode(), "f.txt", nlp)
    )
    embedded.load([added])
    assert embed_report(added, embeddings) == 1
    assert QueryService(embedded, embeddings).search_text("中小学生外出游览考察", limit=1)[0].province == "福建"
    embeddings.close()


def test_without_vectors_a_load_is_searched_by_bm25_and_no_search_waits_for_the_model(
    embedded: Any, nlp: Language, tmp_path: Path
) -> None:
    embedded.load([source_graph(extract_bytes(t.encode(), f"z{i}.txt", nlp)) for i, t in enumerate(UNRELATED_WORDS)])
    embeddings = Embeddings(tmp_path / "embeddings.sqlite")
    service = QueryService(embedded, embeddings)
    assert not service.sentence_index().semantic  # nothing is embedded while a search waits
    assert [h.document for h in service.search_text("千兆光纤")] == ["江苏省千兆光纤网络建设方案"]
    embeddings.close()


def test_build_embeds_the_sentences_and_search_finds_them_by_meaning(env: dict[str, str], tmp_path: Path) -> None:
    home = built(env, tmp_path, "z", UNRELATED_WORDS)
    found = run(home, "search", "校外培训 监管", "--limit", "1", "--json")
    assert json.loads(found)["document"] == "浙江省课后辅导班办学行为规范"
    by_words = run({**home, "POLICYKG_SEMANTIC": "0"}, "search", "校外培训 监管")
    assert by_words == "(0 sentences from the embedded store)\n"  # BM25 alone: no word in common
    embedded_again = subprocess.run([*CLI, "embed"], capture_output=True, text=True, env=home)
    assert embedded_again.returncode == 0 and "embedded" not in embedded_again.stderr  # the build embedded them all
