"""User SPARQL where it can be stopped: worker processes over a snapshot of the embedded store.

Oxigraph evaluates a query inside one call that Python cannot interrupt (an ORDER BY over a
three-way product runs for minutes), so queries that come from users run in a worker process,
and the caller kills the worker when the deadline passes. A worker opens a snapshot of the
store (a RocksDB checkpoint: hard links, made after each load) read-only, because opening the
live store read-only while this process writes it is undefined behaviour. At most `workers`
queries run at once; a caller waits for a free worker until the deadline, then gets QueryBusy.

A worker has no network: it moves into a network namespace of its own (only a loopback that is
down) before it reads a query, so a SERVICE clause that got past the API's check reaches nothing.
That needs CAP_SYS_ADMIN or unprivileged user namespaces (Linux allows them by default); where the
kernel refuses both, each worker says so on stderr as it starts, and the check alone stands.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg_builder.store import QueryBusy, QueryFailed, QueryTimeout
from kg_builder.workers import Busy, TimedOut, Workers, leave_network

Row = dict[str, Any]


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    if not leave_network():
        print("policykg: the SPARQL worker could not leave the network (no namespaces here)", file=sys.stderr)
    import pyoxigraph as ox

    from kg_builder.rdf import PREFIXES
    from kg_builder.store.terms import solution_row

    opened: tuple[str, ox.Store] | None = None
    while True:
        message = conn.recv()
        if message is None:
            return
        snapshot, text, cap = message
        try:
            if opened is None or opened[0] != snapshot:
                opened = (snapshot, ox.Store.read_only(snapshot))
            result = opened[1].query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                conn.send(("ok", ([{"answer": bool(result)}], False)))
                continue
            if not isinstance(result, ox.QuerySolutions):
                conn.send(("error", QueryFailed("only SELECT and ASK queries are answered here")))
                continue
            names = [v.value for v in result.variables]
            rows: list[Row] = []
            truncated = False
            for solution in result:
                if len(rows) == cap:
                    truncated = True
                    break
                rows.append(solution_row(solution, names))
            conn.send(("ok", (rows, truncated)))
        except (SyntaxError, ValueError, OSError) as err:
            conn.send(("error", QueryFailed(str(err))))


class SparqlSandbox:
    def __init__(self, workers: int = 2) -> None:
        self._workers = Workers(_serve, workers)

    def run(self, snapshot: Path, text: str, *, cap: int, timeout: float) -> tuple[list[Row], bool]:
        try:
            rows, truncated = self._workers.call((str(snapshot), text, cap), timeout=timeout, what="query")
        except TimedOut:
            raise QueryTimeout(f"the query ran past {timeout:g} s and was stopped; narrow it or add a LIMIT") from None
        except Busy:
            raise QueryBusy(f"every query worker stayed busy for {timeout:g} s; try again later") from None
        return rows, truncated

    def close(self) -> None:
        self._workers.close()
