"""End-to-end tests: the API over each store (TestClient, or uvicorn on a loopback port) and the explorer
and Neo4j Browser in Debian's Chromium. The model and store fixtures are the integration tier's."""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright

from api.main import create_app
from kg_builder.graph import SourceGraph
from kg_builder.settings import get_settings
from kg_builder.store.embedded import EmbeddedStore
from tests.conftest import ROOT
from tests.integration import conftest as integration

# The integration tier's fixtures, for the tests here too.
nlp, sample_graphs, embedded, neo4j, store, env = (
    integration.nlp,
    integration.sample_graphs,
    integration.embedded,
    integration.neo4j,
    integration.store,
    integration.env,
)
CLI, run = integration.CLI, integration.run

API_KEY = "test-upload-key"


@pytest.fixture
def client(store: Any, sample_graphs: list[SourceGraph]) -> Iterator[TestClient]:
    """The API over each store in turn, loaded with the samples; the embedded one reads its copy in memory, as
    when `policykg serve` opens it."""
    if isinstance(store, EmbeddedStore):
        store.memory_mb = 64
    store.load(sample_graphs)
    settings = get_settings().model_copy(update={"api_key": API_KEY})
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


SCREENSHOTS = ROOT / "artifacts" / "screenshots"  # what the browser tests saw, for whoever reads the run
# The flags a sandboxed, offline machine needs: no background fetches, no sandbox as root.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread, for tests that need a real
    server (concurrent requests, streamed bodies, a browser)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def explorer(sample_graphs: list[SourceGraph], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API over the samples, served by uvicorn on a free loopback port."""
    store = EmbeddedStore(tmp_path_factory.mktemp("explorer") / "oxigraph", memory_mb=64)
    store.load(sample_graphs)
    with served(create_app(get_settings(), store=store)) as url:
        yield url
    store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is needed for the browser tests (`make test` installs it)", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextmanager
def witness_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets (its URL, and the paths it saw):
    forged requests must not come."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/secret", seen
    finally:
        server.shutdown()


@pytest.fixture
def witness() -> Iterator[tuple[str, list[str]]]:
    with witness_server() as found:
        yield found
