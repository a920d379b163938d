"""Integration tests use the real pkuseg model (`policykg setup`) and a real Neo4j server, which
`make test` installs and starts under a test home of its own; both are set-up errors when missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from spacy.language import Language

from api.main import create_app
from kg_builder.extract import extract_file
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.nlp.pipeline import ModelMissing, get_nlp
from kg_builder.settings import get_settings
from kg_builder.store import StoreUnavailable, open_store
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j import Neo4jStore
from tests.conftest import ROOT, SAMPLES


@pytest.fixture(scope="session")
def nlp() -> Language:
    try:
        return get_nlp()
    except ModelMissing as err:  # a missing model is a set-up error, never a silent skip
        pytest.fail(f"{err}\n(the README's test command builds it)", pytrace=False)


@pytest.fixture(scope="session")
def sample_graphs(nlp: Language) -> list[SourceGraph]:
    return [source_graph(extract_file(path, nlp)) for path in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "oxigraph")
    yield store
    store.close()


@pytest.fixture
def neo4j() -> Iterator[Neo4jStore]:
    """The real Neo4j of the test home, wiped before each test."""
    try:
        store = open_store(get_settings(), "neo4j")
    except StoreUnavailable as err:
        pytest.fail(f"{err}\n(`make test` installs and starts Neo4j for the tests)", pytrace=False)
    assert isinstance(store, Neo4jStore)
    store.clear()
    yield store
    store.close()


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest) -> EmbeddedStore | Neo4jStore:
    """Each store in turn: tests written once run against both."""
    return request.getfixturevalue(request.param)


API_KEY = "test-upload-key"


@pytest.fixture
def client(store: Any, sample_graphs: list[SourceGraph]) -> Iterator[TestClient]:
    """The API over each store in turn, loaded with the samples."""
    store.load(sample_graphs)
    settings = get_settings().model_copy(update={"api_key": API_KEY})
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


CLI = [sys.executable, "-m", "policykg.cli"]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A home of its own for the embedded store; the models and the test Neo4j are shared."""
    settings = get_settings()
    home = tmp_path_factory.mktemp("home")
    return {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_MODELS": str(settings.models_dir),
            "POLICYKG_NEO4J_PASSWORD": (settings.home / "neo4j" / "password").read_text().strip()}


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([*CLI, *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


SCREENSHOTS = ROOT / "artifacts" / "screenshots"  # what the browser tests saw, for whoever reads the run
# The flags a sandboxed, offline machine needs: no background fetches, no sandbox as root.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
    store = EmbeddedStore(tmp_path_factory.mktemp("explorer") / "oxigraph")
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
