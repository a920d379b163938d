"""Neo4j through the official driver: schema, batched UNWIND … MERGE loads, named queries.

A load groups source reports into batches and writes each batch in one explicit write
transaction (the driver retries transient errors): first the old facts of those reports are
deleted, then each entity the batch names is merged once, and provenance links and facts are
created with UNWIND, one statement per label or relationship type, finding their ends by the
element ids the merge returned rather than by an index seek on each IRI. Creating is safe because
a report's old relationships are gone by then and a load keeps one graph per report; MERGE would
probe every relationship of hub nodes (a province, a ministry) and slow down as the graph grows.
A batch that fails is rolled back whole and reported by its files; the graph stays consistent and
the other batches are still loaded."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction, Query, RoutingControl
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from kg_builder.graph import SourceGraph, as_loaded, described
from kg_builder.resources import resource
from kg_builder.schema import load_schema
from kg_builder.store import LoadReport, Params, QueryFailed, QueryTimeout, Row, StoreDown
from kg_builder.store.queries import NamedQuery, get_query

SCHEMA_CYPHER = resource("cypher", "schema.cypher")


def schema_statements(text: str) -> list[str]:
    """The statements of schema.cypher, comments dropped, each statement with {label} or {type} made once
    for every node label or relation type of the ontology."""
    schema = load_schema()
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    entities = "|".join(schema.entity_labels)
    statements = []
    for statement in (s.strip() for s in body.split(";") if s.strip()):
        if "{label}" in statement:
            statements += [
                statement.replace("{label}", label).replace("{key}", label.lower()) for label in schema.node_labels
            ]
        elif "{type}" in statement:
            statements += [
                statement.replace("{type}", type_).replace("{type_key}", type_.lower()) for type_ in schema.relations
            ]
        else:
            statements.append(statement.replace("{entity}", schema.entity_label).replace("{entities}", entities))
    return statements


class Neo4jStore:
    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, *, batch_size: int = 5000, database: str = "neo4j") -> None:
        # A server that stops answering is reported within seconds, not after the driver's 30 s
        # defaults (the API answers 503 then, with a hint to retry).
        self.driver: Driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=5.0,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=5.0,
        )
        self.database = database
        self.batch_size = batch_size
        self._collected_texts: dict[str, tuple[list[str], str]] = {}
        self.schema = load_schema()
        self.driver.verify_connectivity()
        for statement in schema_statements(SCHEMA_CYPHER.read_text(encoding="utf-8")):
            self.driver.execute_query(_cypher(statement), database_=self.database)
        # Indexes made over existing data (after a bulk import) fill in the background; wait for them.
        self.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)

    # ---- loading -------------------------------------------------------------------------
    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        try:
            return self._load(graphs)
        except (ServiceUnavailable, SessionExpired) as err:
            raise StoreDown(f"Neo4j does not answer: {err}") from err

    def _load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        report = LoadReport()
        started = time.perf_counter()
        with self.driver.session(database=self.database) as session:
            for batch in self._batches(graphs):
                try:
                    session.execute_write(self._write_batch, batch)
                except Neo4jError as err:
                    files = ", ".join(sg.report.props["name"] for sg in batch)
                    report.failures.append(f"batch {report.batches + 1} ({files}): {err.message or err}")
                    continue
                finally:
                    report.batches += 1
                report.sources += len(batch)
                report.nodes += sum(len(sg.nodes) + 1 for sg in batch)
                report.relationships += sum(len(sg.edges) for sg in batch)
        # The full-text index is refreshed after commits; a search right after a load must see it.
        self.driver.execute_query(
            "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", database_=self.database
        )
        report.seconds = time.perf_counter() - started
        return report

    def _batches(self, graphs: Iterable[SourceGraph]) -> Iterator[list[SourceGraph]]:
        batch: list[SourceGraph] = []
        rows = 0
        latest = {sg.report.iri: as_loaded(sg) for sg in graphs}  # a report given twice: its last graph
        for sg in latest.values():
            batch.append(sg)
            rows += len(sg.nodes) + len(sg.edges)
            if rows >= self.batch_size:
                yield batch
                batch, rows = [], 0
        if batch:
            yield batch

    def _write_batch(self, tx: ManagedTransaction, batch: list[SourceGraph]) -> None:
        # Only reports already in the graph have facts to remove (a first load skips 15 statements a batch).
        sources = tx.run(
            "UNWIND $sources AS s MATCH (r:SourceReport {id: s}) RETURN collect(r.id) AS ids",
            sources=[sg.report.iri for sg in batch],
        ).single(strict=True)[0]
        if sources:
            self._remove_sources(tx, sources, named={node.iri: True for sg in batch for node in sg.nodes})
        # Reports, then each entity once a batch, with what its reports say of it in load order; the
        # statements after that find nodes by element id, not by an index seek on the IRI.
        merges = [
            tx.run(
                "UNWIND $rows AS row MERGE (r:SourceReport {id: row.id}) SET r += row.props "
                "RETURN collect([row.id, elementId(r)]) AS elements",
                rows=[{"id": sg.report.iri, "props": _clean(sg.report.props)} for sg in batch],
            )
        ]
        entities: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for sg in batch:
            for node in sg.nodes:
                known = entities[node.label]
                known[node.iri] = described(known.get(node.iri, {}), node.props)
        for label, by_iri in entities.items():
            merged = [
                {
                    "id": iri,
                    "aliases": props["aliases"],
                    "props": {k: v for k, v in _clean(props).items() if k != "aliases"},
                }
                for iri, props in by_iri.items()
            ]
            statement = _cypher(_MERGE_NODES.format(label=label, entity=self.schema.entity_label))
            merges += [tx.run(statement, rows=chunk) for chunk in _chunks(merged, self.batch_size)]
        # Each merge answers with one record of (IRI, element id) pairs: the driver reads a record with
        # two socket reads (client CPU loading 30,000 documents: 2.2-2.7 s record by record, 1.7-1.9 s collected).
        elements = {iri: element for result in merges for iri, element in result.single(strict=True)[0]}
        # The rest is sent without waiting for each statement's end: the server runs one while the
        # next is packed, and the commit reports any that failed.
        links = [{"node": elements[node.iri], "report": elements[sg.report.iri]} for sg in batch for node in sg.nodes]
        for chunk in _chunks(links, self.batch_size):
            tx.run(_cypher(_LINK_PROVENANCE.format(provenance=self.schema.provenance)), rows=chunk)
        edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for sg in batch:
            for edge in sg.edges:
                edges[edge.type].append(
                    {
                        "id": edge.iri,
                        "head": elements[edge.head],
                        "tail": elements[edge.tail],
                        "props": {**_clean(edge.props), "source": edge.source},
                    }
                )
        for type_, rows in edges.items():
            for chunk in _chunks(rows, self.batch_size):
                tx.run(_cypher(_CREATE_FACTS.format(type=type_)), rows=chunk)

    def _remove_sources(self, tx: ManagedTransaction, sources: list[str], named: dict[str, bool]) -> None:
        """The reports' facts, provenance links and report nodes, and the entities no report names any more,
        except those the batch names again (`named`: IRI → true): they stay, to be merged, not made anew."""
        for type_ in self.schema.relations:
            tx.run(
                _cypher(f"UNWIND $sources AS s MATCH ()-[r:{type_} {{source: s}}]->() DELETE r"), sources=sources
            ).consume()
        tx.run(
            _cypher(_REMOVE_PROVENANCE.format(provenance=self.schema.provenance)), sources=sources, named=named
        ).consume()

    # ---- questions ---------------------------------------------------------------------
    def cypher(self, text: str, params: dict[str, Any] | None = None) -> list[Row]:
        records, _, keys = self.driver.execute_query(
            _cypher(text), params or {}, database_=self.database, routing_=RoutingControl.READ
        )
        return [dict(zip(keys, record.values(), strict=True)) for record in records]

    def read_cypher(
        self,
        text: str,
        params: dict[str, Any],
        *,
        cap: int,
        timeout: float,
        check_plan: Callable[[list[tuple[str, str]]], None] | None = None,
    ) -> tuple[list[Row], bool]:
        """User Cypher in a READ session, with a server-side timeout; at most `cap` rows.
        `check_plan` sees the EXPLAIN plan's operators (type, details) first and may refuse it. The
        driver's errors come out as the store's: QueryTimeout, QueryFailed, StoreDown."""
        rows: list[Row] = []
        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                if check_plan is not None:
                    plan = session.run(Query(_cypher("EXPLAIN " + text), timeout=timeout), params).consume().plan
                    check_plan(list(_operators(plan or {})))
                result = session.run(Query(_cypher(text), timeout=timeout), params)
                for record in result:
                    if len(rows) == cap:
                        return rows, True
                    rows.append(_plain(record.data()))
        except (ServiceUnavailable, SessionExpired) as err:
            raise StoreDown(f"Neo4j does not answer: {err}") from err
        except Neo4jError as err:
            if "TransactionTimedOut" in (err.code or ""):
                raise QueryTimeout(f"the query ran past {timeout:g} s and was stopped") from err
            raise QueryFailed(f"the query failed: {err.message or err}") from err
        return rows, False

    def query(self, name: str, params: Params) -> list[Row]:
        query = get_query(name)
        try:
            keys, text = self._collected(query)
            [answer] = self.cypher(text, query.bind(params))
        except (ServiceUnavailable, SessionExpired) as err:
            raise StoreDown(f"Neo4j does not answer: {err}") from err
        return [dict(zip(keys, values, strict=True)) for values in answer["rows"]]

    def _collected(self, query: NamedQuery) -> tuple[list[str], str]:
        """The named query's columns, and the query run as written inside a subquery whose rows come back as
        lists in one record: the driver reads every record with two socket reads, which were most of an
        entity page's 9 ms for 259 facts (4.7 ms collected)."""
        if (collected := self._collected_texts.get(query.name)) is None:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                keys = session.run(_cypher("EXPLAIN " + query.cypher), dict.fromkeys(query.params)).keys()
            row = ", ".join(f"`{key}`" for key in keys)
            collected = (list(keys), f"CALL () {{\n{query.cypher}\n}}\nRETURN collect([{row}]) AS rows")
            self._collected_texts[query.name] = collected
        return collected

    def ping(self) -> None:
        try:
            self.driver.execute_query("RETURN 1", database_=self.database, routing_=RoutingControl.READ)
        except (ServiceUnavailable, SessionExpired) as err:
            raise StoreDown(f"Neo4j does not answer: {err}") from err

    def clear(self) -> None:
        # CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
        with self.driver.session(database=self.database) as session:
            # Relationships first: deleting a hub node (a province) with all its relationships in
            # one inner transaction would exceed the transaction memory.
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()

    def close(self) -> None:
        self.driver.close()


# Node properties are set from the latest report; aliases accumulate over reports. SET items apply
# in order, so the aliases are read before `+=` writes them.
_MERGE_NODES = """
UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
WITH n, row, coalesce(n.aliases, []) AS known
SET n:{entity}, n += row.props, n.aliases = known + [a IN row.aliases WHERE NOT a IN known]
RETURN collect([row.id, elementId(n)]) AS elements
"""
_LINK_PROVENANCE = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.node
MATCH (r) WHERE elementId(r) = row.report
CREATE (n)-[:{provenance}]->(r)
"""
_CREATE_FACTS = """
UNWIND $rows AS row
MATCH (h) WHERE elementId(h) = row.head
MATCH (t) WHERE elementId(t) = row.tail
CREATE (h)-[r:{type} {{id: row.id}}]->(t)
SET r += row.props
"""
# A report's old entities lose their link to it; those no report mentions any more go.
_REMOVE_PROVENANCE = """
UNWIND $sources AS s
MATCH (r:SourceReport {{id: s}})
OPTIONAL MATCH (n)-[p:{provenance}]->(r)
DELETE p
WITH DISTINCT r, n
CALL (n) {{ WITH n WHERE n IS NOT NULL AND $named[n.id] IS NULL AND NOT (n)-[:{provenance}]->() DETACH DELETE n }}
WITH DISTINCT r
DETACH DELETE r
"""


def _operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield str(plan.get("operatorType", "")), str((plan.get("args") or {}).get("Details", ""))
    for child in plan.get("children") or []:
        yield from _operators(child)


def _cypher(text: str) -> LiteralString:
    """Statements here are built from the ontology's labels and types or read from cypher/,
    never from user input; parameters always travel separately."""
    return cast(LiteralString, text)


def _plain(value: Any) -> Any:
    """Records as JSON-ready values: nodes and relationships become their properties."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores no nulls: a missing value is an absent property."""
    return {k: v for k, v in props.items() if v is not None}


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
