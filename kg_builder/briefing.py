"""Briefings: which provinces' agencies issued which documents, as a picture and as a table.

The facts are the rows of the `provinces` named query (the rows GET /provinces answers with), each
with the sentences and source files that state it. The picture is drawn by Graphviz (provinces →
issuing agencies → dated documents, left to right, so that it stays legible at dozens of nodes);
Chinese labels need a CJK font, which is checked before drawing so that a missing font is an error,
not a picture of empty boxes.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from typing import Literal

import graphviz
from pydantic import BaseModel, Field

from kg_builder import schema
from kg_builder.gazetteer import load as gazetteer
from kg_builder.graph import entity_iri
from kg_builder.schema import UnknownTerm, genre_names
from kg_builder.store import GraphStore, Row
from kg_builder.style import node_styles

Format = Literal["svg", "png", "html", "md", "csv", "json"]
MEDIA_TYPES: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png", "html": "text/html; charset=utf-8",
                               "md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8",
                               "json": "application/json"}
TITLE_WIDTH = 32  # columns a line of a document title in the picture (a Chinese character is two)
# IPv6 and 2.0 stay on one line, and a closing mark never starts one
UNBROKEN = re.compile(r"(?:[A-Za-z0-9.()\-]+|.)[》）」』。，、；：]*")


class BriefError(ValueError):
    """A briefing that cannot be drawn: no CJK font or no Graphviz on this machine."""


class UnknownFilter(BriefError):
    """A topic or province the graph's vocabularies do not know."""


class Source(BaseModel):
    source: str = Field(description="the source file")
    title: str | None = Field(None, description="the source report's title")
    sentence: str
    quote: str = Field(description="the fact's words as the sentence has them")


class BriefRow(BaseModel):
    province: str
    issuer: str | None = Field(None, description="the issuing agency, or null when the text names only the province")
    document: str
    document_id: str | None = Field(None, description="the document's IRI (one title issued by two provinces "
                                                      "is two documents)")
    genre: str | None = None
    date: str | None = None
    period: str | None = Field(None, description="the period of the report that says so")
    sources: list[Source] = Field(default_factory=list)

    @property
    def when(self) -> str:
        return self.date or self.period or ""


class BriefFilters(BaseModel):
    topic: str | None = None
    province: str | None = None
    since: str | None = Field(None, description="earliest date or period (ISO)")
    until: str | None = Field(None, description="latest date or period (ISO)")

    def caption(self) -> str:
        period = f"{self.since or '…'} 至 {self.until or '…'}" if self.since or self.until else "全部时间"
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


class Brief(BaseModel):
    title: str
    filters: BriefFilters
    rows: list[BriefRow]
    nodes: list[BriefNode]
    edges: list[BriefEdge]


def canonical_topic(topic: str | None) -> str | None:
    """A topic's preferred label from any of its labels (互联网协议第六版 → IPv6)."""
    if topic is None:
        return None
    try:
        return schema.canonical_topic(topic)
    except UnknownTerm as err:
        raise UnknownFilter(str(err)) from err


def canonical_province(province: str | None) -> str | None:
    """A province's short name from its short or official name (吉林省 → 吉林)."""
    if province is None:
        return None
    known = gazetteer().province_by_name.get(province)
    if known is None:
        raise UnknownFilter(f"unknown province {province!r}; use a short name such as 河北 or 内蒙古")
    return known.short


def issuer_level(issuer: str | None) -> str:
    """provincial for a province's bodies (and for facts that name only the province), else national."""
    if issuer is None or any(issuer.startswith(p.official) for p in gazetteer().provinces):
        return "provincial"
    return "national"


def province_facts(store: GraphStore, *, topic: str | None = None, genre: str | None = None,
                   level: str | None = None, from_: str | None = None, to: str | None = None,
                   province: str | None = None) -> list[Row]:
    """The provinces query's rows (topic already canonical), by issuer level and province."""
    rows = store.query("provinces", {"topic": topic, "genre": genre, "from": from_, "to": to})
    return [r for r in rows if level in (None, issuer_level(r["issuer"]))
            and province in (None, r["province"])]


def make_brief(store: GraphStore, filters: BriefFilters) -> Brief:
    """The facts the filters select, each with its sources, and the graph to draw of them."""
    topic, province = canonical_topic(filters.topic), canonical_province(filters.province)
    filters = BriefFilters(topic=topic, province=province, since=filters.since, until=filters.until)
    facts = province_facts(store, topic=topic, province=province, from_=filters.since, to=filters.until)
    evidence: dict[str, list[Row]] = {}
    rows = []
    for fact in facts:
        iri = str(fact.get("document_id") or entity_iri("Document", str(fact["document"])))
        if iri not in evidence:
            page = store.entity(iri, "Document") or {"facts": []}
            evidence[iri] = [f for f in page["facts"] if f["relation"] == "ISSUED" and f["direction"] == "in"]
        issuer = fact["issuer"] or fact["province"]
        sources = [Source(source=str(f["source"]), title=f["source_title"], sentence=str(f["sentence"]),
                          quote=str(f["quote"]))
                   for f in evidence[iri] if f["other"] == issuer]
        rows.append(BriefRow(**fact, sources=sources))
    nodes, edges = _graph(rows)
    return Brief(title=f"{topic or '全部主题'}：各省印发的文件", filters=filters, rows=rows, nodes=nodes, edges=edges)


def _graph(rows: list[BriefRow]) -> tuple[list[BriefNode], list[BriefEdge]]:
    nodes: dict[str, BriefNode] = {}
    edges: dict[tuple[str, str, str], BriefEdge] = {}

    def node(label: str, name: str, date: str | None = None, iri: str | None = None) -> str:
        iri = iri or entity_iri(label, name)
        nodes.setdefault(iri, BriefNode(id=iri, label=label, name=name, date=date))
        return iri

    for row in rows:
        province = node("Province", row.province)
        document = node("Document", row.document, row.when or None, row.document_id)
        if row.issuer:
            agency = node("Agency", row.issuer)
            edges.setdefault((agency, "LOCATED_IN", province), BriefEdge(source=agency, target=province,
                                                                         type="LOCATED_IN"))
            edges.setdefault((agency, "ISSUED", document), BriefEdge(source=agency, target=document, type="ISSUED"))
        else:
            edges.setdefault((province, "ISSUED", document), BriefEdge(source=province, target=document,
                                                                       type="ISSUED"))
    return list(nodes.values()), list(edges.values())


@cache
def cjk_font() -> str:
    """The font family the picture's Chinese is set in; an error when the machine has none."""
    if shutil.which("fc-list") is None:
        raise BriefError("fontconfig's fc-list is missing: install fontconfig and fonts-noto-cjk")
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    families = sorted({f.strip() for line in listed.splitlines() for f in line.split(",") if f.strip()})
    if not families:
        raise BriefError("no font with Chinese glyphs is installed, so the picture's labels would be empty boxes: "
                         "install one (apt-get install fonts-noto-cjk)")
    preferred = [f for f in families if f.endswith("Sans CJK SC")]
    return (preferred or families)[0]


def to_dot(brief: Brief) -> graphviz.Digraph:
    """Provinces → agencies → documents, left to right, with a title and a legend."""
    font, styles = cjk_font(), node_styles()
    legend = "".join(f'<td bgcolor="{styles[label].color}"><font color="{styles[label].text}"> {text} </font></td>'
                     for label, text in (("Province", "省份"), ("Agency", "发文机关"), ("Document", "文件")))
    title = (f'<<table border="0" cellspacing="4"><tr><td colspan="3"><font point-size="20"><b>'
             f'{html.escape(brief.title)}</b></font></td></tr><tr><td colspan="3">'
             f'{html.escape(brief.filters.caption())} · {len(brief.rows)} 条</td></tr><tr>{legend}</tr></table>>')
    dot = graphviz.Digraph("brief", graph_attr={
        "rankdir": "LR", "label": title, "labelloc": "t", "labeljust": "l", "fontname": font, "bgcolor": "white",
        "pad": "0.3", "nodesep": "0.15", "ranksep": "0.8", "splines": "spline"},
        node_attr={"fontname": font, "fontsize": "12", "style": "filled,rounded", "margin": "0.15,0.06"},
        edge_attr={"color": "#9AA1AC", "arrowsize": "0.6"})
    for n in brief.nodes:
        style = styles[n.label]
        text = n.name if n.label != "Document" else wrap(f"《{n.name}》", TITLE_WIDTH)
        if n.date:
            text += f"\n{n.date}"
        dot.node(_dot_id(n.id), text, shape=style.dot_shape, fillcolor=style.color, color=style.border,
                 fontcolor=style.text, fontsize="14" if n.label == "Province" else "12")
    for e in brief.edges:
        if e.type == "LOCATED_IN":  # drawn province first, as the reader scans: province → agency
            dot.edge(_dot_id(e.target), _dot_id(e.source), dir="none")
        else:
            # minlen 2 keeps a document the text gives no agency for in the documents' column
            dot.edge(_dot_id(e.source), _dot_id(e.target), color=styles["Document"].border,
                     minlen="2" if e.source.split("/")[-2] == "province" else "1")
    if not brief.nodes:
        dot.node("none", "没有符合条件的事实", shape="plaintext", style="")
    return dot


def wrap(text: str, width: int) -> str:
    """Lines of at most `width` columns, breaking between characters but not inside Latin words or numbers."""
    lines, line, used = [], "", 0
    for token in UNBROKEN.findall(text):
        cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)
        if used + cols > width and line:
            lines.append(line)
            line, used = "", 0
        line, used = line + token, used + cols
    return "\n".join([*lines, line] if line else lines)


def _dot_id(iri: str) -> str:
    """agency_0a1c…: an IRI's colon would read as a Graphviz port."""
    return iri.rsplit("/", 2)[-2] + "_" + iri.rsplit("/", 1)[-1]


def render(brief: Brief, fmt: Format) -> bytes:
    """The briefing in one format: a picture (svg, png), a page (html), a table (md, csv) or json."""
    if fmt == "json":
        return brief.model_dump_json().encode("utf-8")
    if fmt == "md":
        return to_markdown(brief).encode("utf-8")
    if fmt == "csv":
        return to_csv(brief).encode("utf-8")
    dot = to_dot(brief)
    try:
        if fmt == "png":
            dot.graph_attr["dpi"] = "144"
            return dot.pipe(format="png", renderer="cairo")
        svg = dot.pipe(format="svg", renderer="cairo")  # glyphs as outlines: the same picture on any machine
    except graphviz.ExecutableNotFound as err:
        raise BriefError("Graphviz's dot is missing: install graphviz (apt-get install graphviz)") from err
    if fmt == "svg":
        return svg
    return to_html(brief, svg.decode("utf-8")).encode("utf-8")


COLUMNS = {"province": "省份", "issuer": "发文机关", "document": "文件", "genre": "类型", "date": "日期",
           "period": "报告期", "report": "来源", "source": "来源文件", "sentence": "原文"}


def _cells(row: BriefRow) -> dict[str, str]:
    genre = genre_names().get(row.genre or "", row.genre or "")
    return {"province": row.province, "issuer": row.issuer or "", "document": row.document, "genre": genre,
            "date": row.date or "", "period": row.period or "",
            "report": "; ".join(dict.fromkeys(s.title for s in row.sources if s.title)),
            "source": "; ".join(dict.fromkeys(s.source for s in row.sources)),
            "sentence": " / ".join(dict.fromkeys(s.sentence for s in row.sources))}


def to_markdown(brief: Brief) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {brief.title}", "", brief.filters.caption(), "",
             "| " + " | ".join(COLUMNS.values()) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(v) for v in _cells(row).values()) + " |" for row in brief.rows]
    return "\n".join(lines) + "\n"


def to_csv(brief: Brief) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(_cells(row) for row in brief.rows)
    return out.getvalue()


def to_html(brief: Brief, svg: str) -> str:
    header = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS.values())
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in _cells(row).values()) + "</tr>"
                   for row in brief.rows)
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(brief.title)}'
            "</title><style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:14px}</style></head><body>"
            f"<h1>{html.escape(brief.title)}</h1><p>{html.escape(brief.filters.caption())}</p>{svg[svg.find('<svg'):]}"
            f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></body></html>")
