"""One status code per kind of error, for every route, read from the error's class (kg_builder/errors.py):
the caller's unknown term (422), no such entity (404), a store that does not answer (503 with Retry-After)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from kg_builder.errors import PolicyKGError


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
        queries, paths = _parameters(route.dependant)
        if queries or paths or route.body_field:
            codes.add(422)
        if paths:
            codes.add(404)
        if (route.methods or set()) & {"POST", "PUT", "PATCH"}:
            codes.add(413)
        for status in codes:
            route.responses.setdefault(status, {"description": _MEANINGS[status]})
        for key, answer in route.responses.items():
            if int(key) >= 400:
                answer.setdefault("model", Problem)


def _parameters(dependant: Dependant) -> tuple[bool, bool]:
    """Whether a route takes query parameters and path parameters, its dependencies' (FiltersDep) included."""
    queries = paths = False
    pending = [dependant]
    while pending:
        current = pending.pop()
        queries, paths = queries or bool(current.query_params), paths or bool(current.path_params)
        pending.extend(current.dependencies)
    return queries, paths


def _detail(status: int, detail: object, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail}, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(PolicyKGError)
    async def policykg_error(request: Request, err: Exception) -> JSONResponse:
        """Any policykg error: its class says the status, Retry-After when trying again may work."""
        assert isinstance(err, PolicyKGError)
        headers = {"Retry-After": str(err.retry_after)} if err.retry_after else None
        return _detail(err.status, err.detail(), headers)
