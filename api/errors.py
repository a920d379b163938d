"""One status code per kind of error, for every route: the caller's unknown term (422), no such entity
(404), a store that does not answer (503 with Retry-After)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from kg_builder.briefing import BriefError
from kg_builder.service import NotFound, UnknownTerm
from kg_builder.service.ask import SUPPORTED, NotUnderstood
from kg_builder.store import StoreDown
from kg_builder.store.queries import QueryError


def _detail(status: int, detail: object, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail}, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(UnknownTerm)
    @app.exception_handler(QueryError)
    async def unknown_term(request: Request, err: Exception) -> JSONResponse:
        """A topic, genre, province, issuer level or query parameter the vocabularies do not know."""
        return _detail(422, str(err))

    @app.exception_handler(NotUnderstood)
    async def not_understood(request: Request, err: Exception) -> JSONResponse:
        return _detail(422, {"message": f"no supported form matches {str(err)!r}", "supported": SUPPORTED})

    @app.exception_handler(NotFound)
    async def not_found(request: Request, err: Exception) -> JSONResponse:
        return _detail(404, str(err))

    @app.exception_handler(BriefError)
    async def cannot_draw(request: Request, err: Exception) -> JSONResponse:
        return _detail(503, str(err))

    @app.exception_handler(StoreDown)
    async def store_down(request: Request, err: Exception) -> JSONResponse:
        return _detail(503, str(err), {"Retry-After": "30"})

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def neo4j_down(request: Request, err: Exception) -> JSONResponse:
        return _detail(503, f"Neo4j does not answer: {err}", {"Retry-After": "30"})
