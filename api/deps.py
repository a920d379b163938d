"""Typed dependencies for the routes: the settings, the store opened once per app (in the lifespan)
and the query service over it, and the query parameters that several routes share."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from kg_builder.service import QueryService
from kg_builder.service.vocabulary import Filters
from kg_builder.settings import Settings
from kg_builder.store import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_service(request: Request) -> QueryService:
    service: QueryService = request.app.state.service
    return service


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
ServiceDep = Annotated[QueryService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_DATE_HELP = "ISO date or period: 2021, 2021-08, 2021-08-13"
IssuerLevelQuery = Annotated[
    Literal["national", "provincial"] | None, Query(description="national bodies, or a province's bodies")
]
FromQuery = Annotated[str | None, Query(alias="from", pattern=ISO_DATE, description=_DATE_HELP)]
ToQuery = Annotated[str | None, Query(pattern=ISO_DATE, description=_DATE_HELP)]
GenreQuery = Annotated[
    str | None,
    Query(description="a document genre by its code or Chinese name: plan or 规划方案", examples=["plan", "通知"]),
]
TopicQuery = Annotated[
    str | None,
    Query(
        description="a topic of the scheme by any of its labels (IPv6, 互联网+教育); any other word is matched in "
        "titles and issuing sentences",
        examples=["IPv6", "智慧校园"],
    ),
]
ProvinceQuery = Annotated[str | None, Query(description="a province: 吉林 or 吉林省", examples=["吉林"])]
InForceOnQuery = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="a day: only the documents in force that day (现行有效); a document no text gives dates of "
        "force for is never in force",
        examples=["2024-06-01"],
    ),
]


def get_filters(
    service: ServiceDep,
    topic: TopicQuery = None,
    genre: GenreQuery = None,
    province: ProvinceQuery = None,
    issuer_level: IssuerLevelQuery = None,
    from_: FromQuery = None,
    to: ToQuery = None,
    in_force_on: InForceOnQuery = None,
) -> Filters:
    """The filters every route that filters takes, each by one name from the query string (`from`) to
    the service (`from_`, a Python keyword otherwise), made canonical once."""
    return service.filters(
        topic=topic,
        genre=genre,
        province=province,
        issuer_level=issuer_level,
        from_=from_,
        to=to,
        in_force_on=in_force_on,
    )


FiltersDep = Annotated[Filters, Depends(get_filters)]
