"""One file in, one Extraction out: ingest → structure → nlp → resolve → relate; and its JSON form."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg_builder.evidence import Sentences
from kg_builder.ingest import ingest, ingest_bytes
from kg_builder.model import Entity, Extraction, Mention, Relation, SourceText
from kg_builder.nlp.pipeline import get_nlp
from kg_builder.nlp.titles import TITLE
from kg_builder.relate import relate
from kg_builder.resolve import resolve
from kg_builder.schema import SCORED_ENTITY_TYPES
from kg_builder.structure import structure


def entity_id(label: str, name: str) -> str:
    """A stable id: the same entity from any document or run gets the same id."""
    return f"{label.lower()}:{hashlib.sha256(name.encode('utf-8')).hexdigest()[:12]}"


def _entities(sentences: Sentences, mentions: list[Mention]) -> list[Entity]:
    by_key: dict[tuple[str, str], Entity] = {}
    for m in mentions:
        assert m.name is not None
        key = (m.label, m.name)
        entity = by_key.get(key)
        if entity is None:
            entity = by_key[key] = Entity(id=entity_id(m.label, m.name), label=m.label, name=m.name,
                                          attrs={k: v for k, v in m.attrs.items() if k in {"genre", "doc_number"}})
        if m.text != m.name and m.text not in entity.aliases:
            entity.aliases.append(m.text)
        entity.evidence.append(sentences.evidence(m.start, m.end, m.rule))
    return list(by_key.values())


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """A program named exactly like a document is that document (深入实施教育信息化2.0行动计划)."""
    titles = {m.name for m in mentions if m.label == "Document"}
    return [m for m in mentions if not (m.label == "Program" and m.name in titles)]


def _drop_cited_bodies(text: str, mentions: list[Mention], relations: list[Relation]) -> list[Mention]:
    """A body named inside a 《title》 is an Agency of the text only as the issuer at the head of
    a document the text says was issued; 《国务院关于…的通知》 merely cited names no agency."""
    spans = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    starts = [s for s, _ in spans]
    issuers = {(r.tail, name) for r in relations if r.type in {"ISSUED", "REVISED"}
               for name in (r.head, *r.co_issuers) if name}
    documents = {m.start: m.name for m in mentions if m.label == "Document"}
    kept = []
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        if m.label == "Agency" and i >= 0 and m.end <= spans[i][1]:
            if (documents.get(spans[i][0] + 1), m.name) not in issuers:
                continue
        kept.append(m)
    return kept


def extract_source(source: SourceText, nlp: Language | None = None) -> Extraction:
    document = structure(source)
    doc = (nlp or get_nlp())(source.text)
    mentions = _drop_overlaps(resolve(document, doc._.mentions or []))
    relations = relate(source, document, mentions)
    mentions = _drop_cited_bodies(source.text, mentions, relations)
    entities = _entities(Sentences(source, document.id), mentions)
    return Extraction(document=document, entities=entities, relations=relations)


def extract_file(path: Path, nlp: Language | None = None) -> Extraction:
    return extract_source(ingest(path), nlp)


def extract_bytes(data: bytes, name: str, nlp: Language | None = None) -> Extraction:
    return extract_source(ingest_bytes(data, name), nlp)


def to_gold_json(extraction: Extraction) -> dict[str, Any]:
    """The format of shared/eval/GUIDE.md, with evidence and the other relation types as extra keys."""
    doc = extraction.document
    names: dict[str, list[str]] = defaultdict(list)
    for e in extraction.entities:
        names[e.label].append(e.name)
    entities = {t: sorted(names.get(t, [])) for t in SCORED_ENTITY_TYPES}
    entities.update({t: sorted(v) for t, v in names.items() if t not in entities})
    relations = []
    for r in extraction.relations:
        row: dict[str, Any] = {"type": r.type}
        if r.type in {"ISSUED", "REVISED"}:
            row.update(issuer=r.head, province=r.province, document=r.tail, date=r.date, co_issuers=r.co_issuers)
        else:
            row.update(head=r.head, tail=r.tail, head_label=r.head_label, tail_label=r.tail_label, date=r.date)
        row["evidence"] = r.evidence.model_dump()
        relations.append(row)
    return {"doc": Path(doc.source).name, "id": doc.id, "kind": doc.kind, "period": doc.period,
            "title": doc.title, "sections": doc.sections, "entities": entities, "relations": relations}
