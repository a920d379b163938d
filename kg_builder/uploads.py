"""Uploaded files, extracted in a worker process of their own.

Extraction is CPU work that holds the GIL for seconds on a long text; in the API's process it
would hold up every other request (/health included) and keep the memory it once needed. So an
upload is extracted in a worker process that loads the pipeline once, has no network, is killed
at the deadline (the caller gets TimedOut) and is started afresh after a number of uploads, which
returns their memory. Importing this module loads no extraction code: the worker does.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from kg_builder.model import Extraction
from kg_builder.workers import Workers, leave_network


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    leave_network()
    from kg_builder.extract import extract_upload
    from kg_builder.ingest import IngestError

    while (message := conn.recv()) is not None:
        data, key = message
        try:
            conn.send(("ok", extract_upload(data, key)))
        except IngestError as err:  # UnsupportedFile too: the caller tells them apart
            conn.send(("error", err))


class UploadExtractor:
    """At most `workers` uploads extracted at once, each within `timeout` seconds."""

    def __init__(self, workers: int = 1, *, recycle_after: int = 20) -> None:
        self._workers = Workers(_serve, workers, recycle_after=recycle_after)

    def extract(self, data: bytes, key: str, *, timeout: float) -> Extraction:
        extraction: Extraction = self._workers.call((data, key), timeout=timeout, what="extraction")
        return extraction

    def close(self) -> None:
        self._workers.close()
