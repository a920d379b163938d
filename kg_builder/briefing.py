"""Briefings: which provinces' agencies issued which documents, as a picture and as a table.

What is drawn is what the query service answers (QueryService.brief: the rows GET /provinces answers
with, each with the sentences and source files that state it), and nothing else. The picture is
drawn by Graphviz (provinces → issuing agencies → dated documents, left to right, so that it
stays legible at dozens of nodes); Chinese labels need a CJK font, which is checked before
drawing so that a missing font is an error, not a picture of empty boxes.
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

from kg_builder.errors import Unavailable
from kg_builder.schema import genre_names, validity_names
from kg_builder.service.answers import Brief, BriefRow, Lanes
from kg_builder.style import node_styles

# Characters XML 1.0 forbids (C0 controls but tab and line ends): Graphviz refuses a label with one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _markup(text: str) -> str:
    """Text as XML and HTML content: escaped, without the characters XML cannot hold."""
    return html.escape(_NOT_XML.sub("", text))


Format = Literal["svg", "png", "html", "md", "csv", "json"]
Kind = Literal[
    "graph", "map", "timeline", "diffusion"
]  # the picture: provinces → agencies → documents, a map, a timeline
MEDIA_TYPES: dict[str, str] = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
TITLE_WIDTH = 32  # columns a line of a document title in the picture (a Chinese character is two)
# IPv6 and 2.0 stay on one line, and a closing mark never starts one
UNBROKEN = re.compile(r"(?:[A-Za-z0-9.()\-]+|.)[》）」』。，、；：]*")


class BriefError(Unavailable):
    """A briefing that cannot be drawn: no CJK font, no Graphviz or no map data on this machine."""


@cache
def cjk_font() -> str:
    """The font family the picture's Chinese is set in; an error when the machine has none."""
    if shutil.which("fc-list") is None:
        raise BriefError("fontconfig's fc-list is missing: install fontconfig and fonts-noto-cjk")
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    families = sorted({f.strip() for line in listed.splitlines() for f in line.split(",") if f.strip()})
    if not families:
        raise BriefError(
            "no font with Chinese glyphs is installed, so the picture's labels would be empty boxes: "
            "install one (apt-get install fonts-noto-cjk)"
        )
    preferred = [f for f in families if f.endswith("Sans CJK SC")]
    return (preferred or families)[0]


def to_dot(brief: Brief) -> graphviz.Digraph:
    """Provinces → agencies → documents, left to right, with a title and a legend."""
    font, styles = cjk_font(), node_styles()
    legend = "".join(
        f'<td bgcolor="{styles[label].color}"><font color="{styles[label].text}"> {text} </font></td>'
        for label, text in (("Province", "省份"), ("Agency", "发文机关"), ("Document", "文件"))
    )
    title = (
        f'<<table border="0" cellspacing="4"><tr><td colspan="3"><font point-size="20"><b>'
        f'{_markup(brief.title)}</b></font></td></tr><tr><td colspan="3">'
        f"{_markup(brief.caption())} · {len(brief.rows)} 条</td></tr><tr>{legend}</tr></table>>"
    )
    dot = graphviz.Digraph(
        "brief",
        graph_attr={
            "rankdir": "LR",
            "label": title,
            "labelloc": "t",
            "labeljust": "l",
            "fontname": font,
            "bgcolor": "white",
            "pad": "0.3",
            "nodesep": "0.15",
            "ranksep": "0.8",
            "splines": "spline",
        },
        node_attr={"fontname": font, "fontsize": "12", "style": "filled,rounded", "margin": "0.15,0.06"},
        edge_attr={"color": "#9AA1AC", "arrowsize": "0.6"},
    )
    for n in brief.nodes:
        style = styles[n.label]
        text = n.name if n.label != "Document" else wrap(f"《{n.name}》", TITLE_WIDTH)
        if n.date:
            text += f"\n{n.date}"
        dot.node(
            _dot_id(n.id),
            text,
            shape=style.dot_shape,
            fillcolor=style.color,
            color=style.border,
            fontcolor=style.text,
            fontsize="14" if n.label == "Province" else "12",
        )
    for e in brief.edges:
        if e.type == "LOCATED_IN":  # drawn province first, as the reader scans: province → agency
            dot.edge(_dot_id(e.target), _dot_id(e.source), dir="none")
        else:
            # minlen 2 keeps a document the text gives no agency for in the documents' column
            dot.edge(
                _dot_id(e.source),
                _dot_id(e.target),
                color=styles["Document"].border,
                minlen="2" if e.source.split("/")[-2] == "province" else "1",
            )
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


def render(brief: Brief, fmt: Format, kind: Kind = "graph", lanes: Lanes = "province") -> bytes:
    """The briefing in one format: a picture of one kind (svg, png), the page with every picture and the
    table (html), the table (md, csv) or json."""
    if fmt == "json":
        return brief.model_dump_json().encode("utf-8")
    if fmt == "md":
        return to_markdown(brief).encode("utf-8")
    if fmt == "csv":
        return to_csv(brief).encode("utf-8")
    if fmt == "html":
        kinds: tuple[Kind, ...] = ("map", "timeline") if brief.followed else ("map", "timeline", "graph")
        pictures = [picture(brief, "svg", k, lanes).decode("utf-8") for k in kinds]
        return to_html(brief, pictures).encode("utf-8")
    return picture(brief, fmt, kind, lanes)


def picture(brief: Brief, fmt: Literal["svg", "png"], kind: Kind, lanes: Lanes = "province") -> bytes:
    """The diagram (Graphviz), the map or the timeline (matplotlib: kg_builder/charts.py, imported when drawn)."""
    if kind != "graph":
        from kg_builder import charts
        from kg_builder.geo import MapDataError
        from kg_builder.npm import NpmMissing

        try:
            if kind in ("map", "diffusion"):  # a diffusion briefing's map is coloured by lag
                fig, _ = charts.map_figure(brief, cjk_font())
            else:
                fig, _, _ = charts.timeline_figure(brief, cjk_font(), lanes)
        except (NpmMissing, MapDataError) as err:
            raise BriefError(str(err)) from err
        return charts.to_png(fig) if fmt == "png" else charts.to_svg(fig)
    dot = to_dot(brief)
    try:
        if fmt == "png":
            dot.graph_attr["dpi"] = "144"
            return dot.pipe(format="png", renderer="cairo")
        return dot.pipe(format="svg", renderer="cairo")  # glyphs as outlines: the same picture on any machine
    except graphviz.ExecutableNotFound as err:
        raise BriefError("Graphviz's dot is missing: install graphviz (apt-get install graphviz)") from err


COLUMNS = {
    "province": "省份",
    "issuer": "发文机关",
    "document": "文件",
    "genre": "类型",
    "date": "日期",
    "status": "时效",
    "period": "报告期",
    "report": "来源",
    "source": "来源文件",
    "sentence": "原文",
}
# A diffusion briefing's table: how each document follows the briefing's document, and how long after.
DIFFUSION_COLUMNS = {
    "province": "省份",
    "issuer": "发文机关",
    "document": "文件",
    "relation": "关系",
    "date": "日期",
    "lag": "间隔天数",
    "status": "时效",
    "report": "来源",
    "source": "来源文件",
    "sentence": "原文",
}
RELATION_NAMES = {"implements": "贯彻落实", "cites": "引用"}


def columns(brief: Brief) -> dict[str, str]:
    return DIFFUSION_COLUMNS if brief.followed else COLUMNS


def _cells(row: BriefRow, *, readable: bool = True) -> dict[str, str]:
    """A row's cells; for readers (the page, Markdown) a row without a date of its own shows the
    report's month in the date column, marked (报告期); the CSV keeps the date column for dates only."""
    genre = genre_names().get(row.genre or "", row.genre or "")
    reports, sources, sentences = row.cited
    cells = {
        "province": row.province,
        "issuer": row.issuer or "",
        "document": row.document,
        "genre": genre,
        "relation": RELATION_NAMES.get(row.relation or "", ""),
        "date": row.date or (f"{row.period}（报告期）" if readable and row.period else ""),
        "period": row.period or "",
        "lag": "" if row.lag_days is None else str(row.lag_days),
        "status": validity_names().get(row.status or "", ""),
        "report": reports,
        "source": sources,
        "sentence": sentences,
    }
    return {k: cells[k] for k in (DIFFUSION_COLUMNS if row.relation else COLUMNS)}


def to_markdown(brief: Brief) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def line(cells: list[str]) -> str:
        # Escaping cell by cell is half the time of a brief of 500 rows; a row whose cells hold no bar and
        # no line break (its only bars are the separators) needs none.
        text = " | ".join(cells)
        if text.count("|") != len(header) - 1 or "\n" in text:
            text = " | ".join(map(cell, cells))
        return f"| {text} |"

    header = columns(brief)
    lines = [
        f"# {brief.title}",
        "",
        brief.caption(),
        "",
        "| " + " | ".join(header.values()) + " |",
        "|" + "---|" * len(header),
    ]
    lines += [line(list(_cells(row).values())) for row in brief.rows]
    return "\n".join(lines) + "\n"


def to_csv(brief: Brief) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns(brief)))
    writer.writeheader()
    writer.writerows(_cells(row, readable=False) for row in brief.rows)
    return out.getvalue()


# Widths that hold Chinese names: an agency's name on one or two lines, never a character a line; short
# cells (province, genre, dates) on one line; file names may break anywhere.
_COLUMN_WIDTHS = (
    ".province,.genre,.date,.status,.period,.relation,.lag{white-space:nowrap}.issuer{min-width:9em}.document{min-width:14em}"
    ".report{min-width:10em}.source{min-width:8em;word-break:break-all}.sentence{min-width:22em}"
)


def to_html(brief: Brief, pictures: list[str]) -> str:
    """One page with the pictures and the table, laid out to print on A4 (each picture on a page of its own
    width, the table's rows never split)."""
    header = "".join(f'<th class="{k}">{_markup(c)}</th>' for k, c in columns(brief).items())
    body = "".join(
        "<tr>" + "".join(f'<td class="{k}">{_markup(v)}</td>' for k, v in _cells(row).items()) + "</tr>"
        for row in brief.rows
    )
    figures = "".join(f"<figure>{svg[svg.find('<svg') :]}</figure>" for svg in pictures)
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_markup(brief.title)}'
        "</title><style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:14px}"
        + _COLUMN_WIDTHS
        + "figure{margin:1em 0}figure svg{max-width:100%;height:auto}"
        "@page{size:A4;margin:12mm}@media print{body{margin:0}figure{break-inside:avoid}"
        "td,th{font-size:9pt}tr{break-inside:avoid}thead{display:table-header-group}}</style></head><body>"
        f"<h1>{_markup(brief.title)}</h1><p>{_markup(brief.caption())}</p>{figures}"
        f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
