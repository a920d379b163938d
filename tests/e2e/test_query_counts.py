"""The API runs a bounded number of named queries per request, whatever the number of rows it answers
with, and a response that many clients ask for at once is computed once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg_builder.graph import SourceGraph
from kg_builder.settings import get_settings
from kg_builder.store import LoadReport, Params, Row
from kg_builder.store.embedded import EmbeddedStore
from tests.e2e.conftest import served


class Counting:
    """A real store that counts the named queries it answers."""

    def __init__(self, inner: EmbeddedStore) -> None:
        self.inner, self.name, self.calls = inner, inner.name, Counter[str]()

    def query(self, name: str, params: Params) -> list[Row]:
        self.calls[name] += 1
        return self.inner.query(name, params)

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        return self.inner.load(graphs)

    def ping(self) -> None: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


@pytest.fixture
def counting(embedded: EmbeddedStore, sample_graphs: list[SourceGraph]) -> Counting:
    embedded.load(sample_graphs)
    return Counting(embedded)


def test_a_page_of_documents_and_a_brief_cost_the_same_queries_whatever_their_size(counting: Counting) -> None:
    """The first question reads the document index (three queries); then every question costs one query, the
    load stamp that says whether the index is current, whatever the number of rows it answers with."""
    settings = get_settings().model_copy(update={"api_cache_seconds": 0})
    with TestClient(create_app(settings, store=counting)) as client:  # type: ignore[arg-type]
        spent = []
        for path, params in (
            ("/documents", {"limit": 2}),
            ("/documents", {"limit": 200}),
            ("/brief", {"topic": "IPv6", "format": "json"}),
            ("/brief", {"format": "json"}),
            ("/provinces", {}),
        ):
            counting.calls.clear()
            response = client.get(path, params=params)
            assert response.status_code == 200
            body = response.json()
            rows = len(body["items"] if path == "/documents" else body["rows"] if path == "/brief" else body)
            spent.append((path, rows, dict(counting.calls)))
    (_, few, first), (_, many, large), (_, topic_rows, brief_small), (_, all_rows, brief_large), (_, _, provinces) = (
        spent
    )
    assert few < many and topic_rows < all_rows, spent
    assert first == {
        "last_load": 1,
        "issued_facts": 1,
        "document_mentions": 1,
        "co_issued": 1,
        "document_links": 1,
        "names": 1,
        "document_force": 1,
        "document_changes": 1,
    }, spent
    assert large == brief_small == brief_large == provinces == {"last_load": 1}, spent


def test_many_clients_asking_for_the_same_answer_get_it_computed_once(counting: Counting) -> None:
    settings = get_settings().model_copy(update={"api_cache_seconds": 30})
    app = create_app(settings, store=counting)  # type: ignore[arg-type]
    with served(app) as url:
        start = threading.Barrier(32)

        def ask(_: int) -> int:
            start.wait()
            return httpx.get(f"{url}/brief", params={"format": "md"}, timeout=30).status_code

        counting.calls.clear()
        with ThreadPoolExecutor(32) as pool:
            assert list(pool.map(ask, range(32))) == [200] * 32
    assert counting.calls["issued_facts"] == 1 and counting.calls["last_load"] == 1, counting.calls
