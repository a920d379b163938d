"""The query service's document index answers what the named queries answer, on both stores, and follows
every load of the graph."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.service import QueryService

PROVINCE_QUESTIONS: list[dict[str, str]] = [
    {},
    {"topic": "IPv6"},
    {"topic": "互联网协议第六版", "genre": "plan"},
    {"from_": "2021-01", "to": "2021-12"},
    {"from_": "2021-08"},
]
DOCUMENT_QUESTIONS: list[tuple[dict[str, str], dict[str, str]]] = [
    ({}, {}),
    ({"province": "吉林", "genre": "notice"}, {}),
    ({"topic": "网络安全"}, {}),
    ({}, {"issuer": "河北省教育厅"}),
    ({"to": "2021-06"}, {}),
]


def _fact(row: Any) -> tuple[str, ...]:
    return tuple(str(row[k] or "") for k in ("province", "document_id", "genre", "issuer", "date", "period"))


def _document(row: Any) -> tuple[str, ...]:
    return tuple(str(row[k] or "") for k in ("document_id", "number", "genre", "issuer", "province", "date"))


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_the_document_index_answers_what_the_named_queries_answer(store: Any, sample_graphs: list[SourceGraph]) -> None:
    store.load(sample_graphs)
    service = QueryService(store)
    for terms in PROVINCE_QUESTIONS:
        filters = service.filters(**terms)
        params = {"topic": filters.topic.concept, "genre": filters.genre, "from": filters.from_, "to": filters.to}
        expected = sorted(map(_fact, store.query("provinces", params)))
        assert sorted(map(_fact, service.province_facts(filters))) == expected, terms
        assert expected or terms.get("from_"), terms
    for terms, extra in DOCUMENT_QUESTIONS:
        filters = service.filters(**terms)
        params = {
            "topic": filters.topic.concept,
            "genre": filters.genre,
            "province": filters.province,
            "from": filters.from_,
            "to": filters.to,
            **extra,
        }
        expected = sorted(map(_document, store.query("documents", params)))
        page = service.documents(filters, limit=10_000, **extra)
        assert sorted(_document(item.model_dump()) for item in page.items) == expected and page.total == len(
            expected
        ), terms
        assert expected, terms


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_the_document_index_follows_every_load(store: Any, sample_graphs: list[SourceGraph], nlp: Language) -> None:
    """Loads by anyone (here through the store, not the service) are answered at the next question."""
    store.load(sample_graphs)
    service = QueryService(store)
    guizhou = service.filters(province="贵州")
    assert service.documents(guizhou).total == 0
    text = "2022年3月，贵州省教育厅印发《贵州省中小学智慧校园建设指南》，推进数字校园建设。\n"
    store.load([source_graph(extract_bytes(text.encode(), "guizhou.txt", nlp))])
    page = service.documents(guizhou)
    assert [(d.document, d.issuer) for d in page.items] == [("贵州省中小学智慧校园建设指南", "贵州省教育厅")]
    assert page.items[0].evidence and page.items[0].evidence[0].source == "guizhou.txt"
    store.clear()
    assert service.documents(service.filters()).total == 0


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_provinces_that_issued_with_no_agency_named_are_answered(store: Any, nlp: Language) -> None:
    """P和Q均已出台《…》: an ISSUED fact of each province, in the province answers and the documents."""
    text = (
        "教育信息化和网络安全工作月报（2023年6月）\n★相关工作资讯\n"
        "甘肃和青海均已出台《中小学校园网络安全事件应急预案》。贵州、云南等省份相继印发《智慧教室建设指南》。\n"
    )
    store.load([source_graph(extract_bytes(text.encode(), "provinces.txt", nlp))])
    service = QueryService(store)
    everything = service.filters()
    answered = {(row.province, d.document, d.issuer) for row in service.provinces(everything) for d in row.documents}
    briefed = {(row.province, row.document, row.issuer) for row in service.brief(everything).rows}
    assert (
        answered
        == briefed
        == {
            ("甘肃", "中小学校园网络安全事件应急预案", None),
            ("青海", "中小学校园网络安全事件应急预案", None),
            ("贵州", "智慧教室建设指南", None),
            ("云南", "智慧教室建设指南", None),
        }
    )
    page = service.documents(service.filters(province="青海"))
    assert [(d.document, d.province, d.issuer) for d in page.items] == [
        ("中小学校园网络安全事件应急预案", "青海", None)
    ]


FOLLOWED = "数字教育资源共享行动计划"
NUMBER = "教资〔2024〕3号"
SPREAD = [
    # the national plan, named by its carrier notice with 文号, and by its own title in the notice
    f"教育部关于印发《{FOLLOWED}》的通知\n{NUMBER}\n各省、自治区、直辖市教育厅（教委）：\n"
    f"现将《{FOLLOWED}》印发给你们，请结合实际认真贯彻执行。\n教育部\n2024年3月1日\n",
    f"2024年4月11日，为贯彻落实《{FOLLOWED}》，四川省教育厅印发《四川省数字教育资源共享实施方案》。",
    # cited under the carrier's title, with full-width brackets
    f"2024年5月6日，根据《教育部关于印发〈{FOLLOWED}〉的通知》（教资［2024］3号），甘肃省教育厅制定了《甘肃省数字教育资源管理办法》。",
    f"2024年6月3日，湖北省教育厅印发《关于贯彻落实〈{FOLLOWED}〉的实施意见》。",
    f"2024年6月10日，江西省教育厅组织学习《{FOLLOWED}》。",  # a mention, no follow-up
]


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_followups_give_each_province_that_followed_a_document_and_how_long_after(store: Any, nlp: Language) -> None:
    store.load([source_graph(extract_bytes(text.encode(), f"spread{i}.txt", nlp)) for i, text in enumerate(SPREAD)])
    service = QueryService(store)
    # one node for the work, whether asked by its title, its carrier's title or its 文号 (any brackets)
    nodes = {r["id"] for r in store.query("names", {}) if FOLLOWED in r["text"] and r["label"] == "Document"}
    assert {r["name"] for r in store.query("names", {}) if r["id"] in nodes} >= {FOLLOWED}
    asked = [FOLLOWED, f"教育部关于印发〈{FOLLOWED}〉的通知", "教资[2024]3号", "數字教育資源共享行動計劃"]
    answers = [service.followups(a) for a in asked]
    assert all(a == answers[0] for a in answers)
    answer = answers[0]
    assert (answer.document, answer.number, answer.date) == (FOLLOWED, NUMBER, "2024-03-01")
    assert f"教育部关于印发〈{FOLLOWED}〉的通知" in answer.aliases
    assert [(f.province, f.relation, f.issuer, f.level, f.date, f.lag_days) for f in answer.followups] == [
        ("四川", "implements", "四川省教育厅", "provincial", "2024-04-11", 41),
        ("甘肃", "cites", "甘肃省教育厅", "provincial", "2024-05-06", 66),
        ("湖北", "implements", "湖北省教育厅", "provincial", "2024-06-03", 94),
    ]
    assert all(f.evidence and FOLLOWED in f.evidence[0].sentence for f in answer.followups)
    assert [(p.province, p.lag_days) for p in answer.provinces] == [("四川", 41), ("甘肃", 66), ("湖北", 94)]


def test_a_document_no_text_names_has_no_followups(embedded: Any) -> None:
    answer = QueryService(embedded).followups("一份不存在的文件")
    assert (answer.document, answer.date, answer.followups, answer.provinces) == ("一份不存在的文件", None, [], [])
