"""Load throughput into Neo4j and into the embedded store on a synthetic graph.

The graph has --documents policy documents (default 100,000), spread over reports of 100: each
document is ISSUED by a provincial agency (with date, province and evidence), MENTIONS two
topics, and each report's agencies are LOCATED_IN their province and PART_OF nothing else; every
entity is linked to its report. Both stores are wiped first, so point it at a scratch server:

    POLICYKG_HOME=~/.local/share/policykg/test POLICYKG_NEO4J_BOLT_PORT=17687 \\
        .venv/bin/python benchmarks/load_throughput.py --wipe [--documents 100000] [--batch-size 5000] [--warmup 30000]

The timed Neo4j load follows a warm-up load (cleared before the timed one) unless --warmup 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
from pathlib import Path

from kg_builder.gazetteer import load as gazetteer
from kg_builder.graph import Edge, Node, SourceGraph, entity_iri, fact_iri, report_iri
from kg_builder.schema import topic_labels
from kg_builder.settings import get_settings
from kg_builder.store import open_store
from kg_builder.store.bulk import bulk_import
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j_server import Neo4jServer

GENRES = ["notice", "plan", "opinion", "measures", "guide", "key_points", "standard"]
HEADS = ["通知", "实施方案", "指导意见", "管理办法", "建设指南", "工作要点", "建设标准"]


def _report(r: int, per_report: int, rng: random.Random, provinces: list, topics: list[str]) -> SourceGraph:  # type: ignore[type-arg]
    name = f"synthetic-{r:05d}.txt"
    period = f"20{10 + r % 14}-{1 + r % 12:02d}"
    report = Node(
        report_iri(name),
        "SourceReport",
        {"name": name, "title": f"月报 {r}", "path": name, "kind": "monthly_report", "period": period},
    )
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    located: set[str] = set()

    def node(label: str, node_name: str, **props: object) -> str:
        iri = entity_iri(label, node_name)
        nodes.setdefault(iri, Node(iri, label, {"name": node_name, "aliases": [], **props}))
        return iri

    def edge(type_: str, head: str, tail: str, **props: object) -> None:
        edges.append(
            Edge(
                fact_iri(type_, head, tail, report.iri),
                type_,
                head,
                tail,
                report.iri,
                {
                    "sentence": "合成的证据句子。",
                    "quote": "证据",
                    "start": 0,
                    "end": 10,
                    "rule": "synthetic",
                    "period": period,
                    **props,
                },
            )
        )

    for d in range(per_report):
        province = rng.choice(provinces)
        agency = node("Agency", f"{province.official}教育厅", province=province.short)
        if agency not in located:
            located.add(agency)
            edge("LOCATED_IN", agency, node("Province", province.short))
        k = rng.randrange(len(GENRES))
        title = f"关于推进第{r}批第{d}项教育信息化工作的{HEADS[k]}"
        doc = node("Document", title, genre=GENRES[k])
        day = f"{period}-{1 + d % 28:02d}"
        about = rng.sample(topics, 2)
        # each document's own sentence, as a brief words it: what text search has to rank
        said = f"{day}，{province.official}教育厅印发《{title}》，部署{about[0]}和{about[1]}工作。"
        edge("ISSUED", agency, doc, date=day, province=province.short, co_issuers=[], sentence=said)
        for topic in about:
            edge("MENTIONS", doc, node("Topic", topic), sentence=said)
    return SourceGraph(report, list(nodes.values()), edges)


def synthetic(documents: int, per_report: int = 100, seed: int = 11) -> list[SourceGraph]:
    rng = random.Random(seed)
    provinces = [p for p in gazetteer().provinces if p.level != "特别行政区"]
    topics = sorted(set(topic_labels().values()))
    return [_report(r, per_report, rng, provinces, topics) for r in range(documents // per_report)]


def edited(graphs: list[SourceGraph]) -> list[SourceGraph]:
    """The same reports after an edit near the top of each file: every fact's evidence offsets move by six
    characters, and one sentence is reworded (what a corrected report does to its facts)."""
    changed = []
    for g in graphs:
        edges = [
            dataclasses.replace(
                e, props={**e.props, "start": int(e.props["start"]) + 6, "end": int(e.props["end"]) + 6}
            )
            for e in g.edges
        ]
        edges[0] = dataclasses.replace(edges[0], props={**edges[0].props, "sentence": "修订后的证据句子。"})
        changed.append(dataclasses.replace(g, edges=edges))
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=get_settings().load_batch_size)
    parser.add_argument(
        "--warmup",
        type=int,
        default=30_000,
        help="documents loaded into Neo4j and cleared before the timed load (0: time a cold server)",
    )
    parser.add_argument("--wipe", action="store_true", help="required: both stores are wiped first")
    args = parser.parse_args()
    if not args.wipe:
        parser.error("this benchmark wipes the Neo4j graph it loads into; say --wipe to confirm")
    graphs = synthetic(args.documents)
    facts = sum(len(g.edges) for g in graphs)
    nodes = sum(len(g.nodes) + 1 for g in graphs)
    print(
        f"synthetic graph: {args.documents:,} documents in {len(graphs):,} reports; "
        f"{facts:,} facts, {nodes:,} node records; batch size {args.batch_size:,} rows"
    )
    settings = get_settings().model_copy(update={"load_batch_size": args.batch_size})
    neo4j = open_store(settings, "neo4j")
    if args.warmup:
        neo4j.clear()
        # A server just started compiles the loader's hot paths as it goes: the first load of 30,000
        # documents ran at half the speed of the next (the JIT compiler threads took 6 s of CPU).
        warmup = neo4j.load(synthetic(args.warmup, seed=1))
        print(f"neo4j:    warm-up load of {args.warmup:,} documents {warmup.seconds:6.1f} s (cleared, not counted)")
    neo4j.clear()
    report = neo4j.load(graphs)
    links = nodes - len(graphs)  # each entity record also links to its report
    print(
        f"neo4j:    {report.seconds:6.1f} s  {report.relationships / report.seconds:>9,.0f} facts/s  "
        f"{(report.relationships + links) / report.seconds:>9,.0f} relationships/s (with provenance links)  "
        f"{report.batches} batches, {len(report.failures)} failures"
    )
    again = neo4j.load(edited(graphs))  # every report changed: each replaces its facts
    print(
        f"neo4j:    reloading every report after an edit (each replaces its facts) {again.seconds:6.1f} s, "
        f"{again.seconds / report.seconds:.2f}x the fresh load"
    )
    neo4j.close()
    print(
        f"neo4j:    {(report.relationships + links + nodes) / report.seconds:>9,.0f} records/s "
        "(nodes, facts and provenance links) through the transactional loader"
    )
    # The same graph as a new database, by neo4j-admin's import tool (the server restarts).
    bulk = bulk_import(Neo4jServer(settings), graphs, log=lambda _: None)
    records = bulk.nodes + bulk.facts + bulk.links
    print(
        f"bulk:     {bulk.seconds:6.1f} s  {bulk.facts / bulk.seconds:>9,.0f} facts/s  {records / bulk.seconds:>9,.0f} "
        f"records/s in neo4j-admin database import; {bulk.total_seconds:.1f} s with the CSV files and the restart"
    )
    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedStore(Path(tmp) / "oxigraph")
        report = embedded.load(graphs)
        print(
            f"embedded: {report.seconds:6.1f} s  {report.relationships / report.seconds:>9,.0f} facts/s  "
            f"(each fact is a triple and a reified statement with its evidence)"
        )
        again = embedded.load(edited(graphs))
        print(
            f"embedded: reloading every report after an edit (only what changed is replaced) {again.seconds:6.1f} s, "
            f"{again.seconds / report.seconds:.2f}x the fresh load"
        )
        embedded.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
