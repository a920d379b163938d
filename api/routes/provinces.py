"""Which provinces issued what: the rows, and the briefing drawn from them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import FiltersDep, ServiceDep
from api.responses import AnswerJSON
from kg_builder import briefing
from kg_builder.errors import BadInput
from kg_builder.service.answers import ProvinceRow

router = APIRouter(tags=["provinces"])
_TOPIC_MATCH = {
    "X-Topic-Match": {
        "description": "concept: the topic scheme lists the word; text: titles and sentences containing it",
        "schema": {"type": "string"},
    }
}


@router.get("/provinces", response_model=list[ProvinceRow], responses={200: {"headers": _TOPIC_MATCH}})
def provinces(service: ServiceDep, filters: FiltersDep) -> AnswerJSON:
    """Provinces that issued matching documents, each with its documents. A topic the scheme does not list
    is matched in titles and issuing sentences (header X-Topic-Match: text)."""
    matched = filters.topic.matched
    return AnswerJSON(service.provinces(filters), headers={"X-Topic-Match": matched} if matched else None)


@router.get(
    "/brief",
    response_class=Response,
    responses={
        200: {
            "content": {t: {} for t in briefing.MEDIA_TYPES.values()},
            "description": "the briefing in the format asked for",
            "headers": _TOPIC_MATCH,
        }
    },
)
def brief(
    service: ServiceDep,
    filters: FiltersDep,
    format: briefing.Format = "svg",
    kind: Annotated[
        briefing.Kind,
        Query(
            description="the picture: graph (provinces → agencies → documents), map (of China), timeline, or "
            "diffusion (how `document` spread: the map coloured by each province's lag; html adds the timeline)"
        ),
    ] = "graph",
    document: Annotated[
        str | None, Query(description="the document a diffusion briefing follows: a title, alias or 文号")
    ] = None,
    lanes: Annotated[briefing.Lanes, Query(description="a timeline's lanes: one per province or per issuer level")] = (
        "province"
    ),
) -> Response:  # noqa: A002 - the query parameter's name
    """The documents the filters select as a picture (svg, png) of one kind: provinces → issuing agencies →
    dated documents, a map of China coloured by each province's number of documents, or a timeline; a page
    with every picture and the table (html); the table with each row's source (md, csv); or json. The rows
    are those of /provinces."""
    if (kind == "diffusion") != (document is not None):
        raise BadInput("kind=diffusion takes document= (a title, alias or 文号), and document= needs it")
    made = service.diffusion(document) if document is not None else service.brief(filters)
    body = briefing.render(made, format, kind, lanes)
    headers = {"X-Topic-Match": filters.topic.matched} if filters.topic.matched else None
    return Response(body, media_type=briefing.MEDIA_TYPES[format], headers=headers)
