"""Is the service up, and what does the graph hold."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServiceDep, StoreDep
from api.models import Health
from kg_builder.service.answers import Stats

router = APIRouter(tags=["status"])


@router.get("/health", response_model=Health, responses={503: {"description": "the store does not answer"}})
def health(store: StoreDep) -> Health:
    """ok when the store answers a query; 503 with Retry-After when it does not."""
    store.ping()
    return Health(status="ok", store=store.name)


@router.get("/stats", response_model=Stats)
def stats(service: ServiceDep) -> Stats:
    return service.stats()
