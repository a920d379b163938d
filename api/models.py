"""The API's own models: health, raw queries and uploads (answers are kg_builder.service.answers)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Health(BaseModel):
    status: str
    store: str


class RawQuery(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "MATCH (d:Document)<-[r:ISSUED]-(a:Agency) WHERE r.province = $province "
                    "RETURN a.name AS issuer, d.name AS document",
                    "params": {"province": "吉林"},
                }
            ]
        }
    )
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class RawResult(BaseModel):
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="true when the row cap cut the result")


class Upload(BaseModel):
    source: str
    kind: str
    period: str | None
    title: str
    entities: dict[str, int] = Field(description="entities extracted, by type")
    facts: dict[str, int] = Field(description="facts loaded, by relation type")
    issued: list[dict[str, Any]] = Field(description="the ISSUED facts, with evidence")
