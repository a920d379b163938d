"""Briefings: the picture shows its Chinese labels, and the table is /provinces' facts with their sources."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageChops

from kg_builder.briefing import render, to_dot
from kg_builder.service import QueryService
from kg_builder.store.embedded import EmbeddedStore
from tests.conftest import SAMPLES
from tests.e2e.conftest import CLI, run

IPV6_PROVINCES = {"湖南", "辽宁", "吉林"}
PROVINCE_RED = (0xC0, 0x39, 0x2B)  # node.Province in cypher/style.grass


def _provinces_facts(client: TestClient, **params: str) -> set[tuple[str, str, str, str, str]]:
    body = client.get("/provinces", params=params).json()
    return {
        (p["province"], d["issuer"] or "", d["document"], d["date"] or "", d["period"] or "")
        for p in body
        for d in p["documents"]
    }


def _markdown_rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split(" | ")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split(" | ")), strict=True)) for line in lines[2:]]


@pytest.mark.parametrize(
    "params", [{"topic": "IPv6"}, {"topic": "互联网协议第六版"}, {}, {"from": "2021-01", "to": "2021-12"}]
)
def test_the_markdown_table_lists_exactly_the_facts_provinces_returns(
    client: TestClient, params: dict[str, str]
) -> None:
    expected = _provinces_facts(client, **params)
    response = client.get("/brief", params={**params, "format": "md"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    rows = _markdown_rows(response.text)
    assert expected and len(rows) == len(expected)
    # a row without a date of its own shows its report's month, marked, in the date column
    readable = {(p, i, d, date or f"{period}（报告期）", period) for p, i, d, date, period in expected}
    assert {(r["省份"], r["发文机关"], r["文件"], r["日期"], r["报告期"]) for r in rows} == readable
    for row in rows:  # every row says where it comes from
        assert Path(row["来源文件"]).parent.name == "samples" and "《" in row["原文"] and row["来源"]


def test_ipv6_brief_rows_and_csv(client: TestClient) -> None:
    md_rows = _markdown_rows(client.get("/brief", params={"topic": "IPv6", "format": "md"}).text)
    assert {r["省份"] for r in md_rows} == IPV6_PROVINCES
    # A briefing reads in Chinese: the genre's name, and the title of the report each row comes from.
    assert {(r["省份"], r["类型"]) for r in md_rows} == {("湖南", "规划方案"), ("辽宁", "通知"), ("吉林", "通知")}
    assert {(r["报告期"], r["来源"]) for r in md_rows} == {
        ("2019-01", "教育信息化和网络安全工作月报(2019-01)"),
        ("2021-08", "教育信息化和网络安全工作月报(2021-08)"),
    }
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/brief", params={"topic": "IPv6", "format": "csv"}).text)))
    assert [(r["province"], r["document"], r["source"]) for r in csv_rows] == [
        (r["省份"], r["文件"], r["来源文件"]) for r in md_rows
    ]
    jilin = client.get("/brief", params={"topic": "IPv6", "province": "吉林省", "format": "json"}).json()
    assert [r["province"] for r in jilin["rows"]] == ["吉林"]
    assert {n["label"] for n in jilin["nodes"]} == {"Province", "Agency", "Document"}
    assert jilin["rows"][0]["sources"][0]["quote"] in jilin["rows"][0]["sources"][0]["sentence"]


@pytest.mark.parametrize(
    ("fmt", "media_type", "start"),
    [("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", b"\x89PNG"), ("html", "text/html", b"<!doctype html>")],
)
@pytest.mark.parametrize("kind", ["graph", "map", "timeline"])
def test_brief_pictures(client: TestClient, fmt: str, media_type: str, start: bytes, kind: str) -> None:
    response = client.get("/brief", params={"topic": "IPv6", "format": fmt, "kind": kind})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type) and response.content.startswith(start)


def test_the_map_and_timeline_of_the_api_mark_the_ipv6_provinces(client: TestClient) -> None:
    svg = client.get("/brief", params={"topic": "IPv6", "kind": "map", "format": "svg"}).text
    assert svg.count('<g id="province-') == 34
    timeline = client.get("/brief", params={"topic": "IPv6", "kind": "timeline", "format": "svg"}).text
    assert all(
        f'id="mark-{p}-{m}"' in timeline for p, m in (("湖南", "2019-01"), ("吉林", "2021-08"), ("辽宁", "2021-08"))
    )
    levels = client.get("/brief", params={"topic": "IPv6", "kind": "timeline", "lanes": "issuer_level"}).text
    assert 'id="mark-省级部门-2019-01"' in levels and 'id="mark-省级部门-2021-08"' in levels


def test_a_brief_on_a_word_no_text_contains_is_empty_and_says_it_matched_text(client: TestClient) -> None:
    response = client.get("/brief", params={"topic": "量子纠缠", "format": "json"})
    assert (response.status_code, response.headers["X-Topic-Match"], response.json()["rows"]) == (200, "text", [])


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"genre": "草案"}, 422, "unknown genre '草案'"),
        ({"province": "火星"}, 422, "unknown province '火星'"),
        ({"format": "gif"}, 422, "svg"),
        ({"kind": "pie"}, 422, "timeline"),
        ({"kind": "timeline", "lanes": "agency"}, 422, "issuer_level"),
        ({"from": "21年"}, 422, "from"),
    ],
)
def test_bad_brief_requests_say_why(client: TestClient, params: dict[str, str], status: int, message: str) -> None:
    response = client.get("/brief", params=params)
    assert response.status_code == status and message in response.text


# ---- the command and its picture ----


def _ink(image: Image.Image) -> float:
    grey = image.convert("L")
    return sum(grey.histogram()[:200]) / (grey.width * grey.height)


def _changed(a: Image.Image, b: Image.Image) -> float:
    histogram = ImageChops.difference(a, b).convert("L").histogram()
    return sum(histogram[64:]) / (a.width * a.height)


def _fontconfig_without_cjk(tmp: Path) -> dict[str, str]:
    """An environment whose fontconfig knows one Latin font only: Chinese would be drawn as empty boxes."""
    latin = subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True
    ).stdout
    fonts = tmp / "fonts"
    fonts.mkdir()
    shutil.copy(latin, fonts)
    conf = tmp / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><cachedir>{tmp / "cache"}</cachedir></fontconfig>',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def test_policykg_brief_writes_a_picture_with_its_chinese_labels(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "build", str(SAMPLES))
    out = tmp_path / "brief"
    printed = run(env, "brief", "--topic", "IPv6", "--out", str(out))
    assert "3 facts from 3 provinces (吉林, 湖南, 辽宁)" in printed
    assert {p.name for p in out.iterdir()} == {"brief.svg", "brief.png", "brief.html", "brief.md", "brief.csv"}
    md = (out / "brief.md").read_text(encoding="utf-8")
    assert {r["省份"] for r in _markdown_rows(md)} == IPV6_PROVINCES

    png = Image.open(out / "brief.png").convert("RGB")
    assert png.width > 600 and png.height > 300
    assert 0.05 < _ink(png) < 0.8, "the picture is blank or a solid block"
    colours = dict((colour, n) for n, colour in png.getcolors(png.width * png.height) or [])
    assert colours.get(PROVINCE_RED, 0) > 1000, "no province nodes in the picture"

    # The same graph drawn where no font has Chinese glyphs: its labels become empty boxes, so the
    # picture must differ from ours, while drawing it again here gives ours back pixel for pixel.
    store = EmbeddedStore(Path(env["POLICYKG_HOME"]) / "store" / "oxigraph")
    try:
        service = QueryService(store)
        brief = service.brief(service.filters(topic="IPv6"))
    finally:
        store.close()
    again = Image.open(io.BytesIO(render(brief, "png"))).convert("RGB")
    assert ImageChops.difference(png, again).getbbox() is None
    boxes_env = _fontconfig_without_cjk(tmp_path)
    boxes = subprocess.run(
        ["dot", "-Tpng:cairo", "-Gdpi=144"],
        input=to_dot(brief).source.encode("utf-8"),
        capture_output=True,
        env=boxes_env,
        check=True,
    ).stdout
    tofu = Image.open(io.BytesIO(boxes)).convert("RGB")
    assert tofu.size != png.size or _changed(png, tofu) > 0.01, "the labels look the same without a CJK font"
    # and the command refuses to draw empty boxes rather than writing them
    refused = subprocess.run(
        [*CLI, "brief", "--topic", "IPv6", "--out", str(tmp_path / "no")],
        capture_output=True,
        text=True,
        env={**env, "FONTCONFIG_FILE": boxes_env["FONTCONFIG_FILE"]},
    )
    assert refused.returncode == 2 and "no font with Chinese glyphs" in refused.stderr
    assert not (tmp_path / "no").exists()


def test_policykg_brief_draws_the_map_and_the_timeline(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "build", str(SAMPLES))
    out = tmp_path / "pictures"
    assert "3 facts from 3 provinces" in run(env, "brief", "--topic", "IPv6", "--kind", "map", "--out", str(out))
    run(env, "brief", "--topic", "IPv6", "--kind", "timeline", "--out", str(out))
    names = {p.name for p in out.iterdir()}
    assert {"map.svg", "map.png", "timeline.svg", "timeline.png", "brief.html", "brief.md", "brief.csv"} == names
    blue = {(0xC6, 0xDB, 0xEF), (0x9E, 0xCA, 0xE1), (0x6B, 0xAE, 0xD6), (0x31, 0x82, 0xBD), (0x08, 0x51, 0x9C)}
    colours = {colour for _, colour in Image.open(out / "map.png").convert("RGB").getcolors(1 << 20) or []}
    assert colours & blue, "no province carries the topic's colour"
    svg = (out / "map.svg").read_text(encoding="utf-8")
    assert 'id="province-湖南"' in svg and 'id="south-china-sea"' in svg
    assert 'id="mark-湖南-2019-01"' in (out / "timeline.svg").read_text(encoding="utf-8")
    refused = subprocess.run(
        [*CLI, "brief", "--kind", "pie", "--out", str(out)], capture_output=True, text=True, env=env
    )
    assert refused.returncode == 2 and "pie" in refused.stderr


def test_a_briefing_stays_legible_with_dozens_of_nodes(client: TestClient) -> None:
    body = client.get("/brief", params={"format": "json"}).json()
    assert len(body["nodes"]) >= 30
    png = Image.open(io.BytesIO(client.get("/brief", params={"format": "png"}).content))
    # laid out in three columns, so the picture grows in height, not into an unreadable width
    assert png.height > png.width and png.width < 2500
