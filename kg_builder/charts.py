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
import unicodedata
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
from matplotlib.text import Annotation as Text
from matplotlib.transforms import Bbox

from kg_builder.geo import ASPECT, Region, china_map, ring_area
from kg_builder.schema import genre_names
from kg_builder.service.answers import NATIONWIDE, Brief, BriefRow, Lanes
from kg_builder.service.vocabulary import issuer_level

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

LEVEL_NAMES = {"national": "国家部门", "provincial": "省级部门"}
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues, light to dark
EMPTY, BORDER, INK = "#ffffff", "#7f7f7f", "#262626"
NICE = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
# A province's name on the map, points: 12 px and more where the explorer shows the map at 1366x768,
# and 11 px on an A4 page.
MAP_LABEL_PT = 11.0
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


@dataclass(frozen=True)
class Shading:
    """What the map shows of each province: its fill and the line under its name, the legend, the title
    and the caption."""

    fills: dict[str, str]
    values: dict[str, str]
    legend_title: str
    legend: list[tuple[str, str]]  # (colour, label), the empty class last
    title: str
    caption: str
    unmapped: dict[str, str]  # what the map holds no region for: 新疆生产建设兵团


def count_shading(brief: Brief) -> Shading:
    """Each province by its number of documents, darker as they rise."""
    counts = documents_by_province(brief)
    classes = count_classes(max(counts.values(), default=0))
    return Shading(
        fills={p: colour_of(n, classes) for p, n in counts.items()},
        values={p: str(n) for p, n in counts.items()},
        legend_title="文件数（省份数）",
        legend=[(c.colour, _legend_label(c, counts)) for c in classes] + [(EMPTY, "无")],
        title=_map_title(brief),
        caption=_caption(brief, counts),
        unmapped={p: f"{n} 篇" for p, n in counts.items()},
    )


# Days from a national document to a province's first follow-up, soonest darkest.
LAG_CLASSES = ((0, 30, "30 天内"), (31, 90, "31–90 天"), (91, 180, "91–180 天"), (181, 365, "181–365 天"))
LAG_LATER, UNDATED = "一年以上", "#d9d9d9"


def lag_shading(brief: Brief) -> Shading:
    """Each province by how soon its first follow-up came after the followed document; provinces that
    have not followed are white, and those whose follow-up has no whole date grey."""
    first: dict[str, BriefRow] = {}
    for row in brief.rows:  # by date: the first row of a province is its first follow-up
        if row.province != NATIONWIDE:
            first.setdefault(row.province, row)
    colours = PALETTE[::-1]  # soonest darkest
    bounds = [*LAG_CLASSES, (366, None, LAG_LATER)]

    def fill(lag: int | None) -> str:
        if lag is None:
            return UNDATED
        return next(
            colours[i] for i, (low, high, _) in enumerate(bounds) if lag >= low and (high is None or lag <= high)
        )

    def followed(i: int) -> int:
        low, high, _ = bounds[i]
        return sum(1 for r in first.values() if r.lag_days is not None and low <= r.lag_days <= (high or 10**9))

    legend = [(colours[i], f"{label}（{followed(i)}）") for i, (_, _, label) in enumerate(bounds)]
    undated = sum(1 for r in first.values() if r.lag_days is None)
    if undated:
        legend.append((UNDATED, f"日期不详（{undated}）"))
    national = sum(1 for r in brief.rows if r.province == NATIONWIDE)
    followed_doc = brief.followed
    when = f"{followed_doc.date} 印发" if followed_doc and followed_doc.date else "印发日期不详"
    caption = f"{when} · {len(first)} 个省份跟进" + (f"，另有国家部门文件 {national} 篇" if national else "")
    return Shading(
        fills={p: fill(r.lag_days) for p, r in first.items()},
        values={p: "日期不详" if r.lag_days is None else f"{r.lag_days} 天" for p, r in first.items()},
        legend_title="首个跟进文件距印发（省份数）",
        legend=[*legend, (EMPTY, "尚未跟进")],
        title=brief.title,
        caption=caption,
        unmapped={p: f"{r.lag_days} 天" if r.lag_days is not None else "日期不详" for p, r in first.items()},
    )


def map_figure(brief: Brief, font: str) -> tuple[Figure, Axes]:
    """China with each province coloured by its number of documents, or for a diffusion briefing by how
    soon it followed; the axes' data coordinates are longitude and latitude."""
    shading = lag_shading(brief) if brief.followed else count_shading(brief)
    china = china_map()
    with _style(font):
        fig = Figure(figsize=(9, 7.6), dpi=110)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.84))
        ax.set_xlim(73, 136)
        ax.set_ylim(16.5, 54)
        ax.set_aspect(ASPECT)
        ax.axis("off")
        drawn = set()
        labels: list[tuple[Text, Region]] = []
        for region in china.regions:
            fill = shading.fills.get(region.name, EMPTY)
            value = shading.values.get(region.name)
            path = MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in region.rings))
            patch = PathPatch(path, facecolor=fill, edgecolor=BORDER, linewidth=0.5)
            patch.set_gid(f"province-{region.name}")
            ax.add_patch(patch)
            dark = fill in PALETTE[3:]
            label = ax.annotate(
                f"{region.name}\n{value}" if value else region.name,
                region.label_point,
                ha="center",
                va="center",
                fontsize=MAP_LABEL_PT + (0.5 if value else 0),
                fontweight="bold" if value else "normal",
                color="#ffffff" if dark else INK,
                linespacing=1.0,
            )
            label.set_gid(f"label-{region.name}")
            labels.append((label, region))
            drawn.add(region.name)
        _inset(fig, china.inset)
        _place_labels(fig, ax, labels)
        fig.text(0.02, 0.965, shading.title, fontsize=15, fontweight="bold", color=INK, va="top")
        fig.text(0.02, 0.915, shading.caption, fontsize=9, color=INK, va="top")
        handles = [Polygon([(0, 0)], facecolor=c, edgecolor=BORDER, label=text) for c, text in shading.legend]
        ax.legend(
            handles=handles, loc="lower left", title=shading.legend_title, fontsize=10, title_fontsize=10, frameon=False
        )
        missing = {p: v for p, v in shading.unmapped.items() if p not in drawn}
        if missing:  # 新疆生产建设兵团 has no region of its own on the map
            note = "、".join(f"{p} {v}" for p, v in sorted(missing.items()))
            fig.text(0.02, 0.02, f"未上图：{note}", fontsize=8, color=INK)
    return fig, ax


# Where a label that does not fit its region goes, tried in this order at growing distances (degrees):
# east and south first, where the small regions of the coast (上海, 香港, 澳门) have the sea.
_OUT = ((1, 0), (1, -1), (0, -1), (1, 1), (-1, -1), (0, 1), (-1, 0), (-1, 1))
_DISTANCES = (1.8, 2.6, 3.4, 4.4, 5.6, 7.0)


def _place_labels(fig: Figure, ax: Axes, labels: list[tuple[Text, Region]]) -> None:
    """No label covers another or hides a region too small for it: larger regions keep their label at
    their label point; a label that is wider or taller than its region (北京, 天津, 香港, 澳门), or that
    would cover a label already placed, moves out to the first free place around it, tied to its
    region by a leader line."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # map_figure draws on one
    renderer = canvas.get_renderer()
    placed: list[Bbox] = []
    frame = ax.get_window_extent(renderer)

    def box(label: Text) -> Bbox:
        return label.get_window_extent(renderer).padded(2)

    def free(extent: Bbox) -> bool:
        return (
            frame.contains(extent.x0, extent.y0)
            and frame.contains(extent.x1, extent.y1)
            and not any(extent.overlaps(other) for other in placed)
        )

    for label, region in sorted(labels, key=lambda lr: -_largest_area(lr[1])):
        extent = box(label)
        ring = ax.transData.transform(max(region.rings, key=lambda r: abs(ring_area(r))))
        width, height = ring.max(axis=0) - ring.min(axis=0)
        fits = extent.width <= width * 0.9 and extent.height <= height * 0.9
        if fits and free(extent):
            placed.append(extent)
            continue
        x, y = region.label_point
        spots = ((x + dx * d, y + dy * d * 0.75) for d in _DISTANCES for dx, dy in _OUT)
        for spot in spots:
            label.xyann = spot
            extent = box(label)
            if free(extent):
                break
        label.set_color(INK)  # off its region: dark on a light box over whatever lies under it
        label.set_bbox({"boxstyle": "round,pad=0.15", "facecolor": "#ffffff", "edgecolor": "none", "alpha": 0.85})
        extent = box(label)
        leader = ax.annotate(
            "",
            region.label_point,
            xytext=_nearest_edge(ax, extent, region.label_point),
            textcoords="data",
            arrowprops={"arrowstyle": "-", "color": INK, "lw": 0.6, "shrinkA": 0, "shrinkB": 0},
        )
        leader.set_gid(f"leader-{region.name}")
        placed.append(extent)


def _nearest_edge(ax: Axes, extent: Bbox, point: tuple[float, float]) -> tuple[float, float]:
    """The point of a label's box nearest to `point` (data coordinates), where its leader line starts."""
    px, py = ax.transData.transform(point)
    x = min(max(px, extent.x0), extent.x1)
    y = min(max(py, extent.y0), extent.y1)
    nx, ny = ax.transData.inverted().transform((x, y))
    return float(nx), float(ny)


def _largest_area(region: Region) -> float:
    return max(abs(ring_area(r)) for r in region.rings)


def _inset(fig: Figure, rings: tuple[list[tuple[float, float]], ...]) -> Axes:
    """The South China Sea islands, framed at the bottom right as on standard maps of China."""
    inset = fig.add_axes((0.835, 0.035, 0.1, 0.2))
    inset.set_xlim(-1, 65)
    inset.set_ylim(94, -1)  # the inset's units run downwards
    inset.set_aspect("equal")
    inset.axis("off")
    for ring in rings:
        inset.add_patch(Polygon(ring, closed=True, facecolor=BORDER, edgecolor="none"))
    inset.text(60, 88, "南海诸岛", ha="right", va="bottom", fontsize=8, color=INK)
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


LABEL_PT = 8.0  # a timeline label's font size, points
ROW_PT = 13.0  # a row of timeline labels, points
_AXES_WIDTH_PT = 0.84 * 11 * 72  # the timeline's axes: 84% of an 11-inch figure
_GAP_PT = 7.0  # between a mark and its label


def _width_pt(text: str) -> float:
    """A label's width in points at LABEL_PT: a Chinese character is a square, Latin about half."""
    return sum(LABEL_PT if unicodedata.east_asian_width(c) in "WF" else 0.6 * LABEL_PT for c in text)


def _label(mark: Mark, row: BriefRow, genres: dict[str, str]) -> str:
    genre = genres.get(row.genre or "", row.genre or "")
    return f"{mark.month} {short_title(row.document)}" + (f" · {genre}" if genre else "")


def _pack(
    marks: list[Mark], texts: dict[tuple[int, int], str], first_x: float, per_month: float
) -> dict[tuple[int, int], int]:
    """Each label's row within its lane: the first row where it starts after the label before it ends
    (labels run right of their mark), so that no two labels of a lane overlap."""
    rows: dict[tuple[int, int], int] = {}
    ends: dict[str, list[float]] = defaultdict(list)
    dots: dict[str, list[float]] = defaultdict(list)  # the marks sit on a lane's first row
    for mark in marks:
        dots[mark.lane].append((_month_index(mark.month) - first_x) * per_month)
    for i, mark in sorted(enumerate(marks), key=lambda im: (im[1].lane, im[1].month)):
        x = (_month_index(mark.month) - first_x) * per_month
        for k in range(len(mark.rows)):
            start = x + _GAP_PT
            end = start + _width_pt(texts[(i, k)]) + 4
            lane = ends[mark.lane]
            over_a_mark = any(start - 6 <= d <= end + 6 for d in dots[mark.lane] if d != x)
            row = next(
                (r for r, taken in enumerate(lane) if taken <= x - 2 and not (r == 0 and over_a_mark)),
                max(len(lane), 1 if over_a_mark else 0),
            )
            row = max(row, rows.get((i, k - 1), -1) + 1) if k else row
            while len(lane) <= row:
                lane.append(float("-inf"))
            lane[row] = end
            rows[(i, k)] = row
    return rows


def timeline_figure(brief: Brief, font: str, lanes: Lanes = "province") -> tuple[Figure, Axes, list[Mark]]:
    """Documents by month (x: months since year 0, one per month), one lane per province or issuer
    level. Each document's label runs right of its mark; labels that would meet take rows of their
    own within the lane (a leader line ties them to the mark), and the months axis extends as far as
    the longest label needs, so that no label covers another or leaves the picture."""
    marks = timeline_marks(brief, lanes)
    names = sorted({m.lane for m in marks}, key=lambda lane: min(m.month for m in marks if m.lane == lane))
    documents = sum(len(m.rows) for m in marks)
    labelled = documents <= LABELLED_MARKS
    genres = genre_names()
    texts = {(i, k): _label(m, row, genres) for i, m in enumerate(marks) for k, row in enumerate(m.rows)}
    followed = brief.followed
    start = _month_index(followed.date[:7]) if followed and followed.date and len(followed.date) >= 7 else None
    months = [_month_index(m.month) for m in marks] + ([start] if start is not None else [])
    first = min(months, default=0)
    last = max(months, default=11)
    span = max(last - first, 1)
    x0 = first - 0.05 * span - 1
    x1 = last + 0.05 * span + 1
    if labelled:  # the axis reaches as far as the rightmost label ends
        for (i, _), text in texts.items():
            x = _month_index(marks[i].month)
            room = _AXES_WIDTH_PT - _GAP_PT - _width_pt(text) - 6
            x1 = max(x1, x0 + (x - x0) * _AXES_WIDTH_PT / max(room, 1))
    per_month = _AXES_WIDTH_PT / (x1 - x0)
    rows = _pack(marks, texts, x0, per_month) if labelled else {}
    lane_rows = {name: 1 for name in names}
    for (i, _), row in rows.items():
        lane_rows[marks[i].lane] = max(lane_rows[marks[i].lane], row + 1)
    base, y = {}, 0.0
    for name in names:
        base[name] = y
        y += lane_rows[name] + 0.8  # a lane's rows, and a gap before the next lane
    units = max(y, 1.8)
    with _style(font):
        axes_height = units * ROW_PT / 72  # inches: one row of labels per unit
        height = axes_height + 1.25
        fig = Figure(figsize=(11, height), dpi=110)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.12, 0.45 / height, 0.84, axes_height / height))
        ax.set_xlim(x0, x1)
        ax.set_ylim(units - 0.6, -0.6)
        ax.set_yticks([base[n] for n in names], names, fontsize=10)
        years = range(first // 12, last // 12 + 2)
        step = max(1, len(years) // 12)
        ax.set_xticks([y * 12 for y in years[::step]], [str(y) for y in years[::step]], fontsize=9)
        ax.set_xticks([y * 12 + m for y in years for m in (3, 6, 9)], minor=True)
        ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        for i, mark in enumerate(marks):
            x, lane_y = _month_index(mark.month), base[mark.lane]
            dot = ax.scatter([x], [lane_y], s=60 if labelled else 40 + 12 * len(mark.rows), color=PALETTE[4], zorder=3)
            dot.set_gid(f"mark-{mark.lane}-{mark.month}")
            if labelled:
                for k in range(len(mark.rows)):
                    row = rows[(i, k)]
                    label = ax.annotate(
                        texts[(i, k)],
                        (x, lane_y),
                        xytext=(x + _GAP_PT / per_month, lane_y + row),
                        textcoords="data",
                        fontsize=LABEL_PT,
                        color=INK,
                        va="center",
                        arrowprops={"arrowstyle": "-", "color": "#9AA1AC", "lw": 0.5, "shrinkA": 0, "shrinkB": 3}
                        if row
                        else None,
                    )
                    label.set_gid(f"label-{i}-{k}")
            elif len(mark.rows) > 1:
                ax.annotate(
                    str(len(mark.rows)), (x, lane_y), ha="center", va="center", fontsize=6, color="#ffffff", zorder=4
                )
        by = "省份" if lanes == "province" else "发文层级"
        if followed is not None:  # a diffusion briefing: from the followed document to each follow-up
            if start is not None:
                ax.axvline(start, color=PALETTE[4], linewidth=1, linestyle="--", zorder=2, gid="followed")
                ax.annotate(
                    f"《{short_title(followed.document)}》印发 {followed.date}",
                    (start, 0),
                    xycoords=("data", "axes fraction"),
                    xytext=(3, 2),
                    textcoords="offset points",
                    fontsize=LABEL_PT,
                    color=PALETTE[4],
                )
            title = f"{brief.title}：时间线（按{by}）"
            caption = f"{documents} 篇跟进文件"
        else:
            title = f"{brief.filters.topic or '全部主题'}：文件时间线（按{by}）"
            caption = f"{brief.filters.caption()} · {documents} 篇文件"
        fig.text(0.02, 1 - 0.12 / height, title, fontsize=14, fontweight="bold", color=INK, va="top")
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
