"""The query side's vocabulary, resolved once for every caller (API, CLI, briefings).

Topics, genres, provinces and issuer levels come from the ontology and the gazetteer; a term they
do not know is an UnknownTerm, the one error every caller maps the same way (the API: 422). A topic
is a concept of the topic scheme when the scheme lists the word (any of its labels); a word it
does not list (智慧课堂, 双减) is answered by the documents whose titles or issuing sentences
contain it, and the answer says that it matched text rather than a concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kg_builder.gazetteer import load as gazetteer
from kg_builder.schema import UnknownTerm, canonical_genre, canonical_topic
from kg_builder.store import GraphStore, Row
from kg_builder.textnorm import simplified

IssuerLevel = Literal["national", "provincial"]
ISSUER_LEVELS: tuple[IssuerLevel, ...] = ("national", "provincial")
TopicMatch = Literal["concept", "text"]
_DAY = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")

__all__ = ["Filters", "IssuerLevel", "TopicFilter", "UnknownTerm", "canonical_province", "issuer_level", "resolve"]


@dataclass(frozen=True)
class TopicFilter:
    """What a topic word selects: a concept (filtered by the named queries), or the documents
    whose text contains the word."""

    word: str | None
    concept: str | None = None
    documents: frozenset[str] | None = None

    @property
    def matched(self) -> TopicMatch | None:
        return None if self.word is None else "concept" if self.concept else "text"

    def keep(self, row: Row) -> bool:
        return self.documents is None or row.get("document_id") in self.documents


@dataclass(frozen=True)
class Filters:
    """A question's filters, every term canonical: what the named queries take."""

    topic: TopicFilter = TopicFilter(None)
    genre: str | None = None  # notation (notice)
    province: str | None = None  # short name (吉林)
    issuer_level: IssuerLevel | None = None
    from_: str | None = None  # `from` in the API and the CLI
    to: str | None = None
    in_force_on: str | None = None  # a day: only documents in force that day (service/validity.py)

    def keep(self, row: Row) -> bool:
        """Rows of a named query that these filters keep beyond what the query itself filtered."""
        return (
            self.topic.keep(row)
            and (self.issuer_level is None or self.issuer_level == issuer_level(row.get("issuer")))
            and self.province in (None, row.get("province"))
        )


def canonical_province(province: str) -> str:
    """A province's short name from its short or official name (吉林省 → 吉林)."""
    known = gazetteer().province_by_name.get(province.strip())
    if known is None:
        raise UnknownTerm(f"unknown province {province!r}; use a short name such as 河北 or 内蒙古")
    return known.short


def issuer_level(issuer: str | None) -> IssuerLevel:
    """provincial for a province's bodies (and for facts that name only the province), else national."""
    if issuer is None or any(issuer.startswith(p.official) for p in gazetteer().provinces):
        return "provincial"
    return "national"


def topic_filter(store: GraphStore, word: str | None) -> TopicFilter:
    if word is None or not word.strip():
        return TopicFilter(None)
    try:
        return TopicFilter(word, concept=canonical_topic(word.strip()))
    except UnknownTerm:
        found = store.query("text_matches", {"text": simplified(word).strip()})
        return TopicFilter(word, documents=frozenset(str(r["document_id"]) for r in found))


def resolve(
    store: GraphStore,
    *,
    topic: str | None = None,
    genre: str | None = None,
    province: str | None = None,
    issuer_level: str | None = None,
    from_: str | None = None,
    to: str | None = None,
    in_force_on: str | None = None,
) -> Filters:
    """The filters of a question, each term made canonical once; UnknownTerm names the first unknown one."""
    if issuer_level is not None and issuer_level not in ISSUER_LEVELS:
        raise UnknownTerm(f"unknown issuer level {issuer_level!r}; use {' or '.join(ISSUER_LEVELS)}")
    if in_force_on is not None and not _DAY.fullmatch(in_force_on):
        raise UnknownTerm(f"in force on takes a day as 2024-06-01; got {in_force_on!r}")
    return Filters(
        topic=topic_filter(store, topic),
        genre=canonical_genre(genre) if genre else None,
        province=canonical_province(province) if province else None,
        issuer_level=issuer_level,  # checked above
        from_=from_ or None,
        to=to or None,
        in_force_on=in_force_on or None,
    )
