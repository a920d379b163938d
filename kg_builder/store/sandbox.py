"""User SPARQL where it can be stopped: worker processes over a snapshot of the embedded store.

Oxigraph evaluates a query inside one call that Python cannot interrupt (an ORDER BY over a
three-way product runs for minutes), so queries that come from users run in a worker process,
and the caller kills the worker when the deadline passes. A worker opens a snapshot of the
store (a RocksDB checkpoint: hard links, made after each load) read-only, because opening the
live store read-only while this process writes it is undefined behaviour. At most `workers`
queries run at once; a caller waits for a free worker until the deadline, then gets QueryBusy.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

Row = dict[str, Any]


class QueryTimeout(RuntimeError):
    """The query ran past its deadline and was stopped."""


class QueryBusy(RuntimeError):
    """Every worker stayed busy until the deadline."""


class QueryFailed(ValueError):
    """The store refused the query (syntax, a form it does not answer ...)."""


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    import pyoxigraph as ox

    from kg_builder.rdf import PREFIXES
    from kg_builder.store.embedded import solution_row

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
                conn.send(("ok", [{"answer": bool(result)}], False))
                continue
            if not isinstance(result, ox.QuerySolutions):
                conn.send(("error", "only SELECT and ASK queries are answered here"))
                continue
            names = [v.value for v in result.variables]
            rows: list[Row] = []
            truncated = False
            for solution in result:
                if len(rows) == cap:
                    truncated = True
                    break
                rows.append(solution_row(solution, names))
            conn.send(("ok", rows, truncated))
        except (SyntaxError, ValueError, OSError) as err:
            conn.send(("error", str(err)))


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.context = context
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None

    def connection(self) -> Connection:
        if self.process is None or not self.process.is_alive() or self.conn is None:
            self.stop()
            parent, child = self.context.Pipe()
            self.process = self.context.Process(target=_serve, args=(child,), daemon=True)  # type: ignore[attr-defined]
            self.process.start()
            child.close()
            self.conn = parent
        return self.conn

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None


class SparqlSandbox:
    def __init__(self, workers: int = 2) -> None:
        # forkserver: workers are forked from a clean server process, never from this one with
        # its threads and open RocksDB handles.
        context = multiprocessing.get_context("forkserver")
        self._all = [_Worker(context) for _ in range(workers)]
        self._free: queue.Queue[_Worker] = queue.Queue()
        for w in self._all:
            self._free.put(w)
        self._lock = threading.Lock()

    def run(self, snapshot: Path, text: str, *, cap: int, timeout: float) -> tuple[list[Row], bool]:
        try:
            worker = self._free.get(timeout=timeout)
        except queue.Empty:
            raise QueryBusy(f"every query worker stayed busy for {timeout:g} s; try again later") from None
        try:
            conn = worker.connection()
            conn.send((str(snapshot), text, cap))
            if not conn.poll(timeout):
                worker.stop()
                raise QueryTimeout(f"the query ran past {timeout:g} s and was stopped; narrow it or add a LIMIT")
            try:
                answer = conn.recv()
            except EOFError:
                worker.stop()
                raise QueryFailed("the query worker stopped while answering") from None
        finally:
            self._free.put(worker)
        if answer[0] == "error":
            raise QueryFailed(answer[1])
        return answer[1], answer[2]

    def close(self) -> None:
        for w in self._all:
            w.stop()
