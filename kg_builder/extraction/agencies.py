"""Agency mentions after the relations are known: a body named only inside a cited title is no
Agency of the text, and a people's organisation is none at all."""

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


def drop_peoples_organisations(
    mentions: list[Mention], relations: list[Relation]
) -> tuple[list[Mention], list[Relation]]:
    """People's organisations (全国妇联, 共青团中央) are read as bodies, so that a list of organisers or
    co-issuers is read body by body, and then dropped: they are no Agency (GUIDE: not associations).
    A document they issue jointly is issued by the first government body among its issuers."""
    peoples = {m.name for m in mentions if m.label == "Agency" and m.attrs.get("peoples_organisation")}
    if not peoples:
        return mentions, relations
    kept_relations = []
    for r in relations:
        if r.head in peoples or r.tail in peoples:
            if r.type != "ISSUED" or r.tail in peoples:
                continue
            bodies = [name for name in r.co_issuers if name not in peoples]
            head, label = (bodies[0], r.head_label) if bodies else (None, None)
            r = r.model_copy(update={"head": head, "head_label": label, "co_issuers": bodies[1:]})
        elif r.type == "ISSUED" and set(r.co_issuers) & peoples:
            r = r.model_copy(update={"co_issuers": [n for n in r.co_issuers if n not in peoples]})
        kept_relations.append(r)
    return [m for m in mentions if m.name not in peoples or m.label != "Agency"], kept_relations
