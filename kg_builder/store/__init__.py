"""Graph stores behind one interface: the embedded RDF store (default) and Neo4j."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg_builder.errors import Unavailable
from kg_builder.graph import SourceGraph
from kg_builder.settings import Settings
from kg_builder.workers import Busy, TimedOut, WorkerFailed

Row = dict[str, Any]
Params = Mapping[str, str | None]  # a named query's parameters: a value or None


@dataclass
class LoadReport:
    sources: int = 0
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def __iadd__(self, other: LoadReport) -> LoadReport:
        self.sources += other.sources
        self.nodes += other.nodes
        self.relationships += other.relationships
        self.batches += other.batches
        self.seconds += other.seconds
        self.failures += other.failures
        return self


class GraphStore(Protocol):
    name: str

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        """Replace each source's facts with these (idempotent; other sources' facts stay)."""
        ...

    def query(self, name: str, params: Params) -> list[Row]:
        """Run a named query (cypher/queries) with its parameters: every read of the graph is one."""
        ...

    def ping(self) -> None:
        """Return when the store answers; raise StoreDown when it does not."""
        ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


class StoreUnavailable(Unavailable):
    """The configured store cannot be opened; the message says how to fix it."""


class StoreDown(Unavailable):
    """An opened store stopped answering (Neo4j stopped or unreachable); try again later."""

    exit_code = 1  # work was under way: some of it may be done


class QueryTimeout(TimedOut):
    """A user's query ran past its deadline and was stopped."""


class QueryBusy(Busy):
    """Every query worker stayed busy until the deadline."""


class QueryFailed(WorkerFailed):
    """The store refused a user's query (syntax, a form it does not answer ...)."""

    status = 400


STORE_KINDS = ("embedded", "neo4j")


def open_store(
    settings: Settings,
    kind: str | None = None,
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    serving: bool = False,
) -> GraphStore:
    """The embedded store by default; Neo4j when asked for or when a Neo4j URI is configured. A process
    `serving` many questions (the API) has the embedded store answer them from a copy in memory when
    it fits in `embedded_memory_mb`; copying costs one command more than it saves."""
    kind = kind or ("neo4j" if (uri or settings.neo4j_uri) else settings.store)
    if kind == "embedded":
        from kg_builder.store.embedded import EmbeddedStore

        try:
            return EmbeddedStore(settings.store_dir, memory_mb=settings.embedded_memory_mb if serving else 0)
        except OSError as err:
            raise StoreUnavailable(
                f"the embedded store in {settings.store_dir} cannot be opened "
                f"(is another policykg process using it?): {err}"
            ) from err
    if kind == "neo4j":
        from neo4j.exceptions import AuthError, ServiceUnavailable

        from kg_builder.store.neo4j import Neo4jStore
        from kg_builder.store.neo4j_server import Neo4jServer, Neo4jServerError

        server = Neo4jServer(settings)
        uri = uri or settings.neo4j_uri or server.bolt_uri
        try:
            secret = password or server.password()
            return Neo4jStore(uri, user or settings.neo4j_user, secret, batch_size=settings.load_batch_size)
        except (ServiceUnavailable, OSError) as err:
            raise StoreUnavailable(
                f"no Neo4j answers at {uri}; start one with `policykg neo4j start` or give --uri ({err})"
            ) from err
        except AuthError as err:
            raise StoreUnavailable(f"Neo4j at {uri} refused the credentials: {err.message}") from err
        except Neo4jServerError as err:
            raise StoreUnavailable(str(err)) from err
    raise StoreUnavailable(f"unknown store {kind!r}; use one of {', '.join(STORE_KINDS)}")
