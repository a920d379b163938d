"""Raw, read-only queries in the store's own language: Cypher on Neo4j, SPARQL on the embedded store."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from api.deps import SettingsDep, StoreDep
from api.guard import key_matches
from api.models import RawQuery, RawResult
from api.readonly import check_cypher, check_plan, check_sparql
from api.slots import in_slot
from kg_builder.errors import PolicyKGError
from kg_builder.settings import Settings
from kg_builder.store import GraphStore, QueryFailed
from kg_builder.store.cache import CachedStore
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j import Neo4jStore
from kg_builder.store.queries import bind_values

router = APIRouter(tags=["raw queries"])
_BUSY = "every raw-query slot stayed busy"
MAX_QUERY_BODY = 256_000  # a query of 20,000 characters in UTF-8 JSON, with room for its parameters


def _allowed(request: Request, settings: Settings) -> None:
    # Header values arrive decoded as latin-1; the key is compared on their bytes.
    key = request.headers.get("x-api-key", "").encode("latin-1") or None
    if settings.api_raw_queries == "off":
        raise HTTPException(403, "raw queries are turned off on this server (POLICYKG_API_RAW_QUERIES=off)")
    if settings.api_raw_queries == "key" and not key_matches(key, settings.api_key):
        raise HTTPException(401, "raw queries need the X-API-Key header on this server")


def _backend(store: GraphStore) -> GraphStore:
    """The store under the answer cache: raw queries are never cached."""
    return store.inner if isinstance(store, CachedStore) else store


@router.post(
    "/cypher",
    response_model=RawResult,
    responses={
        400: {"description": "the query failed (syntax, or the server refused it)"},
        401: {"description": "raw queries need X-API-Key on this server"},
        403: {"description": "the query would write, load data or administer the server; or raw queries are off"},
        409: {"description": "this service runs on the embedded store: use /sparql"},
        503: {"description": "every raw-query slot is busy, or Neo4j does not answer; retry"},
        504: {"description": "the query ran past the deadline and was stopped"},
    },
)
async def cypher(request: Request, store: StoreDep, settings: SettingsDep, body: RawQuery) -> RawResult:
    """Read-only, parameterised Cypher on the Neo4j store, with a timeout and a row cap. Writes, LOAD CSV,
    admin commands (SHOW, TERMINATE, USE) and procedures other than the full-text index and schema ones
    are refused (403), by the query's text and by its plan."""
    _allowed(request, settings)
    inner = _backend(store)
    if not isinstance(inner, Neo4jStore):
        raise HTTPException(
            409, f"/cypher answers on the Neo4j store; this service uses the {store.name} store: use /sparql"
        )

    def run() -> tuple[list[dict[str, object]], bool]:
        check_cypher(body.query)
        return inner.read_cypher(
            body.query, body.params, cap=settings.api_row_cap, timeout=settings.api_query_timeout, check_plan=check_plan
        )

    rows, truncated = await in_slot(request.app.state.raw_slots, settings.api_query_timeout, run, busy=_BUSY)
    return RawResult(rows=rows, truncated=truncated)


@router.post(
    "/sparql",
    response_model=RawResult,
    responses={
        400: {"description": "the query failed (syntax, or the store refused it)"},
        401: {"description": "raw queries need X-API-Key on this server"},
        403: {"description": "an update, LOAD or SERVICE; or raw queries are off"},
        409: {"description": "this service runs on the Neo4j store: use /cypher"},
        422: {"description": "CONSTRUCT or DESCRIBE, or a malformed body"},
        503: {"description": "every query worker is busy; retry"},
        504: {"description": "the query ran past the deadline and was stopped"},
    },
)
async def sparql(request: Request, store: StoreDep, settings: SettingsDep, body: RawQuery) -> RawResult:
    """Read-only SPARQL (SELECT, ASK) on the embedded store, run in a worker process with a deadline and a
    row cap; updates, LOAD and SERVICE are refused (403). Parameters bind ?p_name variables."""
    _allowed(request, settings)
    inner = _backend(store)
    if not isinstance(inner, EmbeddedStore):
        raise HTTPException(
            409, f"/sparql answers on the embedded store; this service uses the {store.name} store: use /cypher"
        )
    params = {k: None if v is None else str(v) for k, v in body.params.items()}

    def run() -> tuple[list[dict[str, object]], bool]:
        # the parameters are bound first, so that the text checked is the text run
        text = check_sparql(bind_values(body.query, params))
        return inner.read_sparql(
            text, cap=settings.api_row_cap, timeout=settings.api_query_timeout, workers=settings.api_raw_concurrency
        )

    try:
        rows, truncated = await in_slot(request.app.state.raw_slots, settings.api_query_timeout, run, busy=_BUSY)
    except PolicyKGError:
        raise  # refused (403), malformed (422), too slow (504), busy (503): their classes say
    except (SyntaxError, ValueError, OSError) as err:  # the SPARQL parser's own errors
        raise QueryFailed(f"the query failed: {err}") from err
    return RawResult(rows=rows, truncated=truncated)
