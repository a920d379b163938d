"""The graph's issued documents held in memory, for the questions that filter them.

/provinces, /documents and /brief select ISSUED facts by topic, genre, province, issuer, issuer level
and period, and show each document with its co-issuers, topics, programs and evidence. Asked of the
store every time, each is a join over reified facts: on the 100x graph Oxigraph takes 110 ms for the
547 IPv6 rows and 5 s for the evidence of all documents. The index reads every ISSUED fact once
(three named queries) and is read again when the graph's load stamp (`last_load`) changes, which
the service checks on every question: a materialised view of the store, kept as current as the
store, not a cache of answers (every question is answered anew from it). It holds about 2.7 KB a
fact, most of it evidence sentences (19 MB for the 100x graph's 6,944; 3 GB for a million documents).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kg_builder.service.answers import BriefRow, ProvinceDocument, Source
from kg_builder.service.validity import Change, Status, Validity, status, status_on
from kg_builder.service.vocabulary import Filters
from kg_builder.store import GraphStore, Row

# The columns of a page's document and of a province's document: each table holds its distinct rows.
DOCUMENT = ("document", "document_id", "number", "genre", "issuer", "province", "when")
PROVINCE_DOCUMENT = ("province", "document", "document_id", "genre", "issuer", "date", "period", "when")


@dataclass(frozen=True)
class Table:
    """Distinct rows in the order they are shown, and the same rows by each topic their document mentions
    (most questions name a topic: they scan its rows only)."""

    rows: list[Row] = field(default_factory=list)
    by_topic: dict[str, list[Row]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: list[Row], topics: dict[str, frozenset[str]]) -> Table:
        by_topic: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            for topic in topics.get(row["document_id"], ()):
                by_topic[topic].append(row)
        return cls(rows, dict(by_topic))


@dataclass(frozen=True)
class DocumentIndex:
    stamp: str | None  # the graph's last_load when the index was read
    documents: Table = field(default_factory=Table)  # by date, document, issuer
    province_documents: Table = field(default_factory=Table)  # by province, document, issuer
    topics: dict[str, frozenset[str]] = field(default_factory=dict)  # document IRI → topic names
    programs: dict[str, list[str]] = field(default_factory=dict)  # document IRI → program names
    co_issuers: dict[str, list[str]] = field(default_factory=dict)  # document IRI → co-issuing agencies
    evidence: dict[str, list[Row]] = field(default_factory=dict)  # document IRI → its ISSUED facts by head, source
    # a province's document (by its row's values) as /provinces lists it and as a brief shows it, with the
    # sentences that state it: answers built once per read, not once per question
    listed: dict[tuple[Any, ...], ProvinceDocument] = field(default_factory=dict)
    briefs: dict[tuple[Any, ...], BriefRow] = field(default_factory=dict)
    # links between documents: the cited document's IRI → the CITES and IMPLEMENTS facts that name it
    cited_by: dict[str, list[Row]] = field(default_factory=dict)
    # every title, alias, short name and 文号 of a document → the documents it names (a generic title
    # issued by two bodies names two)
    document_names: dict[str, list[str]] = field(default_factory=dict)
    names_of: dict[str, list[str]] = field(default_factory=dict)  # document IRI → all its names
    issued: dict[str, Row] = field(default_factory=dict)  # document IRI → its first row in `documents`
    # what decides a document's status on a date (validity.py): its dates of force, its repeals and revisions
    force: dict[str, Row] = field(default_factory=dict)
    changes: dict[str, list[Change]] = field(default_factory=dict)
    dated_briefs: dict[str, dict[tuple[Any, ...], BriefRow]] = field(default_factory=dict)  # by the day asked

    @classmethod
    def read(cls, store: GraphStore, stamp: str | None) -> DocumentIndex:
        facts = store.query("issued_facts", {})
        for row in facts:  # a fact's date, else the period of the report that states it
            row["when"] = row["date"] or row["period"] or ""
        documents = _distinct(facts, DOCUMENT, key=lambda r: (r["when"], r["document"], r["issuer"] or ""))
        for row in documents:
            row["date"] = row["when"] or None
        topics: dict[str, set[str]] = defaultdict(set)
        programs: dict[str, set[str]] = defaultdict(set)
        for row in store.query("document_mentions", {}):
            (topics if row["label"] == "Topic" else programs)[row["document_id"]].add(row["name"])
        co_issuers: dict[str, set[str]] = defaultdict(set)
        for row in store.query("co_issued", {}):
            co_issuers[row["document_id"]].add(row["co_issuer"])
        evidence: dict[str, list[Row]] = defaultdict(list)
        for row in sorted(facts, key=lambda r: (r["head"], r["source"], r["start"])):
            evidence[row["document_id"]].append(row)
        by_document = {d: frozenset(names) for d, names in topics.items()}
        province_documents = _distinct(
            (f for f in facts if f["province"] is not None),
            PROVINCE_DOCUMENT,
            key=lambda r: (r["province"], r["document"], r["issuer"] or ""),
        )
        cited_by: dict[str, list[Row]] = defaultdict(list)
        for row in store.query("document_links", {}):
            cited_by[row.pop("cited_id")].append(row)
        document_names: dict[str, list[str]] = defaultdict(list)
        names_of: dict[str, list[str]] = defaultdict(list)
        for row in store.query("names", {}):
            if row["label"] == "Document":
                document_names[row["text"]].append(row["id"])
                names_of[row["id"]].append(row["text"])
        force = {row["document_id"]: row for row in store.query("document_force", {})}
        issued = _first_issued(documents)
        changes: dict[str, list[Change]] = defaultdict(list)
        for row in store.query("document_changes", {}):
            by = row["by_id"]  # a repeal takes effect when the repealing document does, else when it was issued
            on = (force.get(by) or {}).get("in_force_from") or (issued.get(by) or {}).get("date") or row["date"]
            changes[row["document_id"]].append(
                Change(change=row["change"], by=row["by_name"], by_id=by, on=on, sentence=row["sentence"])
            )
        listed = {_key(row): ProvinceDocument(**row) for row in province_documents}
        briefs = {_key(row): _brief_row(row, evidence.get(row["document_id"], [])) for row in province_documents}
        return cls(
            stamp=stamp,
            documents=Table.of(documents, by_document),
            province_documents=Table.of(province_documents, by_document),
            evidence=dict(evidence),
            topics=by_document,
            programs={d: sorted(names) for d, names in programs.items()},
            co_issuers={d: sorted(names) for d, names in co_issuers.items()},
            listed=listed,
            briefs=briefs,
            cited_by=dict(cited_by),
            document_names=dict(document_names),
            names_of=dict(names_of),
            issued=issued,
            force=force,
            changes=dict(changes),
        )

    def status(self, document_id: str, as_of: str) -> Status:
        force = self.force.get(document_id)
        changes = self.changes.get(document_id, [])
        if force is None and not changes:
            return "unknown"  # most documents: no text gives their dates of force
        force = force or {}
        return status(as_of, force.get("in_force_from"), force.get("in_force_until"), changes)

    def validity(self, document_id: str, as_of: str) -> Validity:
        """A document's status on a day, with the facts that decide it."""
        force = self.force.get(document_id) or {}
        return status_on(
            as_of,
            force.get("in_force_from"),
            force.get("in_force_until"),
            self.changes.get(document_id, []),
            evidence=force.get("evidence"),
            source=force.get("source"),
        )

    def province_rows(self, filters: Filters) -> list[tuple[str, ProvinceDocument]]:
        """The provinces' documents that the filters keep, by province, document and issuer."""
        return [(row["province"], self.listed[_key(row)]) for row in self.select(self.province_documents, filters)]

    def brief_rows(self, filters: Filters, as_of: str) -> list[BriefRow]:
        """The brief's rows that the filters keep, by province, document and issuer, each with its status on
        `as_of`: rows made once per day asked, not once per question (a brief of 547 rows is asked of
        dashboards every few seconds, nearly always for today)."""
        dated = self.dated_briefs.get(as_of)
        if dated is None:
            dated = {
                key: row.model_copy(update={"status": self.status(row.document_id, as_of) if row.document_id else None})
                for key, row in self.briefs.items()
            }
            if len(self.dated_briefs) > 8:  # days asked other than today's are rare: keep a few
                self.dated_briefs.clear()
            self.dated_briefs[as_of] = dated
        return [dated[_key(row)] for row in self.select(self.province_documents, filters)]

    def select(
        self, table: Table, filters: Filters, *, issuer: str | None = None, number: str | None = None
    ) -> list[Row]:
        """The rows of one of the index's tables that the filters keep, in the table's order. Only the filters
        given are tested: a page of all documents tests none of the 100x graph's 7,000 rows."""
        concept = filters.topic.concept
        rows = table.rows if concept is None else table.by_topic.get(concept, [])
        if filters.in_force_on is not None:  # only a document whose text gives its start of force can be in force
            starts = self.force
            rows = [r for r in rows if r["document_id"] in starts]
        tests: list[Callable[[Row], bool]] = []
        if filters.genre is not None:
            tests.append(lambda r: r["genre"] == filters.genre)
        if issuer is not None:
            tests.append(lambda r: r["issuer"] == issuer)
        if number is not None:
            tests.append(lambda r: r.get("number") == number)
        if (since := filters.from_) is not None:
            tests.append(lambda r: r["when"] != "" and r["when"] >= since)
        if (until := filters.to) is not None:
            tests.append(lambda r: r["when"] != "" and r["when"] <= until)
        if (day := filters.in_force_on) is not None:
            tests.append(lambda r: self.status(r["document_id"], day) == "in_force")
        if filters.topic.documents is not None or filters.issuer_level is not None or filters.province is not None:
            tests.append(filters.keep)
        return [r for r in rows if all(test(r) for test in tests)] if tests else list(rows)


def _first_issued(documents: list[Row]) -> dict[str, Row]:
    """Each document's earliest row by date (a row with no date only when it has none)."""
    first: dict[str, Row] = {}
    for row in documents:  # by date; undated rows ("") come first
        known = first.get(row["document_id"])
        if known is None or (not known["when"] and row["when"]):
            first[row["document_id"]] = row
    return first


def _key(row: Row) -> tuple[Any, ...]:
    return tuple(row[c] for c in PROVINCE_DOCUMENT)


def _brief_row(row: Row, evidence: list[Row]) -> BriefRow:
    head = row["issuer"] or row["province"]
    sources = [
        Source(source=f["source"], title=f["source_title"], sentence=f["sentence"], quote=f["quote"])
        for f in evidence
        if f["head"] == head
    ]
    return BriefRow(**row, sources=sources)


def _distinct(facts: Iterable[Row], columns: tuple[str, ...], key: Callable[[Row], Any]) -> list[Row]:
    unique = {tuple(f[c] for c in columns): None for f in facts}
    return sorted((dict(zip(columns, values, strict=True)) for values in unique), key=key)
