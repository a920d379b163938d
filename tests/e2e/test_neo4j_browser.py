"""Neo4j Browser in two steps: `:style` the style the API serves, then nodes are coloured and captioned by
name; `:play` the guide, then the named queries are one click away. Real Browser, real Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kg_builder.graph import SourceGraph
from kg_builder.settings import get_settings
from kg_builder.store.neo4j import Neo4jStore
from kg_builder.store.neo4j_server import Neo4jServer
from kg_builder.store.queries import named_queries
from kg_builder.style import node_styles
from tests.e2e.conftest import SCREENSHOTS

IPV6_SUBGRAPH = (
    "MATCH (a:Agency)-[r:ISSUED]->(d:Document)-[:MENTIONS]->(:Topic {name: 'IPv6'}) "
    "MATCH (a)-[l:LOCATED_IN]->(p:Province) RETURN a, r, d, l, p"
)


@pytest.fixture
def neo4j_browser(browser: Browser, neo4j: Neo4jStore, sample_graphs: list[SourceGraph]) -> Iterator[Page]:
    """Neo4j Browser of the test server, logged in, over the samples."""
    neo4j.load(sample_graphs)
    server = Neo4jServer(get_settings())
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    bolt = f"localhost:{get_settings().neo4j_bolt_port}"
    page.goto(f"{server.browser_url}?dbms=neo4j://{bolt}")
    # Browser first tries to connect without credentials; the form is ready when that has failed
    expect(page.locator("[data-testid=disconnectedBannerCode]")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid=boltaddress]")).to_have_value(bolt)
    connected = page.get_by_text("You are connected as user")
    for _ in range(5):  # a click while the form is still settling does nothing; Browser shows no error then
        # Browser may add a second connect frame while the first attempt fails: fill and submit one
        # form, the first in the page, each time
        page.locator("[data-testid=username]").first.fill("neo4j", force=True)
        page.locator("[data-testid=password]").first.fill(server.password(), force=True)
        page.locator("[data-testid=connect]").first.click(force=True)
        try:
            connected.wait_for(timeout=8_000)
            break
        except PlaywrightTimeout:
            continue
    expect(connected).to_be_visible()
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "neo4j-browser.png")
    context.close()


def _run(page: Page, command: str) -> None:
    page.locator(".monaco-editor textarea").first.click(force=True)
    page.keyboard.type(command)
    page.keyboard.press("Control+Enter")


def test_style_and_guide_from_the_api_in_two_steps(neo4j_browser: Page, explorer: str) -> None:
    page = neo4j_browser
    api = explorer.replace("127.0.0.1", "localhost")  # the host Browser's default allowlist has
    _run(page, f":style {api}/neo4j/style.grass")
    expect(page.get_by_text("node.Province")).to_be_visible(timeout=15_000)  # Browser shows the style it took
    _run(page, IPV6_SUBGRAPH)
    province = page.locator("svg g.node", has=page.locator("text.caption", has_text=re.compile(r"^\s*吉林\s*$")))
    expect(province.first.locator("circle.b-outline")).to_have_attribute(
        "fill", node_styles()["Province"].color, timeout=20_000
    )
    agency = page.locator("svg g.node", has=page.locator("text.caption", has_text="湖南省教"))
    expect(agency.first.locator("circle.b-outline")).to_have_attribute("fill", node_styles()["Agency"].color)

    _run(page, f":play {api}/neo4j/guide.html")
    expect(page.locator("text=Apply the style first")).to_be_visible(timeout=15_000)
    expect(page.get_by_text(f"1 / {len(named_queries()) + 1}")).to_be_visible()  # a slide per named query
