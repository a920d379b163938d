"""Dependencies: the store opened once per app (in the lifespan), as a typed alias for routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg_builder.store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]
