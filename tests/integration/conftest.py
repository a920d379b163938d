"""Integration tests use the real pkuseg model (`policykg setup`) and a real Neo4j server, which
`make test` installs and starts under a test home of its own; both are set-up errors when missing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from kg_builder.extract import extract_file
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.nlp import ModelMissing
from kg_builder.nlp.pipeline import get_nlp
from kg_builder.settings import get_settings
from kg_builder.store import StoreUnavailable, open_store
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j import Neo4jStore
from tests.conftest import SAMPLES


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


CLI = [sys.executable, "-m", "policykg.cli"]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A home of its own for the embedded store; the models and the test Neo4j are shared."""
    settings = get_settings()
    home = tmp_path_factory.mktemp("home")
    return {
        **os.environ,
        "POLICYKG_HOME": str(home),
        "POLICYKG_MODELS": str(settings.models_dir),
        "POLICYKG_NEO4J_PASSWORD": (settings.home / "neo4j" / "password").read_text().strip(),
    }


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([*CLI, *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def built(env: dict[str, str], tmp_path: Path, name: str, texts: list[str]) -> dict[str, str]:
    """The texts written as NAME0.txt, NAME1.txt … and built with `policykg build` into a home of their own;
    the environment that reaches that home."""
    corpus = tmp_path / name
    corpus.mkdir()
    for i, text in enumerate(texts):
        (corpus / f"{name}{i}.txt").write_text(text, encoding="utf-8")
    home = {**env, "POLICYKG_HOME": str(tmp_path / "home")}
    run(home, "build", str(corpus))
    return home
