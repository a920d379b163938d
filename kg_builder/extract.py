"""One file in, one Extraction out: ingest → structure → nlp → resolve → relate; and its JSON form."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg_builder.evidence import Sentences
from kg_builder.ingest import check_supported, ingest, ingest_bytes
from kg_builder.model import Entity, Extraction, Mention, Relation, SourceText
from kg_builder.nlp.agencies import find_agencies
from kg_builder.nlp.pipeline import get_nlp
from kg_builder.nlp.places import find_places
from kg_builder.nlp.titles import title_spans
from kg_builder.official import OfficialDocument
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
            entity = by_key[key] = Entity(
                id=entity_id(m.label, m.name),
                label=m.label,
                name=m.name,
                attrs={k: v for k, v in m.attrs.items() if k in {"genre", "doc_number"}},
            )
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
    titles = title_spans(text)
    issuers = {
        (r.tail, name) for r in relations if r.type in {"ISSUED", "REVISED"} for name in (r.head, *r.co_issuers) if name
    }
    documents = {m.start: m.name for m in mentions if m.label == "Document"}
    kept = []
    for m in mentions:
        title = titles.containing(m.start, m.end) if m.label == "Agency" else None
        if title is not None and (documents.get(title[0] + 1), m.name) not in issuers:
            continue
        kept.append(m)
    return kept


# spaCy refuses texts over nlp.max_length (E088, 1,000,000 characters); a text longer than this
# goes through the pipeline in pieces cut at line ends, with the mentions' offsets shifted back.
CHUNK = 200_000


def chunks(text: str, size: int = CHUNK) -> list[tuple[int, int]]:
    """Spans of at most `size` characters covering the text, cut after a newline where one is."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size)
        end = cut + 1 if cut > start else start + size
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def find_mentions(text: str, nlp: Language) -> list[Mention]:
    """The pipeline's mentions of the whole text, piece by piece when it is long."""
    found: list[Mention] = []
    for start, end in chunks(text):
        doc = nlp(text[start:end])
        found.extend(
            m if not start else m.model_copy(update={"start": m.start + start, "end": m.end + start})
            for m in doc._.mentions or []
        )
    return found


def _names_a_body_or_place(title: str) -> bool:
    return any(True for _ in find_places(title)) or bool(find_agencies(title))


def key_generic_titles(entities: list[Entity], relations: list[Relation]) -> tuple[list[Entity], list[Relation]]:
    """A title that names no body and no place (2023年教育信息化工作要点) is one document per
    issuer: 两省的《…》 are two documents. Such a document's identity is its title with its 文号,
    or with the issuer (or province) that issued it."""
    issuers: dict[str, list[str]] = defaultdict(list)
    documents = {e.name: e for e in entities if e.label == "Document"}

    def owner(r: Relation) -> str | None:
        return documents[r.tail].attrs.get("doc_number") or r.head or r.province

    for r in relations:
        found = owner(r) if r.type in {"ISSUED", "REVISED"} and r.tail in documents else None
        if found and found not in issuers[r.tail]:
            issuers[r.tail].append(found)
    for title, e in documents.items():  # cited with its 文号 only: 某公司《关于申请…的请示》（某〔2021〕1号）
        if "doc_number" in e.attrs and title not in issuers:
            issuers[title].append(e.attrs["doc_number"])
    keyed = {title: owners for title, owners in issuers.items() if not _names_a_body_or_place(title)}
    if not keyed:
        return entities, relations
    out_entities = [e for e in entities if not (e.label == "Document" and e.name in keyed)]
    for title, owners in keyed.items():
        out_entities += [documents[title].model_copy(update={"key": f"{title}|{owner}"}) for owner in owners]
    out_relations: list[Relation] = []
    for r in relations:
        heads: list[str | None] = list(keyed[r.head]) if r.head_label == "Document" and r.head in keyed else [None]
        tails: list[str | None] = [None]
        if r.tail_label == "Document" and r.tail in keyed:
            issuer = owner(r) if r.type in {"ISSUED", "REVISED"} else None
            tails = [issuer] if issuer else list(keyed[r.tail])
        for h in heads:
            for t in tails:
                out_relations.append(
                    r.model_copy(
                        update={"head_key": f"{r.head}|{h}" if h else None, "tail_key": f"{r.tail}|{t}" if t else None}
                    )
                )
    return out_entities, out_relations


def extract_source(source: SourceText, nlp: Language | None = None) -> Extraction:
    document = structure(source)
    sentences = Sentences(source, document.id)
    mentions = _drop_overlaps(resolve(document, find_mentions(source.text, nlp or get_nlp())))
    official = OfficialDocument(source, mentions, sentences) if document.kind == "official_document" else None
    if official is not None:
        mentions = official.with_self_references(mentions)
    relations = relate(source, document, mentions)
    block = official.block() if official is not None else None
    if official is not None and block is not None:
        own, facts = official.facts(block)
        mentions, relations = mentions + own, facts + relations
    mentions = _drop_cited_bodies(source.text, mentions, relations)
    entities, relations = key_generic_titles(_entities(sentences, mentions), relations)
    return Extraction(document=document, entities=entities, relations=relations, source_document=block)


def extract_file(path: Path, nlp: Language | None = None, key: str | None = None) -> Extraction:
    return extract_source(ingest(path, key), nlp)


def extract_bytes(data: bytes, name: str, nlp: Language | None = None) -> Extraction:
    return extract_source(ingest_bytes(data, name), nlp)


def extract_upload(data: bytes, key: str) -> Extraction:
    """An uploaded file, through the loaded pipeline: the one way the API reaches extraction.
    Raises UnsupportedFile for a type policykg does not read, IngestError for bad content."""
    check_supported(key)
    return extract_bytes(data, key, get_nlp())


def to_gold_json(extraction: Extraction) -> dict[str, Any]:
    """The format of shared/eval/GUIDE.md, with evidence and the other relation types as extra keys."""
    doc = extraction.document
    names: dict[str, list[str]] = defaultdict(list)
    for e in extraction.entities:
        names[e.label].append(e.name)
    entities = {t: sorted(set(names.get(t, []))) for t in SCORED_ENTITY_TYPES}
    entities.update({t: sorted(set(v)) for t, v in names.items() if t not in entities})
    relations = []
    for r in extraction.relations:
        row: dict[str, Any] = {"type": r.type}
        if r.type in {"ISSUED", "REVISED"}:
            row.update(issuer=r.head, province=r.province, document=r.tail, date=r.date, co_issuers=r.co_issuers)
        else:
            row.update(head=r.head, tail=r.tail, head_label=r.head_label, tail_label=r.tail_label, date=r.date)
        row["evidence"] = r.evidence.model_dump()
        relations.append(row)
    source_document = extraction.source_document.model_dump() if extraction.source_document else None
    return {
        "doc": Path(doc.source).name,
        "id": doc.id,
        "kind": doc.kind,
        "period": doc.period,
        "title": doc.title,
        "sections": doc.sections,
        "source_document": source_document,
        "entities": entities,
        "relations": relations,
    }
