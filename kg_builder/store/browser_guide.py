"""The Neo4j Browser guide and style, served on localhost so that `:play` and `:style` load them.

The guide is made from cypher/queries: one slide a named query, its question, its parameters as
a runnable `:params` block with example values, and the query as a runnable block.
"""

from __future__ import annotations

import html
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

from kg_builder.resources import resource
from kg_builder.store.queries import named_queries

STYLE = resource("cypher", "style.grass")
# Example values for the guide's parameter blocks (the questions analysts ask first).
EXAMPLES = {
    "topic": "IPv6",
    "genre": None,
    "from": None,
    "to": None,
    "issuer": "河北省教育厅",
    "province": "吉林",
    "agency": "教育部",
    "document": "教育系统关键信息基础设施识别认定工作指南",
}


def render_guide(style_url: str) -> str:
    """The guide's slides; the first says how to apply the style at `style_url`."""
    slides = [
        '<slide class="row-fluid"><div class="col-sm-12"><h3>policykg</h3>'
        "<p>A knowledge graph of Chinese education-informatization policy texts: provinces, agencies, "
        "documents, programs, events and topics, with the evidence for every fact. Click a block to put "
        "it in the editor, then run it.</p><p>Apply the style first:</p>"
        f'<pre class="code runnable">:style {html.escape(style_url)}</pre></div></slide>'
    ]
    for q in named_queries().values():
        params = {p: EXAMPLES.get(p) for p in q.params}
        body = "\n".join(line for line in q.cypher.splitlines() if not line.startswith("//"))
        slides.append(
            f'<slide class="row-fluid"><div class="col-sm-12"><h3>{html.escape(q.name)}</h3>'
            f"<p>{html.escape(q.question)}</p>"
            f'<pre class="code runnable">:params {html.escape(json.dumps(params, ensure_ascii=False))}</pre>'
            f'<pre class="code runnable">{html.escape(body.strip())}</pre></div></slide>'
        )
    return '<article class="guide"><carousel class="deck container-fluid">' + "".join(slides) + "</carousel></article>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.rstrip("/") in {"", "/policykg.html"}:
            port = cast(ThreadingHTTPServer, self.server).server_port
            style_url = f"http://localhost:{port}/style.grass"
            body, kind = render_guide(style_url).encode("utf-8"), "text/html; charset=utf-8"
        elif self.path == "/style.grass":
            body, kind = STYLE.read_bytes(), "text/plain; charset=utf-8"
        else:
            self.send_error(404, "the guide is /policykg.html, the style /style.grass")
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Access-Control-Allow-Origin", "*")  # Browser fetches from its own origin
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's naming
        return


def serve_guide(port: int = 8001) -> ThreadingHTTPServer:
    """A loopback HTTP server for the guide and the style (call serve_forever on it)."""
    return ThreadingHTTPServer(("127.0.0.1", port), _Handler)
