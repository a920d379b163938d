"""An Extraction as graph records: nodes keyed by stable IRIs and edges that carry their evidence.

Both stores are written from these records: the RDF mapping (rdf.py) and the Neo4j loader. A
source report is keyed by its path in the corpus, so a changed file replaces the facts that came from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from kg_builder.iri import entity_iri, fact_iri, report_iri
from kg_builder.model import Extraction
from kg_builder.schema import load_schema
from kg_builder.textnorm import work_title
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


def as_loaded(sg: SourceGraph) -> SourceGraph:
    """The same graph as a store keeps it: its report marked with the time of loading, and carrying its
    sentences (what text search indexes), so that they come and go with the report."""
    props = {**sg.report.props, "loaded_at": load_time(), "sentences": sentence_record(sg)}
    return replace(sg, report=replace(sg.report, props=props))


def sentence_record(sg: SourceGraph) -> str:
    """The report's evidence sentences, each once with the facts it states, as JSON: a list of
    [sentence, start, [[relation, head, head label, tail, tail IRI, tail label, province, date], …]] in
    the order of the text. The sentence index reads one record a report instead of a row a fact."""
    nodes = {node.iri: node for node in sg.nodes}
    by_sentence: dict[str, tuple[int, list[list[Any]]]] = {}
    for edge in sorted(sg.edges, key=lambda e: (e.props.get("start") or 0, e.type, e.iri)):
        sentence, head, tail = edge.props.get("sentence"), nodes.get(edge.head), nodes.get(edge.tail)
        if not sentence or head is None or tail is None:
            continue
        start, facts = by_sentence.setdefault(sentence, (int(edge.props.get("start") or 0), []))
        when = edge.props.get("date") or edge.props.get("period") or sg.report.props.get("period")
        facts.append(
            [
                edge.type,
                head.props["name"],
                head.label,
                tail.props["name"],
                tail.iri,
                tail.label,
                edge.props.get("province"),
                when,
            ]
        )
    return json.dumps(
        [[sentence, start, facts] for sentence, (start, facts) in by_sentence.items()], ensure_ascii=False
    )


def described(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """An entity's properties after one more report describes it (`after`): the later report's values
    win and the aliases accumulate, first seen first. Both Neo4j loaders describe entities so."""
    known = before.get("aliases") or []
    return {**before, **after, "aliases": known + [a for a in after.get("aliases") or [] if a not in known]}


def _identity(label: str, name: str, key: str | None) -> tuple[str, str]:
    """A node's name and the name its IRI is minted from. A document is its work: a carrier notice's
    title and the title it issues are one node (README, "One node per work"), whatever text names it."""
    if label != "Document":
        return name, key or name
    work = work_title(name)
    if key is None:
        return work, work
    _, _, owner = key.partition("|")  # a generic title's key: title|文号 or title|issuer (documents.py)
    return work, f"{work}|{owner}" if owner else work


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
        name, identity = _identity(e.label, e.name, e.key)
        aliases = set(e.aliases) | ({e.name} - {name})
        props: dict[str, Any] = {"name": name, "aliases": sorted(aliases)}
        props.update({k: v for k, v in e.attrs.items() if k in schema.properties})
        if e.label == "Document":
            props["title"] = name
        iri = entity_iri(e.label, identity)
        known = nodes.get(iri)
        if known is not None:  # the carrier and its work, both named in one text: one node
            props = {**known.props, **props, "aliases": sorted(set(known.props["aliases"]) | aliases)}
        nodes[iri] = Node(iri, e.label, props)
    edges: dict[str, Edge] = {}
    for r in extraction.relations:
        head_label, head = r.head_label, r.head
        if head is None and r.type == "ISSUED" and r.province:
            head_label, head = "Province", r.province  # the text names the province, not the agency
        if head is None or head_label is None:
            continue
        head, head_identity = _identity(head_label, head, r.head_key)
        tail, tail_identity = _identity(r.tail_label, r.tail, r.tail_key)
        head_iri, tail_iri = entity_iri(head_label, head_identity), entity_iri(r.tail_label, tail_identity)
        if head_iri == tail_iri:
            continue  # a carrier notice "cites" the work it issues: one work
        for label, name, iri in ((head_label, head, head_iri), (r.tail_label, tail, tail_iri)):
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
            "page": ev.page,
            "page_x": ev.position[0] if ev.position else None,
            "page_y": ev.position[1] if ev.position else None,
            "paragraph": ev.paragraph,
            "ocr_confidence": ev.ocr_confidence,
        }
        if r.type == "ISSUED":
            props["co_issuers"] = r.co_issuers
        edges[iri] = Edge(iri, r.type, head_iri, tail_iri, report.iri, props)
        if r.type == "LOCATED_IN":
            nodes[head_iri].props["province"] = r.tail
    keys = {e.name: e.key for e in extraction.entities if e.label == "Document"}
    for force in extraction.validity:  # dates of force are the document's, with the sentence that gives them
        name, identity = _identity("Document", force.document, keys.get(force.document))
        iri = entity_iri("Document", identity)
        node = nodes.setdefault(iri, Node(iri, "Document", {"name": name, "aliases": [], "title": name}))
        node.props.update(
            {
                k: v
                for k, v in (
                    ("in_force_from", force.in_force_from),
                    ("in_force_until", force.in_force_until),
                    ("in_force_evidence", force.evidence.sentence),
                    ("in_force_source", doc.source),
                )
                if v is not None
            }
        )
    return SourceGraph(report, list(nodes.values()), list(edges.values()))
