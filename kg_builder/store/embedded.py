"""The embedded default store: Oxigraph on disk, queried with SPARQL.

Each source report's statements (its facts, and which entities it names) live in a named graph of
their own, so that re-loading a changed file replaces exactly what came from it; what the
entities are (type, names, properties) lives once in the default graph, and goes when no report
names the entity any more. Queries see the union of all graphs.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import PROV

from kg_builder.graph import SourceGraph, stamped
from kg_builder.rdf import PREFIXES, nquads, nt_literal
from kg_builder.schema import load_schema
from kg_builder.store import LoadReport, Row
from kg_builder.store.queries import fill_sparql, get_query
from kg_builder.store.sandbox import SparqlSandbox

EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
                  "trig": ox.RdfFormat.TRIG}


class EmbeddedStore:
    name = "embedded"

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.store = ox.Store(str(path))
        self._names: list[tuple[str, str, str, str]] | None = None  # for search; rebuilt after loads
        self._snapshot: Path | None = None  # read-only copy for user queries; made anew after changes
        self._sandbox: SparqlSandbox | None = None

    def load(self, graphs: Iterable[SourceGraph]) -> LoadReport:
        """A report already in the store is replaced in one SPARQL update (one transaction: a
        crash leaves the old report or the new one, never neither, and readers never see it
        missing); new reports are bulk-loaded together as N-Quads (much faster; a failed bulk
        load is repaired by loading the same files again, which replaces their graphs)."""
        report = LoadReport()
        started = time.perf_counter()
        self._changed()
        fresh: list[str] = []
        for sg in map(stamped, graphs):
            graph = ox.NamedNode(sg.report.iri)
            if self.store.contains_named_graph(graph):
                self.store.update(replace_update(sg, self._named_by(graph)))
                report.batches += 1
            else:
                fresh.append(nquads(sg))
            report.sources += 1
            report.nodes += len(sg.nodes) + 1
            report.relationships += len(sg.edges)
        if fresh:
            self.store.bulk_load("".join(fresh).encode("utf-8"), ox.RdfFormat.N_QUADS)
            report.batches += 1
        self.store.flush()
        report.seconds = time.perf_counter() - started
        return report

    def _named_by(self, graph: ox.NamedNode) -> list[str]:
        derived = ox.NamedNode(str(PROV.wasDerivedFrom))
        return [q.subject.value for q in self.store.quads_for_pattern(None, derived, graph, graph)
                if isinstance(q.subject, ox.NamedNode)]

    def _changed(self) -> None:
        self._names = None
        self._snapshot = None

    def ping(self) -> None:
        """The store is a directory this process holds open: it answers while the process runs."""

    def sparql(self, text: str, params: dict[str, str | None] | None = None) -> list[Row]:
        result = self.store.query(bind_values(text, params or {}), prefixes=PREFIXES,
                                  use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("only SELECT queries are answered here")
        names = [v.value for v in result.variables]
        return [{n: _value(solution[n]) for n in names} for solution in result]

    def read_sparql(self, text: str, params: dict[str, str | None], *, cap: int, timeout: float,
                    workers: int = 2) -> tuple[list[Row], bool]:
        """A user SELECT or ASK, run in a worker process over a snapshot of the store: at most
        `cap` rows, stopped after `timeout` seconds (kg_builder/store/sandbox.py)."""
        if self._sandbox is None:
            self._sandbox = SparqlSandbox(workers)
        return self._sandbox.run(self.snapshot(), bind_values(text, params) if params else text,
                                 cap=cap, timeout=timeout)

    def snapshot(self) -> Path:
        """A read-only checkpoint of the store as it is now (hard links; cheap); older ones go."""
        if self._snapshot is None:
            root = self.path.parent / f"{self.path.name}-snapshots"
            root.mkdir(exist_ok=True)
            self.store.flush()
            target = root / f"{time.time_ns()}"
            self.store.backup(str(target))
            for old in sorted(root.iterdir())[:-3]:  # a worker may still read the one before
                shutil.rmtree(old, ignore_errors=True)
            self._snapshot = target
        return self._snapshot

    def query(self, name: str, params: dict[str, str | None]) -> list[Row]:
        query = get_query(name)
        return self.sparql(fill_sparql(query.sparql, query.bind(params), nt_literal))

    def last_load(self) -> str | None:
        rows = self.sparql("SELECT (MAX(?t) AS ?last) WHERE { ?r a pkg:SourceReport ; pkg:loadedAt ?t }")
        return rows[0]["last"] if rows else None

    def stats(self) -> dict[str, int]:
        schema = load_schema()
        counts: dict[str, int] = {}
        for label in schema.node_labels:
            rows = self.sparql(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a pkg:{label} }}")
            counts[label] = int(rows[0]["n"])
        for type_, predicate in schema.relations.items():
            rows = self.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?f rdf:predicate <{predicate}> }}")
            counts[type_] = int(rows[0]["n"])
        return counts

    def search(self, text: str, limit: int) -> list[Row]:
        """Exact names first, then names that start with the text, then names that contain it;
        shorter names first. Oxigraph has no text index: the names are kept in memory."""
        if self._names is None:
            self._names = [(r["id"], r["label"], r["name"], r["text"]) for r in self.sparql(_NAMES)]
        best: dict[str, tuple[int, str, str]] = {}
        for iri, label, name, label_text in self._names:
            if text in label_text:
                rank = 3 if label_text == text else 2 if label_text.startswith(text) else 1
                if rank > best.get(iri, (0, "", ""))[0]:
                    best[iri] = (rank, label, name)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], len(kv[1][2]), kv[1][2]))
        return [{"id": iri, "label": label, "name": name, "score": float(rank)}
                for iri, (rank, label, name) in ordered[:limit]]

    def entity(self, iri: str, label: str, *, facts: int = 500) -> Row | None:
        found = self.sparql(_ENTITY, {"id": iri})
        if not found:
            return None
        if not _SAFE_IRI.match(iri):
            return None
        # The entity is a constant at the head of the pattern (Oxigraph joins in the written order).
        rows = self.sparql(_FACTS.replace("ENTITY", f"<{iri}>") + f" LIMIT {int(facts)}") if facts else []
        first = found[0]
        aliases = sorted({r["alias"] for r in found if r["alias"]})
        return {"id": iri, "label": label, "name": first["name"], "aliases": aliases,
                "properties": {k: first[k] for k in ("genre", "doc_number", "province") if first[k] is not None},
                "facts": rows}

    def neighbors(self, iris: list[str]) -> list[Row]:
        if not iris:
            return []
        values = " ".join(f"<{iri}>" for iri in iris if _SAFE_IRI.match(iri))
        return self.sparql(_NEIGHBORS.replace("FRONTIER", values))

    def export(self, target: Path, fmt: str) -> None:
        if fmt == "jsonld":
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(data=(self.store.dump(format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8"), format="nquads")
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
        return ox.serialize([ox.Triple(*t) for t in triples], format=rdf_format,
                            prefixes=PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None) or b""

    def clear(self) -> None:
        self.store.clear()
        self._changed()

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
        self.store.flush()
        del self.store


_NAMES = """
SELECT DISTINCT ?id ?label ?name ?text WHERE {
  ?e skos:prefLabel ?name ; a ?class .
  FILTER (STRSTARTS(STR(?class), STR(pkg:)) && ?class != pkg:SourceReport)
  { ?e skos:prefLabel ?text } UNION { ?e skos:altLabel ?text } UNION { ?e pkg:docNumber ?text }
  BIND (STR(?e) AS ?id)
  BIND (STRAFTER(STR(?class), STR(pkg:)) AS ?label)
}
"""
_ENTITY = """
SELECT ?name ?alias ?genre ?doc_number ?province WHERE {
  BIND (IRI(?p_id) AS ?e)
  ?e skos:prefLabel ?name .
  OPTIONAL { ?e skos:altLabel ?alias }
  OPTIONAL { ?e pkg:genre ?genre }
  OPTIONAL { ?e pkg:docNumber ?doc_number }
  OPTIONAL { ?e pkg:provinceName ?province }
}
"""
# OPTIONALs come last: one in the middle splits the pattern, and Oxigraph then joins the rest unbound
# (an entity page went from milliseconds to over 10 s).
_FACTS = """
SELECT DISTINCT ?relation ?direction ?other_id ?other ?other_label ?date ?province ?sentence ?quote
       ?start ?end ?rule ?source ?source_title
WHERE {
  { ?fact rdf:subject ENTITY ; rdf:object ?m . BIND ("out" AS ?direction) }
  UNION
  { ?fact rdf:object ENTITY ; rdf:subject ?m . BIND ("in" AS ?direction) }
  ?fact rdf:predicate ?predicate ; pkg:sentence ?sentence ; pkg:quote ?quote ;
        pkg:startOffset ?start ; pkg:endOffset ?end ; pkg:rule ?rule ; prov:wasDerivedFrom ?report .
  VALUES (?predicate ?relation) { RELATIONS }
  ?report pkg:path ?source .
  ?m skos:prefLabel ?other ; a ?class .
  FILTER (STRSTARTS(STR(?class), STR(pkg:)))
  BIND (STR(?m) AS ?other_id)
  BIND (STRAFTER(STR(?class), STR(pkg:)) AS ?other_label)
  OPTIONAL { ?report dcterms:title ?source_title }
  OPTIONAL { ?fact dcterms:date ?date }
  OPTIONAL { ?fact pkg:provinceName ?province }
}
ORDER BY ?relation ?direction ?other
""".replace("RELATIONS", " ".join(f'(<{p}> "{t}")' for t, p in load_schema().relations.items()))


_SAFE_IRI = re.compile(r"^https://policykg\.org/[A-Za-z0-9/_\-.#]+$")
_NEIGHBORS = """
SELECT DISTINCT ?head ?head_label ?head_name ?type ?tail ?tail_label ?tail_name WHERE {
  VALUES ?e { FRONTIER }
  VALUES (?predicate ?type) { RELATIONS }
  { ?h ?predicate ?e . BIND (?e AS ?t) } UNION { ?e ?predicate ?t . BIND (?e AS ?h) }
  ?h skos:prefLabel ?head_name ; a ?hc . ?t skos:prefLabel ?tail_name ; a ?tc .
  FILTER (STRSTARTS(STR(?hc), STR(pkg:)) && STRSTARTS(STR(?tc), STR(pkg:)))
  BIND (STR(?h) AS ?head) BIND (STR(?t) AS ?tail)
  BIND (STRAFTER(STR(?hc), STR(pkg:)) AS ?head_label) BIND (STRAFTER(STR(?tc), STR(pkg:)) AS ?tail_label)
}
""".replace("RELATIONS", " ".join(f'(<{p}> "{t}")' for t, p in load_schema().relations.items()))


def bind_values(text: str, params: dict[str, str | None]) -> str:
    """Parameters as a VALUES row at the top of the WHERE clause: ?p_name is the value of `name`,
    escaped as an RDF literal, or UNDEF (so that !BOUND(?p_name) holds) when it is not given."""
    if not params:
        return text
    names = " ".join(f"?p_{k}" for k in params)
    values = " ".join("UNDEF" if v is None else nt_literal(v) for v in params.values())
    where = re.search(r"WHERE\s*\{", text, re.I)
    if where is None:
        raise ValueError("a named SPARQL query needs a WHERE clause")
    return f"{text[:where.end()]}\n  VALUES ({names}) {{ ({values}) }}{text[where.end():]}"


def replace_update(sg: SourceGraph, named_before: list[str]) -> str:
    """One SPARQL update (one transaction) that swaps a report's named graph for its new one,
    then drops the descriptions (default graph) of the entities it named before that no report
    names any more."""
    graph = f"<{sg.report.iri}>"
    named, default = [], []
    for line in nquads(sg).splitlines():
        if line.endswith(f"{graph} ."):
            named.append(line[: -len(graph) - 2].rstrip() + " .")
        elif line:
            default.append(line)
    derived = f"<{PROV.wasDerivedFrom}>"
    return (f"DROP SILENT GRAPH {graph} ;\n"
            f"INSERT DATA {{ {' '.join(default)} GRAPH {graph} {{ {' '.join(named)} }} }} ;\n"
            f"DELETE {{ ?e ?p ?o }} WHERE {{ VALUES ?e {{ {' '.join(f'<{e}>' for e in named_before)} }} "
            f"?e ?p ?o . FILTER NOT EXISTS {{ GRAPH ?g {{ ?e {derived} ?r }} }} }}")


def solution_row(solution: ox.QuerySolution, names: list[str]) -> Row:
    return {n: _value(solution[n]) for n in names}


def _value(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value.endswith("#integer"):
            return int(term.value)
        return term.value
    return getattr(term, "value", str(term))
