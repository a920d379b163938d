"""The embedded default store: Oxigraph on disk, queried with SPARQL.

A process that serves many questions (the API) answers them from a copy of the store in memory while
the store is small enough: five times faster than on disk, where every term of a row is a RocksDB
lookup. That process is the only one holding the store open, and every load goes to both; a load
that fails drops the copy, which is made again from disk when next asked.

Each source report's statements (its facts, and which entities it names) live in a named graph of
their own, so that re-loading a changed file replaces exactly what came from it; what the
entities are (type, names, properties) lives once in the default graph, and goes when no report
names the entity any more. Queries see the union of all graphs.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import PROV

from kg_builder.graph import SourceGraph, as_loaded
from kg_builder.rdf import (
    PREFIXES,
    descriptions,
    nquads,
    ntriples,
    recorded_statements,
    report_statements,
    report_type,
)
from kg_builder.schema import PKG_IRI, load_schema
from kg_builder.settings import private_dir
from kg_builder.store import LoadReport, Params, Row
from kg_builder.store.queries import get_query
from kg_builder.store.sandbox import SparqlSandbox
from kg_builder.store.terms import term_value

EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_DERIVED = f"<{PROV.wasDerivedFrom}>"
_DIFFS_AHEAD = 4  # replacements worked out before they are written: enough to keep both threads busy


class EmbeddedStore:
    name = "embedded"

    def __init__(self, path: Path, *, memory_mb: int = 0) -> None:
        private_dir(path.parent)
        private_dir(path)
        self.path = path
        self.store = ox.Store(str(path))
        # What each report says of the entities it names (its descriptions, in a graph per report),
        # kept beside the store: the store holds their union once, which reads and counts need, and
        # this says which reports still state a description when one of them is replaced.
        self.described = ox.Store(str(private_dir(path.parent / f"{path.name}-described")))
        self.memory_mb = memory_mb  # queries read a copy in memory while the files take at most this (0: never)
        self._memory: ox.Store | None = None
        self._copying = threading.Lock()  # making the copy, and each change to the store and the copy
        self._too_large = False
        self._names: list[tuple[str, str, str, str]] | None = None  # for search; read again after loads
        self._snapshot: Path | None = None  # read-only copy for user queries; made anew after changes
        self._sandbox: SparqlSandbox | None = None
        self._sandboxing = threading.Lock()

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        """A report already in the store is replaced in one SPARQL update (one transaction: a
        crash leaves the old report or the new one, never neither, and readers never see it
        missing) that deletes and inserts only the statements that changed; new reports are
        bulk-loaded together as N-Quads (much faster; a failed bulk load is repaired by loading the
        same files again, which replaces their graphs). Each replacement's difference is worked
        out in a second thread while the one before it is written (the store's reads and writes
        release the GIL), always against the report's graph as the update before it left it."""
        report = LoadReport()
        started = time.perf_counter()
        self._changed()
        try:
            self._load(graphs, report)
        except BaseException:
            with self._copying:
                self._memory = None  # it may now differ from the store on disk
            raise
        report.seconds = time.perf_counter() - started
        return report

    def _load(self, graphs: Iterable[SourceGraph], report: LoadReport) -> None:
        fresh: list[str] = []
        fresh_descriptions: list[str] = []
        ahead: deque[tuple[str, Future[Replacement]]] = deque()
        # Descriptions are removed only when every report in the store has its record (a store built
        # before the records were kept has none: there, as before, they stay until no report names them).
        exact = {g.value for g in self.described.named_graphs()} >= {g.value for g in self.store.named_graphs()}

        def apply_next() -> None:
            replacement = ahead.popleft()[1].result()
            # Which of the descriptions the report no longer states no other report states either: asked
            # now, after the replacements before it, not when the difference was worked out.
            stale = self._unstated(replacement.graph, replacement.unsaid) if exact else []
            update = replacement.update + (f" ;\nDELETE DATA {{ {' '.join(stale)} }}" if stale else "")
            self._write(lambda store: store.update(update))
            self.described.update(replacement.record)  # after the store: a crash between them heals at the next reload
            report.batches += 1

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="policykg-diff") as differ:
            for sg in map(as_loaded, graphs):
                graph = ox.NamedNode(sg.report.iri)
                if self.store.contains_named_graph(graph):
                    while any(iri == sg.report.iri for iri, _ in ahead):  # the same report twice: in order
                        apply_next()
                    ahead.append((sg.report.iri, differ.submit(self._replace_update, sg, graph)))
                    if len(ahead) > _DIFFS_AHEAD:
                        apply_next()
                else:
                    fresh.append(nquads(sg))
                    fresh_descriptions.append(ntriples(recorded_statements(sg), sg.report.iri))
                report.sources += 1
                report.nodes += len(sg.nodes) + 1
                report.relationships += len(sg.edges)
            while ahead:
                apply_next()
        if fresh:
            data = "".join(fresh).encode("utf-8")
            record = "".join(fresh_descriptions).encode("utf-8")
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-record") as recorder:
                recorded = recorder.submit(self.described.bulk_load, record, ox.RdfFormat.N_QUADS)  # beside the store's
                self._write(lambda store: store.bulk_load(data, ox.RdfFormat.N_QUADS))
                recorded.result()
            report.batches += 1
        self.store.flush()
        self.described.flush()

    def _write(self, change: Callable[[ox.Store], object]) -> None:
        """A change to the store on disk, then to the copy in memory; never while a copy is being made (it
        would miss the change)."""
        with self._copying:
            change(self.store)
            if self._memory is not None:
                change(self._memory)

    def _reader(self) -> ox.Store:
        """The copy in memory when the store's files fit in `memory_mb`, made on first use; else the store."""
        memory = self._memory
        if memory is not None or self.memory_mb <= 0 or self._too_large:
            return self.store if memory is None else memory
        with self._copying:
            if self._memory is None:
                self.store.flush()
                size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
                if size > self.memory_mb * 2**20:
                    self._too_large = True  # until the next load or clear
                    return self.store
                copy = ox.Store()
                copy.bulk_load(self._dump(ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
                self._memory = copy
            return self._memory

    def _unstated(self, graph: ox.NamedNode, lines: list[str]) -> list[str]:
        """The description statements (N-Triples lines) that no report's record but `graph`'s states."""
        if not lines:
            return []
        values = " ".join(f"({' '.join(line.removesuffix(' .').split(' ', 2))})" for line in lines)
        stated = self.described.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {graph}) }}"
        )
        assert isinstance(stated, ox.QuerySolutions)
        kept = {f"{row['s']} {row['p']} {row['o']} ." for row in stated}
        return [line for line in lines if line not in kept]

    def _replace_update(self, sg: SourceGraph, graph: ox.NamedNode) -> Replacement:
        """The update that turns a report's named graph into its new one. A changed file mostly restates
        what it said (fact IRIs come from their content; an edit shifts the offsets after it), so the
        difference is far smaller than the graph: dropping and inserting every statement took four
        times a fresh load. The two are compared as N-Triples lines, spelt alike on both sides (a
        statement spelt two ways would be deleted and inserted again, still correct): the store writes
        its dump in Rust, where reading the statements as Python terms took three times as long."""
        old = set(self._dump(ox.RdfFormat.N_TRIPLES, graph).decode("utf-8").splitlines())
        new = set(ntriples(report_statements(sg)).splitlines())
        said = self.described.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
        was_recorded = set(said.decode("utf-8").splitlines())
        described = ntriples(descriptions(sg))  # once: for the store, and as the record's lines
        recorded = {*described.splitlines(), *ntriples([report_type(sg)]).splitlines()}
        descriptions_ = ox.parse(described.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
        return Replacement(
            graph,
            replace_update(
                graph,
                removed=old - new,
                added=new - old,
                described=[f"{q.triple} ." for q in descriptions_ if q not in self.store],
                no_longer_named=_named(old) - _named(new),
            ),
            record=replace_update(
                graph, removed=was_recorded - recorded, added=recorded - was_recorded, described=[], no_longer_named=[]
            ),
            unsaid=sorted(was_recorded - recorded),
        )

    def _dump(self, rdf_format: ox.RdfFormat, graph: ox.NamedNode | None = None) -> bytes:
        """The store's statements (one named graph's, given one) written by Oxigraph."""
        dumped = self.store.dump(format=rdf_format, from_graph=graph)
        assert dumped is not None  # given no file, the store returns the dump
        return dumped

    def _changed(self) -> None:
        self._too_large = False
        self._names = None
        self._snapshot = None

    def ping(self) -> None:
        """The store is a directory this process holds open: it answers while the process runs."""

    def sparql(self, text: str) -> list[Row]:
        result = self._reader().query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("only SELECT queries are answered here")
        names = [v.value for v in result.variables]
        return [dict(zip(names, map(_value, solution), strict=True)) for solution in result]

    def read_sparql(self, text: str, *, cap: int, timeout: float, workers: int = 2) -> tuple[list[Row], bool]:
        """A user SELECT or ASK, run as written in a worker process without network over a snapshot of
        the store: at most `cap` rows, stopped after `timeout` seconds (kg_builder/store/sandbox.py)."""
        with self._sandboxing:  # two first queries at once make one sandbox and one snapshot
            if self._sandbox is None:
                self._sandbox = SparqlSandbox(workers)
            snapshot = self.snapshot()
        return self._sandbox.run(snapshot, text, cap=cap, timeout=timeout)

    def snapshot(self) -> Path:
        """A read-only checkpoint of the store as it is now (hard links; cheap); older ones go."""
        if self._snapshot is None:
            root = self.path.parent / f"{self.path.name}-snapshots"
            private_dir(root)
            self.store.flush()
            target = root / f"{time.time_ns()}"
            self.store.backup(str(target))
            for old in sorted(root.iterdir())[:-3]:  # a worker may still read the one before
                shutil.rmtree(old, ignore_errors=True)
            self._snapshot = target
        return self._snapshot

    def query(self, name: str, params: Params) -> list[Row]:
        query = get_query(name)
        bound = query.bind(params)
        if name == "search":
            return self._search(str(bound["text"]), str(bound["number"]))
        return self.sparql(query.sparql_for(bound))

    def _search(self, text: str, number: str) -> list[Row]:
        """The search query answered from the names in memory: Oxigraph has no text index, and scanning every
        label with CONTAINS takes a third of a second on a graph of 7,000 documents. The rows are those of
        search.rq (a test compares them)."""
        if self._names is None:
            self._names = [(r["id"], r["label"], r["name"], r["text"]) for r in self.query("names", {})]
        best: dict[str, tuple[int, str, str]] = {}
        for iri, label, name, label_text in self._names:
            if text in label_text or label_text == number:
                rank = 3 if label_text in (text, number) else 2 if label_text.startswith(text) else 1
                if rank > best.get(iri, (0, "", ""))[0]:
                    best[iri] = (rank, label, name)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], len(kv[1][2]), kv[1][2], kv[0]))
        return [{"id": iri, "label": label, "name": name, "score": rank} for iri, (rank, label, name) in ordered[:100]]

    def export(self, target: Path, fmt: str) -> None:
        if fmt == "jsonld":
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(data=self._dump(ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
            target.write_text(dataset.serialize(format="json-ld"), encoding="utf-8")
            return
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use {', '.join([*EXPORT_FORMATS, 'jsonld'])}")
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self.store.dump(str(target), rdf_format)
        else:
            target.write_bytes(self._union(rdf_format))

    def _union(self, rdf_format: ox.RdfFormat) -> bytes:
        """All named graphs merged into one graph (Turtle and N-Triples have no graphs)."""
        triples = {(q.subject, q.predicate, q.object) for q in self.store}
        return (
            ox.serialize(
                [ox.Triple(*t) for t in triples],
                format=rdf_format,
                prefixes=PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None,
            )
            or b""
        )

    def clear(self) -> None:
        with self._copying:
            self._memory = None
            self.store.clear()
            self.described.clear()
        self._changed()

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
        self.store.flush()
        self.described.flush()
        del self.store, self.described


@dataclass(frozen=True)
class Replacement:
    """A report's replacement: the update of the store, the update of its record of descriptions, and the
    description statements it no longer makes (removed from the store when no other report makes them)."""

    graph: ox.NamedNode
    update: str
    record: str
    unsaid: list[str]


def replace_update(
    graph: ox.NamedNode,
    *,
    removed: Iterable[str],
    added: Iterable[str],
    described: Iterable[str],
    no_longer_named: Iterable[str],
) -> str:
    """One SPARQL update (one transaction) from N-Triples statements: the report's statements that went
    out of its named graph and those that came in, the descriptions (default graph) of entities new
    to the store, then the descriptions of the entities it no longer names that no report names."""

    def triples(lines: Iterable[str]) -> str:
        return " ".join(lines)  # each line ends with its " ."

    return (
        f"DELETE DATA {{ GRAPH {graph} {{ {triples(removed)} }} }} ;\n"
        f"INSERT DATA {{ {triples(described)} GRAPH {graph} {{ {triples(added)} }} }} ;\n"
        f"DELETE {{ ?e ?p ?o }} WHERE {{ VALUES ?e {{ {' '.join(no_longer_named)} }} "
        f"?e ?p ?o . FILTER NOT EXISTS {{ GRAPH ?g {{ ?e {_DERIVED} ?r }} }} }}"
    )


def _named(lines: Iterable[str]) -> set[str]:
    """The entities that N-Triples statements say are derived from a report (their subjects, as `<iri>`)."""
    marker = f" {_DERIVED} "
    return {s for s, p, _ in (line.split(" ", 2) for line in lines if marker in line) if p == _DERIVED}


def _value(term: object) -> object:
    """A named query's value as the Neo4j store gives it: ontology terms by their Neo4j names (pkg:issued
    is ISSUED, pkg:Agency is Agency)."""
    if type(term) is ox.NamedNode:
        iri = term.value
        return neo4j_names().get(iri, iri)
    return term_value(term)


@lru_cache(maxsize=1)
def neo4j_names() -> dict[str, str]:
    schema = load_schema()
    return {
        **{str(p): t for t, p in schema.relations.items()},
        **{PKG_IRI + label: label for label in schema.node_labels},
    }
