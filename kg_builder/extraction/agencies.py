"""Agency mentions after the relations are known: a body named only inside a cited title is no
Agency of the text."""

from __future__ import annotations

from kg_builder.extraction.context import DocumentContext
from kg_builder.model import Mention, Relation


def drop_cited_bodies(ctx: DocumentContext, mentions: list[Mention], relations: list[Relation]) -> list[Mention]:
    """A body named inside a 《title》 is an Agency of the text only as the issuer at the head of
    a document the text says was issued; 《国务院关于…的通知》 merely cited names no agency."""
    issuers = {
        (r.tail, name) for r in relations if r.type in {"ISSUED", "REVISED"} for name in (r.head, *r.co_issuers) if name
    }
    documents = {m.start: m.name for m in mentions if m.label == "Document"}
    kept = []
    for m in mentions:
        title = ctx.titles.containing(m.start, m.end) if m.label == "Agency" else None
        if title is not None and (documents.get(title[0] + 1), m.name) not in issuers:
            continue
        kept.append(m)
    return kept
