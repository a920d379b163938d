"""The briefing's map of China and its timeline, drawn from the samples' IPv6 documents: the pixels and the
SVG say which provinces carry the topic's colour and where the marks are."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image
from spacy.language import Language

from kg_builder import charts
from kg_builder.briefing import cjk_font, render
from kg_builder.extract import extract_bytes
from kg_builder.geo import Region, china_map, ring_area
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.service import QueryService
from kg_builder.service.answers import Brief, BriefFilters, BriefRow
from kg_builder.store.embedded import EmbeddedStore

SVG = "{http://www.w3.org/2000/svg}"
IPV6 = {"湖南", "辽宁", "吉林"}


@pytest.fixture(scope="module")
def ipv6(sample_graphs: list[SourceGraph], tmp_path_factory: pytest.TempPathFactory) -> Brief:
    store = EmbeddedStore(tmp_path_factory.mktemp("pictures") / "oxigraph")
    store.load(sample_graphs)
    service = QueryService(store)
    brief = service.brief(service.filters(topic="IPv6"))
    store.close()
    return brief


def _pixel(image: Image.Image, fig: Figure, ax: Axes, x: float, y: float) -> str:
    """The most common colour in a 5x5 window around data point (x, y) (a label's strokes do not decide it)."""
    px, py = ax.transData.transform((x, y))
    row = fig.bbox.height - py  # the PNG's rows run down
    window = Counter(
        image.getpixel((round(px) + dx, round(row) + dy))[:3] for dx in range(-2, 3) for dy in range(-2, 3)
    )
    r, g, b = window.most_common(1)[0][0]
    return f"#{r:02x}{g:02x}{b:02x}"


def _away_from_label(region: Region) -> tuple[float, float]:
    """A point inside the region, near its centroid but clear of its label (whose strokes would decide
    the colour where they lie)."""
    ring = max(region.rings, key=lambda r: abs(ring_area(r)))
    path = MplPath(ring, closed=True)
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    lx, ly = region.label_point
    cx, cy = region.centroid
    inside = [
        (x / 10, y / 10)
        for x in range(int(min(xs) * 10), int(max(xs) * 10) + 1)
        for y in range(int(min(ys) * 10), int(max(ys) * 10) + 1)
        if path.contains_point((x / 10, y / 10))
    ]
    for clearance in (3.0, 2.0, 1.2):  # degrees: a two-line label (新疆 435 天) is about 3 wide
        clear = [(x, y) for x, y in inside if (x - lx) ** 2 + (y - ly) ** 2 > clearance**2]
        if len(clear) >= 50:  # room inside, not a sliver along the border
            return min(clear, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
    return cx, cy


def _fills(svg: bytes) -> dict[str, str]:
    """province → the fill of its region in the SVG."""
    fills = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("id", "").startswith("province-"):
            path = group.find(f"{SVG}path")
            assert path is not None
            style = dict(part.split(": ") for part in path.get("style", "").split("; ") if ": " in part)
            fills[group.get("id", "").removeprefix("province-")] = style["fill"]
    return fills


def test_the_map_colours_exactly_the_provinces_that_issued_ipv6_documents(ipv6: Brief, tmp_path: Path) -> None:
    fig, ax = charts.map_figure(ipv6, cjk_font())
    png = charts.to_png(fig)  # draws the figure: the transforms below are those of the picture
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (round(fig.bbox.width), round(fig.bbox.height))
    regions = china_map().regions
    assert len(regions) == 34
    coloured = set(charts.PALETTE)
    for region in regions:
        colour = _pixel(image, fig, ax, *_away_from_label(region))
        if region.name in IPV6:
            assert colour in coloured, (region.name, colour)
        else:  # white, or the grey of a label's strokes on white: not the topic's colour
            assert colour[1:3] == colour[3:5] == colour[5:7], (region.name, colour)
    fills = _fills(charts.to_svg(fig))
    assert set(fills) == {r.name for r in regions}  # every province is drawn
    assert {p for p, fill in fills.items() if fill != charts.EMPTY} == IPV6
    assert len({fills[p] for p in IPV6}) == 1 and fills["湖南"] in coloured


def test_the_map_draws_the_south_china_sea_inset(ipv6: Brief) -> None:
    fig, _ = charts.map_figure(ipv6, cjk_font())
    ids = {g.get("id") for g in ET.fromstring(charts.to_svg(fig)).iter(f"{SVG}g")}
    assert "south-china-sea" in ids
    assert len(china_map().inset) >= 10  # the frame, and the dashes of the line


def test_the_timeline_marks_2019_01_and_2021_08_with_their_provinces(ipv6: Brief) -> None:
    fig, ax, marks = charts.timeline_figure(ipv6, cjk_font())
    assert sorted((m.month, m.lane) for m in marks) == [("2019-01", "湖南"), ("2021-08", "吉林"), ("2021-08", "辽宁")]
    image = Image.open(io.BytesIO(charts.to_png(fig))).convert("RGB")
    lanes = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks(), strict=True))
    for mark in marks:
        x = int(mark.month[:4]) * 12 + int(mark.month[5:]) - 1
        assert _pixel(image, fig, ax, x, lanes[mark.lane]) == charts.PALETTE[4], mark
    assert _pixel(image, fig, ax, 2020 * 12 + 5, lanes["湖南"]) == "#ffffff"  # no mark where none is
    ids = {g.get("id") for g in ET.fromstring(charts.to_svg(fig)).iter(f"{SVG}g")}
    assert {"mark-湖南-2019-01", "mark-吉林-2021-08", "mark-辽宁-2021-08"} <= ids
    # the same marks are rows of the brief's tables
    table = list(csv.DictReader(io.StringIO(render(ipv6, "csv").decode("utf-8"))))
    assert sorted((r["period"], r["province"]) for r in table) == [
        ("2019-01", "湖南"),
        ("2021-08", "吉林"),
        ("2021-08", "辽宁"),
    ]
    markdown = render(ipv6, "md").decode("utf-8")
    assert "| 湖南 |" in markdown and "2019-01" in markdown and "2021-08" in markdown


def test_a_timeline_by_issuer_level_has_one_lane_per_level(ipv6: Brief) -> None:
    _, _, marks = charts.timeline_figure(ipv6, cjk_font(), "issuer_level")
    assert {(m.month, m.lane, len(m.rows)) for m in marks} == {("2019-01", "省级部门", 1), ("2021-08", "省级部门", 2)}


def test_the_html_brief_has_the_map_the_timeline_the_diagram_and_the_table_on_one_page(ipv6: Brief) -> None:
    page = render(ipv6, "html").decode("utf-8")
    assert page.count("<svg") == 3 and 'id="province-湖南"' in page and 'id="mark-湖南-2019-01"' in page
    assert "@page{size:A4" in page and page.count("<tr>") == 1 + len(ipv6.rows)


def test_count_classes_are_round_and_darken_as_counts_rise() -> None:
    assert charts.count_classes(0) == []
    assert [(c.low, c.high) for c in charts.count_classes(3)] == [(1, 1), (2, 2), (3, 3)]
    big = charts.count_classes(547)
    assert [(c.low, c.high) for c in big] == [(1, 49), (50, 99), (100, 199), (200, 499), (500, 547)]
    assert [c.colour for c in big] == list(charts.PALETTE)
    assert charts.colour_of(0, big) == charts.EMPTY and charts.colour_of(547, big) == charts.PALETTE[-1]


def _every_province(documents_each: int = 3) -> Brief:
    """A brief with documents in every region of the map, and titles of realistic length."""
    rows = [
        BriefRow(
            province=r.name,
            issuer=f"{r.name}教育厅",
            document=f"关于推进{r.name}教育数字化转型的第{k}号实施方案",
            document_id=f"d{i}-{k}",
            date=f"{2020 + i % 4}-{1 + (i * (k + 1)) % 12:02d}-01",
            genre="plan",
        )
        for i, r in enumerate(china_map().regions)
        for k in range(1 + i % documents_each)
    ]
    return Brief(title="t", filters=BriefFilters(topic="数字化转型"), rows=rows)


def _overlaps(boxes: dict[str, Bbox]) -> list[tuple[str, str]]:
    names = sorted(boxes)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if boxes[a].overlaps(boxes[b])]


def test_no_province_label_covers_another_and_small_regions_get_leader_lines() -> None:
    fig, ax = charts.map_figure(_every_province(), cjk_font())
    charts.to_png(fig)  # lays the figure out
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = {t.get_gid().removeprefix("label-"): t for t in ax.texts if (t.get_gid() or "").startswith("label-")}
    assert len(labels) == 34
    assert _overlaps({name: t.get_window_extent(renderer) for name, t in labels.items()}) == []
    leaders = {t.get_gid().removeprefix("leader-") for t in ax.texts if (t.get_gid() or "").startswith("leader-")}
    assert {"香港", "澳门", "北京", "天津"} <= leaders  # too small for their names
    assert not leaders & {"新疆", "西藏", "内蒙古", "四川"}
    assert min(t.get_fontsize() for t in labels.values()) >= 10


def test_fifty_documents_on_a_timeline_keep_their_labels_apart_and_inside_the_picture() -> None:
    """Five lanes, 50 documents over two years, several in one month: the layout of a busy topic."""
    lanes = ("湖南", "吉林", "辽宁", "江苏", "四川")
    rows = [
        BriefRow(
            province=lanes[i % 5],
            issuer=f"{lanes[i % 5]}省教育厅",
            document=f"关于做好{2021 + i // 25}年教育数字化转型第{i}批试点工作的通知",
            document_id=f"d{i}",
            date=f"{2021 + i // 25}-{1 + (i * 7) % 12:02d}-15",
            genre="notice",
        )
        for i in range(50)
    ]
    busy = Brief(title="t", filters=BriefFilters(topic="数字化转型"), rows=rows)
    fig, ax, marks = charts.timeline_figure(busy, cjk_font())
    charts.to_png(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    # the words' boxes (an annotation's own box takes in its leader line)
    labels = {
        t.get_gid(): Text.get_window_extent(t, renderer) for t in ax.texts if (t.get_gid() or "").startswith("label-")
    }
    assert len(labels) == sum(len(m.rows) for m in marks) == 50
    assert _overlaps(labels) == []
    picture = fig.bbox
    assert all(
        picture.x0 <= b.x0 and b.x1 <= picture.x1 and picture.y0 <= b.y0 and b.y1 <= picture.y1 for b in labels.values()
    )


# A national plan and the provinces that followed it, sooner and later (invented texts).
DIFFUSION = [
    "教育部关于印发《中小学人工智能教育推进计划》的通知\n教基〔2024〕9号\n各省、自治区、直辖市教育厅（教委）：\n"
    "现将《中小学人工智能教育推进计划》印发给你们，请认真贯彻执行。\n教育部\n2024年3月1日\n",
    "2024年3月20日，为贯彻落实《中小学人工智能教育推进计划》，浙江省教育厅印发《浙江省中小学人工智能教育实施方案》。\n",
    "2024年5月6日，根据《中小学人工智能教育推进计划》，甘肃省教育厅制定了《甘肃省中小学人工智能教育指南》。\n",
    "2024年9月1日，为落实《中小学人工智能教育推进计划》，黑龙江省教育厅印发《黑龙江省中小学人工智能课程方案》。\n",
    "2025年5月10日，依据《中小学人工智能教育推进计划》，新疆维吾尔自治区教育厅印发《新疆中小学人工智能教育工作方案》。\n",
    "2024年8月2日，为贯彻落实《中小学人工智能教育推进计划》，工业和信息化部印发《中小学人工智能教学装备指南》。\n",
]
LAGS = {"浙江": 19, "甘肃": 66, "黑龙江": 184, "新疆": 435}


@pytest.fixture(scope="module")
def diffusion(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Brief:
    store = EmbeddedStore(tmp_path_factory.mktemp("diffusion") / "oxigraph")
    store.load([source_graph(extract_bytes(t.encode(), f"ai{i}.txt", nlp)) for i, t in enumerate(DIFFUSION)])
    brief = QueryService(store).diffusion("教基[2024]9号")
    store.close()
    return brief


def test_the_diffusion_map_colours_each_province_by_how_soon_it_followed(diffusion: Brief) -> None:
    assert {r.province: r.lag_days for r in diffusion.rows} == {**LAGS, "全国": 154}
    fig, ax = charts.map_figure(diffusion, cjk_font())
    image = Image.open(io.BytesIO(charts.to_png(fig))).convert("RGB")
    soonest_first = charts.PALETTE[::-1]
    expected = {
        "浙江": soonest_first[0],
        "甘肃": soonest_first[1],
        "黑龙江": soonest_first[3],
        "新疆": soonest_first[4],
    }
    for region in china_map().regions:
        colour = _pixel(image, fig, ax, *_away_from_label(region))
        if region.name in expected:
            assert colour == expected[region.name], (region.name, colour)
        else:  # not followed: white (or the grey of a label's strokes on white)
            assert colour[1:3] == colour[3:5] == colour[5:7], (region.name, colour)
    svg = charts.to_svg(fig)
    fills = _fills(svg)
    assert {p for p, fill in fills.items() if fill != charts.EMPTY} == set(LAGS)
    assert "south-china-sea" in {g.get("id") for g in ET.fromstring(svg).iter(f"{SVG}g")}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["30 天内（1）", "31–90 天（1）", "91–180 天（0）", "181–365 天（1）", "一年以上（1）", "尚未跟进"]
    labels = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert labels["label-浙江"] == "浙江\n19 天" and labels["label-湖南"] == "湖南"


def test_the_diffusion_timeline_starts_at_the_followed_document_and_its_table_gives_each_lag(diffusion: Brief) -> None:
    fig, ax, marks = charts.timeline_figure(diffusion, cjk_font())
    assert sorted((m.lane, m.month) for m in marks) == sorted(
        [("浙江", "2024-03"), ("甘肃", "2024-05"), ("黑龙江", "2024-09"), ("新疆", "2025-05"), ("全国", "2024-08")]
    )
    ids = {g.get("id") for g in ET.fromstring(charts.to_svg(fig)).iter(f"{SVG}g")}
    assert "followed" in ids
    table = list(csv.DictReader(io.StringIO(render(diffusion, "csv").decode("utf-8"))))
    assert [(r["province"], r["relation"], r["lag"]) for r in table] == [
        ("浙江", "贯彻落实", "19"),
        ("甘肃", "引用", "66"),
        ("全国", "贯彻落实", "154"),
        ("黑龙江", "贯彻落实", "184"),
        ("新疆", "引用", "435"),
    ]
    assert all(r["source"].startswith("ai") and r["sentence"] for r in table)
    page = render(diffusion, "html").decode("utf-8")
    assert page.count("<svg") == 2 and "教基〔2024〕9号" in page and page.count("<tr>") == 1 + len(diffusion.rows)
