"""A store that answers repeated questions from memory.

The graph changes only when something is loaded: a load or clear through this store empties the
cache at once; a load by another process (policykg build into the same Neo4j) shows after at
most `ttl` seconds. Cached rows are shared between callers, who must not change them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from kg_builder.graph import SourceGraph
from kg_builder.store import GraphStore, LoadReport, Row


class CachedStore:
    def __init__(self, inner: GraphStore, *, ttl: float = 30.0, size: int = 4096) -> None:
        self.inner = inner
        self.name = inner.name
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0  # counts invalidations, for caches of answers made from this one

    def _get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._entries.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._entries.clear()
            self.generation += 1

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        try:
            return self.inner.load(graphs)
        finally:
            self.invalidate()

    def query(self, name: str, params: dict[str, str | None]) -> list[Row]:
        return self._get(("query", name, tuple(sorted(params.items()))),
                         lambda: self.inner.query(name, params))

    def search(self, text: str, limit: int) -> list[Row]:
        return self._get(("search", text, limit), lambda: self.inner.search(text, limit))

    def entity(self, iri: str, label: str, *, facts: int = 500) -> Row | None:
        return self._get(("entity", iri, label, facts), lambda: self.inner.entity(iri, label, facts=facts))

    def neighbors(self, iris: list[str]) -> list[Row]:
        return self._get(("neighbors", tuple(iris)), lambda: self.inner.neighbors(iris))

    def last_load(self) -> str | None:
        return self._get(("last_load",), self.inner.last_load)

    def stats(self) -> dict[str, int]:
        return self._get(("stats",), self.inner.stats)

    def ping(self) -> None:
        self.inner.ping()

    def clear(self) -> None:
        try:
            self.inner.clear()
        finally:
            self.invalidate()

    def close(self) -> None:
        self.inner.close()
