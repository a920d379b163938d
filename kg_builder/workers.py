"""Work that must be stoppable, in worker processes the caller can kill.

A C extension (Oxigraph evaluating a query, spaCy and pkuseg reading a long text) runs inside one
call that Python cannot interrupt, and in a server it holds the GIL that every other request
needs. Such work runs here instead: in long-lived worker processes (forkserver: started clean,
never forked from a process with threads and open handles) that each serve one message at a
time over a pipe; the caller waits for an answer until its deadline, then kills the worker, which
is started again for the next message. At most `count` messages are served at once; a caller
waits for a free worker until the deadline, then gets Busy. Workers run at a lower priority than
the process that calls them, so that a server stays responsive while they work.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from kg_builder import errors

# A worker's loop: read a message, send ("ok", answer) or ("error", exception), until None comes.
Serve = Callable[[Connection], None]


_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def leave_network() -> bool:
    """Move this process into a network namespace of its own; True when it did. With CAP_SYS_ADMIN
    that is CLONE_NEWNET alone; otherwise inside a new user namespace, which the kernel allows to a
    process with one thread."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return any(libc.unshare(flags) == 0 for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET))


class Busy(errors.Busy):
    """Every worker stayed busy until the deadline."""


class TimedOut(errors.TimedOut):
    """The work ran past its deadline and its worker was stopped."""


class WorkerFailed(errors.BadInput):
    """The worker refused the work, or died doing it."""


_NICENESS = 10  # below the calling server's priority


def _run(serve: Serve, conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    # Below the server's priority: on a busy machine the event loop (and /health) is served first.
    os.nice(_NICENESS)
    serve(conn)


class _Worker:
    def __init__(self, context: BaseContext, serve: Serve, recycle_after: int) -> None:
        self.context, self.serve, self.recycle_after = context, serve, recycle_after
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.served = 0

    def connection(self) -> Connection:
        if self.served >= self.recycle_after:  # a long-lived process keeps the memory it once needed
            self.stop()
        if self.process is None or not self.process.is_alive() or self.conn is None:
            self.stop()
            parent, child = self.context.Pipe()
            self.process = self.context.Process(target=_run, args=(self.serve, child), daemon=True)  # type: ignore[attr-defined]
            self.process.start()
            child.close()
            self.conn = parent
        self.served += 1
        return self.conn

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn, self.served = None, None, 0


class Workers:
    def __init__(self, serve: Serve, count: int, *, recycle_after: int = 1_000_000) -> None:
        context = multiprocessing.get_context("forkserver")
        self._all = [_Worker(context, serve, recycle_after) for _ in range(count)]
        self._free: queue.Queue[_Worker] = queue.Queue()
        for w in self._all:
            self._free.put(w)

    def call(self, message: Any, *, timeout: float, what: str) -> Any:
        """The worker's answer to `message`; `what` names the work in the errors."""
        try:
            worker = self._free.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"every worker stayed busy for {timeout:g} s; try again later") from None
        try:
            conn = worker.connection()
            conn.send(message)
            if not conn.poll(timeout):
                worker.stop()
                raise TimedOut(f"the {what} ran past {timeout:g} s and was stopped")
            try:
                answer = conn.recv()
            except EOFError:
                worker.stop()
                raise WorkerFailed(f"the worker stopped during the {what}") from None
        finally:
            self._free.put(worker)
        if answer[0] == "error":
            raise answer[1]
        return answer[1]

    def close(self) -> None:
        for w in self._all:
            w.stop()
