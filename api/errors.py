"""One status code per kind of error, for every route: the caller's unknown term (422), no such entity
(404), a store that does not answer (503 with Retry-After)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import BaseModel

from kg_builder.briefing import BriefError
from kg_builder.service import NotFound, UnknownTerm
from kg_builder.service.ask import SUPPORTED, NotUnderstood
from kg_builder.store import StoreDown
from kg_builder.store.queries import QueryError


class Problem(BaseModel):
    """Every error answer: FastAPI's validation errors (a list), or what went wrong (a sentence, or an
    object with the supported forms)."""

    detail: str | dict[str, Any] | list[dict[str, Any]]


# What each error status means on any route that can answer it; a route's own description wins.
_MEANINGS = {
    404: "no such entity, page or file",
    413: "the request body is larger than the cap (before it is read)",
    422: "a parameter is malformed, or names a term the vocabularies do not know",
    503: "the store or a resource does not answer; Retry-After says when to try again",
}


def document(routers: list[APIRouter]) -> None:
    """Every route's OpenAPI lists the error statuses it can answer, each with the Problem body:
    422 where it takes parameters, 404 where its path names something, 413 where it takes a body,
    503 everywhere (the store may be down); its own declared statuses get the Problem body too."""
    for route in (r for router in routers for r in router.routes):
        if not isinstance(route, APIRoute):
            continue
        codes = {503}
        if route.dependant.query_params or route.dependant.path_params or route.body_field:
            codes.add(422)
        if route.dependant.path_params:
            codes.add(404)
        if (route.methods or set()) & {"POST", "PUT", "PATCH"}:
            codes.add(413)
        for status in codes:
            route.responses.setdefault(status, {"description": _MEANINGS[status]})
        for key, answer in route.responses.items():
            if int(key) >= 400:
                answer.setdefault("model", Problem)


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
