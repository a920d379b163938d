"""The FastAPI app: one store and one query service for the app's life, the routers included.

Nothing happens at import time: create_app builds the app, the lifespan opens the store.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from api import errors, routes
from api.explorer import explorer_router
from api.guard import CappedBodies, KeyedUploads
from api.readonly import parse_sparql
from api.response_cache import ResponseCache
from api.routes.documents import MAX_UPLOAD
from api.routes.raw import MAX_QUERY_BODY
from kg_builder.service import QueryService
from kg_builder.service.semantic import Embeddings
from kg_builder.settings import Settings, get_settings
from kg_builder.store import GraphStore, open_store
from kg_builder.store.cache import CachedStore
from kg_builder.uploads import UploadExtractor


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app over `store`, or over the store the settings name (opened in the lifespan)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        inner = store or open_store(settings, serving=True)
        app.state.store = CachedStore(inner, ttl=settings.api_cache_seconds)
        app.state.service = QueryService(app.state.store, Embeddings.of(settings))
        app.state.raw_slots = asyncio.Semaphore(settings.api_raw_concurrency)
        app.state.uploads = UploadExtractor(1)
        app.state.upload_slots = asyncio.Semaphore(app.state.uploads.workers)
        parse_sparql("ASK {}")  # the SPARQL parser builds itself now, not under the first requests
        try:
            yield
        finally:
            app.state.uploads.close()
            if store is None:
                inner.close()

    app = FastAPI(
        title="policykg",
        version="0.1.0",
        docs_url=None,  # served from the installed Swagger UI (api/explorer.py), not a CDN
        redoc_url=None,  # ReDoc comes only from a CDN: not served
        lifespan=lifespan,
        description="Questions about Chinese education-informatization policy texts: who issued "
        "what, where and when, with the evidence for every fact.",
    )
    app.state.settings = settings
    reads = routes.reads()
    app.add_middleware(ResponseCache, paths=_get_paths(reads))
    # the multipart framing around an upload's file besides; a raw query's JSON needs far less
    app.add_middleware(CappedBodies, default=MAX_QUERY_BODY, limits={"/documents": MAX_UPLOAD + 64_000})
    app.add_middleware(KeyedUploads, path="/documents", key=lambda: settings.api_key)  # outside: the key first
    # Neo4j Browser (another origin) fetches the style and guide; dashboards may read answers. Reads only.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    errors.install(app)
    routers = [*routes.others(), *reads, explorer_router(settings)]
    errors.document(routers)
    for router in routers:
        app.include_router(router)
    return app


def _get_paths(routers: list[APIRouter]) -> tuple[str, ...]:
    """The path prefixes of the routers' GET routes (up to their first parameter)."""
    return tuple(
        sorted(
            {
                route.path.split("{", 1)[0]
                for router in routers
                for route in router.routes
                if isinstance(route, APIRoute) and "GET" in (route.methods or ())
            }
        )
    )
