"""An Extraction as graph records: nodes keyed by stable IRIs and edges that carry their evidence.

Both stores are written from these records: the RDF mapping (rdf.py) and the Neo4j loader. A
source report is keyed by its path in the corpus, so a changed file replaces the facts that came from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from kg_builder.iri import entity_iri, fact_iri, report_iri
from kg_builder.model import Extraction
from kg_builder.schema import load_schema
from kg_builder.version import extractor_version


@dataclass
class Node:
    iri: str
    label: str
    props: dict[str, Any]


@dataclass
class Edge:
    iri: str
    type: str
    head: str
    tail: str
    source: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourceGraph:
    """What one source report contributes to the graph."""

    report: Node
    nodes: list[Node]
    edges: list[Edge]


def load_time() -> str:
    """Now, as reports' loaded_at: to the microsecond, since readers tell one load from the next by it."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def stamped(sg: SourceGraph) -> SourceGraph:
    """The same graph, its report marked with the time of loading."""
    return replace(sg, report=replace(sg.report, props={**sg.report.props, "loaded_at": load_time()}))


def described(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """An entity's properties after one more report describes it (`after`): the later report's values
    win and the aliases accumulate, first seen first. Both Neo4j loaders describe entities so."""
    known = before.get("aliases") or []
    return {**before, **after, "aliases": known + [a for a in after.get("aliases") or [] if a not in known]}


def source_graph(extraction: Extraction) -> SourceGraph:
    schema = load_schema()
    doc = extraction.document
    report = Node(
        report_iri(doc.source),
        "SourceReport",
        {
            "name": doc.source,
            "title": doc.title,
            "path": doc.source,
            "kind": doc.kind,
            "period": doc.period,
            "checksum": doc.id,
            "extractor": extractor_version(),
        },
    )
    nodes: dict[str, Node] = {}
    for e in extraction.entities:
        if e.label not in schema.node_labels:
            continue  # dates are values of facts, not nodes
        props: dict[str, Any] = {"name": e.name, "aliases": sorted(set(e.aliases))}
        props.update({k: v for k, v in e.attrs.items() if k in schema.properties})
        if e.label == "Document":
            props["title"] = e.name
        iri = entity_iri(e.label, e.key or e.name)
        nodes[iri] = Node(iri, e.label, props)
    edges: dict[str, Edge] = {}
    for r in extraction.relations:
        head_label, head = r.head_label, r.head
        if head is None and r.type == "ISSUED" and r.province:
            head_label, head = "Province", r.province  # the text names the province, not the agency
        if head is None or head_label is None:
            continue
        head_iri, tail_iri = entity_iri(head_label, r.head_key or head), entity_iri(r.tail_label, r.tail_key or r.tail)
        for label, name, iri in ((head_label, head, head_iri), (r.tail_label, r.tail, tail_iri)):
            if iri not in nodes:  # a relation's end seen only there (a parent ministry, a province)
                nodes[iri] = Node(iri, label, {"name": name, "aliases": []})
        iri = fact_iri(r.type, head_iri, tail_iri, report.iri)
        if iri in edges:
            continue
        ev = r.evidence
        props = {
            "date": r.date,
            "province": r.province,
            "period": doc.period,
            "sentence": ev.sentence,
            "quote": ev.quote,
            "start": ev.start,
            "end": ev.end,
            "rule": ev.rule,
        }
        if r.type == "ISSUED":
            props["co_issuers"] = r.co_issuers
        edges[iri] = Edge(iri, r.type, head_iri, tail_iri, report.iri, props)
        if r.type == "LOCATED_IN":
            nodes[head_iri].props["province"] = r.tail
    return SourceGraph(report, list(nodes.values()), list(edges.values()))
