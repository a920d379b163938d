"""The API, written once over the named queries, against both stores (the `store` fixture)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kg_builder.service import counts
from tests.e2e.conftest import API_KEY


def test_provinces_that_issued_ipv6_documents(client: TestClient) -> None:
    body = client.get("/provinces", params={"topic": "IPv6"}).json()
    assert [p["province"] for p in body] == ["吉林", "湖南", "辽宁"]
    hunan = body[1]["documents"]
    assert hunan == [
        {
            "document": "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案",
            "genre": "plan",
            "issuer": "湖南省教育厅",
            "date": None,
            "period": "2019-01",
        }
    ]
    plans = client.get("/provinces", params={"topic": "IPv6", "genre": "plan"}).json()
    assert [p["province"] for p in plans] == ["湖南"]
    assert client.get("/provinces", params={"topic": "IPv6", "genre": "规划方案"}).json() == plans


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
    ipv6 = client.get("/timeline", params={"topic": "IPv6"}).json()
    objects = {f["object"] for m in ipv6 for f in m["facts"]}
    assert "关于进一步推进全省教育系统IPv6规模部署工作的通知" in objects
    agency = client.get("/timeline", params={"agency": "河北省教育厅"}).json()
    assert {f["actor"] for m in agency for f in m["facts"]} == {"河北省教育厅"}


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/provinces", {"genre": "poem"}, 422, "unknown genre 'poem'; known: announcement, decision, guide"),
        ("/documents", {"genre": "草案"}, 422, "unknown genre '草案'; known:"),
        ("/documents", {"province": "火星"}, 422, "unknown province '火星'"),
        ("/documents", {"from": "2021/08"}, 422, "String should match pattern"),
        ("/documents", {"limit": 0}, 422, "greater than or equal to 1"),
        ("/timeline", {}, 422, "give a province, a topic or an agency"),
    ],
)
def test_bad_parameters_say_what_was_wrong(
    client: TestClient, path: str, params: dict[str, Any], status: int, message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert message in response.text


@pytest.mark.parametrize(
    ("path", "extra"),
    [("/provinces", {}), ("/documents", {}), ("/timeline", {"agency": "x"}), ("/brief", {"format": "json"})],
)
def test_an_unknown_term_is_the_same_kind_of_error_everywhere(
    client: TestClient, path: str, extra: dict[str, str]
) -> None:
    """An unknown province, genre or issuer level is 422 on every endpoint that takes it; a topic is open: a
    word the scheme does not list is matched in text (200, X-Topic-Match or topic_match: text)."""
    taken = {
        "/provinces": ("topic", "genre", "issuer_level"),
        "/documents": ("topic", "province", "genre", "issuer_level"),
        "/timeline": ("topic", "province"),
        "/brief": ("topic", "province", "genre", "issuer_level"),
    }[path]
    for name, value in (("province", "火星"), ("genre", "草案"), ("issuer_level", "ministerial")):
        if name in taken:
            response = client.get(path, params={**extra, name: value})
            assert response.status_code == 422 and value in response.text, (path, name, response.text)
    response = client.get(path, params={**extra, "topic": "量子纠缠"})
    assert response.status_code == 200, response.text
    if path == "/documents":
        assert response.json()["topic_match"] == "text"
    elif path != "/timeline":
        assert response.headers["X-Topic-Match"] == "text"


def test_a_topic_the_scheme_does_not_list_is_matched_in_text(client: TestClient) -> None:
    """智慧课堂 is no concept of the scheme: documents whose title or issuing sentence names it answer, and
    the answer says it matched text; a word no text contains answers no rows, and says so too."""
    listed = client.get("/provinces", params={"topic": "IPv6"})
    assert listed.headers["X-Topic-Match"] == "concept"
    word = "规模部署"  # in two IPv6 titles of the samples, and no topic of the scheme
    matched = client.get("/provinces", params={"topic": word})
    assert matched.status_code == 200 and matched.headers["X-Topic-Match"] == "text"
    documents = {d["document"] for p in matched.json() for d in p["documents"]}
    titled = {
        "关于进一步推进全省教育系统IPv6规模部署工作的通知",
        "关于开展全省教育系统IPv6规模部署和应用典型案例征集评选活动的通知",
        "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案",
    }
    assert titled <= documents  # and documents issued in a sentence that names the word
    nothing = client.get("/provinces", params={"topic": "量子纠缠"})
    assert (nothing.status_code, nothing.json(), nothing.headers["X-Topic-Match"]) == (200, [], "text")
    page = client.get("/documents", params={"topic": "量子纠缠"}).json()
    assert (page["total"], page["topic_match"]) == (0, "text")


def test_topics_of_the_grown_scheme_answer_with_rows(client: TestClient) -> None:
    """互联网+教育 and 智慧校园 (an alias of 数字校园) are concepts: documents on them answer by concept."""
    texts = {
        "zhejiang.txt": "3月5日，浙江省教育厅印发《浙江省“互联网+教育”示范区建设实施方案》，推进“互联网+教育”发展。",
        "guangxi.txt": "4月10日，广西壮族自治区教育厅印发《广西中小学智慧校园建设指南》，全面推进智慧校园建设。",
    }
    for name, text in texts.items():
        uploaded = client.post(
            "/documents", files={"file": (name, text.encode("utf-8"), "text/plain")}, headers={"X-API-Key": API_KEY}
        )
        assert uploaded.status_code == 201, uploaded.text
    for topic, province in (("互联网+教育", "浙江"), ("智慧校园", "广西"), ("数字校园", "广西")):
        response = client.get("/provinces", params={"topic": topic})
        assert response.status_code == 200 and response.headers["X-Topic-Match"] == "concept", topic
        assert province in {row["province"] for row in response.json()}, (topic, response.json())


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
    hit = client.get("/search", params={"q": "湖南省教育厅"}).json()[0]
    page = client.get(hit["path"]).json()
    assert page["label"] == "Agency" and page["facts"]
    for fact in page["facts"]:
        assert fact["sentence"] and fact["source"].endswith(".txt") and fact["start"] < fact["end"]
        assert fact["quote"] in fact["sentence"]
    plan = next(f for f in page["facts"] if f["relation"] == "ISSUED" and "IPv6" in f["other"])
    assert plan["source_title"] == "教育信息化和网络安全工作月报(2019-01)"


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/entities/agency/0000000000000000", 404, "no agency with key '0000000000000000'"),
        ("/entities/ministry/0000000000000000", 404, "unknown entity kind 'ministry'"),
        ("/search?q=%20", 422, "empty after removing spaces"),
        ("/search", 422, "Field required"),
    ],
)
def test_unknown_entities_and_empty_searches(client: TestClient, path: str, status: int, message: str) -> None:
    response = client.get(path)
    assert response.status_code == status and message in response.text


@pytest.mark.parametrize(
    ("question", "query", "params"),
    [
        ("哪些省份印发了IPv6相关文件?", "provinces", {"topic": "IPv6", "genre": None, "from": None, "to": None}),
        (
            "which provinces issued IPv6 plans",
            "provinces",
            {"topic": "IPv6", "genre": "plan", "from": None, "to": None},
        ),
        (
            "河北省教育厅2021年印发了哪些文件?",
            "documents",
            {
                "issuer": "河北省教育厅",
                "province": None,
                "topic": None,
                "genre": None,
                "from": "2021",
                "to": "2021-12-31",
            },
        ),
        (
            "吉林省教育廳召開了哪些會議?",
            "events",
            {"agency": "吉林省教育厅", "province": None, "from": None, "to": None},
        ),
        ("吉林的时间线", "timeline", {"province": "吉林"}),
    ],
)
def test_ask_maps_questions_onto_named_queries(
    client: TestClient, question: str, query: str, params: dict[str, Any]
) -> None:
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


def test_graph_around_a_province_is_capped_and_typed(client: TestClient) -> None:
    hunan = client.get("/search", params={"q": "湖南"}).json()[0]
    assert hunan["label"] == "Province"
    sub = client.get("/graph", params={"center": hunan["path"], "depth": 2, "types": "Agency,Document"}).json()
    names = {n["name"] for n in sub["nodes"]}
    assert {"湖南", "湖南省教育厅", "关于进一步规范校园APP管理工作的通知"} <= names
    assert {n["label"] for n in sub["nodes"]} == {"Province", "Agency", "Document"}
    ids = {n["id"] for n in sub["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in sub["edges"])
    small = client.get("/graph", params={"center": hunan["path"], "depth": 3, "limit": 3}).json()
    assert len(small["nodes"]) <= 3 and small["truncated"]


def test_graph_errors(client: TestClient) -> None:
    assert client.get("/graph", params={"center": "/entities/agency/ffff"}).status_code == 404
    bad = client.get("/graph", params={"center": "/entities/agency/ffff", "types": "Ministry"})
    assert bad.status_code == 422 and "unknown types ['Ministry']" in bad.text


WRITES_CYPHER = [
    "CREATE (n:Agency {id: 'x', name: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Agency) SET n.name = 'x'",
    "MERGE (n:Topic {id: 'x'})",
    "LOAD CSV FROM 'file:///x' AS row RETURN row",
    "CALL db.createLabel('X')",
    "match (n) /* sneaky */ detach\ndelete n",
]
WRITES_SPARQL = [
    "INSERT DATA { <https://policykg.org/x> <https://policykg.org/y> 'z' }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <https://policykg.org/report/x>",
    "LOAD <http://example.org/x>",
]


def test_raw_queries_read_and_writes_are_refused_and_change_nothing(client: TestClient, store: Any) -> None:
    before = client.get("/stats").json()
    if store.name == "neo4j":
        ok = client.post(
            "/cypher",
            json={
                "query": "MATCH (a:Agency)-[r:ISSUED]->(d:Document) "
                "WHERE r.province = $p RETURN a.name AS issuer, d.name AS document",
                "params": {"p": "吉林"},
            },
        )
        assert (
            ok.status_code == 200
            and {"issuer": "吉林省教育厅", "document": "关于严禁有害APP进入中小学校园的通知"} in ok.json()["rows"]
        )
        for write in WRITES_CYPHER:
            refused = client.post("/cypher", json={"query": write})
            assert refused.status_code == 403 and "read-only" in refused.text, write
        assert client.post("/sparql", json={"query": "ASK {}"}).status_code == 409
        capped = client.post("/cypher", json={"query": "UNWIND range(1, 5000) AS i RETURN i"}).json()
        assert len(capped["rows"]) == 1000 and capped["truncated"]
        assert client.post("/cypher", json={"query": "MATCH (n RETURN n"}).status_code == 400
    else:
        select = "SELECT DISTINCT ?name WHERE { ?a a pkg:Agency ; skos:prefLabel ?name . FILTER (?name = ?p_name) }"
        ok = client.post("/sparql", json={"query": select, "params": {"name": "吉林省教育厅"}})
        assert ok.status_code == 200 and ok.json()["rows"] == [{"name": "吉林省教育厅"}]
        for write in WRITES_SPARQL:
            refused = client.post("/sparql", json={"query": write})
            assert refused.status_code == 403 and "read-only" in refused.text, write
        assert client.post("/cypher", json={"query": "RETURN 1"}).status_code == 409
        assert client.post("/sparql", json={"query": "SELECT * WHERE {"}).status_code == 400
    assert client.get("/stats").json() == before


def test_neo4j_sessions_for_raw_queries_are_read_only_besides(neo4j: Any) -> None:
    from neo4j.exceptions import ClientError

    from kg_builder.store import QueryFailed

    # the server refuses the write in a read session; the store says so as its own error (400 in the API)
    with pytest.raises(QueryFailed, match="(?i)write") as refused:
        neo4j.read_cypher("CREATE (n:Agency {id: 'x'}) RETURN n", {}, cap=10, timeout=5)
    assert isinstance(refused.value.__cause__, ClientError)
    assert counts(neo4j)["Agency"] == 0


BRIEF = (
    "★各地工作动态\n福建 3月2日,省教育厅印发《福建省推进IPv6规模部署实施方案》,召开2023年全省教育信息化工作会议。\n"
).encode("gb18030")


def test_uploads_need_the_key_and_load_nothing_without_it(client: TestClient) -> None:
    before = client.get("/stats").json()
    for headers in ({}, {"X-API-Key": "wrong"}):
        response = client.post("/documents", files={"file": ("fujian.txt", BRIEF)}, headers=headers)
        assert response.status_code == 401 and "X-API-Key" in response.text
    assert client.get("/stats").json() == before


def test_an_uploaded_brief_is_extracted_loaded_and_answered(client: TestClient) -> None:
    response = client.post("/documents", files={"file": ("fujian.txt", BRIEF)}, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201, response.text
    added = response.json()
    assert added["source"] == "uploads/fujian.txt" and added["entities"]["Document"] == 1
    (issued,) = added["issued"]
    assert (issued["issuer"], issued["province"], issued["date"]) == ("福建省教育厅", "福建", "2023-03-02")
    assert issued["evidence"]["sentence"].startswith("福建 3月2日")
    provinces = [p["province"] for p in client.get("/provinces", params={"topic": "IPv6"}).json()]
    assert provinces == ["吉林", "湖南", "福建", "辽宁"]
    # its sentence is found at once, by its words (Traditional here) and with the province filter
    hits = client.get("/search/text", params={"q": "規模部署 實施方案", "province": "福建"}).json()
    assert [h["document"] for h in hits] == ["福建省推进IPv6规模部署实施方案"]
    assert hits[0]["highlights"] and hits[0]["source"] == "uploads/fujian.txt"
    # and by meaning: the upload embedded its sentence (no word of this query is in it)
    meant = client.get("/search/text", params={"q": "新一代网络地址 改造", "province": "福建"}).json()
    assert meant and meant[0]["source"] == "uploads/fujian.txt" and meant[0]["matched"] == "meaning"


def test_text_search_gives_sentences_with_their_documents_and_facts(client: TestClient) -> None:
    hits = client.get("/search/text", params={"q": "IPv6 规模部署", "limit": 5}).json()
    assert len(hits) == 5 and all(h["facts"] and h["source"].endswith(".txt") for h in hits)
    assert "IPv6" in hits[0]["sentence"] and hits[0]["score"] >= hits[-1]["score"]
    in_jilin = client.get("/search/text", params={"q": "IPv6", "province": "吉林"}).json()
    assert in_jilin and {h["province"] for h in in_jilin} == {"吉林"}
    assert client.get("/search/text", params={"q": " "}).status_code == 422
    assert client.get("/search/text", params={"q": "IPv6", "limit": 0}).status_code == 422


def test_an_uploaded_word_document_is_read_with_the_paragraph_of_each_fact(client: TestClient) -> None:
    from tests.integration.test_readers import LINES, docx_file

    response = client.post(
        "/documents", files={"file": ("notice.docx", docx_file(LINES))}, headers={"X-API-Key": API_KEY}
    )
    assert response.status_code == 201, response.text
    issued = {(i["issuer"], i["evidence"]["paragraph"]) for i in response.json()["issued"]}
    assert ("河南省教育厅", LINES.index("河南省教育厅") + 1) in issued
    found = client.get("/documents", params={"number": "豫教科[2024]3号"}).json()["items"]
    assert [d["document"] for d in found] == ["河南省校园数据管理办法"]


def test_an_uploaded_wps_document_is_read_as_the_word_binary_format(client: TestClient) -> None:
    from tests.integration.test_readers import LINES, WORD97

    response = client.post(
        "/documents", files={"file": ("notice.wps", WORD97.read_bytes())}, headers={"X-API-Key": API_KEY}
    )
    assert response.status_code == 201, response.text
    issued = {(i["issuer"], i["evidence"]["paragraph"]) for i in response.json()["issued"]}
    assert ("河南省教育厅", LINES.index("河南省教育厅") + 1) in issued


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("scan.tiff", b"II*\x00", 415, "scan.tiff: unsupported file type"),
        ("fake.pdf", b"just text", 422, "fake.pdf: its content is not a PDF file"),
        ("broken.pdf", b"%PDF-1.4", 422, "broken.pdf: not a readable PDF"),
        ("fake.wps", b"PK\x03\x04 a zip", 422, "fake.wps: its content is not a WPS file"),
        ("cut.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), 422, "cut.doc: not a readable Word or WPS"),
        ("empty.txt", b"", 422, "empty.txt: the file is empty"),
        ("binary.txt", bytes(range(256)) * 4, 422, "binary.txt: binary data"),
    ],
)
def test_bad_uploads_name_the_file(client: TestClient, name: str, data: bytes, status: int, message: str) -> None:
    response = client.post("/documents", files={"file": (name, data)}, headers={"X-API-Key": API_KEY})
    assert response.status_code == status and message in response.text


def test_issuer_level_tells_national_from_provincial_bodies(client: TestClient) -> None:
    national = client.get("/documents", params={"issuer_level": "national", "limit": 500}).json()["items"]
    assert national and all(not (d["issuer"] or "").startswith(("河北", "吉林", "湖南")) for d in national)
    assert "教育系统关键信息基础设施名录" in {d["document"] for d in national}
    provincial = client.get("/provinces", params={"topic": "IPv6", "issuer_level": "provincial"}).json()
    assert [p["province"] for p in provincial] == ["吉林", "湖南", "辽宁"]
    assert client.get("/provinces", params={"topic": "IPv6", "issuer_level": "national"}).json() == []
    assert client.get("/provinces", params={"issuer_level": "ministerial"}).status_code == 422


def test_document_rows_carry_co_issuers_topics_programs_and_evidence(client: TestClient) -> None:
    items = client.get("/documents", params={"province": "湖北"}).json()["items"]
    joint = next(d for d in items if d["document"] == "关于加快推进高校5G网络建设的通知")
    assert joint["issuer"] == "湖北省通信管理局"
    assert joint["co_issuers"] == ["湖北省发展和改革委员会", "湖北省教育厅", "湖北省经济和信息化厅"]
    assert joint["topics"] == ["5G"]
    assert joint["evidence"] and "联合印发《关于加快推进高校5G网络建设的通知》" in joint["evidence"][0]["sentence"]
    jilin = client.get("/documents", params={"province": "吉林", "genre": "guide"}).json()["items"]
    assert jilin[0]["programs"] == ["三个课堂"]


def test_stats_say_when_the_graph_was_last_loaded(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["last_load"] and stats["last_load"].startswith("20") and stats["last_load"].endswith("+00:00")


def test_the_explorer_and_the_neo4j_browser_files_are_served(client: TestClient) -> None:
    page = client.get("/ui")
    assert page.status_code == 200 and '<script src="/ui/vendor/cytoscape.min.js">' in page.text
    library = client.get("/ui/vendor/cytoscape.min.js")  # installed from the npm registry by `policykg setup`
    assert library.status_code == 200, library.text
    assert library.headers["content-type"].startswith("text/javascript") and "cytoscape" in library.text[:2000]
    config = client.get("/ui/config.json").json()
    assert set(config["labels"]) == {"Agency", "Document", "Event", "Person", "Program", "Province", "Topic"}
    assert len({s["shape"] for s in config["labels"].values()}) == len(config["labels"])  # a shape per type
    assert "IPv6" in config["topics"] and "吉林" in config["provinces"] and "ISSUED" in config["relations"]
    assert client.get("/ui/explorer.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/ui/secrets.txt").status_code == 404
    assert client.get("/ui/vendor/jquery.js").status_code == 404
    assert "node.Province" in client.get("/neo4j/style.grass").text
    # Neo4j Browser fetches them from its own origin, with a preflight
    preflight = client.options(
        "/neo4j/style.grass",
        headers={
            "Origin": "http://localhost:7474",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "*"
    guide = client.get("/neo4j/guide.html", headers={"Origin": "http://localhost:7474"})
    assert guide.headers["access-control-allow-origin"] == "*"
    assert '<pre class="code runnable">:style http://testserver/neo4j/style.grass</pre>' in guide.text
