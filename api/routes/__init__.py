"""The API's routes, one module per resource; each a router over typed dependencies (api/deps.py).

reads() are the routers whose GET answers depend only on the graph and the request: the response
cache (api/response_cache.py) keeps exactly their paths.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import documents, entities, provinces, questions, raw, status


def reads() -> list[APIRouter]:
    return [provinces.router, documents.router, entities.router, entities.typed_pages(), questions.router]


def others() -> list[APIRouter]:
    return [status.router, raw.router, documents.uploads]
