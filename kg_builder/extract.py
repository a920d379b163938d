"""One file in, one Extraction out: ingest → context (layout, structure, sentences) → nlp →
resolve → relate → post-filters (kg_builder/extraction/); and its JSON form."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg_builder.evidence import Sentences
from kg_builder.extraction.agencies import drop_cited_bodies, drop_peoples_organisations
from kg_builder.extraction.context import DocumentContext
from kg_builder.extraction.documents import key_generic_titles, works_genres
from kg_builder.extraction.links import listed_once
from kg_builder.extraction.official import OfficialDocument
from kg_builder.extraction.programs import check_programs
from kg_builder.extraction.relations import relate
from kg_builder.extraction.resolve import resolve
from kg_builder.extraction.validity import dates_of_force
from kg_builder.ingest import check_supported, ingest, ingest_bytes
from kg_builder.model import Entity, Extraction, Mention, SourceText
from kg_builder.nlp.pipeline import get_nlp
from kg_builder.schema import SCORED_ENTITY_TYPES
from kg_builder.textnorm import work_title


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


def extract_source(source: SourceText, nlp: Language | None = None) -> Extraction:
    """The stages in order over one DocumentContext: NLP mentions, resolution, the source as an
    official document, relations, then the post-filters of each entity type."""
    ctx = DocumentContext.build(source)
    ctx.with_mentions(check_programs(resolve(ctx, find_mentions(source.text, nlp or get_nlp()))))
    official = OfficialDocument(ctx) if ctx.document.kind == "official_document" else None
    if official is not None:
        ctx.with_mentions(official.with_self_references(ctx.mentions))
    relations = relate(ctx)
    mentions = ctx.mentions
    block = official.block() if official is not None else None
    if official is not None and block is not None:
        own, facts = official.facts(block)
        mentions, relations = mentions + own, facts + relations
    relations = listed_once(relations)
    mentions = drop_cited_bodies(ctx, mentions, relations)
    mentions, relations = drop_peoples_organisations(mentions, relations)
    own_title, issued_on = (block.title, block.date) if block is not None else (None, None)
    validity = dates_of_force(ctx, own_title, issued_on, [r.tail for r in relations if r.type == "ISSUED" and r.tail])
    if block is not None and own_title is not None:
        stated = next((v for v in validity if work_title(v.document) == work_title(own_title)), None)
        if stated is not None:
            block = block.model_copy(
                update={"in_force_from": stated.in_force_from, "in_force_until": stated.in_force_until}
            )
    entities, relations = key_generic_titles(works_genres(_entities(ctx.sentences, mentions)), relations)
    return Extraction(
        document=ctx.document, entities=entities, relations=relations, source_document=block, validity=validity
    )


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
        elif r.head_label == r.tail_label == "Document":  # GUIDE.md, "Links between documents"
            row.update(document=r.head, target=r.tail, date=r.date)
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
        "validity": [v.model_dump() for v in extraction.validity],
    }
