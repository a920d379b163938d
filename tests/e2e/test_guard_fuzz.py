"""The raw-query guards fuzzed against the engines behind them: queries made of comments, every
line terminator, escapes, string literals and nested sub-queries around a forbidden clause (a
SERVICE call, LOAD CSV, a write, an administration command). Whatever a guard lets through is run
by the real engine, with nothing else between them: no request may reach the loopback witness,
the graph must not change, and no administration answer may come back. The acceptance run sets
POLICYKG_FUZZ_EXAMPLES=5000; `make test` runs fewer."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from api.readonly import FormRefused, WriteRefused, check_cypher, check_plan, check_sparql
from kg_builder.store import QueryFailed, QueryTimeout
from kg_builder.store.neo4j import Neo4jStore
from tests.e2e.conftest import witness_server

EXAMPLES = int(os.environ.get("POLICYKG_FUZZ_EXAMPLES", "400"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
W = "WITNESS"  # replaced by the witness's URL

# Every line end either language knows or might be thought to know, raw and escaped.
LINE_ENDS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\\u000d", "\\u000a", "\\u2028"]
QUOTES = ['"', "'", '"""', "'''", "\\u0022", "\\u0027", "\\\\", '\\"', "\\'"]


def _spelled(word: str, draw: st.DrawFn) -> str:
    """`word` as it is, or with some of its letters written as \\u escapes, in either case of hex."""
    if draw(st.booleans()):
        return word
    return "".join(
        (f"\\u{ord(c):04x}" if draw(st.booleans()) else f"\\u{ord(c):04X}") if draw(st.booleans()) else c for c in word
    )


@st.composite
def sparql_queries(draw: st.DrawFn) -> str:
    service = draw(st.sampled_from(["SERVICE", "SERVICE SILENT", "service silent"]))
    forbidden = f"{_spelled(service, draw)} <{W}> {{ ?s ?p ?o }}"
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(LINE_ENDS),
                st.sampled_from(QUOTES),
                st.sampled_from(["#", "# x", "\\u0023", "?a ?b ?c .", "{", "}", "{ SELECT * WHERE {", "OPTIONAL {"]),
                st.sampled_from(['"x"', "'''a\rb'''", '"\\u0022"', "<http://example.org/a>", "BIND(1 AS ?z)", "."]),
                st.just(forbidden),
            ),
            min_size=1,
            max_size=8,
        )
    )
    head = draw(st.sampled_from(["SELECT * WHERE { ", "ASK { ", "SELECT ?s WHERE { { SELECT * WHERE { "]))
    tail = draw(st.sampled_from(["}", "\n}", "} }", "\n} }", "} } }"]))
    return head + "".join(pieces) + forbidden * draw(st.integers(0, 1)) + tail


@st.composite
def hidden_sparql(draw: st.DrawFn) -> str:
    """Well-formed queries whose SERVICE call stands after a comment or inside a string, ended (or
    not) by a line terminator or a quote, raw or escaped: where two readers of one text disagree."""
    service = f"{_spelled(draw(st.sampled_from(['SERVICE', 'SERVICE SILENT'])), draw)} <{W}> {{ ?s ?p ?o }}"
    head, closing = draw(
        st.sampled_from([("SELECT * WHERE { ?a ?b ?c . ", "}"), ("SELECT * WHERE { { SELECT * WHERE { ", "} }")])
    )
    if draw(st.booleans()):  # after a comment, which one reader may end where the other does not
        hidden = f"# x{draw(st.sampled_from(LINE_ENDS))}{service}"
    else:  # inside a string, which one reader may close where the other does not
        opening, close = draw(
            st.sampled_from(
                [('"', '"'), ("'", "'"), ('"""', '"""'), ("'''", "'''"), ("\\u0022", '"'), ('"', "\\u0022")]
            )
        )
        hidden = f"BIND({opening}x{draw(st.sampled_from(QUOTES))} {service} {close} AS ?z)"
    return head + hidden + draw(st.sampled_from(["\n", " ", "\r"])) + closing


@pytest.fixture(scope="module")
def witness_url() -> Iterator[tuple[str, list[str]]]:
    with witness_server() as found:
        yield found


def _oxigraph_runs(store: ox.Store, text: str) -> None:
    result = store.query(text)
    if isinstance(result, ox.QuerySolutions):
        list(result)


@FUZZ
@given(query=st.one_of(sparql_queries(), hidden_sparql()))
@example(query=f"SELECT * WHERE {{ # x\rSERVICE SILENT <{W}> {{ ?s ?p ?o }}\n}}")
@example(query=f"SELECT * WHERE {{ # x\rSERVICE <{W}> {{ ?s ?p ?o }}\n}}")
@example(query=f"SELECT * WHERE {{ {{ SELECT * WHERE {{ # x\rSERVICE SILENT <{W}> {{ ?s ?p ?o }}\n}} }} }}")
@example(query=f'SELECT * WHERE {{ BIND("x\\u0022" AS ?a) "\\u0022 SERVICE SILENT <{W}> {{ ?s ?p ?o }} }}')
def test_what_the_sparql_guard_passes_oxigraph_runs_without_reaching_out(
    query: str, witness_url: tuple[str, list[str]]
) -> None:
    url, seen = witness_url
    text = query.replace(W, url)
    try:
        checked = check_sparql(text)
    except (WriteRefused, FormRefused, SyntaxError) as err:
        event(f"refused: {type(err).__name__}")
        return
    event("passed the guard")
    # in this process, with the network: the guard alone stands here; one statement, so that the
    # patterns beside a SERVICE call match and the engine goes on to call it
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c")))
    try:
        _oxigraph_runs(store, checked)
    except (SyntaxError, OSError, ValueError):
        pass
    assert seen == [], (query, checked)


def _cypher_forbidden(draw: st.DrawFn) -> str:
    clause = draw(
        st.sampled_from(
            [
                f"LOAD CSV FROM '{W}' AS x RETURN x",
                "CREATE (x:Fuzzed) RETURN x",
                "MATCH (n) SET n.fuzzed = 1 RETURN 1 AS x",
                "MATCH (n) DETACH DELETE n RETURN 1 AS x",
                "SHOW USERS",
                "SHOW SETTINGS",
                "SHOW TRANSACTIONS",
                "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
                "CALL dbms.showCurrentUser()",
                "CALL dbms.listConfig() YIELD name RETURN name AS x",
                "CALL { CREATE (:Fuzzed) } IN TRANSACTIONS RETURN 1 AS x",
                "SHOW DATABASES",
                "CREATE INDEX fuzzed FOR (n:Fuzzed) ON (n.x)",
            ]
        )
    )
    keyword, _, rest = clause.partition(" ")
    return f"{_spelled(keyword, draw)} {rest}"


@st.composite
def hidden_cypher(draw: st.DrawFn) -> str:
    """Well-formed queries whose forbidden clause stands after a line comment or inside a string,
    ended (or not) by a line terminator or a quote, raw or escaped."""
    hide = draw(
        st.sampled_from(
            [f"// x{end}" for end in LINE_ENDS]
            + [f"\\u002f\\u002f x{end}" for end in LINE_ENDS]
            + ["/* x */ ", "/* x \\u002a/ ", "RETURN '\\u0027' AS y ", "RETURN 'a\\\\' AS y "]
        )
    )
    return draw(st.sampled_from(["", "RETURN 1 AS x UNION "])) + hide + _cypher_forbidden(draw)


@st.composite
def cypher_queries(draw: st.DrawFn) -> str:
    forbidden = _cypher_forbidden(draw)
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(LINE_ENDS),
                st.sampled_from(QUOTES + ["`", "``"]),
                st.sampled_from(["//", "// x", "/*", "*/", "\\u002f\\u002f", "\\u002f*", "RETURN 1 AS x", "UNION"]),
                st.sampled_from(["'x'", '"a\\"b"', "`n`", "WITH 1 AS x", "CALL {", "}", "\\uu0027"]),
                st.just(forbidden),
            ),
            min_size=1,
            max_size=8,
        )
    )
    head = draw(st.sampled_from(["", "RETURN 1 AS x ", "MATCH (n) RETURN count(n) AS x UNION "]))
    return head + "".join(pieces) + forbidden * draw(st.integers(0, 1))


@pytest.fixture(scope="module")
def neo4j_graph() -> Iterator[Neo4jStore]:
    from kg_builder.settings import get_settings
    from kg_builder.store import open_store

    store = open_store(get_settings(), "neo4j")
    assert isinstance(store, Neo4jStore)
    store.clear()
    store.driver.execute_query(
        "CREATE (:Agency {id: 'fuzz-a', name: '甲'})-[:ISSUED]->(:Document {id: 'fuzz-d', name: '乙'})",
        database_=store.database,
    )
    yield store
    store.clear()
    store.close()


def _counts(store: Neo4jStore) -> tuple[int, int]:
    [row] = store.cypher("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")
    return row["n"], row["r"]


@FUZZ
@given(query=st.one_of(cypher_queries(), hidden_cypher()))
@example(query="// x\rSHOW USERS")
@example(query="// x\rSHOW SETTINGS")
@example(query="// x\rTERMINATE TRANSACTIONS 'neo4j-transaction-1'")
@example(query="// x\rCALL dbms.showCurrentUser()")
@example(query="S\\u0048OW USERS")
@example(query="RETURN 1 AS x \\u002f\\u002f\nUNION LOAD CSV FROM 'WITNESS' AS x RETURN x")
@example(query="RETURN '\\u0027 UNION LOAD CSV FROM 'WITNESS' AS x RETURN x //' AS x")
def test_what_the_cypher_guard_passes_neo4j_runs_as_a_read(
    query: str, neo4j_graph: Neo4jStore, witness_url: tuple[str, list[str]]
) -> None:
    url, seen = witness_url
    text = query.replace(W, url)
    before = _counts(neo4j_graph)
    try:
        check_cypher(text)
        rows, _ = neo4j_graph.read_cypher(text, {}, cap=10, timeout=5, check_plan=check_plan)
        event("passed the guard and ran")
    except (WriteRefused, QueryFailed, QueryTimeout) as err:  # the store's errors for the server's refusals
        event(f"refused: {type(err).__name__}")
        rows = []
    assert seen == [], query
    assert _counts(neo4j_graph) == before, query
    # no users, settings or transactions: only the generated column x (a trailing U+0085 is part of a name)
    assert all(key.startswith("x") for row in rows for key in row), (query, rows)
