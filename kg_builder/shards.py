"""Parquet shards: the hand-off format between extraction, by any engine, and loading.

A shard directory holds three tables, each a directory of Parquet files of any partitioning:

- reports/   source (the report's key), iri, props: one row per source report
- entities/  source, iri, label, props: one row per entity record a report contributes
- facts/     source, iri, type, head, tail, props: one row per fact, its evidence in props

`props` is a JSON object of the record's properties (names as in Neo4j: kg_builder/graph.py).
`policykg extract --shards DIR` writes them in one process or on worker processes, `--engine dask`
or `--engine ray` on a cluster; a Spark job that writes the same columns loads the same way
(`policykg load DIR`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kg_builder.errors import BadInput
from kg_builder.graph import Edge, Node, SourceGraph

SCHEMAS = {
    "reports": pa.schema([("source", pa.string()), ("iri", pa.string()), ("props", pa.string())]),
    "entities": pa.schema(
        [("source", pa.string()), ("iri", pa.string()), ("label", pa.string()), ("props", pa.string())]
    ),
    "facts": pa.schema(
        [
            ("source", pa.string()),
            ("iri", pa.string()),
            ("type", pa.string()),
            ("head", pa.string()),
            ("tail", pa.string()),
            ("props", pa.string()),
        ]
    ),
}


class ShardError(BadInput):
    """A shard directory that is missing a table or has other columns."""


def _json(props: dict[str, Any]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True)


def records(graphs: Iterable[SourceGraph]) -> dict[str, list[dict[str, str]]]:
    """The three tables' rows for these reports."""
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in SCHEMAS}
    for sg in graphs:
        source = sg.report.props["name"]
        tables["reports"].append({"source": source, "iri": sg.report.iri, "props": _json(sg.report.props)})
        tables["entities"] += [
            {"source": source, "iri": n.iri, "label": n.label, "props": _json(n.props)} for n in sg.nodes
        ]
        tables["facts"] += [
            {"source": source, "iri": e.iri, "type": e.type, "head": e.head, "tail": e.tail, "props": _json(e.props)}
            for e in sg.edges
        ]
    return tables


def write_part(graphs: Iterable[SourceGraph], target: Path, part: str) -> None:
    """One part file per table (part-NAME.parquet) with these reports."""
    write_records(records(graphs), target, part)


def write_records(tables: dict[str, list[dict[str, str]]], target: Path, part: str) -> None:
    """One part file per table (part-NAME.parquet) with these rows."""
    for name, rows in tables.items():
        (target / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]), target / name / f"part-{part}.parquet")


def _table(target: Path, name: str) -> list[dict[str, Any]]:
    folder = target / name
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        raise ShardError(f"{target}: no {name}/*.parquet; a shard directory has reports/, entities/ and facts/")
    rows: list[dict[str, Any]] = []
    for path in files:
        table = pq.read_table(path)
        missing = set(SCHEMAS[name].names) - set(table.column_names)
        if missing:
            raise ShardError(f"{path}: no column {', '.join(sorted(missing))}")
        rows += table.select(SCHEMAS[name].names).to_pylist()
    return rows


def read(target: Path) -> Iterator[SourceGraph]:
    """The reports of a shard directory as graph records, in the order of their keys."""
    reports = {row["source"]: row for row in _table(target, "reports")}
    entities: dict[str, list[Node]] = defaultdict(list)
    for row in _table(target, "entities"):
        entities[row["source"]].append(Node(row["iri"], row["label"], json.loads(row["props"])))
    facts: dict[str, list[Edge]] = defaultdict(list)
    for row in _table(target, "facts"):
        if row["source"] not in reports:
            raise ShardError(f"{target}: fact {row['iri']} comes from {row['source']!r}, which reports/ does not have")
        report = reports[row["source"]]["iri"]
        facts[row["source"]].append(
            Edge(row["iri"], row["type"], row["head"], row["tail"], report, json.loads(row["props"]))
        )
    for source in sorted(reports):
        row = reports[source]
        yield SourceGraph(Node(row["iri"], "SourceReport", json.loads(row["props"])), entities[source], facts[source])
