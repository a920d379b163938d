"""The one document-and-fact model shared by every stage (ingest → structure → nlp → resolve → relate)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kg_builder.schema import load_schema


def _entity_type(value: str) -> str:
    known = load_schema().entity_types  # read from the ontology on first use, not at import
    if value not in known:
        raise ValueError(f"unknown entity type {value!r}; the ontology defines {known}")
    return value


def _relation_type(value: str) -> str:
    known = load_schema().relations
    if value not in known:
        raise ValueError(f"unknown relation type {value!r}; the ontology defines {tuple(known)}")
    return value


EntityType = Annotated[str, AfterValidator(_entity_type)]
RelationType = Annotated[str, AfterValidator(_relation_type)]
DocumentKind = Literal["monthly_report", "work_plan", "news", "official_document", "other"]


class Place(BaseModel):
    """Where a line of a PDF, Word or OFD file's text is in the file (kg_builder/readers)."""

    model_config = ConfigDict(frozen=True)
    start: int = Field(description="offset of the line in the text read from the file")
    page: int | None = None
    x: float | None = Field(default=None, description="the line's left edge on its page (PDF points, OFD mm)")
    y: float | None = Field(default=None, description="the line's top edge on its page, from the top")
    paragraph: int | None = None
    ocr_confidence: float | None = Field(default=None, description="a line read by OCR: its confidence, 0 to 1")


class SourceText(BaseModel):
    """A decoded input file and its cleaned, Simplified text, with an offset map between them.

    `offsets[i]` is the index in `original` of clean character `i`; `offsets[len(text)]` is the
    end of the original, so a clean span [s, e) comes from original[offsets[s]:offsets[e-1]+1].
    """

    model_config = ConfigDict(frozen=True)

    path: str
    encoding: str
    original: str
    text: str
    offsets: list[int]
    places: list[Place] = Field(default_factory=list, description="a read file's lines: where each is in it")

    def place_of(self, offset: int) -> Place | None:
        """Where the original text at `offset` is in a PDF, Word or OFD file; None for a text file."""
        i = bisect_right([p.start for p in self.places], offset) - 1 if self.places else -1
        return self.places[i] if i >= 0 else None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


class Paragraph(BaseModel):
    start: int
    end: int
    section: str | None = None
    province: str | None = Field(None, description="the province a 各地工作动态 paragraph is about")
    locality: str | None = Field(None, description="the prefecture such a paragraph is about, if one")


class Document(BaseModel):
    id: str = Field(description="sha256 of the original bytes, first 16 hex digits")
    source: str
    kind: DocumentKind
    period: str | None = Field(None, description="YYYY-MM or YYYY, inferred from the content")
    title: str
    province: str | None = Field(None, description="the province the whole text is about, if one")
    locality: str | None = Field(None, description="the prefecture or county the whole text is about, if one")
    sections: list[str]
    paragraphs: list[Paragraph]


class Mention(BaseModel):
    """A span of the clean text that names something; `name` is filled in by resolution."""

    label: EntityType
    start: int
    end: int
    text: str
    rule: str
    name: str | None = None
    attrs: dict[str, str] = Field(default_factory=dict)


class Evidence(BaseModel):
    doc_id: str
    source: str
    sentence: str
    quote: str = Field(description="the fact's words as the sentence has them")
    start: int = Field(description="offset of the fact's words in the original file's text")
    end: int
    rule: str
    page: int | None = Field(default=None, description="the page of a PDF or OFD file the words are on")
    position: tuple[float, float] | None = Field(
        default=None, description="where on that page the words' line starts: left and top edge (PDF points, OFD mm)"
    )
    paragraph: int | None = Field(default=None, description="the paragraph of a Word file the words are in")
    ocr_confidence: float | None = Field(
        default=None, description="words read from a scan by OCR: the line's confidence, 0 to 1"
    )


class Entity(BaseModel):
    id: str
    label: EntityType
    name: str
    key: str | None = Field(
        default=None,
        description="what identifies the entity when its name does not: a title that "
        "several provinces issue is one document per issuer",
    )
    aliases: list[str] = Field(default_factory=list)
    attrs: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Relation(BaseModel):
    type: RelationType
    head: str | None
    tail: str
    head_key: str | None = Field(default=None, description="the head entity's key, when it has one")
    tail_key: str | None = Field(default=None, description="the tail entity's key, when it has one")
    head_label: EntityType | None = None
    tail_label: EntityType
    date: str | None = None
    province: str | None = None
    co_issuers: list[str] = Field(default_factory=list)
    evidence: Evidence


class SourceDocument(BaseModel):
    """The file as a document of its own: an official document's header and signature (GUIDE.md)."""

    title: str | None = Field(default=None, description="the title line, without 《》")
    doc_number: str | None = Field(default=None, description="发文字号, with 〔〕 around the year")
    genre: str | None = None
    issuers: list[str] = Field(default_factory=list, description="canonical names in signature order")
    date: str | None = Field(default=None, description="成文日期, ISO")
    addressees: list[str] = Field(default_factory=list, description="主送机关, as written")
    cc: list[str] = Field(default_factory=list, description="抄送机关, as written")
    printed_by: str | None = None
    printed_date: str | None = None
    in_force_from: str | None = Field(default=None, description="the day it comes into force, ISO")
    in_force_until: str | None = Field(default=None, description="the last day it is in force, ISO")


class DatesOfForce(BaseModel):
    """A document's dates of force as one text states them, with the sentence (extraction/validity.py)."""

    document: str
    in_force_from: str | None = None
    in_force_until: str | None = None
    evidence: Evidence


class Extraction(BaseModel):
    document: Document
    entities: list[Entity]
    relations: list[Relation]
    source_document: SourceDocument | None = None
    validity: list[DatesOfForce] = Field(default_factory=list)
