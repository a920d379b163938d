"""Whether documents are in force on a day, over HTTP and from the CLI: /documents?in_force_on= and each
row's status with the facts that decide it. Invented texts (tests/integration/test_validity.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from api.main import create_app
from kg_builder.extract import extract_bytes
from kg_builder.graph import source_graph
from kg_builder.settings import get_settings
from tests.integration.conftest import built, run
from tests.integration.test_validity import CHAIN, A, B, D, E


@pytest.fixture
def chain(store: Any, nlp: Language) -> Iterator[TestClient]:
    store.load([source_graph(extract_bytes(t.encode(), f"chain{i}.txt", nlp)) for i, t in enumerate(CHAIN)])
    with TestClient(create_app(get_settings(), store=store)) as client:
        yield client


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_documents_in_force_on_a_day(chain: TestClient) -> None:
    for day, expected in (("2020-06-01", [B]), ("2023-06-01", [A, D]), ("2026-02-01", [])):
        body = chain.get("/documents", params={"province": "河南", "in_force_on": day}).json()
        assert [d["document"] for d in body["items"]] == expected, day
        assert all(d["validity"]["status"] == "in_force" for d in body["items"])
    rows = {d["document"]: d["validity"] for d in chain.get("/documents", params={"province": "河南"}).json()["items"]}
    assert rows[B]["status"] == "repealed" and rows[B]["changes"][0]["by"] == A
    assert rows[E]["status"] == "unknown" and rows[E]["in_force_from"] is None
    assert chain.get("/documents", params={"in_force_on": "2024-6-1"}).status_code == 422


def test_query_documents_in_force_on(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    home = built(env, tmp_path, "chain", CHAIN)
    table = run(home, "query", "documents", "--province", "河南", "--in-force-on", "2023-06-01")
    assert [line.split()[0] for line in table.splitlines()[2:-1]] == [A, D]
    assert "in_force" in table and "2025-12-31" in table
