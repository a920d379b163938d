"""A first, large graph into Neo4j with `neo4j-admin database import full`.

The shards' records become CSV files, one per node label and one per relationship type, with
headers from the ontology's mapping (Neo4j property names; lists as string[], offsets as int) and
the IRIs as ids, exactly the nodes and relationships the transactional loader makes: every entity
is an Entity too, links to the reports that name it (EXTRACTED_FROM), takes its properties from
the last report that names it and the aliases of all. The server is stopped for the import (it
replaces the database), started again, given cypher/schema.cypher, and the counts are checked.
Later loads go through the transactional loader: a changed file still replaces its facts.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg_builder.graph import SourceGraph, as_loaded, described, load_time
from kg_builder.schema import load_schema
from kg_builder.store.neo4j_server import ADMIN, Neo4jServer, Neo4jServerError

_ARRAY = "\x1f"  # between the items of a list property: a character no name or sentence contains
_INT = {"start", "end"}


@dataclass
class BulkReport:
    nodes: int = 0  # entities and source reports
    facts: int = 0
    links: int = 0  # an entity's EXTRACTED_FROM its reports
    seconds: float = 0.0  # the import tool's run
    total_seconds: float = 0.0  # with the CSV files, the server's stop and start and the checks


def _kind(values: list[Any], name: str) -> str:
    if any(isinstance(v, list) for v in values):
        return "string[]"
    return "int" if name in _INT else "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _ARRAY.join(map(str, value))
    return str(value)


def _write(path: Path, fixed: list[str], rows: list[dict[str, Any]]) -> None:
    """A CSV with the fixed columns (already typed) and one per property of the rows."""
    names = sorted({k for row in rows for k in row["props"] if row["props"][k] is not None})
    header = fixed + [f"{n}:{_kind([r['props'].get(n) for r in rows], n)}" for n in names]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([*row["fixed"], *(_cell(row["props"].get(n)) for n in names)])


def write_csv(graphs: Iterable[SourceGraph], target: Path, report: BulkReport) -> tuple[list[Path], list[Path]]:
    """The node and relationship files for these reports; the report counts what they hold."""
    schema = load_schema()
    target.mkdir(parents=True, exist_ok=True)
    when = load_time()
    nodes: dict[str, dict[str, Any]] = {}  # iri → label, props
    reports: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for sg in graphs:
        reports.append({"fixed": [sg.report.iri], "props": {**as_loaded(sg).report.props, "loaded_at": when}})
        for node in sg.nodes:
            known = nodes.setdefault(node.iri, {"label": node.label, "props": {}})
            known["props"] = described(known["props"], node.props)
            links.append({"fixed": [node.iri, sg.report.iri], "props": {}})
        for edge in sg.edges:
            edges[edge.type].append(
                {"fixed": [edge.head, edge.tail, edge.iri], "props": {**edge.props, "source": edge.source}}
            )
    node_files, rel_files = [], []
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for iri, entity in nodes.items():
        by_label[entity["label"]].append({"fixed": [iri], "props": entity["props"]})
    for label, rows in sorted(by_label.items()):
        path = target / f"nodes-{label}.csv"
        _write(
            path,
            ["id:ID", ":LABEL"],
            [{**r, "fixed": [*r["fixed"], f"{label}{_ARRAY}{schema.entity_label}"]} for r in rows],
        )
        node_files.append(path)
    path = target / "nodes-SourceReport.csv"
    _write(path, ["id:ID", ":LABEL"], [{**r, "fixed": [*r["fixed"], "SourceReport"]} for r in reports])
    node_files.append(path)
    for type_, rows in sorted(edges.items()):
        path = target / f"relationships-{type_}.csv"
        _write(path, [":START_ID", ":END_ID", "id", ":TYPE"], [{**r, "fixed": [*r["fixed"], type_]} for r in rows])
        rel_files.append(path)
    path = target / f"relationships-{schema.provenance}.csv"
    unique_links = list({tuple(r["fixed"]): r for r in links}.values())
    _write(
        path,
        [":START_ID", ":END_ID", ":TYPE"],
        [{**r, "fixed": [*r["fixed"], schema.provenance]} for r in unique_links],
    )
    rel_files.append(path)
    report.nodes, report.links = len(nodes) + len(reports), len(unique_links)
    report.facts = sum(len(rows) for rows in edges.values())
    return node_files, rel_files


def _database_dirs(server: Neo4jServer) -> list[Path]:
    data = server.home / "data"
    return [data / "databases" / "neo4j", data / "transactions" / "neo4j"]


def bulk_import(
    server: Neo4jServer, graphs: Iterable[SourceGraph], *, log: Callable[[str], None] = print
) -> BulkReport:
    """A new database of these reports, made by the import tool; the server is running afterwards."""
    report = BulkReport()
    started = time.perf_counter()
    work = server.home / "import"
    node_files, rel_files = write_csv(graphs, work, report)
    log(
        f"bulk import: {report.nodes:,} nodes, {report.facts:,} facts and {report.links:,} provenance links in "
        f"CSV files in {work}"
    )
    if server.stop():
        log("bulk import: Neo4j stopped (the import replaces its database)")
    # The old database is set aside, and put back if the import fails: a bad import loses nothing.
    kept = [(d, d.with_name(d.name + ".before-import")) for d in _database_dirs(server) if d.exists()]
    for current, aside in kept:
        shutil.rmtree(aside, ignore_errors=True)
        current.rename(aside)
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.conf)}
    args = [
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination=true",
        f"--array-delimiter={_ARRAY}",
        "--multiline-fields=true",
        "--ignore-empty-strings=true",
        f"--report-file={work / 'import.report'}",  # beside its CSV files, not in the caller's directory
        *(f"--nodes={p}" for p in node_files),
        *(f"--relationships={p}" for p in rel_files),
    ]
    tool = time.perf_counter()
    done = subprocess.run(server.java_command(ADMIN, *args), capture_output=True, text=True, env=env)
    report.seconds = time.perf_counter() - tool
    if done.returncode != 0:
        for current, aside in kept:
            shutil.rmtree(current, ignore_errors=True)
            aside.rename(current)
        server.start()
        raise Neo4jServerError(
            f"neo4j-admin database import failed; the graph is as it was before:\n"
            f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    for _, aside in kept:
        shutil.rmtree(aside, ignore_errors=True)
    server.start()
    report.total_seconds = time.perf_counter() - started
    return report
