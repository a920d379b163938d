"""The query service: one place that turns questions into named queries and their rows into answers.

The API and the CLI both call it; briefings render what it returns. It reads the graph only through
GraphStore.query (named queries, cypher/queries), resolves the vocabulary once (vocabulary.py) and
runs a bounded number of queries whatever the number of rows: a page of documents or a briefing
gets its topics, programs and evidence from one query for all its documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg_builder.iri import EntityRef, entity_iri, entity_path, is_key, kind_of, parse_entity
from kg_builder.schema import load_schema
from kg_builder.service.answers import (
    AddressedRow,
    Answer,
    Brief,
    BriefEdge,
    BriefFilters,
    BriefNode,
    BriefRow,
    CitationRow,
    DocumentRow,
    EntityPage,
    EvidenceRef,
    Fact,
    GraphEdge,
    GraphNode,
    Month,
    Page,
    ProvinceDocument,
    ProvinceRow,
    SearchHit,
    Source,
    Stats,
    Subgraph,
    TimelineRow,
)
from kg_builder.service.ask import interpret
from kg_builder.service.vocabulary import Filters, UnknownTerm, resolve
from kg_builder.store import GraphStore, Row
from kg_builder.textnorm import normalize_number, simplified

__all__ = ["NotFound", "QueryService", "UnknownTerm", "entity_kinds"]


class NotFound(LookupError):
    """No entity at that path or IRI; the message says how to find one."""


def entity_kinds() -> dict[str, str]:
    """IRI kind (agency) → node label (Agency), for every entity label of the ontology."""
    return {kind_of(label): label for label in load_schema().entity_labels}


class QueryService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def filters(self, **terms: str | None) -> Filters:
        return resolve(self.store, **terms)

    # ---- provinces and briefings --------------------------------------------------------
    def province_facts(self, filters: Filters) -> list[Row]:
        """The provinces query's rows that the filters keep."""
        rows = self.store.query(
            "provinces",
            {"topic": filters.topic.concept, "genre": filters.genre, "from": filters.since, "to": filters.until},
        )
        return [r for r in rows if filters.keep(r)]

    def provinces(self, filters: Filters) -> list[ProvinceRow]:
        grouped: dict[str, list[ProvinceDocument]] = defaultdict(list)
        for row in self.province_facts(filters):
            grouped[row["province"]].append(ProvinceDocument(**{k: row[k] for k in ProvinceDocument.model_fields}))
        return [ProvinceRow(province=p, documents=docs) for p, docs in sorted(grouped.items())]

    def brief(self, filters: Filters) -> Brief:
        """The facts the filters select, each with the sentences that state it, and the graph to draw of them."""
        facts = self.province_facts(filters)
        details = self._document_facts(str(f["document_id"]) for f in facts)
        rows = []
        for fact in facts:
            issuer = fact["issuer"] or fact["province"]
            sources = [
                Source(
                    source=str(d["source"]), title=d["source_title"], sentence=str(d["sentence"]), quote=str(d["quote"])
                )
                for d in details.get(str(fact["document_id"]), [])
                if d["relation"] == "ISSUED" and d["other"] == issuer
            ]
            rows.append(BriefRow(**fact, sources=sources))
        nodes, edges = _brief_graph(rows)
        caption = BriefFilters(
            topic=filters.topic.concept or filters.topic.word,
            province=filters.province,
            since=filters.since,
            until=filters.until,
        )
        title = f"{caption.topic or '全部主题'}：各省印发的文件"
        return Brief(title=title, filters=caption, rows=rows, nodes=nodes, edges=edges)

    # ---- documents ------------------------------------------------------------------------
    def documents(
        self,
        filters: Filters,
        *,
        issuer: str | None = None,
        number: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """Documents sorted by date; the page's co-issuers, topics, programs and evidence come from two more
        queries, whatever the page's size."""
        rows = self.store.query(
            "documents",
            {
                "issuer": issuer,
                "province": filters.province,
                "topic": filters.topic.concept,
                "genre": filters.genre,
                "from": filters.since,
                "to": filters.until,
                "number": number,
            },
        )
        rows = sorted(
            (r for r in rows if filters.keep(r)), key=lambda r: (r["date"] or "", r["document"], r["issuer"] or "")
        )
        page = rows[offset : offset + limit]
        details = self._document_facts(str(r["document_id"]) for r in page)
        co_issued: dict[str, set[str]] = defaultdict(set)
        if page:
            for r in self.store.query("co_issued", {}):
                co_issued[str(r["document"])].add(str(r["co_issuer"]))
        items = []
        for row in page:
            facts = details.get(str(row["document_id"]), [])
            mentioned = {(f["other_label"], f["other"]) for f in facts if f["relation"] == "MENTIONS"}
            items.append(
                DocumentRow(
                    **row,
                    co_issuers=sorted(co_issued.get(row["document"], ())),
                    topics=sorted(name for label, name in mentioned if label == "Topic"),
                    programs=sorted(name for label, name in mentioned if label == "Program"),
                    evidence=[
                        EvidenceRef(**{k: f[k] for k in ("sentence", "source", "start", "end")})
                        for f in facts
                        if f["relation"] == "ISSUED"
                    ],
                )
            )
        return Page(total=len(rows), offset=offset, limit=limit, topic_match=filters.topic.matched, items=items)

    def _document_facts(self, ids: Iterable[str]) -> dict[str, list[Row]]:
        wanted = sorted(set(ids))
        found: dict[str, list[Row]] = defaultdict(list)
        if wanted:
            for row in self.store.query("document_facts", {"ids": wanted}):
                found[str(row["document_id"])].append(row)
        return found

    def citations(self, document: str) -> list[CitationRow]:
        return [CitationRow(**r) for r in self.store.query("citations", {"document": document})]

    def addressed(self, agency: str) -> list[AddressedRow]:
        return [AddressedRow(**r) for r in self.store.query("addressed", {"agency": agency})]

    # ---- timelines and questions ----------------------------------------------------------
    def timeline(self, filters: Filters, *, agency: str | None = None) -> list[Month]:
        """Facts by month: a province's, an agency's or a topic's."""
        rows = self.store.query(
            "timeline", {"province": filters.province, "agency": agency, "topic": filters.topic.concept}
        )
        months: dict[str, list[TimelineRow]] = defaultdict(list)
        for row in rows:
            if filters.topic.keep({"document_id": row["object_id"]}):
                months[(row["date"] or "")[:7]].append(TimelineRow(**row))
        return [Month(month=m, facts=facts) for m, facts in sorted(months.items())]

    def ask(self, question: str) -> Answer:
        """A common question answered by a named query (NotUnderstood when no supported form matches)."""
        meaning = interpret(question, [r["name"] for r in self.store.query("agency_names", {})])
        return Answer(
            question=question,
            query=meaning.query,
            params=meaning.params,
            rows=self.store.query(meaning.query, meaning.params),
        )

    # ---- entities -------------------------------------------------------------------------
    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Names, aliases, titles and 文号 containing the text (Simplified or Traditional), best first."""
        wanted = simplified(text).strip()
        if not wanted:
            raise UnknownTerm("the search text is empty after removing spaces")
        rows = self.store.query("search", {"text": wanted, "number": normalize_number(wanted)})
        return [SearchHit(path=entity_path(r["id"]), **r) for r in rows[:limit]]

    def entity_ref(self, kind: str, key: str) -> EntityRef:
        """An entity's kind and key checked against the ontology and the IRI scheme (NotFound otherwise)."""
        kinds = entity_kinds()
        if kind not in kinds:
            raise NotFound(f"unknown entity kind {kind!r}; kinds: {', '.join(sorted(kinds))}")
        if not is_key(key):
            raise NotFound(f"no {kind} with key {key!r}: keys are 16 hexadecimal digits; find one with /search")
        return EntityRef(kind, key)

    def entity(self, ref: EntityRef, *, facts: bool = True) -> EntityPage:
        """One entity: its names, properties and facts in both directions, each with its evidence."""
        found = self.store.query("entity", {"id": ref.iri})
        if not found:
            raise NotFound(f"no {ref.kind} with key {ref.key!r}; find keys with /search")
        first = found[0]
        rows = self.store.query("facts", {"id": ref.iri}) if facts else []
        return EntityPage(
            id=ref.iri,
            label=first["label"],
            name=first["name"],
            aliases=sorted({r["alias"] for r in found if r["alias"]}),
            properties={k: first[k] for k in ("genre", "doc_number", "province") if first[k] is not None},
            facts=[Fact(**r) for r in rows],
        )

    def graph(self, center: str, *, depth: int = 1, types: set[str] | None = None, limit: int = 100) -> Subgraph:
        """Nodes and edges around an entity (IRI or /entities path), breadth first, at most `limit` nodes; one
        query per expanded node."""
        labels = set(entity_kinds().values())
        wanted = types or labels
        if not wanted <= labels:
            raise UnknownTerm(f"unknown types {sorted(wanted - labels)}; types: {', '.join(sorted(labels))}")
        ref = parse_entity(center)
        if ref is None or ref.kind not in entity_kinds():
            raise NotFound(f"no entity {center!r}; find one with /search")
        page = self.entity(ref, facts=False)
        nodes: dict[str, GraphNode] = {ref.iri: GraphNode(id=ref.iri, label=page.label, name=page.name)}
        edges: dict[tuple[str, str, str], GraphEdge] = {}
        frontier, truncated = [ref.iri], False
        for _ in range(depth):
            found: list[str] = []
            for iri in frontier:
                for row in self.store.query("neighbors", {"id": iri}):
                    ends = [
                        (row["head"], row["head_label"], row["head_name"]),
                        (row["tail"], row["tail_label"], row["tail_name"]),
                    ]
                    if any(label not in wanted for end, label, _name in ends if end != ref.iri):
                        continue
                    new = [e for e in ends if e[0] not in nodes]
                    if len(nodes) + len(new) > limit:
                        truncated = True
                        continue
                    for end, label, name in new:
                        nodes[end] = GraphNode(id=end, label=label, name=name)
                        found.append(end)
                    edges[(row["head"], row["type"], row["tail"])] = GraphEdge(
                        source=row["head"], target=row["tail"], type=row["type"]
                    )
            frontier = found
            if not frontier:
                break
        return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated)

    def stats(self) -> Stats:
        return Stats(
            store=self.store.name, counts=counts(self.store), last_load=self.store.query("last_load", {})[0]["last"]
        )


def counts(store: GraphStore) -> dict[str, int]:
    """Nodes by label and facts by relation type, every type of the ontology listed (0 when absent)."""
    schema = load_schema()
    found = {r["name"]: int(r["count"]) for r in store.query("counts", {})}
    return {name: found.get(name, 0) for name in (*schema.node_labels, *schema.relations)}


def _brief_graph(rows: list[BriefRow]) -> tuple[list[BriefNode], list[BriefEdge]]:
    nodes: dict[str, BriefNode] = {}
    edges: dict[tuple[str, str, str], BriefEdge] = {}

    def node(label: str, name: str, date: str | None = None, iri: str | None = None) -> str:
        iri = iri or entity_iri(label, name)
        nodes.setdefault(iri, BriefNode(id=iri, label=label, name=name, date=date))
        return iri

    for row in rows:
        province = node("Province", row.province)
        document = node("Document", row.document, row.when or None, row.document_id)
        if row.issuer:
            agency = node("Agency", row.issuer)
            edges.setdefault(
                (agency, "LOCATED_IN", province), BriefEdge(source=agency, target=province, type="LOCATED_IN")
            )
            edges.setdefault((agency, "ISSUED", document), BriefEdge(source=agency, target=document, type="ISSUED"))
        else:
            edges.setdefault((province, "ISSUED", document), BriefEdge(source=province, target=document, type="ISSUED"))
    return list(nodes.values()), list(edges.values())
