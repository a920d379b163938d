"""The API, written once over the named queries, against both stores (the `store` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg_builder.graph import SourceGraph


@pytest.fixture
def client(store: Any, sample_graphs: list[SourceGraph]) -> Iterator[TestClient]:
    store.load(sample_graphs)
    with TestClient(create_app(store=store)) as test_client:
        yield test_client


def test_provinces_that_issued_ipv6_documents(client: TestClient) -> None:
    body = client.get("/provinces", params={"topic": "IPv6"}).json()
    assert [p["province"] for p in body] == ["吉林", "湖南", "辽宁"]
    hunan = body[1]["documents"]
    assert hunan == [{"document": "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案",
                      "genre": "plan", "issuer": "湖南省教育厅", "date": None}]
    plans = client.get("/provinces", params={"topic": "IPv6", "genre": "plan"}).json()
    assert [p["province"] for p in plans] == ["湖南"]


def test_documents_are_paginated_and_sorted_by_date(client: TestClient) -> None:
    page = client.get("/documents", params={"issuer": "河北省教育厅", "limit": 2}).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    dates = [d["date"] for d in page["items"]]
    assert dates == sorted(dates) == ["2021-08-13", "2021-08-23"]
    rest = client.get("/documents", params={"issuer": "河北省教育厅", "offset": 2, "limit": 2}).json()
    assert [d["date"] for d in rest["items"]] == ["2023-03", "2023-03"]


def test_timeline_groups_facts_by_month(client: TestClient) -> None:
    months = client.get("/timeline", params={"province": "吉林省"}).json()
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    assert months[0]["month"] == "2019-01" and months[0]["facts"][0]["relation"] == "ISSUED"


@pytest.mark.parametrize(("path", "params", "status", "message"), [
    ("/provinces", {"topic": "量子"}, 404, "unknown topic '量子'; known topics:"),
    ("/provinces", {"genre": "poem"}, 422, "unknown genre 'poem'; accepted:"),
    ("/documents", {"province": "火星"}, 404, "unknown province '火星'"),
    ("/documents", {"from": "2021/08"}, 422, "String should match pattern"),
    ("/documents", {"limit": 0}, 422, "greater than or equal to 1"),
    ("/timeline", {}, 422, "Field required"),
])
def test_bad_parameters_say_what_was_wrong(client: TestClient, path: str, params: dict[str, Any], status: int,
                                           message: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert message in response.text


def test_health_and_stats(client: TestClient, store: Any) -> None:
    assert client.get("/health").json() == {"status": "ok", "store": store.name}
    counts = client.get("/stats").json()["counts"]
    assert counts["SourceReport"] == 5 and counts["ISSUED"] > 30


def test_search_takes_traditional_input(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "吉林省教育廳"}).json()
    assert hits and hits[0]["name"] == "吉林省教育厅" and hits[0]["label"] == "Agency"
    page = client.get(hits[0]["path"]).json()
    assert page["name"] == "吉林省教育厅"
    issued = {f["other"] for f in page["facts"] if f["relation"] == "ISSUED" and f["direction"] == "out"}
    assert "关于严禁有害APP进入中小学校园的通知" in issued
    assert any(f["relation"] == "LOCATED_IN" and f["other"] == "吉林" for f in page["facts"])


def test_entity_pages_carry_evidence(client: TestClient) -> None:
    hit = client.get("/search", params={"q": "国家智慧教育公共服务平台"}).json()[0]
    key = hit["path"].rsplit("/", 1)[1]
    page = client.get(f"/programs/{key}").json()
    assert page["label"] == "Program"
    for fact in page["facts"]:
        assert fact["sentence"] and fact["source"].endswith(".txt") and fact["start"] < fact["end"]


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/entities/agency/0000000000000000", 404, "no agency with key '0000000000000000'"),
    ("/entities/ministry/0000000000000000", 404, "unknown entity kind 'ministry'"),
    ("/search?q=%20", 422, "empty after removing spaces"),
    ("/search", 422, "Field required"),
])
def test_unknown_entities_and_empty_searches(client: TestClient, path: str, status: int, message: str) -> None:
    response = client.get(path)
    assert response.status_code == status and message in response.text


@pytest.mark.parametrize(("question", "query", "params"), [
    ("哪些省份印发了IPv6相关文件?", "provinces", {"topic": "IPv6", "genre": None, "from": None, "to": None}),
    ("which provinces issued IPv6 plans", "provinces", {"topic": "IPv6", "genre": "plan", "from": None, "to": None}),
    ("河北省教育厅2021年印发了哪些文件?", "documents",
     {"issuer": "河北省教育厅", "province": None, "topic": None, "genre": None, "from": "2021", "to": "2021-12-31"}),
    ("吉林省教育廳召開了哪些會議?", "events", {"agency": "吉林省教育厅", "province": None, "from": None, "to": None}),
    ("吉林的时间线", "timeline", {"province": "吉林"}),
])
def test_ask_maps_questions_onto_named_queries(client: TestClient, question: str, query: str,
                                               params: dict[str, Any]) -> None:
    answer = client.get("/ask", params={"q": question}).json()
    assert (answer["query"], answer["params"]) == (query, params)
    assert answer["rows"]


def test_ask_answers_like_the_endpoint(client: TestClient) -> None:
    rows = client.get("/ask", params={"q": "哪些省份印发了IPv6相关文件"}).json()["rows"]
    assert sorted({r["province"] for r in rows}) == ["吉林", "湖南", "辽宁"]
    hebei = client.get("/ask", params={"q": "河北省教育厅2021年印发了哪些文件?"}).json()["rows"]
    assert [r["date"] for r in hebei] == ["2021-08-13", "2021-08-23"]


def test_unsupported_questions_get_the_supported_forms(client: TestClient) -> None:
    response = client.get("/ask", params={"q": "今天天气怎么样"})
    assert response.status_code == 422
    supported = response.json()["detail"]["supported"]
    assert "哪些省份印发了IPv6相关文件? / which provinces issued IPv6 documents" in supported
