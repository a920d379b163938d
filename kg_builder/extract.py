"""One file in, one Extraction out: ingest → structure → nlp → resolve → relate; and its JSON form."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg_builder.evidence import Sentences
from kg_builder.ingest import ingest, ingest_bytes
from kg_builder.model import Entity, Extraction, Mention, SourceText
from kg_builder.nlp.pipeline import get_nlp
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


def extract_source(source: SourceText, nlp: Language | None = None) -> Extraction:
    document = structure(source)
    doc = (nlp or get_nlp())(source.text)
    mentions = _drop_overlaps(resolve(document, doc._.mentions or []))
    relations = relate(source, document, mentions)
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
