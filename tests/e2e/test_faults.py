"""The fault suite: the server and the loaders tried as an attacker and as an unlucky user would.
Each test stands for a finding that once held (request forgery, administration and denial of
service through the raw query endpoints, bodies read before the key, a crash that lost a
report, a file too long for spaCy, reports and documents merged by name, 500s) and must not
again. Servers run on loopback; the only HTTP server any request may reach is the test's own,
and it must see none."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from api.main import create_app
from api.readonly import check_plan
from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.settings import get_settings
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j import Neo4jStore
from kg_builder.store.queries import named_queries
from tests.conftest import ROOT
from tests.e2e.conftest import API_KEY, CLI, served


@pytest.fixture
def neo4j_client(neo4j: Neo4jStore, sample_graphs: list[SourceGraph]) -> Iterator[TestClient]:
    neo4j.load(sample_graphs)
    with TestClient(create_app(get_settings().model_copy(update={"api_key": API_KEY}), store=neo4j)) as client:
        yield client


@pytest.fixture
def embedded_client(embedded: EmbeddedStore, sample_graphs: list[SourceGraph]) -> Iterator[TestClient]:
    embedded.load(sample_graphs)
    settings = get_settings().model_copy(update={"api_key": API_KEY, "api_query_timeout": 3.0})
    with TestClient(create_app(settings, store=embedded)) as client:
        yield client


# --- 1. Request forgery without a key ------------------------------------------------------------


def test_cypher_cannot_fetch_a_url(neo4j_client: TestClient, witness: tuple[str, list[str]]) -> None:
    url, seen = witness
    for query in [
        f"RETURN 1 AS x // '\nUNION LOAD CSV FROM '{url}' AS line RETURN line AS x",
        f"LOAD CSV FROM '{url}' AS line RETURN line",
        f"/* ' */ LOAD CSV FROM '{url}' AS line RETURN line",
        f"RETURN 1 AS x UNION `LOAD` CSV FROM '{url}' AS line RETURN line AS x",
    ]:
        response = neo4j_client.post("/cypher", json={"query": query})
        assert response.status_code in {400, 403}, (query, response.text)
    assert seen == []


def test_sparql_cannot_send_a_query_to_another_server(
    embedded_client: TestClient, witness: tuple[str, list[str]]
) -> None:
    url, seen = witness
    for query in [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"LOAD <{url}>",
        # a comment that rdflib reads to the LF and Oxigraph ends at the CR
        f"SELECT * WHERE {{ # x\rSERVICE SILENT <{url}> {{ ?s ?p ?o }}\n}}",
        f"SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }}\n}}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ # x\rSERVICE SILENT <{url}> {{ ?s ?p ?o }}\n}} }} }}",
        f"SELECT * WHERE {{ # x\r\nSERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    ]:
        for headers in ({}, {"X-API-Key": API_KEY}):
            response = embedded_client.post("/sparql", json={"query": query}, headers=headers)
            assert response.status_code in {400, 403}, (query, response.text)
    assert seen == []


def test_the_sparql_worker_has_no_network(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph], witness: tuple[str, list[str]]
) -> None:
    """Defence in depth: a SERVICE call that got past the check (here, with no check) reaches nothing."""
    url, seen = witness
    embedded.load(sample_graphs)
    query = f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"
    rows, _ = embedded.read_sparql(query, cap=10, timeout=10)
    assert all(value is None for row in rows for value in row.values())  # SILENT: the call failed
    assert seen == []
    # the same query in this process, which has the network, does reach the witness: the test can fail
    solutions = ox.Store().query(query)
    assert isinstance(solutions, ox.QuerySolutions) and list(solutions)
    assert seen


# --- 2. Administration without a key --------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SHOW USERS",
        "SHOW SETTINGS",
        "SHOW TRANSACTIONS",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "CALL dbms.components",
        "CALL `dbms.components`()",
        "CALL `dbms`.`components`()",
        "USE system SHOW DATABASES",
        "CALL dbms.listConfig() YIELD name RETURN name",
        # what Neo4j reads as code and a lexer that ends comments only at LF reads as a comment
        "// x\rSHOW USERS",
        "// x\rSHOW SETTINGS YIELD name RETURN name",
        "// x\rSHOW TRANSACTIONS YIELD transactionId RETURN transactionId",
        "// x\rTERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "// x\rCALL dbms.showCurrentUser()",
        "S\\u0048OW USERS",
        "S\\uuuu0048OW USERS",
        "RETURN 1 AS x \\u002f\\u002f\nUNION CALL dbms.showCurrentUser() YIELD username RETURN username AS x",
        "SHOW CURRENT USER",
        "SHOW INDEXES",
        "SHOW PROCEDURES",
        "CREATE USER mallory SET PASSWORD 'abcdefghijkl'",
    ],
)
def test_cypher_refuses_administration(neo4j_client: TestClient, query: str) -> None:
    for headers in ({}, {"X-API-Key": API_KEY}):
        response = neo4j_client.post("/cypher", json={"query": query}, headers=headers)
        assert response.status_code == 403, response.text


def test_cypher_still_reads(neo4j_client: TestClient) -> None:
    response = neo4j_client.post("/cypher", json={"query": "MATCH (p:Province) RETURN count(p) AS n // LOAD CSV"})
    assert response.status_code == 200 and response.json()["rows"][0]["n"] > 0


# --- 3. Denial of service without a key ----------------------------------------------------------


def test_a_runaway_sparql_query_is_stopped_at_its_deadline_while_health_answers(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph]
) -> None:
    embedded.load(sample_graphs)
    settings = get_settings().model_copy(update={"api_query_timeout": 3.0})
    product = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c"
    with served(create_app(settings, store=embedded)) as url:
        answers: dict[str, Any] = {}

        def run_product() -> None:
            started = time.monotonic()
            answers["response"] = httpx.post(f"{url}/sparql", json={"query": product}, timeout=60)
            answers["seconds"] = time.monotonic() - started

        worker = threading.Thread(target=run_product)
        worker.start()
        time.sleep(0.5)
        health = []
        while worker.is_alive():
            started = time.monotonic()
            response = httpx.get(f"{url}/health", timeout=10)
            health.append((response.status_code, time.monotonic() - started))
            time.sleep(0.2)
        worker.join()
        assert answers["response"].status_code == 504, answers["response"].text
        assert answers["seconds"] < 8
        assert health and all(code == 200 and seconds < 1.0 for code, seconds in health), health
        # the worker was stopped and replaced: the next query is answered
        again = httpx.post(f"{url}/sparql", json={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert again.json()["rows"] == [{"answer": True}]


SLOW = {
    "sparql": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }",
    "cypher": "MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*) AS n",
}


def test_health_answers_while_100_raw_queries_wait(store: Any, sample_graphs: list[SourceGraph]) -> None:
    """Callers waiting for a raw-query slot wait on the event loop, not in the threadpool that /health needs."""
    store.load(sample_graphs)
    endpoint = "sparql" if isinstance(store, EmbeddedStore) else "cypher"
    settings = get_settings().model_copy(update={"api_query_timeout": 3.0})
    with served(create_app(settings, store=store)) as url:
        httpx.get(f"{url}/health", timeout=10)
        codes: list[int] = []

        def slow() -> None:
            codes.append(httpx.post(f"{url}/{endpoint}", json={"query": SLOW[endpoint]}, timeout=60).status_code)

        callers = [threading.Thread(target=slow) for _ in range(100)]
        for caller in callers:
            caller.start()
        time.sleep(0.5)
        seconds = []
        while any(c.is_alive() for c in callers):
            started = time.monotonic()
            assert httpx.get(f"{url}/health", timeout=10).status_code == 200
            seconds.append(time.monotonic() - started)
            time.sleep(0.05)
        for caller in callers:
            caller.join()
    assert len(codes) == 100 and set(codes) <= {200, 503, 504}, codes
    assert 503 in codes  # most waited past the deadline for one of the 2 slots, and were told so
    # starved, it took 9 s; busy, Neo4j answers its ping in a fraction of a second (benchmarks/health_under_load.py)
    assert len(seconds) > 10 and max(seconds) < 2.0, sorted(seconds)[-5:]


def test_concurrent_first_sparql_queries_on_a_fresh_server_all_answer(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph]
) -> None:
    """The SPARQL parser is built before the first request, and used by one thread at a time."""
    embedded.load(sample_graphs)

    def first(url: str, codes: list[int]) -> None:
        query = "SELECT ?s WHERE {?s ?p ?o} LIMIT 1"
        codes.append(httpx.post(f"{url}/sparql", json={"query": query}, timeout=60).status_code)

    for _ in range(3):
        with served(create_app(get_settings(), store=embedded)) as url:
            codes: list[int] = []
            callers = [threading.Thread(target=first, args=(url, codes)) for _ in range(16)]
            for caller in callers:
                caller.start()
            for caller in callers:
                caller.join()
            assert sorted(codes) == [200] * 16, codes
            again = httpx.post(f"{url}/sparql", json={"query": "ASK { ?s ?p ?o }"}, timeout=30)
            assert again.status_code == 200, again.text


def test_raw_query_bodies_are_capped_before_they_are_read(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph]
) -> None:
    embedded.load(sample_graphs)
    with served(create_app(get_settings(), store=embedded)) as url:
        for path in (b"/sparql", b"/cypher", b"/health"):
            head = b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            declared = head + b"Content-Length: 200000000\r\n\r\n"
            assert _first_answer(url, declared, b"x" * 1_000_000).startswith(b"HTTP/1.1 413"), path
            chunked = head + b"Transfer-Encoding: chunked\r\n\r\n"
            body = b"".join(b"%x\r\n%s\r\n" % (100_000, b"x" * 100_000) for _ in range(10))
            # a route that takes no body answers 405 at once; none reads the whole body first
            assert _first_answer(url, chunked, body)[:12] in {b"HTTP/1.1 413", b"HTTP/1.1 405"}, path


# --- 5. Keys before bodies --------------------------------------------------------------------------


def _first_answer(url: str, head: bytes, body: bytes) -> bytes:
    """Send a request's head and the start of its body, send nothing more, and read the answer:
    a server that waits for the whole body before answering gives none."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head + body)
        try:
            return conn.recv(4096)
        except TimeoutError:
            return b""


def test_an_upload_is_refused_before_its_body_is_read(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph]
) -> None:
    embedded.load(sample_graphs)
    app = create_app(get_settings().model_copy(update={"api_key": API_KEY}), store=embedded)
    multipart = b"Content-Type: multipart/form-data; boundary=b\r\n"
    with served(app) as url:
        # no key: 401 from the headers, with 299 of 300 MB never sent
        head = b"POST /documents HTTP/1.1\r\nHost: x\r\n" + multipart + b"Content-Length: 300000000\r\n\r\n"
        assert _first_answer(url, head, b"x" * 1_000_000).startswith(b"HTTP/1.1 401")
        # the key, but a declared length over the cap: 413 at once
        keyed = head.replace(b"Host: x\r\n", f"Host: x\r\nX-API-Key: {API_KEY}\r\n".encode())
        assert _first_answer(url, keyed, b"x" * 1_000_000).startswith(b"HTTP/1.1 413")
        # the key and no declared length: 413 as soon as the streamed body passes the cap
        chunked = keyed.replace(b"Content-Length: 300000000", b"Transfer-Encoding: chunked")
        part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        chunks = [part] + [b"x" * 1_000_000] * 6
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
        assert _first_answer(url, chunked, body).startswith(b"HTTP/1.1 413")


# --- 6. Re-loading a report is atomic -------------------------------------------------------------

_RELOADER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kg_builder.extract import extract_bytes
    from kg_builder.graph import source_graph
    from kg_builder.store.embedded import EmbeddedStore
    from kg_builder.nlp.pipeline import get_nlp
    nlp = get_nlp()
    versions = [source_graph(extract_bytes(t.encode(), "report.txt", nlp)) for t in sys.argv[2:4]]
    store = EmbeddedStore(Path(sys.argv[1]))
    store.load([versions[0]])
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        store.load([versions[i % 2]])
""")
_OLD = "江西 省教育厅印发《江西省教育专网建设方案》。\n" * 40
_NEW = "湖南 省教育厅印发《湖南省智慧校园建设指南》。\n" * 40


def test_a_report_killed_mid_reload_is_old_or_new_never_missing(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    titles = {"江西省教育专网建设方案", "湖南省智慧校园建设指南"}
    for kill in range(8):
        path = tmp_path / f"store{kill}"
        process = subprocess.Popen(
            [sys.executable, "-c", _RELOADER, str(path), _OLD, _NEW], env=env, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.13 * kill)  # kill at a different point of the reload loop each time
        process.send_signal(signal.SIGKILL)
        process.wait()
        store = EmbeddedStore(path)
        try:
            documents = {
                r["name"]
                for r in store.sparql(
                    "SELECT ?name WHERE { ?d a pkg:Document ; skos:prefLabel ?name ; "
                    "<http://www.w3.org/ns/prov#wasDerivedFrom> ?report }"
                )
            }
            assert len(documents) == 1 and documents <= titles, (kill, documents)
        finally:
            store.close()


# --- 7. Long files -----------------------------------------------------------------------------------


def test_a_two_million_character_file_is_extracted_with_its_offsets(nlp: Language) -> None:
    text = ("x" * 99 + "\n") * 20_000 + "江西 省教育厅印发《江西省教育专网建设方案》。\n"
    extraction = extract_bytes(text.encode(), "long.txt", nlp)
    (fact,) = [r for r in extraction.relations if r.type == "ISSUED"]
    assert (fact.head, fact.tail) == ("江西省教育厅", "江西省教育专网建设方案")
    assert text[fact.evidence.start : fact.evidence.end].startswith("省教育厅")


def test_build_goes_on_past_a_long_file(env: dict[str, str], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(("x" * 99 + "\n") * 11_000 + "江西 省教育厅印发《江西省教育专网建设方案》。\n")
    (corpus / "short.txt").write_text("湖南 省教育厅印发《湖南省智慧校园建设指南》。\n")
    result = subprocess.run(
        [sys.executable, "-m", "policykg.cli", "build", str(corpus)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "loaded 2 files" in result.stdout


# --- 8. Identity: reports by their path, documents by their issuer ----------------------------------


def test_two_files_of_one_name_in_two_folders_are_two_reports(env: dict[str, str], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for folder, text in (
        ("a", "江西 省教育厅印发《江西省教育专网建设方案》。\n"),
        ("b", "湖南 省教育厅印发《湖南省智慧校园建设指南》。\n"),
    ):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "report.txt").write_text(text)
    home_env = {**env, "POLICYKG_HOME": str(tmp_path / "home")}
    subprocess.run(
        [sys.executable, "-m", "policykg.cli", "build", str(corpus)], env=home_env, check=True, capture_output=True
    )
    out = subprocess.run(
        [sys.executable, "-m", "policykg.cli", "query", "documents"],
        env=home_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "江西省教育专网建设方案" in out and "湖南省智慧校园建设指南" in out


def test_one_title_issued_by_two_provinces_is_two_documents(nlp: Language) -> None:
    graph = source_graph(extract_bytes("河北、山西两省分别印发《2023年教育信息化工作要点》。".encode(), "t.txt", nlp))
    documents = [n for n in graph.nodes if n.label == "Document"]
    assert len(documents) == 2 and {n.props["name"] for n in documents} == {"2023年教育信息化工作要点"}
    assert len({e.tail for e in graph.edges if e.type == "ISSUED"}) == 2


def test_an_upload_does_not_replace_a_corpus_file_of_the_same_name(embedded_client: TestClient) -> None:
    before = embedded_client.get("/provinces", params={"topic": "IPv6"}).json()
    name = "000_f85b2cf1d0292bf8.txt"  # a sample's file name
    text = "福建 省教育厅印发《福建省推进IPv6规模部署实施方案》。".encode()
    response = embedded_client.post("/documents", files={"file": (name, text)}, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201 and response.json()["source"] == f"uploads/{name}"
    after = {p["province"] for p in embedded_client.get("/provinces", params={"topic": "IPv6"}).json()}
    assert after == {p["province"] for p in before} | {"福建"}


# --- 10. No 500s ---------------------------------------------------------------------------------------


def test_odd_keys_names_and_paths_are_client_errors(embedded_client: TestClient) -> None:
    response = embedded_client.post(
        "/documents", files={"file": ("a.txt", b"x")}, headers={"X-API-Key": "ключ-密钥".encode()}
    )
    assert response.status_code == 401
    for path in ("/programs/%0A", "/entities/agency/%0A", "/graph?center=agency/%0A", "/agencies/zz%22%3E"):
        assert embedded_client.get(path).status_code == 404, path
    # a file name with control characters (NUL, SOH, a tab) written raw into the part's header
    body = (
        '--b\r\nContent-Disposition: form-data; name="file"; filename="a\x00\x01\tb.txt"\r\n\r\n'
        "江西 省教育厅印发《甲方案》。\r\n--b--\r\n"
    ).encode()
    response = embedded_client.post(
        "/documents", content=body, headers={"X-API-Key": API_KEY, "Content-Type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code == 201 and response.json()["source"] == "uploads/ab.txt"
    for query in ("CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <https://policykg.org/id/province/x>"):
        assert embedded_client.post("/sparql", json={"query": query}).status_code == 422


class _Proxy:
    """A TCP proxy on loopback in front of the test Neo4j, which a test can cut: Neo4j going down,
    as the API sees it, without stopping the server the other tests use."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        self.open = False
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; new connections are refused
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


def test_neo4j_down_is_503_with_a_retry_hint_and_keeps_the_upload(neo4j: Neo4jStore, tmp_path: Path) -> None:
    settings = get_settings()
    proxy = _Proxy(("127.0.0.1", settings.neo4j_bolt_port))
    password = (settings.home / "neo4j" / "password").read_text().strip()
    store = Neo4jStore(f"bolt://127.0.0.1:{proxy.port}", settings.neo4j_user, password)
    app = create_app(
        settings.model_copy(update={"api_key": API_KEY, "home": tmp_path, "api_cache_seconds": 0.0}), store=store
    )
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            proxy.cut()
            started = time.monotonic()
            health = client.get("/health")
            assert health.status_code == 503 and health.headers["Retry-After"], health.text
            assert client.get("/provinces").status_code == 503
            text = "福建 省教育厅印发《福建省甲方案》。".encode()
            upload = client.post("/documents", files={"file": ("fj.txt", text)}, headers={"X-API-Key": API_KEY})
            assert upload.status_code == 503 and "kept" in upload.text
            assert (tmp_path / "uploads" / "fj.txt").exists()
            assert time.monotonic() - started < 60
    finally:
        store.close()


def test_neo4j_files_are_the_user_s_alone() -> None:
    home = get_settings().home / "neo4j"
    for path in (home, home / "data", home / "password"):
        assert path.stat().st_mode & 0o077 == 0, path


def test_a_build_whose_neo4j_dies_says_which_batches_were_loaded(
    neo4j: Neo4jStore, env: dict[str, str], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    provinces = ["江西", "湖南", "辽宁", "吉林", "河北", "浙江"]
    for i in range(260):  # two batches of 200 files at most
        p = provinces[i % len(provinces)]
        (corpus / f"{i:03d}.txt").write_text(f"{p}省教育厅印发《{p}省第{i}号智慧校园方案》。\n", encoding="utf-8")
    settings = get_settings()
    proxy = _Proxy(("127.0.0.1", settings.neo4j_bolt_port))
    uri = f"bolt://127.0.0.1:{proxy.port}"
    command = [*CLI, "build", str(corpus), "--store", "neo4j", "--uri", uri, "--workers", "1"]
    build = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert build.stderr is not None
    err = []
    for line in build.stderr:
        err.append(line)
        if line.startswith("[210/"):  # the first batch is loaded; the second is being extracted
            proxy.cut()
            break
    _, rest = build.communicate(timeout=300)
    stderr = "".join(err) + rest
    assert build.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "stopped answering after 1 batches (200 files) were loaded" in stderr, stderr[-2000:]
    assert "run the same build again" in stderr
    [row] = neo4j.cypher("MATCH (r:SourceReport) RETURN count(r) AS n")
    assert row["n"] == 200


def test_file_names_that_are_not_utf8_or_too_long_are_clear_errors(
    env: dict[str, str], tmp_path: Path, embedded_client: TestClient
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    gbk = os.fsencode(corpus) + b"/" + "江西方案.txt".encode("gbk")
    Path(os.fsdecode(gbk)).write_text("江西省教育厅印发《江西省教育专网建设方案》。", encoding="utf-8")
    (corpus / "b.txt").write_text("湖南省教育厅印发《湖南省智慧校园建设指南》。", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [*CLI, "extract", str(corpus), "--out", str(out), "--workers", "1"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "not valid UTF-8" in result.stderr and "\\xbd\\xad\\xce\\xf7" in result.stderr, result.stderr
    assert [p.name for p in out.iterdir()] == ["b.json"]  # and no empty JSON for the other
    name = "甲" * 90 + ".txt"  # 274 bytes
    response = embedded_client.post(
        "/documents",
        files={"file": (name, "湖南省教育厅印发《湖南省甲方案》。".encode())},
        headers={"X-API-Key": API_KEY},
    )
    assert response.status_code == 422 and "255 bytes" in response.text, response.text


def test_what_the_store_and_uploads_keep_is_the_user_s_alone(embedded_client: TestClient) -> None:
    store = embedded_client.app.state.store.inner  # type: ignore[attr-defined]
    assert isinstance(store, EmbeddedStore)
    embedded_client.post("/sparql", json={"query": "ASK { ?s ?p ?o }"})  # makes a snapshot
    text = "湖南省教育厅印发《湖南省乙方案》。".encode()
    upload = embedded_client.post("/documents", files={"file": ("hn.txt", text)}, headers={"X-API-Key": API_KEY})
    assert upload.status_code == 201, upload.text
    uploads = get_settings().home / "uploads"
    for path in (store.path, store.path.parent, store.path.parent / f"{store.path.name}-snapshots", uploads):
        assert path.stat().st_mode & 0o077 == 0, (path, oct(path.stat().st_mode))


def test_an_upload_whose_worker_dies_is_422_and_the_next_upload_is_extracted(
    embedded: EmbeddedStore, sample_graphs: list[SourceGraph]
) -> None:
    embedded.load(sample_graphs)
    app = create_app(get_settings().model_copy(update={"api_key": API_KEY}), store=embedded)
    long_text = "".join(f"江西省教育厅于2021年印发《江西省第{i}批智慧校园建设方案》。\n" for i in range(8000)).encode()
    with served(app) as url:
        answer: dict[str, httpx.Response] = {}

        def upload() -> None:
            files = {"file": ("long.txt", long_text)}
            answer["long"] = httpx.post(f"{url}/documents", files=files, headers={"X-API-Key": API_KEY}, timeout=120)

        sender = threading.Thread(target=upload)
        sender.start()
        worker = None
        deadline = time.monotonic() + 60
        while worker is None or not worker.is_alive():  # the worker has started on the file
            assert time.monotonic() < deadline
            worker = app.state.uploads._workers._all[0].process
            time.sleep(0.2)
        time.sleep(3)  # loading the pipeline, then extracting
        worker.kill()
        sender.join()
        assert answer["long"].status_code == 422 and "long.txt" in answer["long"].text, answer["long"].text
        files = {"file": ("short.txt", "湖南省教育厅印发《湖南省丁方案》。".encode())}
        again = httpx.post(f"{url}/documents", files=files, headers={"X-API-Key": API_KEY}, timeout=120)
        assert again.status_code == 201, again.text


def test_every_named_query_passes_the_read_plan_check(neo4j: Neo4jStore, sample_graphs: list[SourceGraph]) -> None:
    """The allow-list of read operators covers what the project itself reads: each named query's
    plan, as /cypher would check it, passes."""
    neo4j.load(sample_graphs)
    for query in named_queries().values():
        neo4j.read_cypher(query.cypher, dict.fromkeys(query.params), cap=1, timeout=30, check_plan=check_plan)
