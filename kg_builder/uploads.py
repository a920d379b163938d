"""Uploaded files, extracted in a worker process of their own.

Extraction is CPU work that holds the GIL for seconds on a long text; in the API's process it
would hold up every other request (/health included) and keep the memory it once needed. So an
upload is extracted, and its graph and summary made, in a worker process that loads the pipeline
once, has no network, runs below the server's priority, is killed at the deadline (the caller gets
TimedOut) and is started afresh after a number of uploads, which returns their memory. Importing
this module loads no extraction code: the worker does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from kg_builder.graph import SourceGraph
from kg_builder.workers import Workers, leave_network


@dataclass(frozen=True)
class Uploaded:
    """What the worker made of an upload: the graph to load, and what to tell the uploader (its kind,
    period and title, entities and facts by type, the ISSUED facts with their evidence)."""

    graph: SourceGraph
    summary: dict[str, Any]


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    leave_network()
    from kg_builder.extract import extract_upload, to_gold_json
    from kg_builder.graph import source_graph
    from kg_builder.ingest import IngestError

    while (message := conn.recv()) is not None:
        data, key = message
        try:
            extraction = extract_upload(data, key)
        except IngestError as err:  # UnsupportedFile too: the caller tells them apart
            conn.send(("error", err))
            continue
        graph, doc = source_graph(extraction), extraction.document
        summary = {
            "kind": doc.kind,
            "period": doc.period,
            "title": doc.title,
            "entities": dict(Counter(e.label for e in extraction.entities)),
            "facts": dict(Counter(e.type for e in graph.edges)),
            "issued": [r for r in to_gold_json(extraction)["relations"] if r["type"] == "ISSUED"],
        }
        conn.send(("ok", Uploaded(graph, summary)))


class UploadExtractor:
    """At most `workers` uploads extracted at once, each within `timeout` seconds."""

    def __init__(self, workers: int = 1, *, recycle_after: int = 20) -> None:
        self.workers = workers
        self._workers = Workers(_serve, workers, recycle_after=recycle_after)

    def extract(self, data: bytes, key: str, *, timeout: float) -> Uploaded:
        uploaded: Uploaded = self._workers.call((data, key), timeout=timeout, what="extraction")
        return uploaded

    def close(self) -> None:
        self._workers.close()
