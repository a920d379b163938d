"""Timelines and questions in words."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import ProvinceQuery, ServiceDep, TopicQuery
from kg_builder.service import UnknownTerm
from kg_builder.service.answers import Answer, Month

router = APIRouter(tags=["questions"])


@router.get("/timeline", response_model=list[Month])
def timeline(
    service: ServiceDep,
    province: ProvinceQuery = None,
    topic: TopicQuery = None,
    agency: str | None = Query(None, examples=["吉林省教育厅"]),
) -> list[Month]:
    """Facts by month: a province's, an agency's or a topic's (at least one of them)."""
    if province is None and topic is None and agency is None:
        raise UnknownTerm("give a province, a topic or an agency")
    return service.timeline(service.filters(topic=topic, province=province), agency=agency)


@router.get("/ask", response_model=Answer)
def ask(
    service: ServiceDep, q: str = Query(..., min_length=1, max_length=200, examples=["哪些省份印发了IPv6相关文件?"])
) -> Answer:
    """A common question, in Chinese or English, answered by a named query; the answer says which
    query and parameters it used. Unsupported questions get the supported forms (422)."""
    return service.ask(q)
