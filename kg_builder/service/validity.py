"""Whether a document is in force on a date: a function of the graph, never a stored flag.

The facts that decide it are the document's dates of force (in_force_from, in_force_until, with their
sentence), the documents that repealed it (from the day the repealing one comes into force, else the
day it was issued) and the bodies that revised it. The status is one of pkg:ValidityScheme's notations:
not_yet_in_force (尚未施行), in_force (现行有效), revised (已修改), repealed (已废止), expired (失效), and
unknown when no fact decides: a document whose text gives no dates of force is never read as in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["not_yet_in_force", "in_force", "revised", "repealed", "expired", "unknown"]


class Change(BaseModel):
    change: Literal["repeals", "revised"] = Field(description="repealed by a document, or revised by a body")
    by: str
    by_id: str
    on: str | None = Field(default=None, description="the day it took effect, when known")
    sentence: str


class Validity(BaseModel):
    status: Status
    as_of: str = Field(description="the day the status is for, ISO")
    in_force_from: str | None = None
    in_force_until: str | None = None
    evidence: str | None = Field(default=None, description="the sentence that gives the dates of force")
    source: str | None = None
    changes: list[Change] = Field(default_factory=list, description="the repeals and revisions that decide it")


def _last_day(day: str) -> str:
    return day + "-99" * (3 - day.count("-") - 1) if len(day) < 10 else day  # 2024-06 ends after 2024-06-30


def status(
    as_of: str,
    in_force_from: str | None = None,
    in_force_until: str | None = None,
    changes: Sequence[Change] = (),
) -> Status:
    """A document's status on a day from the facts that decide it (cheap: /documents?in_force_on= asks it of
    every document)."""
    # A year or a month (2024, 2024-03) sorts before every day in it: it compares as its first day as it is.
    deciding = [c for c in changes if c.on is None or c.on <= as_of]
    if any(c.change == "repeals" for c in deciding):
        return "repealed"
    if in_force_from is not None and as_of < in_force_from:
        return "not_yet_in_force"
    if in_force_until is not None and as_of > _last_day(in_force_until):
        return "expired"
    if any(c.change == "revised" for c in deciding):
        return "revised"
    return "in_force" if in_force_from is not None else "unknown"


def status_on(
    as_of: str,
    in_force_from: str | None = None,
    in_force_until: str | None = None,
    changes: list[Change] | None = None,
    *,
    evidence: str | None = None,
    source: str | None = None,
) -> Validity:
    """A document's status on a day, with the facts that decide it."""
    changes = changes or []
    return Validity(
        status=status(as_of, in_force_from, in_force_until, changes),
        as_of=as_of,
        in_force_from=in_force_from,
        in_force_until=in_force_until,
        evidence=evidence,
        source=source,
        changes=changes,
    )
