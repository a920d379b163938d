"""What the query service answers: rows of named queries shaped for their users (the API's
response models, the CLI's tables, the briefings' marks)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from kg_builder.iri import entity_iri
from kg_builder.service.validity import Status, Validity
from kg_builder.service.vocabulary import IssuerLevel

Lanes = Literal["province", "issuer_level"]  # a briefing timeline's lanes


class ProvinceDocument(BaseModel):
    document: str
    genre: str | None = None
    issuer: str | None = Field(None, description="the issuing agency, or null when the text names only the province")
    date: str | None = Field(None, description="the date the text gives for the document, if any")
    period: str | None = Field(None, description="the period of the report that says so (YYYY-MM or YYYY)")


_HUNAN_PLAN = "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案"


class ProvinceRow(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "province": "湖南",
                    "documents": [
                        {
                            "document": _HUNAN_PLAN,
                            "genre": "plan",
                            "issuer": "湖南省教育厅",
                            "date": None,
                            "period": "2019-01",
                        }
                    ],
                }
            ]
        }
    )
    province: str
    documents: list[ProvinceDocument]


class EvidenceRef(BaseModel):
    sentence: str
    source: str
    start: int
    end: int


class DocumentRow(BaseModel):
    document: str
    document_id: str | None = Field(
        None, description="the document's IRI: one title that two provinces issued is two documents"
    )
    number: str | None = Field(None, description="文号, such as 国核安函〔2022〕42号")
    genre: str | None = None
    issuer: str | None = None
    province: str | None = None
    date: str | None = None
    co_issuers: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    programs: list[str] = Field(default_factory=list)
    evidence: list[EvidenceRef] = Field(default_factory=list, description="where the text says it was issued")
    validity: Validity | None = Field(
        default=None, description="whether it is in force on the day asked (in_force_on, else today), and why"
    )


class Page(BaseModel):
    total: int
    offset: int
    limit: int
    topic_match: Literal["concept", "text"] | None = Field(
        None, description="concept: the topic scheme lists the topic; text: titles and sentences containing it"
    )
    items: list[DocumentRow]


class CitationRow(BaseModel):
    document: str
    relation: Literal["cites", "cites_by", "implements", "implements_by", "repeals", "repeals_by"] = Field(
        description="cites: the document cites `other`; cites_by: `other` cites it; the same for implements "
        "(issued to carry `other` out) and repeals"
    )
    other: str
    number: str | None = Field(None, description="the other document's 文号")


class Source(BaseModel):
    source: str = Field(description="the source file")
    title: str | None = Field(None, description="the source report's title")
    sentence: str
    quote: str = Field(description="the fact's words as the sentence has them")


class FollowUp(BaseModel):
    document: str
    document_id: str = Field(description="its IRI")
    number: str | None = Field(None, description="its 文号")
    relation: Literal["implements", "cites"] = Field(description="how it follows the document asked about")
    issuer: str | None = None
    level: IssuerLevel | None = Field(None, description="its issuer's level; none when no issuer is known")
    province: str | None = None
    date: str | None = Field(None, description="its date, or its report's period")
    lag_days: int | None = Field(
        None, description="days from the followed document's date to this one's, when both are whole dates"
    )
    evidence: list[Source] = Field(description="the sentences that state the link")


class ProvinceFollowUp(BaseModel):
    """How a province followed the document: its first follow-up and how long after it came."""

    province: str
    first: str = Field(description="its first follow-up's title")
    date: str | None = None
    lag_days: int | None = None
    documents: int = Field(description="how many of its documents follow the document")


class FollowUps(BaseModel):
    document: str = Field(description="the followed work's canonical title")
    document_id: str | None = Field(default=None, description="its IRI; none for a title no text names")
    number: str | None = Field(None, description="its 文号 (its carrier notice's)")
    aliases: list[str] = Field(default_factory=list, description="other titles and short names it is known by")
    date: str | None = Field(None, description="the followed document's date, or its report's period")
    followups: list[FollowUp] = Field(description="by date; implementing documents and citing ones")
    provinces: list[ProvinceFollowUp] = Field(description="the provinces that followed it, soonest first")


class AddressedRow(BaseModel):
    agency: str
    relation: Literal["addressed_to", "copied_to"]
    document: str
    number: str | None = None
    issuer: str | None = None
    date: str | None = None


class TimelineRow(BaseModel):
    date: str | None
    relation: str
    actor: str
    object: str


class Month(BaseModel):
    month: str = Field(description="YYYY-MM, or the year when only the year is known")
    facts: list[TimelineRow]


class Stats(BaseModel):
    store: str
    counts: dict[str, int]
    last_load: str | None = Field(description="when the latest source report was loaded (ISO 8601, UTC)")


class SearchHit(BaseModel):
    id: str = Field(description="the entity's IRI")
    path: str = Field(description="where its page is: /entities/{kind}/{key}")
    label: str
    name: str
    score: float


class Fact(BaseModel):
    relation: str
    direction: str = Field(description="out: this entity is the subject; in: the object")
    other_id: str
    other: str
    other_label: str
    date: str | None = None
    province: str | None = None
    sentence: str
    quote: str = Field(description="the fact's words as the sentence has them")
    start: int = Field(description="offset of the fact's words in the source file's original text")
    end: int
    rule: str
    page: int | None = Field(default=None, description="the page of a PDF or OFD source the words are on")
    page_x: float | None = Field(default=None, description="the words' line's left edge on its page (PDF pt, OFD mm)")
    page_y: float | None = Field(default=None, description="the top edge of that line, from the top of the page")
    paragraph: int | None = Field(default=None, description="the paragraph of a Word source the words are in")
    ocr_confidence: float | None = Field(default=None, description="read from a scan by OCR: its line's confidence")
    source: str = Field(description="the source file the fact was extracted from")
    source_title: str | None = Field(None, description="that source report's title")


class EntityPage(BaseModel):
    id: str
    label: str
    name: str
    aliases: list[str]
    properties: dict[str, str]
    facts: list[Fact] = Field(description="up to 500 facts, by relation type, direction and name")
    validity: Validity | None = Field(
        default=None, description="a document's status today (现行有效, 已废止 …) and the facts that decide it"
    )


class Answer(BaseModel):
    question: str
    query: str = Field(
        description="the named query that answered (cypher/queries/NAME.cypher), or followups and "
        "followup_provinces, answered as /followups answers (its follow-ups, or its provinces)"
    )
    params: dict[str, str | None]
    rows: list[dict[str, Any]]


class GraphNode(BaseModel):
    id: str
    label: str
    name: str


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str


class Subgraph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="true when the node limit cut the expansion short")


class BriefRow(BaseModel):
    province: str
    issuer: str | None = Field(None, description="the issuing agency, or null when the text names only the province")
    document: str
    document_id: str | None = Field(
        None, description="the document's IRI (one title issued by two provinces is two documents)"
    )
    genre: str | None = None
    date: str | None = None
    period: str | None = Field(None, description="the period of the report that says so")
    sources: list[Source] = Field(default_factory=list)
    # a diffusion briefing's row: how the document follows the briefing's document, and how long after it
    relation: Literal["implements", "cites"] | None = None
    lag_days: int | None = None
    status: Status | None = Field(default=None, description="whether it is in force on the day asked, else today")

    @property
    def when(self) -> str:
        return self.date or self.period or ""

    @cached_property
    def cited(self) -> tuple[str, str, str]:
        """The reports' titles, the source files and the sentences that state the row, each once, in order,
        joined as the brief's table shows them. Made once: the index keeps its rows until the next load."""
        return (
            "; ".join(dict.fromkeys(s.title for s in self.sources if s.title)),
            "; ".join(dict.fromkeys(s.source for s in self.sources)),
            " / ".join(dict.fromkeys(s.sentence for s in self.sources)),
        )


class BriefFilters(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
    topic: str | None = None
    province: str | None = None
    from_: str | None = Field(None, alias="from", description="earliest date or period (ISO)")
    to: str | None = Field(None, description="latest date or period (ISO)")

    def caption(self) -> str:
        period = f"{self.from_ or '…'} 至 {self.to or '…'}" if self.from_ or self.to else "全部时间"
        return f"主题：{self.topic or '全部'} · 省份：{self.province or '全部'} · 时间：{period}"


class BriefNode(BaseModel):
    id: str
    label: str
    name: str
    date: str | None = None


class BriefEdge(BaseModel):
    source: str
    target: str
    type: str


NATIONWIDE = "全国"  # the province column of a national body's row in a diffusion briefing


class Followed(BaseModel):
    """The document a diffusion briefing follows."""

    document: str
    document_id: str | None = Field(default=None, description="its IRI")
    number: str | None = None
    date: str | None = None


class Brief(BaseModel):
    title: str
    filters: BriefFilters
    rows: list[BriefRow]
    followed: Followed | None = Field(default=None, description="a diffusion briefing's document; its rows follow it")

    def caption(self) -> str:
        """What the briefing selects: its filters, or the document a diffusion briefing follows."""
        if self.followed is None:
            return self.filters.caption()
        f = self.followed
        return " · ".join(
            x for x in (f"《{f.document}》", f.number, f"{f.date} 印发" if f.date else "印发日期不详") if x
        )

    @cached_property
    def graph(self) -> tuple[list[BriefNode], list[BriefEdge]]:
        """The diagram of the rows: provinces, agencies and documents. Drawn only when asked for (a table needs
        none of it)."""
        nodes: dict[str, BriefNode] = {}
        edges: dict[tuple[str, str, str], BriefEdge] = {}

        def node(label: str, name: str, date: str | None = None, iri: str | None = None) -> str:
            iri = iri or entity_iri(label, name)
            if iri not in nodes:
                nodes[iri] = BriefNode(id=iri, label=label, name=name, date=date)
            return iri

        def edge(source: str, type_: str, target: str) -> None:
            if (source, type_, target) not in edges:
                edges[(source, type_, target)] = BriefEdge(source=source, target=target, type=type_)

        followed = self.followed
        target = node("Document", followed.document, followed.date, followed.document_id) if followed else None
        for row in self.rows:
            document = node("Document", row.document, row.when or None, row.document_id)
            province = node("Province", row.province) if row.province != NATIONWIDE else None
            if row.issuer:
                agency = node("Agency", row.issuer)
                if province:
                    edge(agency, "LOCATED_IN", province)
                edge(agency, "ISSUED", document)
            elif province:
                edge(province, "ISSUED", document)
            if target and row.relation:  # a diffusion briefing: the chain from each follow-up to its document
                edge(document, row.relation.upper(), target)
        return list(nodes.values()), list(edges.values())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def nodes(self) -> list[BriefNode]:
        return self.graph[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def edges(self) -> list[BriefEdge]:
        return self.graph[1]
