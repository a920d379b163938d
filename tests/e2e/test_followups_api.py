"""Follow-ups over HTTP: /followups, the diffusion briefing and the /ask forms that read into them,
and the 422 a question gets when a part of it is not read. Invented texts on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from api.main import create_app
from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.settings import get_settings
from kg_builder.store.embedded import EmbeddedStore
from tests.integration.test_service import FOLLOWED, NUMBER, SPREAD


@pytest.fixture
def spread(store: Any, sample_graphs: list[SourceGraph], nlp: Language) -> Iterator[TestClient]:
    if isinstance(store, EmbeddedStore):
        store.memory_mb = 64
    store.load(sample_graphs)
    store.load([source_graph(extract_bytes(t.encode(), f"spread{i}.txt", nlp)) for i, t in enumerate(SPREAD)])
    with TestClient(create_app(get_settings(), store=store)) as client:
        yield client


FOLLOWERS = [("四川", 41), ("甘肃", 66), ("湖北", 94)]


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_followups_by_title_carrier_or_number(spread: TestClient) -> None:
    for asked in (FOLLOWED, f"教育部关于印发《{FOLLOWED}》的通知", "教资(2024)3号"):
        body = spread.get("/followups", params={"document": asked}).json()
        assert (body["document"], body["number"], body["date"]) == (FOLLOWED, NUMBER, "2024-03-01")
        assert [(p["province"], p["lag_days"]) for p in body["provinces"]] == FOLLOWERS
        assert all(f["evidence"][0]["source"].startswith("spread") for f in body["followups"])


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
@pytest.mark.parametrize(
    ("question", "query"),
    [
        (f"哪些文件引用了《{FOLLOWED}》?", "followups"),
        (f"引用了{FOLLOWED}的文件有哪些", "followups"),  # the title without 《》
        (f"which documents cite 《{FOLLOWED}》", "followups"),
        (f"哪些省份落实了《{FOLLOWED}》?", "followup_provinces"),
        (f"which provinces implemented 《{FOLLOWED}》", "followup_provinces"),
        (f"《{FOLLOWED}》之后各省多久出台了配套文件?", "followup_provinces"),
        (f"how soon did provinces follow 《{FOLLOWED}》", "followup_provinces"),
    ],
)
def test_ask_reads_the_followup_forms(spread: TestClient, question: str, query: str) -> None:
    answer = spread.get("/ask", params={"q": question}).json()
    assert (answer["query"], answer["params"]) == (query, {"document": FOLLOWED})
    if query == "followups":
        assert [r["province"] for r in answer["rows"]] == [p for p, _ in FOLLOWERS]
    else:
        assert [(r["province"], r["lag_days"]) for r in answer["rows"]] == FOLLOWERS


@pytest.mark.parametrize("store", ["embedded"], indirect=True)
@pytest.mark.parametrize(
    ("question", "unread"),
    [
        ("which provinces issued smart campus plans", "smart campus"),  # an English topic the scheme lacks
        ("哪些省份印发了量子计算方案", "量子计算"),  # a topic the scheme lacks
        (f"哪些文件废止了《{FOLLOWED}》", "废止"),  # a link it does not answer
        (f"哪些省份印发了《{FOLLOWED}》的解读", "解读"),
    ],
)
def test_a_question_with_an_unread_part_gets_422_not_rows(spread: TestClient, question: str, unread: str) -> None:
    response = spread.get("/ask", params={"q": question})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert unread in detail["unread"] and "rows" not in response.json()
    assert detail["supported"]


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_the_diffusion_briefing_over_http(spread: TestClient) -> None:
    csv = spread.get("/brief", params={"kind": "diffusion", "document": NUMBER, "format": "csv"})
    assert csv.status_code == 200
    lines = csv.text.splitlines()
    assert lines[0].startswith("province,issuer,document,relation,date,lag")
    assert [line.split(",")[0] for line in lines[1:]] == [p for p, _ in FOLLOWERS]
    svg = spread.get("/brief", params={"kind": "diffusion", "document": FOLLOWED})
    assert svg.status_code == 200 and 'id="province-四川"' in svg.text
    assert spread.get("/brief", params={"kind": "diffusion"}).status_code == 422
    assert spread.get("/brief", params={"document": FOLLOWED}).status_code == 422
    assert spread.get("/brief", params={"kind": "diffusion", "document": "不存在的文件"}).status_code == 404
