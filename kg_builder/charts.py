"""The briefing's map of China and its timeline, drawn with matplotlib from what the query service
answers (the brief's rows) and nothing else.

The map colours each provincial-level region by the number of matching documents, in a sequential
palette whose lightness falls with the count (ColorBrewer Blues: it reads in grey print too), labels
each region in Chinese with its count, draws regions without documents white, and shows the South
China Sea islands in an inset as standard maps of China do (kg_builder/geo.py). The timeline puts
each document at its month, one lane per province or per issuer level, labelled with its short title
and genre. Both are written as SVG (text as glyph outlines, so the picture is the same on any
machine) and PNG. Each region and each mark carries an id in the SVG (province-湖南,
mark-湖南-2019-01) for the explorer's hover and click.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Polygon
from matplotlib.path import Path as MplPath

from kg_builder.geo import ASPECT, china_map
from kg_builder.schema import genre_names
from kg_builder.service.answers import Brief, BriefRow, Lanes
from kg_builder.service.vocabulary import issuer_level

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

LEVEL_NAMES = {"national": "国家部门", "provincial": "省级部门"}
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues, light to dark
EMPTY, BORDER, INK = "#ffffff", "#7f7f7f", "#262626"
NICE = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
LABELLED_MARKS = 60  # beyond this a timeline's marks show counts instead of titles
SHORT_TITLE = 18  # characters of a title a timeline label shows
_SVG: dict[RcKeyType, str] = {"svg.fonttype": "path", "svg.hashsalt": "policykg"}  # text as outlines, stable ids


@dataclass(frozen=True)
class CountClass:
    low: int
    high: int
    colour: str

    @property
    def label(self) -> str:
        return f"{self.low} 篇" if self.low == self.high else f"{self.low}–{self.high} 篇"


def count_classes(most: int) -> list[CountClass]:
    """At most five classes of document counts from 1 to `most`, bounded by round numbers, darker as they rise."""
    if most < 1:
        return []
    lows = list(range(1, most + 1)) if most <= len(PALETTE) else [n for n in NICE if n <= most]
    lows = [1, *lows[-(len(PALETTE) - 1) :]] if len(lows) > len(PALETTE) else lows
    picks = (
        [len(PALETTE) - 2]
        if len(lows) == 1
        else [round(i * (len(PALETTE) - 1) / (len(lows) - 1)) for i in range(len(lows))]
    )
    highs = [n - 1 for n in lows[1:]] + [most]
    return [CountClass(lo, hi, PALETTE[p]) for lo, hi, p in zip(lows, highs, picks, strict=True)]


def colour_of(count: int, classes: list[CountClass]) -> str:
    return next((c.colour for c in classes if c.low <= count <= c.high), EMPTY)


def documents_by_province(brief: Brief) -> dict[str, int]:
    """How many distinct documents each province issued among the brief's rows."""
    documents: dict[str, set[str]] = defaultdict(set)
    for row in brief.rows:
        documents[row.province].add(row.document_id or row.document)
    return {province: len(ids) for province, ids in documents.items()}


@contextmanager
def _style(font: str) -> Iterator[None]:
    """The picture's font, and SVG text as outlines with ids that do not change from run to run."""
    with matplotlib.rc_context({"font.family": font, **_SVG}):
        yield


def map_figure(brief: Brief, font: str) -> tuple[Figure, Axes]:
    """China with each province coloured by its number of documents; the axes' data coordinates are
    longitude and latitude."""
    counts = documents_by_province(brief)
    china = china_map()
    classes = count_classes(max(counts.values(), default=0))
    with _style(font):
        fig = Figure(figsize=(9, 7.6), dpi=110)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.84))
        ax.set_xlim(73, 136)
        ax.set_ylim(16.5, 54)
        ax.set_aspect(ASPECT)
        ax.axis("off")
        drawn = set()
        for region in china.regions:
            count = counts.get(region.name, 0)
            fill = colour_of(count, classes)
            path = MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in region.rings))
            patch = PathPatch(path, facecolor=fill, edgecolor=BORDER, linewidth=0.5)
            patch.set_gid(f"province-{region.name}")
            ax.add_patch(patch)
            dark = fill in PALETTE[3:]
            ax.text(
                *region.label_point,
                f"{region.name}\n{count}" if count else region.name,
                ha="center",
                va="center",
                fontsize=7.5 if count else 6,
                fontweight="bold" if count else "normal",
                color="#ffffff" if dark else INK,
                linespacing=1.0,
            )
            drawn.add(region.name)
        _inset(fig, china.inset)
        fig.text(0.02, 0.965, _map_title(brief), fontsize=15, fontweight="bold", color=INK, va="top")
        fig.text(0.02, 0.915, _caption(brief, counts), fontsize=9, color=INK, va="top")
        handles = [
            Polygon([(0, 0)], facecolor=c.colour, edgecolor=BORDER, label=_legend_label(c, counts)) for c in classes
        ]
        handles.append(Polygon([(0, 0)], facecolor=EMPTY, edgecolor=BORDER, label="无"))
        ax.legend(
            handles=handles, loc="lower left", title="文件数（省份数）", fontsize=8, title_fontsize=8, frameon=False
        )
        missing = {p: n for p, n in counts.items() if p not in drawn}
        if missing:  # 新疆生产建设兵团 has no region of its own on the map
            note = "、".join(f"{p} {n} 篇" for p, n in sorted(missing.items()))
            fig.text(0.02, 0.02, f"未上图：{note}", fontsize=8, color=INK)
    return fig, ax


def _inset(fig: Figure, rings: tuple[list[tuple[float, float]], ...]) -> Axes:
    """The South China Sea islands, framed at the bottom right as on standard maps of China."""
    inset = fig.add_axes((0.835, 0.035, 0.1, 0.2))
    inset.set_xlim(-1, 65)
    inset.set_ylim(94, -1)  # the inset's units run downwards
    inset.set_aspect("equal")
    inset.axis("off")
    for ring in rings:
        inset.add_patch(Polygon(ring, closed=True, facecolor=BORDER, edgecolor="none"))
    inset.text(60, 88, "南海诸岛", ha="right", va="bottom", fontsize=6, color=INK)
    inset.set_gid("south-china-sea")
    return inset


def _map_title(brief: Brief) -> str:
    return f"{brief.filters.topic or '全部主题'}：各省印发文件数"


def _caption(brief: Brief, counts: dict[str, int]) -> str:
    return f"{brief.filters.caption()} · {sum(counts.values())} 篇文件，{len(counts)} 个省份"


def _legend_label(c: CountClass, counts: dict[str, int]) -> str:
    provinces = sum(1 for n in counts.values() if c.low <= n <= c.high)
    return f"{c.label}（{provinces}）"


def month_of(row: BriefRow) -> str:
    """YYYY-MM of the document's date, else of the report's period ('' when neither gives a month)."""
    when = row.date or row.period or ""
    return when[:7] if len(when) >= 7 else ""


def short_title(title: str, width: int = SHORT_TITLE) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


@dataclass(frozen=True)
class Mark:
    lane: str
    month: str
    rows: tuple[BriefRow, ...]  # the documents at this month in this lane, one row each


def timeline_marks(brief: Brief, lanes: Lanes) -> list[Mark]:
    """The brief's documents grouped by lane and month (rows without a month are left out)."""
    cells: dict[tuple[str, str], dict[str, BriefRow]] = defaultdict(dict)
    for row in brief.rows:
        month = month_of(row)
        if not month:
            continue
        lane = row.province if lanes == "province" else LEVEL_NAMES[issuer_level(row.issuer)]
        cells[(lane, month)].setdefault(row.document_id or row.document, row)
    return [Mark(lane, month, tuple(rows.values())) for (lane, month), rows in sorted(cells.items())]


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def timeline_figure(brief: Brief, font: str, lanes: Lanes = "province") -> tuple[Figure, Axes, list[Mark]]:
    """Documents by month (x: months since year 0, one per month), one lane per province or issuer level."""
    marks = timeline_marks(brief, lanes)
    names = sorted({m.lane for m in marks}, key=lambda lane: min(m.month for m in marks if m.lane == lane))
    lane_of = {name: i for i, name in enumerate(names)}
    documents = sum(len(m.rows) for m in marks)
    labelled = documents <= LABELLED_MARKS
    genres = genre_names()
    with _style(font):
        height = 1.8 + 0.75 * max(len(names), 1)  # inches: a lane each, and room for the title and the years
        fig = Figure(figsize=(11, height), dpi=110)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.12, 0.45 / height, 0.84, 1 - 1.2 / height))
        first = min((_month_index(m.month) for m in marks), default=0)
        last = max((_month_index(m.month) for m in marks), default=11)
        span = max(last - first, 1)
        ax.set_xlim(first - 0.05 * span - 1, last + 0.35 * span + 1 if labelled else last + 0.05 * span + 1)
        ax.set_ylim(len(names) - 0.4, -0.6)
        ax.set_yticks(range(len(names)), names, fontsize=10)
        years = range(first // 12, last // 12 + 2)
        step = max(1, len(years) // 12)
        ax.set_xticks([y * 12 for y in years[::step]], [str(y) for y in years[::step]], fontsize=9)
        ax.set_xticks([y * 12 + m for y in years for m in (3, 6, 9)], minor=True)
        ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        for mark in marks:
            x, y = _month_index(mark.month), lane_of[mark.lane]
            dot = ax.scatter([x], [y], s=60 if labelled else 40 + 12 * len(mark.rows), color=PALETTE[4], zorder=3)
            dot.set_gid(f"mark-{mark.lane}-{mark.month}")
            if labelled:
                for k, row in enumerate(mark.rows):
                    genre = genres.get(row.genre or "", row.genre or "")
                    ax.annotate(
                        f"{mark.month} {short_title(row.document)}" + (f" · {genre}" if genre else ""),
                        (x, y),
                        xytext=(7, 9 - 11 * k),
                        textcoords="offset points",
                        fontsize=7.5,
                        color=INK,
                        va="center",
                    )
            elif len(mark.rows) > 1:
                ax.annotate(
                    str(len(mark.rows)), (x, y), ha="center", va="center", fontsize=6, color="#ffffff", zorder=4
                )
        title = f"{brief.filters.topic or '全部主题'}：文件时间线（按{'省份' if lanes == 'province' else '发文层级'}）"
        fig.text(0.02, 1 - 0.12 / height, title, fontsize=14, fontweight="bold", color=INK, va="top")
        caption = f"{brief.filters.caption()} · {documents} 篇文件"
        fig.text(0.02, 1 - 0.48 / height, caption, fontsize=9, color=INK, va="top")
        if not marks:
            ax.text(0.5, 0.5, "没有符合条件的文件", transform=ax.transAxes, ha="center", fontsize=12, color=INK)
    return fig, ax, marks


def to_svg(fig: Figure) -> bytes:
    out = io.BytesIO()
    with matplotlib.rc_context(_SVG):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def to_png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=fig.dpi, metadata={"Software": None})
    return out.getvalue()
