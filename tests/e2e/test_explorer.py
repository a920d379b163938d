"""The explorer in a real headless Chromium (Debian's, driven by Playwright), served by the real API.

Screenshots are written to artifacts/screenshots/ for whoever reads the test run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Route, expect
from spacy.language import Language

from api.main import create_app
from kg_builder import charts
from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.settings import Settings, get_settings
from kg_builder.store.embedded import EmbeddedStore
from tests.e2e.conftest import SCREENSHOTS, served
from tests.integration.test_brief_pictures import DIFFUSION

HUNAN_PLAN = "湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案"


@contextmanager
def _opened(browser: Browser, url: str) -> Iterator[Page]:
    """The explorer at `url` in a new page at 1366x768 (a laptop); no script error may occur while it is used."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda err: errors.append(str(err)))
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    opened.goto(f"{url}/ui")
    expect(opened.locator("#types li")).to_have_count(7)  # the legend, from /ui/config.json
    yield opened
    context.close()
    assert errors == [], errors


@contextmanager
def _served_graphs(path: Path, graphs: list[SourceGraph]) -> Iterator[str]:
    """The API over these graphs in an embedded store at `path`, served on a free loopback port."""
    store = EmbeddedStore(path / "oxigraph", memory_mb=64)
    store.load(graphs)
    try:
        with served(create_app(get_settings(), store=store)) as url:
            yield url
    finally:
        store.close()


@pytest.fixture
def page(browser: Browser, explorer: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    with _opened(browser, explorer) as opened:
        yield opened
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=SCREENSHOTS / f"{request.node.name}.png")


def _search(page: Page, text: str) -> None:
    page.fill("#search", text)
    page.press("#search", "Enter")


def test_search_ipv6_shows_the_provinces_and_a_documents_evidence(page: Page) -> None:
    _search(page, "IPv6")
    rows = page.locator("#overview-rows tr")
    expect(rows).to_have_count(3)
    for province in ("湖南", "辽宁", "吉林"):
        expect(page.locator("#overview-rows")).to_contain_text(province)
    assert _graph(page, "[label = 'Province']") == ["吉林", "湖南", "辽宁"]
    page.screenshot(path=_screenshot("explorer-ipv6.png"))

    page.locator("#overview-rows td.document", has_text="湖南教育系统").click()
    expect(page.locator("#entity-name")).to_contain_text(HUNAN_PLAN)
    expect(page.locator("#entity-meta")).to_contain_text("类型: 规划方案")
    evidence = page.locator("#evidence-sentences li")
    expect(evidence).to_have_count(1)
    expect(evidence.locator("blockquote")).to_contain_text(f"湖南 省教育厅印发《{HUNAN_PLAN}》")
    expect(evidence.locator("mark")).to_contain_text(f"《{HUNAN_PLAN}》")
    expect(page.locator("#evidence-fact")).to_contain_text("湖南省教育厅 印发")
    expect(evidence.locator(".source")).to_contain_text(
        "来源：教育信息化和网络安全工作月报(2019-01)（000_f85b2cf1d0292bf8.txt）"
    )
    page.screenshot(path=_screenshot("explorer-evidence.png"))


def test_traditional_search_opens_the_agency_and_a_click_expands_the_graph(page: Page) -> None:
    _search(page, "吉林省教育廳")
    expect(page.locator("#hits li").first).to_contain_text("吉林省教育厅")
    expect(page.locator("#entity-name")).to_contain_text("吉林省教育厅")
    expect(page.locator("#facts")).to_contain_text("关于进一步推进全省教育系统IPv6规模部署工作的通知")
    page.wait_for_function("state.cy.nodes().length > 1")
    assert "吉林" in _graph(page, "[label = 'Province']")
    before = _graph(page, "")
    # click the province: its other agencies and documents join the graph
    page.evaluate("state.cy.nodes(\"[label = 'Province']\")[0].emit('tap')")
    page.wait_for_function(f"state.cy.nodes().length > {len(before)}")
    expect(page.locator("#entity-name")).to_contain_text("吉林")

    # a fact stated in three reports is one line, with the three sentences as its evidence
    located = page.locator("#facts li", has_text="吉林省教育厅")
    expect(located).to_have_count(1)
    expect(located).to_contain_text("×3")
    located.click()
    expect(located).to_have_class("selected")
    expect(page.locator("#evidence-fact")).to_contain_text("吉林省教育厅 位于 吉林（3 处来源）")
    expect(page.locator("#evidence-sentences mark")).to_have_count(3)

    # the type filter hides documents in the graph and in the facts
    page.uncheck("#type-Document")
    shown = "state.cy.nodes(\"[label = 'Document']\").filter(n => n.style('display') !== 'none').length"
    assert page.evaluate(shown) == 0
    expect(page.locator("#facts li .badge", has_text="文件")).to_have_count(0)
    expect(page.locator("#types")).to_contain_text("机构")  # the legend in Chinese, from the ontology


def test_filters_by_province_and_period_redraw_the_overview(page: Page) -> None:
    page.select_option("#topic", "IPv6")
    page.select_option("#province", "吉林")
    page.click("#apply")
    expect(page.locator("#overview-rows tr")).to_have_count(1)
    expect(page.locator("#overview-rows")).to_contain_text("吉林省教育厅")
    assert _graph(page, "[label = 'Province']") == ["吉林"]
    page.select_option("#province", "")
    page.fill("#from", "2021-01")
    page.fill("#to", "2021-12")
    page.click("#apply")
    expect(page.locator("#overview-rows tr")).to_have_count(2)  # 湖南's plan was reported in 2019
    expect(page.locator("#overview-rows")).not_to_contain_text("湖南")
    expect(page.locator("#brief-link")).to_have_attribute(
        "href", "/brief?topic=IPv6&from=2021-01&to=2021-12&format=html"
    )


def test_the_map_lists_a_provinces_documents_on_hover_and_filters_to_it_on_click(page: Page) -> None:
    page.select_option("#topic", "IPv6")
    page.click("#apply")
    rows = page.locator("#overview-rows tr")
    expect(rows).to_have_count(3)
    page.click("#tab-map")
    hunan = page.locator('#map-picture g[id="province-湖南"]')
    expect(hunan).to_be_visible()
    expect(page.locator('#map-picture g[id^="province-"]')).to_have_count(34)
    hunan.hover()
    tip = page.locator("#map-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("湖南：1 篇")
    expect(tip).to_contain_text(HUNAN_PLAN)
    page.screenshot(path=_screenshot("explorer-map.png"))

    hunan.click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("湖南省教育厅")
    expect(page.locator("#map-focus")).to_have_text("已筛选：湖南")
    assert _graph(page, "[label = 'Province'].hidden") == ["吉林", "辽宁"]
    assert _graph(page, "[label = 'Document']:visible") == [HUNAN_PLAN]
    page.screenshot(path=_screenshot("explorer-map-hunan.png"))
    hunan.click()  # again: everything is back
    expect(rows).to_have_count(3)
    assert _graph(page, "[label = 'Province'].hidden") == []


def test_the_html_brief_prints_on_a4_with_its_map_timeline_diagram_and_table(browser: Browser, explorer: str) -> None:
    a4_content = (210 - 2 * 12) / 25.4 * 96  # CSS px between the 12 mm margins: the printed page's width
    context = browser.new_context(locale="zh-CN", viewport={"width": round(a4_content), "height": 1000})
    page = context.new_page()
    page.goto(f"{explorer}/brief?topic=IPv6&format=html")
    page.emulate_media(media="print")
    widths = page.evaluate("[...document.querySelectorAll('figure svg')].map(s => s.getBoundingClientRect().width)")
    assert len(widths) == 3 and all(0 < w <= a4_content + 1 for w in widths), widths
    assert page.locator("figure svg g[id='province-湖南']").count() == 1
    assert page.locator("figure svg g[id='mark-湖南-2019-01']").count() == 1
    expect(page.locator("tbody tr")).to_have_count(3)
    # an agency's name takes at most two lines of its cell, and every row shows a date or its report's month
    lines = page.evaluate(
        "[...document.querySelectorAll('td.issuer')].map(td => { const r = document.createRange();"
        " r.selectNodeContents(td); return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size })"
    )
    assert lines and all(n <= 2 for n in lines), lines
    assert all(page.locator("td.date").all_inner_texts())
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 4, pages
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "brief-a4.pdf").write_bytes(pdf)
    context.close()


def _graph(page: Page, selector: str) -> list[str]:
    """Names of the graph's nodes that match a cytoscape selector, sorted."""
    return sorted(
        page.evaluate(
            f"state.cy.nodes({selector!r}).map(n => n.data('name'))"
            if selector
            else "state.cy.nodes().map(n => n.data('name'))"
        )
    )


def _screenshot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name


def test_the_api_docs_render_with_the_network_blocked(browser: Browser, explorer: str) -> None:
    """/docs is Swagger UI from the installed libraries: every request the page makes goes to the API."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    elsewhere: list[str] = []

    def only_the_api(route: Route) -> None:
        if route.request.url.startswith(explorer) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_api)
    docs = context.new_page()
    docs.goto(f"{explorer}/docs")
    expect(docs.locator(".swagger-ui .title")).to_contain_text("policykg")
    expect(docs.locator(".opblock-summary-path", has_text="/provinces").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    docs.screenshot(path=SCREENSHOTS / "api-docs-offline.png")
    context.close()
    assert elsewhere == []


def test_without_its_libraries_the_explorer_says_what_to_run(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", models=get_settings().models_dir)
    store = EmbeddedStore(tmp_path / "oxigraph", memory_mb=0)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            answer = client.get("/ui")
    finally:
        store.close()
    assert answer.status_code == 503
    assert "policykg setup" in answer.text and "尚未安装" in answer.text


def _overlapping(boxes: dict[str, list[float]]) -> list[tuple[str, str]]:
    """Pairs of (left, top, right, bottom) boxes that share area."""
    names = sorted(boxes)
    return [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if min(boxes[a][2], boxes[b][2]) > max(boxes[a][0], boxes[b][0])
        and min(boxes[a][3], boxes[b][3]) > max(boxes[a][1], boxes[b][1])
    ]


def test_at_1366_by_768_the_graphs_and_the_maps_labels_are_12_px_and_apart(page: Page) -> None:
    _search(page, "IPv6")
    expect(page.locator("#overview-rows tr")).to_have_count(3)
    nodes = page.evaluate(
        """() => { const cy = state.cy, z = cy.zoom(), pan = cy.pan();
        return cy.nodes(':visible').map(n => {
          const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
          return [n.id(), parseFloat(n.style('font-size')) * z,
                  [b.x1 * z + pan.x, b.y1 * z + pan.y, b.x2 * z + pan.x, b.y2 * z + pan.y]]; }); }"""
    )
    assert len(nodes) == 9
    assert min(px for _, px, _ in nodes) >= 12, nodes
    assert _overlapping({node: box for node, _, box in nodes}) == []
    page.screenshot(path=_screenshot("explorer-1366.png"))

    page.click("#tab-map")
    expect(page.locator("#graph")).to_be_hidden()  # the map has the middle of the page to itself
    scale = page.evaluate(
        """() => { const svg = document.querySelector('#map-picture svg'), box = svg.viewBox.baseVal;
        return Math.min(svg.clientWidth / box.width, svg.clientHeight / box.height); }"""
    )
    assert charts.MAP_LABEL_PT * scale >= 12, scale  # SVG units are points: a label's size on the screen
    labels = page.evaluate(
        """[...document.querySelectorAll('#map-picture g[id^="label-"]')].map(g => {
        const r = g.getBoundingClientRect(); return [g.id, [r.left, r.top, r.right, r.bottom]]; })"""
    )
    assert len(labels) == 34
    assert _overlapping(dict(labels)) == []
    page.screenshot(path=_screenshot("explorer-map-1366.png"))


def test_a_new_search_starts_clean(page: Page) -> None:
    _search(page, "IPv6")
    page.click("#tab-map")
    page.locator('#map-picture g[id="province-湖南"]').click()
    expect(page.locator("#map-focus")).to_have_text("已筛选：湖南")
    _search(page, "吉林省教育厅")
    expect(page.locator("#entity-name")).to_contain_text("吉林省教育厅")
    expect(page.locator("#map-focus")).to_have_text("")
    expect(page.locator("#overview-rows tr")).to_have_count(0)
    expect(page.locator("#graph")).to_be_visible()
    page.wait_for_function("state.cy.nodes().length > 1")
    assert "湖南" not in _graph(page, "[label = 'Province']")
    assert _graph(page, ".hidden") == []


@pytest.fixture(scope="module")
def diffusion_explorer(
    sample_graphs: list[SourceGraph], nlp: Language, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The API over the samples and a national plan that four provinces and a ministry followed."""
    followed = [source_graph(extract_bytes(t.encode(), f"ai{i}.txt", nlp)) for i, t in enumerate(DIFFUSION)]
    with _served_graphs(tmp_path_factory.mktemp("diffusion"), [*sample_graphs, *followed]) as url:
        yield url


def test_a_documents_followups_as_a_chain_a_map_by_lag_and_a_table(browser: Browser, diffusion_explorer: str) -> None:
    with _opened(browser, diffusion_explorer) as page:
        _search(page, "中小学人工智能教育推进计划")
        expect(page.locator("#entity-name")).to_contain_text("中小学人工智能教育推进计划")
        expect(page.locator("#document-card")).to_contain_text("教基〔2024〕9号")
        page.click("#show-diffusion")
        rows = page.locator("#overview-rows tr")
        expect(rows).to_have_count(5)
        expect(rows.first).to_contain_text("浙江")
        expect(rows.first).to_contain_text("2024-03-20（19 天后）")
        # the chain: every follow-up links to the plan, which stands in a column of its own on the right
        page.wait_for_function("state.cy.edges(\"[type = 'IMPLEMENTS'], [type = 'CITES']\").length === 5")
        plan_x = page.evaluate(
            "state.cy.nodes().filter(n => n.id() === state.brief.followed.document_id)[0].position('x')"
        )
        assert plan_x == max(page.evaluate("state.cy.nodes().map(n => n.position('x'))"))
        page.screenshot(path=_screenshot("explorer-diffusion.png"))
        page.click("#tab-map")
        region = page.locator("#map-picture g#province-浙江 path").first
        expect(region).to_be_visible()
        filled = region.evaluate("p => getComputedStyle(p).fill")
        assert filled == "rgb(8, 81, 156)", filled  # the darkest class: followed within 30 days
        page.screenshot(path=_screenshot("explorer-diffusion-map.png"))


IN_FORCE_TODAY = (
    "河南省教育厅关于印发《河南省教育数据安全管理办法》的通知\n豫教科〔2025〕4号\n各市教育局：\n"
    "现将《河南省教育数据安全管理办法》印发给你们。本办法自2025年1月1日起施行。\n河南省教育厅\n2024年12月1日\n"
)


@pytest.fixture(scope="module")
def validity_explorer(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API over documents repealed, revised, expired, in force and of unknown status (invented)."""
    from tests.integration.test_validity import CHAIN

    graphs = [source_graph(extract_bytes(t.encode(), f"v{i}.txt", nlp)) for i, t in enumerate([*CHAIN, IN_FORCE_TODAY])]
    with _served_graphs(tmp_path_factory.mktemp("validity"), graphs) as url:
        yield url


def test_a_documents_status_badge_and_the_in_force_filter(browser: Browser, validity_explorer: str) -> None:
    with _opened(browser, validity_explorer) as page:
        _search(page, "河南省校园网络管理暂行办法")
        expect(page.locator("#document-card .status")).to_have_text("已废止")
        expect(page.locator("#document-card")).to_contain_text("2022-07-01（河南省校园网络管理办法）")
        expect(page.locator("#document-card")).to_contain_text("2019-03-01")
        page.screenshot(path=_screenshot("explorer-validity.png"))
        page.select_option("#province", "河南")
        page.click("#apply")
        expect(page.locator("#overview-rows tr")).to_have_count(5)
        page.check("#in-force")
        page.click("#apply")
        expect(page.locator("#overview-rows tr")).to_have_count(1)
        expect(page.locator("#overview-rows")).to_contain_text("河南省教育数据安全管理办法")


def test_the_search_box_shows_the_sentences_that_say_it(page: Page) -> None:
    _search(page, "規模部署")  # Traditional: the sentences are found as for 规模部署
    sentences = page.locator("#sentences li")
    expect(sentences.first).to_be_visible()
    assert sentences.count() >= 3
    expect(sentences.first.locator("mark").first).to_have_text("规模部署")
    expect(page.locator("#sentences")).to_contain_text("湖南")
    sentences.filter(has_text="湖南").first.click()
    expect(page.locator("#entity-name")).to_contain_text("IPv6")
    page.screenshot(path=_screenshot("explorer-sentences.png"))


def test_evidence_from_a_file_says_where_in_it_the_words_are(
    browser: Browser, nlp: Language, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An OFD notice's facts show their page and their line's place on it; a .doc's, the paragraph."""
    from tests.integration.test_readers import LINES, WORD97, ofd_file

    graphs = [
        source_graph(extract_bytes(ofd_file([LINES[:4], LINES[4:]]), "notice.ofd", nlp)),
        source_graph(extract_bytes(WORD97.read_bytes(), "notice.doc", nlp)),
    ]
    with _served_graphs(tmp_path_factory.mktemp("files"), graphs) as url, _opened(browser, url) as page:
        _search(page, "河南省校园数据管理暂行办法")
        expect(page.locator("#entity-name")).to_contain_text("河南省校园数据管理暂行办法")
        evidence = page.locator("#evidence-sentences li")
        expect(evidence.filter(has_text="notice.ofd")).to_contain_text("第 2 页（距页顶")
        expect(evidence.filter(has_text="notice.doc")).to_contain_text("第 5 段")
        page.screenshot(path=_screenshot("explorer-file-evidence.png"))


def test_a_sentence_found_by_meaning_says_so(
    browser: Browser, nlp: Language, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """With the semantic extra, a sentence that shares no word with the search is listed, marked 意近."""
    from kg_builder.service.semantic import Embeddings, embed_report
    from tests.integration.test_sentence_search import UNRELATED_WORDS

    graphs = [source_graph(extract_bytes(t.encode(), f"z{i}.txt", nlp)) for i, t in enumerate(UNRELATED_WORDS)]
    embeddings = Embeddings.of(get_settings())  # the served app's: the home's kept vectors
    assert embeddings is not None  # the tests run with the extra (.[dev])
    for graph in graphs:
        embed_report(graph, embeddings)
    embeddings.close()
    with _served_graphs(tmp_path_factory.mktemp("meaning"), graphs) as url, _opened(browser, url) as page:
        _search(page, "校外培训 监管")
        first = page.locator("#sentences li").first
        expect(first).to_contain_text("整治违规补课乱象")
        expect(first.locator(".meta")).to_contain_text("意近 · 《浙江省课后辅导班办学行为规范》")
        assert first.locator("mark").count() == 0
        page.screenshot(path=_screenshot("explorer-sentences-by-meaning.png"))
