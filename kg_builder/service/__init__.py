"""The query service: one place that turns questions into named queries and their rows into answers.

The API and the CLI both call it; briefings render what it returns. It reads the graph only through
GraphStore.query (named queries, cypher/queries), resolves the vocabulary once (vocabulary.py) and
runs a bounded number of queries whatever the number of rows: a page of documents or a briefing
gets its topics, programs and evidence from one query for all its documents.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from datetime import date

from pydantic import TypeAdapter

from kg_builder.errors import NotFound
from kg_builder.iri import EntityRef, entity_path, is_key, kind_of, parse_entity
from kg_builder.schema import load_schema
from kg_builder.service.answers import (
    NATIONWIDE,
    AddressedRow,
    Answer,
    Brief,
    BriefFilters,
    BriefRow,
    CitationRow,
    DocumentRow,
    EntityPage,
    EvidenceRef,
    Fact,
    Followed,
    FollowUp,
    FollowUps,
    GraphEdge,
    GraphNode,
    Month,
    Page,
    ProvinceDocument,
    ProvinceFollowUp,
    ProvinceRow,
    SearchHit,
    Source,
    Stats,
    Subgraph,
    TimelineRow,
)
from kg_builder.service.ask import interpret
from kg_builder.service.index import DocumentIndex
from kg_builder.service.semantic import Embeddings
from kg_builder.service.sentences import SentenceHit, SentenceIndex
from kg_builder.service.vocabulary import Filters, UnknownTerm, resolve
from kg_builder.store import GraphStore, Row
from kg_builder.textnorm import normalize_number, simplified, work_title

__all__ = ["NotFound", "QueryService", "UnknownTerm", "entity_kinds"]


_FACTS = TypeAdapter(list[Fact])  # a page's facts validated in one call: half the time of one model each


def entity_kinds() -> dict[str, str]:
    """IRI kind (agency) → node label (Agency), for every entity label of the ontology."""
    return {kind_of(label): label for label in load_schema().entity_labels}


_EVIDENCE = ("sentence", "source", "start", "end")


class QueryService:
    def __init__(self, store: GraphStore, embeddings: Embeddings | None = None) -> None:
        self.store = store
        self.embeddings = embeddings  # sentence vectors, with the semantic extra: /search/text ranks by meaning too
        self._index: DocumentIndex | None = None
        self._reading = threading.Lock()
        # the sentence index, made at the first text search after a load (most loads are never searched)
        self._sentences: tuple[str | None, SentenceIndex] | None = None
        self._reading_sentences = threading.Lock()

    def filters(self, **terms: str | None) -> Filters:
        return resolve(self.store, **terms)

    def load_stamp(self) -> str | None:
        """When the graph was last loaded: the indexes read from it are read again when it moves."""
        stamp: str | None = self.store.query("last_load", {})[0]["last"]
        return stamp

    def index(self) -> DocumentIndex:
        """The document index as current as the graph: read again when the load stamp has moved; one
        reader at a time, so that clients waiting on a new index get the one read."""
        stamp = self.load_stamp()
        with self._reading:
            if self._index is None or self._index.stamp != stamp:
                self._index = DocumentIndex.read(self.store, stamp)
                # The index lives until the next load. Frozen out of the collector's generations, it is no
                # longer scanned by each collection a request's garbage sets off: on the 100x graph, p99
                # at 32 clients fell from 240 to 140 ms (entity page). Reference counting frees it when
                # a new one replaces it.
                gc.collect()
                gc.freeze()
            return self._index

    # ---- provinces and briefings --------------------------------------------------------
    def province_facts(self, filters: Filters) -> list[Row]:
        """Which province issued which document (one row per issuer, date and period) that the filters keep."""
        index = self.index()
        return index.select(index.province_documents, filters)

    def provinces(self, filters: Filters) -> list[ProvinceRow]:
        grouped: dict[str, list[ProvinceDocument]] = defaultdict(list)
        for province, document in self.index().province_rows(filters):
            grouped[province].append(document)
        return [ProvinceRow(province=p, documents=docs) for p, docs in sorted(grouped.items())]

    def brief(self, filters: Filters) -> Brief:
        """The facts the filters select, each with the sentences that state it, and the graph to draw of them."""
        rows = self.index().brief_rows(filters, filters.in_force_on or date.today().isoformat())
        caption = BriefFilters.model_validate(
            {
                "topic": filters.topic.concept or filters.topic.word,
                "province": filters.province,
                "from": filters.from_,
                "to": filters.to,
            }
        )
        title = f"{caption.topic or '全部主题'}：各省印发的文件"
        return Brief(title=title, filters=caption, rows=rows)

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
        """Documents by date, each with its co-issuers, topics, programs, the sentences that say it was issued
        and whether it is in force (on the filters' `in_force_on`, else today)."""
        index = self.index()
        number = normalize_number(number) if number else None  # 〔〕, [] or () around the year
        rows = index.select(index.documents, filters, issuer=issuer, number=number)
        as_of = filters.in_force_on or date.today().isoformat()
        items = [
            DocumentRow(
                **row,
                co_issuers=index.co_issuers.get(row["document_id"], []),
                topics=sorted(index.topics.get(row["document_id"], ())),
                programs=index.programs.get(row["document_id"], []),
                evidence=[
                    EvidenceRef(**{k: f[k] for k in _EVIDENCE}) for f in index.evidence.get(row["document_id"], [])
                ],
                validity=index.validity(row["document_id"], as_of),
            )
            for row in rows[offset : offset + limit]
        ]
        return Page(total=len(rows), offset=offset, limit=limit, topic_match=filters.topic.matched, items=items)

    def citations(self, document: str) -> list[CitationRow]:
        return [CitationRow(**r) for r in self.store.query("citations", {"document": document})]

    def followups(self, document: str) -> FollowUps:
        """The documents that implement or cite a document (by its title, an alias or its 文号), each with
        its issuer, province, date, the days since the followed document's date and the sentences that
        say so; and per province its first follow-up."""
        index = self.index()
        asked = work_title(simplified(document))
        # the one document a title, alias or 文号 names; none, or a generic title two provinces' bodies
        # issued (which one is not said), has no follow-ups
        found = index.document_names.get(asked) or index.document_names.get(normalize_number(document)) or []
        if len(found) != 1:
            return FollowUps(document=asked, number=None, date=None, followups=[], provinces=[])
        (followed,) = found
        own = index.issued.get(followed)
        title = own["document"] if own else asked
        followups: dict[tuple[str, str], FollowUp] = {}
        for link in index.cited_by.get(followed, []):
            issued = index.issued.get(link["document_id"], {})
            when = issued.get("date") or link["date"] or link["period"]
            province = issued.get("province")
            key = (link["document_id"], link["relation"])
            if key not in followups:
                followups[key] = FollowUp(
                    document=link["document"],
                    document_id=link["document_id"],
                    number=link["number"],
                    relation=link["relation"],
                    issuer=issued.get("issuer"),
                    level=None if not issued else "provincial" if province else "national",
                    province=province,
                    date=when,
                    lag_days=_days_between(own["date"] if own else None, when),
                    evidence=[],
                )
            followups[key].evidence.append(
                Source(
                    source=link["source"], title=link["source_title"], sentence=link["sentence"], quote=link["quote"]
                )
            )
        rows = sorted(followups.values(), key=lambda f: (f.date or "9999", f.document, f.relation))
        by_province: dict[str, list[FollowUp]] = defaultdict(list)
        for f in rows:
            if f.province:
                by_province[f.province].append(f)
        provinces = [
            ProvinceFollowUp(
                province=p,
                first=docs[0].document,
                date=docs[0].date,
                lag_days=docs[0].lag_days,
                documents=len({d.document for d in docs}),
            )
            for p, docs in by_province.items()
        ]
        return FollowUps(
            document=title,
            document_id=followed,
            number=own["number"] if own else None,
            aliases=sorted(set(index.names_of.get(followed, [])) - {title, own["number"] if own else None}),
            date=own["date"] if own else None,
            followups=rows,
            provinces=provinces,
        )

    def diffusion(self, document: str) -> Brief:
        """A briefing of how a document spread: its follow-ups as rows (a national body's under 全国), each
        with its relation, lag and sources."""
        answer = self.followups(document)
        if answer.document_id is None:
            raise NotFound(f"no document in the graph is named {document!r} (a title, alias or 文号)")
        index, today = self.index(), date.today().isoformat()
        rows = [
            BriefRow(
                province=f.province or NATIONWIDE,
                issuer=f.issuer,
                document=f.document,
                document_id=f.document_id,
                genre=None,
                date=f.date,
                period=None,
                sources=f.evidence,
                relation=f.relation,
                lag_days=f.lag_days,
                status=index.status(f.document_id, today),
            )
            for f in answer.followups
        ]
        return Brief(
            title=f"《{answer.document}》：各省跟进文件",
            filters=BriefFilters.model_validate({}),
            rows=rows,
            followed=Followed(
                document=answer.document, document_id=answer.document_id, number=answer.number, date=answer.date
            ),
        )

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
        agencies = [r["name"] for r in self.store.query("agency_names", {})]
        meaning = interpret(question, agencies, self.index().document_names.keys())
        if meaning.query in ("followups", "followup_provinces"):  # answered as /followups answers
            answer = self.followups(str(meaning.params["document"]))
            found = answer.followups if meaning.query == "followups" else answer.provinces
            rows = [row.model_dump() for row in found]
        else:
            rows = self.store.query(meaning.query, meaning.params)
        return Answer(question=question, query=meaning.query, params=meaning.params, rows=rows)

    # ---- what the texts say -----------------------------------------------------------------
    def sentence_index(self) -> SentenceIndex:
        """The graph's evidence sentences, indexed for search, as current as the graph (read again when the
        load stamp has moved; the document index is not needed for it)."""
        stamp = self.load_stamp()
        with self._reading_sentences:
            if self._sentences is None or self._sentences[0] != stamp:
                rows = self.store.query("evidence_sentences", {})
                self._sentences = (stamp, SentenceIndex.of(rows, self.embeddings))
            return self._sentences[1]

    def search_text(
        self,
        text: str,
        *,
        province: str | None = None,
        issuer: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        limit: int = 20,
    ) -> list[SentenceHit]:
        """The sentences that best match the words (Simplified or Traditional), with their documents and facts."""
        if not simplified(text).strip():
            raise UnknownTerm("the search text is empty after removing spaces")
        filters = self.filters(province=province, from_=from_, to=to)
        return self.sentence_index().search(
            text, province=filters.province, issuer=issuer, from_=filters.from_, to=filters.to, limit=limit
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
            facts=_FACTS.validate_python(rows),
            validity=self.index().validity(ref.iri, date.today().isoformat()) if first["label"] == "Document" else None,
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
                    other, label = row["other"], row["other_label"]
                    if other != ref.iri and label not in wanted:
                        continue
                    if other not in nodes:
                        if len(nodes) >= limit:
                            truncated = True
                            continue
                        nodes[other] = GraphNode(id=other, label=label, name=row["other_name"])
                        found.append(other)
                    head, tail = (iri, other) if row["direction"] == "out" else (other, iri)
                    edges[(head, row["type"], tail)] = GraphEdge(source=head, target=tail, type=row["type"])
            frontier = found
            if not frontier:
                break
        return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated)

    def stats(self) -> Stats:
        return Stats(store=self.store.name, counts=counts(self.store), last_load=self.load_stamp())


def counts(store: GraphStore) -> dict[str, int]:
    """Nodes by label and facts by relation type, every type of the ontology listed (0 when absent)."""
    schema = load_schema()
    found = {r["name"]: int(r["count"]) for r in store.query("counts", {})}
    return {name: found.get(name, 0) for name in (*schema.node_labels, *schema.relations)}


def _days_between(earlier: str | None, later: str | None) -> int | None:
    """Days from one ISO date to another; None unless both are whole dates (a month says too little)."""
    if not earlier or not later or len(earlier) != 10 or len(later) != 10:
        return None
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days
