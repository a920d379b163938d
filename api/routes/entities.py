"""Entities: any entity's page, a page per type (from the ontology's pkg:pagePath), search, and the
graph around an entity for drawing."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query

from api.deps import FromQuery, ProvinceQuery, ServiceDep, ToQuery
from api.responses import AnswerJSON
from kg_builder.iri import kind_of
from kg_builder.schema import load_schema
from kg_builder.service.answers import EntityPage, SearchHit, Subgraph
from kg_builder.service.sentences import SentenceHit

router = APIRouter(tags=["entities"])


@router.get("/search", response_model=list[SearchHit])
def search(
    service: ServiceDep,
    q: str = Query(..., min_length=1, max_length=100, examples=["吉林省教育廳"]),
    limit: int = Query(20, ge=1, le=100),
) -> list[SearchHit]:
    """Names, aliases, titles and 文号; Simplified or Traditional input; best matches first."""
    return service.search(q, limit)


@router.get("/search/text", response_model=list[SentenceHit])
def search_text(
    service: ServiceDep,
    q: str = Query(..., min_length=1, max_length=200, examples=["IPv6 规模部署", "校外培训 监管"]),
    province: ProvinceQuery = None,
    issuer: str | None = Query(None, max_length=100, examples=["河北省教育厅"]),
    from_: FromQuery = None,
    to: ToQuery = None,
    limit: int = Query(20, ge=1, le=100),
) -> AnswerJSON:
    """What the texts say: the sentences that state facts, ranked by BM25 over the words asked (Simplified
    or Traditional) and, with the semantic extra, fused with the sentences nearest in meaning; each with
    where the words are (highlights), its document, issuer, province, date, source and the facts it states."""
    return AnswerJSON(service.search_text(q, province=province, issuer=issuer, from_=from_, to=to, limit=limit))


@router.get("/graph", response_model=Subgraph, responses={404: {"description": "no entity by that IRI or path"}})
def graph(
    service: ServiceDep,
    center: str = Query(..., description="an entity IRI or /entities path"),
    depth: int = Query(1, ge=1, le=3),
    types: str | None = Query(None, examples=["Province,Agency,Document"]),
    limit: int = Query(100, ge=1, le=500),
) -> AnswerJSON:
    """Nodes and edges around an entity, for drawing; breadth first, at most `limit` nodes."""
    wanted = {t.strip() for t in types.split(",")} if types else None
    return AnswerJSON(service.graph(center, depth=depth, types=wanted, limit=limit))


@router.get("/entities/{kind}/{key}", response_model=EntityPage)
def entity(service: ServiceDep, kind: str, key: str) -> AnswerJSON:
    """Any entity: its names, properties and facts in both directions, each with its evidence."""
    return AnswerJSON(service.entity(service.entity_ref(kind, key)))


def typed_pages() -> APIRouter:
    """/agencies/KEY, /documents/KEY …: a page route per type with a pkg:pagePath in the ontology."""
    pages = APIRouter(tags=["entities"])
    for label, path in load_schema().page_paths.items():
        kind = kind_of(label)
        pages.get(f"/{path}/{{key}}", response_model=EntityPage, name=f"{kind} page")(_page(kind))
    return pages


def _page(kind: str) -> Callable[..., AnswerJSON]:
    def page(service: ServiceDep, key: str) -> AnswerJSON:
        return AnswerJSON(service.entity(service.entity_ref(kind, key)))

    page.__doc__ = (
        f"One {kind} with its facts and their evidence (for an agency: what it issued and held, its "
        "parent and units, its province)."
    )
    return page
