"""A store that answers repeated questions from memory.

The graph changes only when something is loaded: a load or clear through this store empties the
cache at once; a load by another process (policykg build into the same Neo4j) shows after at
most `ttl` seconds. Cached rows are shared between callers, who must not change them. When an
entry is missing or expired, one caller computes it and the others asking for it meanwhile wait
for that answer (no stampede of the same query when a popular entry expires).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from typing import Generic, TypeVar

from kg_builder.graph import SourceGraph
from kg_builder.store import GraphStore, LoadReport, Params, Row

V = TypeVar("V")


class SingleFlight(Generic[V]):
    """A bounded LRU of values with a time to live, each computed once however many callers ask."""

    def __init__(self, *, ttl: float, size: int) -> None:
        self.ttl = ttl
        self.size = size
        self.generation = 0  # counts invalidations
        self._entries: OrderedDict[Hashable, tuple[float, int, V]] = OrderedDict()
        self._running: dict[Hashable, Future[V]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and time.monotonic() - hit[0] < self.ttl and hit[1] == self.generation:
                self._entries.move_to_end(key)
                return hit[2]
            running = self._running.get(key)
            owner = running is None
            if running is None:
                running = self._running[key] = Future()
            generation = self.generation
        if not owner:
            return running.result()
        try:
            value = compute()
        except BaseException as err:
            running.set_exception(err)
            raise
        finally:
            with self._lock:
                self._running.pop(key, None)
        with self._lock:
            if generation == self.generation:  # a load meanwhile makes the answer stale
                self._entries[key] = (time.monotonic(), generation, value)
                if len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        running.set_result(value)
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._entries.clear()
            self.generation += 1


class CachedStore:
    def __init__(self, inner: GraphStore, *, ttl: float = 30.0, size: int = 4096) -> None:
        self.inner = inner
        self.name = inner.name
        self.answers: SingleFlight[list[Row]] = SingleFlight(ttl=ttl, size=size)

    @property
    def ttl(self) -> float:
        return self.answers.ttl

    @property
    def generation(self) -> int:
        """Counts invalidations, for caches of answers made from this one."""
        return self.answers.generation

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        try:
            return self.inner.load(graphs)
        finally:
            self.answers.invalidate()

    def query(self, name: str, params: Params) -> list[Row]:
        key = tuple(sorted(params.items()))
        return self.answers.get((name, key), lambda: self.inner.query(name, params))

    def ping(self) -> None:
        self.inner.ping()

    def clear(self) -> None:
        try:
            self.inner.clear()
        finally:
            self.answers.invalidate()

    def close(self) -> None:
        self.inner.close()
