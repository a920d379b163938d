"""Graph stores behind one interface: the embedded RDF store (default) and Neo4j."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg_builder.graph import SourceGraph

Row = dict[str, Any]


@dataclass
class LoadReport:
    sources: int = 0
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


class GraphStore(Protocol):
    name: str

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        """Replace each source's facts with these (idempotent; other sources' facts stay)."""
        ...

    def query(self, name: str, params: dict[str, str | None]) -> list[Row]:
        """Run a named query (cypher/queries) with its parameters."""
        ...

    def stats(self) -> dict[str, int]:
        """Counts of nodes by label and relationships by type."""
        ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
