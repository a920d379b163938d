"""The write side: reports' graphs into a store, one way for `build`, `load`, uploads and the engines.

A writer takes graphs as they come, loads them in batches (memory stays at one batch), checks each
batch against the shapes first when asked to, adds up what the store says it loaded, and tells which
corpus files the store already holds as they are (same text, same extractor), so that a build
skips them. Nothing here extracts: callers hand it graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg_builder.errors import BadInput
from kg_builder.graph import SourceGraph
from kg_builder.store import GraphStore, LoadReport

if TYPE_CHECKING:
    from kg_builder.ingest import CorpusFile

BATCH = 200  # reports per load: the graph held in memory is at most this many files'


class NotConforming(BadInput):
    """A batch whose graph does not conform to ontology/shapes.ttl; it was not loaded."""

    exit_code = 1


@dataclass
class GraphWriter:
    store: GraphStore
    validate: bool = False
    batch_size: int = BATCH
    report: LoadReport = field(default_factory=LoadReport)
    pending: list[SourceGraph] = field(default_factory=list)

    def unchanged(self, files: list[CorpusFile]) -> list[CorpusFile]:
        """The files whose text the store holds as it is now (the same checksum under the same key),
        read by this version of the extractor. (Extraction code is imported here, not with the module:
        the API's process, which loads uploads through a writer, never loads it.)"""
        from kg_builder.ingest import IngestError, decode
        from kg_builder.structure import document_id
        from kg_builder.version import extractor_version

        version = extractor_version()
        loaded = {
            r["path"]: r["checksum"]
            for r in self.store.query("reports", {})
            if r["checksum"] and r["extractor"] == version
        }
        same = []
        for file in files:
            if file.key not in loaded:
                continue
            try:
                text, _ = decode(file.path.read_bytes(), file.key)
            except (IngestError, OSError):
                continue  # extraction will say what is wrong with it
            if document_id(text) == loaded[file.key]:
                same.append(file)
        return same

    def add(self, graph: SourceGraph) -> None:
        """Take one report's graph; a full batch is loaded."""
        self.pending.append(graph)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Check and load the graphs taken so far. A batch that does not conform raises NotConforming
        and is dropped; the batches before it stay loaded."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        if self.validate:
            conforming(batch)
        self.report += self.store.load(batch)

    def write(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        """Load every graph (in batches) and return what the store loaded in all."""
        for graph in graphs:
            self.add(graph)
        self.flush()
        return self.report


def conforming(graphs: list[SourceGraph]) -> None:
    """Raise NotConforming with the SHACL report when the graphs break ontology/shapes.ttl."""
    from rdflib import Graph

    from kg_builder.rdf import check, to_rdf

    data = Graph()
    for sg in graphs:
        to_rdf(sg, data)
    ok, text = check(data)
    if not ok:
        raise NotConforming(text)
