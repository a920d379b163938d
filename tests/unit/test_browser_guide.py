"""The Neo4j Browser guide and style, served on loopback for :play and :style."""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Iterator

import pytest

from kg_builder.schema import load_schema
from kg_builder.store.browser_guide import STYLE, render_guide, serve_guide
from kg_builder.store.queries import named_queries


@pytest.fixture
def guide_url() -> Iterator[str]:
    server = serve_guide(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_guide_has_a_runnable_slide_for_every_named_query() -> None:
    guide = render_guide("http://localhost:8001/style.grass")
    assert '<pre class="code runnable">:style http://localhost:8001/style.grass</pre>' in guide
    assert guide.count('<pre class="code runnable">:params') == len(named_queries())
    for name in named_queries():
        assert f"<h3>{name}</h3>" in guide
    assert "MATCH (head)-[r:ISSUED]-&gt;(d:Document)" in guide  # the query itself, escaped


def test_the_style_colours_every_label() -> None:
    style = STYLE.read_text(encoding="utf-8")
    for label in load_schema().node_labels:
        assert re.search(rf"node\.{label} \{{ color: #[0-9A-F]{{6}};.*caption: \"{{name}}\"", style), label


def test_guide_and_style_are_served_with_cors(guide_url: str) -> None:
    with urllib.request.urlopen(f"{guide_url}/policykg.html") as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "<carousel" in response.read().decode("utf-8")
    with urllib.request.urlopen(f"{guide_url}/style.grass") as response:
        assert "node.Province" in response.read().decode("utf-8")
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(f"{guide_url}/etc/passwd")
