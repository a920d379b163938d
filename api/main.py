"""The FastAPI app: one store for the app's life, routes written once over the named queries."""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, Header, HTTPException, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from api.ask import SUPPORTED, NotUnderstood, interpret
from api.deps import StoreDep
from api.explorer import explorer_router
from api.guard import KeyedUploads, key_matches
from api.models import (
    AddressedRow,
    Answer,
    CitationRow,
    DocumentRow,
    EntityPage,
    EvidenceRef,
    GraphEdge,
    GraphNode,
    Health,
    Month,
    Page,
    ProvinceDocument,
    ProvinceRow,
    RawQuery,
    RawResult,
    SearchHit,
    Stats,
    Subgraph,
    TimelineRow,
    Upload,
)
from api.readonly import FormRefused, WriteRefused, check_cypher, check_plan, check_sparql
from api.response_cache import ResponseCache
from kg_builder import briefing
from kg_builder.briefing import (
    BriefError,
    BriefFilters,
    UnknownFilter,
    canonical_province,
    canonical_topic,
    province_facts,
)
from kg_builder.graph import BASE, entity_iri, source_graph
from kg_builder.schema import load_schema
from kg_builder.service import topic_filter
from kg_builder.settings import Settings, get_settings
from kg_builder.store import GraphStore, StoreDown, open_store
from kg_builder.store.cache import CachedStore
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.store.neo4j import Neo4jStore
from kg_builder.store.queries import QueryError
from kg_builder.store.sandbox import QueryBusy, QueryTimeout
from kg_builder.textnorm import simplified

MAX_UPLOAD = 5_000_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What graph.entity_iri mints; anything else is no entity, and never reaches a query.
_ENTITY_IRI = re.compile(re.escape(BASE) + r"id/[a-z]+/[0-9a-f]{16}\Z")
ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_DATE_HELP = "ISO date or period: 2021, 2021-08, 2021-08-13"
IssuerLevel = Annotated[Literal["national", "provincial"] | None,
                        Query(description="national bodies, or a province's bodies")]
FromQuery = Annotated[str | None, Query(alias="from", pattern=ISO_DATE, description=_DATE_HELP)]
ToQuery = Annotated[str | None, Query(pattern=ISO_DATE, description=_DATE_HELP)]
GenreQuery = Annotated[str | None, Query(description="a document genre by its code or Chinese name: plan or 规划方案",
                                         examples=["plan", "通知"])]


def _topic(topic: str | None) -> str | None:
    try:
        return canonical_topic(topic)
    except UnknownFilter as err:
        raise HTTPException(422, str(err)) from err


def _province(province: str | None) -> str | None:
    try:
        return canonical_province(province)
    except UnknownFilter as err:
        raise HTTPException(422, str(err)) from err


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app over `store`, or over the store the settings name (opened in the lifespan)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        inner = store or open_store(settings)
        app.state.store = CachedStore(inner, ttl=settings.api_cache_seconds)
        try:
            yield
        finally:
            if store is None:
                inner.close()

    app = FastAPI(title="policykg", version="0.1.0", lifespan=lifespan,
                  description="Questions about Chinese education-informatization policy texts: who issued "
                              "what, where and when, with the evidence for every fact.")
    app.add_middleware(ResponseCache)
    app.add_middleware(KeyedUploads, path="/documents", key=lambda: settings.api_key, max_bytes=MAX_UPLOAD)
    # Neo4j Browser (another origin) fetches the style and guide; dashboards may read answers. Reads only.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"])
    app.include_router(explorer_router(settings))

    @app.exception_handler(QueryError)
    async def unknown_parameter(request: Request, err: QueryError) -> JSONResponse:
        """A named query's parameter the vocabularies do not know (genre=草案): the caller's mistake."""
        return JSONResponse(status_code=422, content={"detail": str(err)})

    @app.exception_handler(StoreDown)
    async def store_down(request: Request, err: StoreDown) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(err)}, headers={"Retry-After": "30"})

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def neo4j_down(request: Request, err: Exception) -> JSONResponse:
        return await store_down(request, StoreDown(f"Neo4j does not answer: {err}"))

    @app.get("/health", response_model=Health, responses={503: {"description": "the store does not answer"}})
    def health(store: StoreDep) -> Health:
        """ok when the store answers a query; 503 with Retry-After when it does not."""
        store.ping()
        return Health(status="ok", store=store.name)

    @app.get("/stats", response_model=Stats)
    def stats(store: StoreDep) -> Stats:
        return Stats(store=store.name, counts=store.stats(), last_load=store.last_load())

    @app.get("/provinces", response_model=list[ProvinceRow], responses={200: {"headers": {"X-Topic-Match": {
        "description": "concept: the topic scheme lists the word; text: titles and sentences containing it",
        "schema": {"type": "string"}}}}})
    def provinces(response: Response, store: StoreDep, topic: str | None = Query(None, examples=["IPv6", "智慧课堂"]),
                  genre: GenreQuery = None, issuer_level: IssuerLevel = None,
                  from_: FromQuery = None, to: ToQuery = None) -> list[ProvinceRow]:
        """Provinces that issued matching documents, each with its documents. A topic the scheme does not list
        is matched in titles and issuing sentences (header X-Topic-Match: text)."""
        chosen = topic_filter(store, topic)
        if chosen.matched:
            response.headers["X-Topic-Match"] = chosen.matched
        rows = [r for r in province_facts(store, topic=chosen.concept, genre=genre, level=issuer_level, from_=from_,
                                          to=to) if chosen.keep(r)]
        grouped: dict[str, list[ProvinceDocument]] = defaultdict(list)
        for row in rows:
            grouped[row["province"]].append(ProvinceDocument(**{k: row[k] for k in ProvinceDocument.model_fields}))
        return [ProvinceRow(province=p, documents=docs) for p, docs in sorted(grouped.items())]

    @app.get("/brief", response_class=Response, responses={200: {"content": {
        t: {} for t in briefing.MEDIA_TYPES.values()}, "description": "the briefing in the format asked for"}})
    def brief(store: StoreDep, topic: str | None = Query(None, examples=["IPv6"]),
              province: str | None = Query(None, examples=["吉林"]), from_: FromQuery = None, to: ToQuery = None,
              format: briefing.Format = "svg") -> Response:  # noqa: A002 - the query parameter's name
        """Provinces → issuing agencies → dated documents, as a picture (svg, png), a page with the picture and
        the table (html), the table with each row's source (md, csv), or json; the rows are those of
        /provinces."""
        try:
            made = briefing.make_brief(store, BriefFilters(topic=topic, province=province, since=from_, until=to))
            body = briefing.render(made, format)
        except UnknownFilter as err:
            raise HTTPException(422, str(err)) from err
        except BriefError as err:
            raise HTTPException(503, str(err)) from err
        return Response(body, media_type=briefing.MEDIA_TYPES[format])

    @app.get("/documents", response_model=Page)
    def documents(store: StoreDep, issuer: str | None = Query(None, examples=["河北省教育厅"]),
                  province: str | None = None, topic: str | None = None, genre: GenreQuery = None,
                  issuer_level: IssuerLevel = None, from_: FromQuery = None, to: ToQuery = None,
                  number: str | None = Query(None, max_length=80, examples=["国核安函〔2022〕42号"],
                                             description="文号, with any brackets around the year"),
                  offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)) -> Page:
        """Documents by issuer, province, topic, genre, 文号 and period, sorted by date."""
        chosen = topic_filter(store, topic)
        co_issued = _co_issuers(store)
        rows = store.query("documents", {"issuer": issuer, "province": _province(province), "topic": chosen.concept,
                                         "genre": genre, "from": from_, "to": to, "number": number})
        level = issuer_level
        rows = sorted((r for r in rows if chosen.keep(r) and level in (None, briefing.issuer_level(r["issuer"]))),
                      key=lambda r: (r["date"] or "", r["document"], r["issuer"] or ""))
        return Page(total=len(rows), offset=offset, limit=limit, topic_match=chosen.matched,
                    items=[_document_row(store, r, co_issued) for r in rows[offset:offset + limit]])

    @app.get("/citations", response_model=list[CitationRow])
    def citations(store: StoreDep, document: str = Query(..., min_length=1, max_length=300,
                                                        examples=["关于发布核安全导则《核技术利用设施退役》的通知"])
                  ) -> list[CitationRow]:
        """What a document cites and what cites it; what it repeals and what repealed it."""
        return [CitationRow(**r) for r in store.query("citations", {"document": document})]

    @app.get("/addressed", response_model=list[AddressedRow])
    def addressed(store: StoreDep, agency: str = Query(..., min_length=1, max_length=100, examples=["海关总署"])
                  ) -> list[AddressedRow]:
        """Official documents addressed (主送) or copied (抄送) to a body."""
        return [AddressedRow(**r) for r in store.query("addressed", {"agency": agency})]

    @app.get("/timeline", response_model=list[Month])
    def timeline(store: StoreDep, province: str | None = Query(None, examples=["吉林"]),
                 topic: str | None = None, agency: str | None = Query(None, examples=["吉林省教育厅"])) -> list[Month]:
        """Facts by month: a province's, an agency's or a topic's (at least one of them)."""
        if province is None and topic is None and agency is None:
            raise HTTPException(422, "give a province, a topic or an agency")
        months: dict[str, list[TimelineRow]] = defaultdict(list)
        params = {"province": _province(province), "agency": agency, "topic": _topic(topic)}
        for row in store.query("timeline", params):
            months[(row["date"] or "")[:7]].append(TimelineRow(**row))
        return [Month(month=m, facts=facts) for m, facts in sorted(months.items())]

    @app.get("/ask", response_model=Answer)
    def ask(store: StoreDep, q: str = Query(..., min_length=1, max_length=200,
                                            examples=["哪些省份印发了IPv6相关文件?"])) -> Answer:
        """A common question, in Chinese or English, answered by a named query; the answer says which
        query and parameters it used. Unsupported questions get the supported forms (422)."""
        try:
            meaning = interpret(q, [r["name"] for r in store.query("agency_names", {})])
        except NotUnderstood as err:
            raise HTTPException(422, {"message": f"no supported form matches {q!r}", "supported": SUPPORTED}) from err
        return Answer(question=q, query=meaning.query, params=meaning.params,
                      rows=store.query(meaning.query, meaning.params))

    @app.get("/graph", response_model=Subgraph)
    def graph(store: StoreDep, center: str = Query(..., description="an entity IRI or /entities path"),
              depth: int = Query(1, ge=1, le=3), types: str | None = Query(None, examples=["Province,Agency,Document"]),
              limit: int = Query(100, ge=1, le=500)) -> Subgraph:
        """Nodes and edges around an entity, for drawing; breadth first, at most `limit` nodes."""
        iri = f"{BASE}id/" + center.removeprefix("/entities/") if not center.startswith(BASE) else center
        labels = _labels()
        wanted = {t.strip() for t in types.split(",")} if types else set(labels.values())
        if not wanted <= set(labels.values()):
            raise HTTPException(422, f"unknown types {sorted(wanted - set(labels.values()))}; "
                                     f"types: {', '.join(sorted(labels.values()))}")
        kind = iri.removeprefix(f"{BASE}id/").split("/", 1)[0]
        found = store.entity(iri, labels[kind], facts=0) if kind in labels and _ENTITY_IRI.match(iri) else None
        if found is None:
            raise HTTPException(404, f"no entity {center!r}; find one with /search")
        return expand(store, GraphNode(id=iri, label=found["label"], name=found["name"]), depth, wanted, limit)

    raw_slots = threading.BoundedSemaphore(settings.api_raw_concurrency)

    def raw_allowed(request: Request) -> None:
        # Header values arrive decoded as latin-1; the key is compared on their bytes.
        key = request.headers.get("x-api-key", "").encode("latin-1") or None
        if settings.api_raw_queries == "off":
            raise HTTPException(403, "raw queries are turned off on this server (POLICYKG_API_RAW_QUERIES=off)")
        if settings.api_raw_queries == "key" and not key_matches(key, settings.api_key):
            raise HTTPException(401, "raw queries need the X-API-Key header on this server")

    @app.post("/cypher", response_model=RawResult,
              responses={403: {"description": "the query would write, load data or administer the server"},
                         503: {"description": "every raw-query slot is busy; retry"}})
    def cypher(request: Request, store: StoreDep, body: RawQuery) -> RawResult:
        """Read-only, parameterised Cypher on the Neo4j store, with a timeout and a row cap. Writes, LOAD CSV,
        admin commands (SHOW, TERMINATE, USE) and procedures other than the full-text index and schema ones
        are refused (403), by the query's text and by its plan."""
        raw_allowed(request)
        inner = getattr(store, "inner", store)
        if not isinstance(inner, Neo4jStore):
            raise HTTPException(409, f"/cypher answers on the Neo4j store; this service uses the {store.name} "
                                     "store: use /sparql")
        try:
            check_cypher(body.query)
        except WriteRefused as err:
            raise HTTPException(403, str(err)) from err
        if not raw_slots.acquire(timeout=settings.api_query_timeout):
            raise HTTPException(503, "every raw-query slot stayed busy; try again", headers={"Retry-After": "5"})
        try:
            rows, truncated = inner.read_cypher(body.query, body.params, cap=settings.api_row_cap,
                                                timeout=settings.api_query_timeout, check_plan=check_plan)
        except WriteRefused as err:
            raise HTTPException(403, str(err)) from err
        except Neo4jError as err:
            raise HTTPException(400, f"the query failed: {err.message or err}") from err
        finally:
            raw_slots.release()
        return RawResult(rows=rows, truncated=truncated)

    @app.post("/sparql", response_model=RawResult,
              responses={403: {"description": "an update, LOAD or SERVICE"},
                         422: {"description": "CONSTRUCT or DESCRIBE"},
                         503: {"description": "every query worker is busy; retry"},
                         504: {"description": "the query ran past the deadline and was stopped"}})
    def sparql(request: Request, store: StoreDep, body: RawQuery) -> RawResult:
        """Read-only SPARQL (SELECT, ASK) on the embedded store, run in a worker process with a deadline and a
        row cap; updates, LOAD and SERVICE are refused (403). Parameters bind ?p_name variables."""
        raw_allowed(request)
        inner = getattr(store, "inner", store)
        if not isinstance(inner, EmbeddedStore):
            raise HTTPException(409, f"/sparql answers on the embedded store; this service uses the {store.name} "
                                     "store: use /cypher")
        try:
            check_sparql(body.query)
            params = {k: None if v is None else str(v) for k, v in body.params.items()}
            rows, truncated = inner.read_sparql(body.query, params, cap=settings.api_row_cap,
                                                timeout=settings.api_query_timeout,
                                                workers=settings.api_raw_concurrency)
        except WriteRefused as err:
            raise HTTPException(403, str(err)) from err
        except FormRefused as err:
            raise HTTPException(422, str(err)) from err
        except QueryTimeout as err:
            raise HTTPException(504, str(err)) from err
        except QueryBusy as err:
            raise HTTPException(503, str(err), headers={"Retry-After": "5"}) from err
        except (SyntaxError, ValueError, OSError) as err:
            raise HTTPException(400, f"the query failed: {err}") from err
        return RawResult(rows=rows, truncated=truncated)

    @app.post("/documents", response_model=Upload, status_code=201)
    async def upload(store: StoreDep, file: UploadFile,
                     x_api_key: Annotated[str | None, Header(description="the key in POLICYKG_API_KEY")] = None,
                     ) -> Upload:
        """Upload a brief (.txt, .html or .md, any common encoding) to extract and load; replaces the facts of
        an earlier upload of the same file name. Needs the API key."""
        # The key and the size were checked before the body was read (api/guard.py).
        # Extraction (and the spaCy pipeline) is imported when a file comes; the API's reads never load it.
        from kg_builder.extract import extract_upload, to_gold_json
        from kg_builder.ingest import IngestError, UnsupportedFile

        name = _CONTROL.sub("", Path(file.filename or "").name) or "upload.txt"
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD // 1_000_000} MB")
        key = f"uploads/{name}"  # uploads never replace the facts of a corpus file of the same name
        try:
            extraction = await run_in_threadpool(extract_upload, data, key)
        except UnsupportedFile as err:
            raise HTTPException(415, str(err).removeprefix("uploads/")) from err
        except IngestError as err:
            raise HTTPException(422, str(err)) from err
        kept = settings.home / key
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(data)
        sg = source_graph(extraction)
        try:
            report = await run_in_threadpool(store.load, [sg])
        except StoreDown as err:
            raise HTTPException(503, f"{name}: extracted but not loaded, the store is down ({err}); the file is kept "
                                     f"in {kept}", headers={"Retry-After": "30"}) from err
        if report.failures:
            raise HTTPException(503, f"{name}: extracted but not loaded: {'; '.join(report.failures)}; the file is "
                                     f"kept in {kept}", headers={"Retry-After": "30"})
        doc = extraction.document
        return Upload(source=key, kind=doc.kind, period=doc.period, title=doc.title,
                      entities=dict(Counter(e.label for e in extraction.entities)),
                      facts=dict(Counter(e.type for e in sg.edges)),
                      issued=[r for r in to_gold_json(extraction)["relations"] if r["type"] == "ISSUED"])

    @app.get("/search", response_model=list[SearchHit])
    def search(store: StoreDep, q: str = Query(..., min_length=1, max_length=100, examples=["吉林省教育廳"]),
               limit: int = Query(20, ge=1, le=100)) -> list[SearchHit]:
        """Names, aliases and titles; Simplified or Traditional input; best matches first."""
        text = simplified(q).strip()
        if not text:
            raise HTTPException(422, "the query is empty after removing spaces")
        return [SearchHit(path=_path(r["id"]), **r) for r in store.search(text, limit)]

    def entity_page(store: GraphStore, kind: str, key: str) -> EntityPage:
        label = _labels().get(kind)
        if label is None:
            raise HTTPException(404, f"unknown entity kind {kind!r}; kinds: {', '.join(sorted(_labels()))}")
        if not _ENTITY_IRI.match(f"{BASE}id/{kind}/{key}"):
            raise HTTPException(404, f"no {kind} with key {key!r}: keys are 16 hexadecimal digits; "
                                     "find one with /search")
        found = store.entity(f"{BASE}id/{kind}/{key}", label)
        if found is None:
            raise HTTPException(404, f"no {kind} with key {key!r}; find keys with /search")
        return EntityPage(**found)

    @app.get("/entities/{kind}/{key}", response_model=EntityPage)
    def entity(store: StoreDep, kind: str, key: str) -> EntityPage:
        """Any entity: its names, properties and facts in both directions, each with its evidence."""
        return entity_page(store, kind, key)

    for kind, plural in TYPED_PAGES.items():
        app.get(f"/{plural}/{{key}}", response_model=EntityPage, name=f"{kind} page")(typed_page(entity_page, kind))

    return app


def expand(store: GraphStore, center: GraphNode, depth: int, wanted: set[str], limit: int) -> Subgraph:
    """Breadth-first from the center over facts whose other ends have a wanted label."""
    nodes: dict[str, GraphNode] = {center.id: center}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    frontier, truncated = [center.id], False
    for _ in range(depth):
        found: list[str] = []
        for row in sorted(store.neighbors(frontier), key=lambda r: (r["type"], r["head_name"], r["tail_name"])):
            ends = [(row["head"], row["head_label"], row["head_name"]),
                    (row["tail"], row["tail_label"], row["tail_name"])]
            if any(label not in wanted for iri, label, _name in ends if iri != center.id):
                continue
            new = [e for e in ends if e[0] not in nodes]
            if len(nodes) + len(new) > limit:
                truncated = True
                continue
            for iri, label, name in new:
                nodes[iri] = GraphNode(id=iri, label=label, name=name)
                found.append(iri)
            edges[(row["head"], row["type"], row["tail"])] = GraphEdge(source=row["head"], target=row["tail"],
                                                                       type=row["type"])
        frontier = found
        if not frontier:
            break
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()), truncated=truncated)


def _co_issuers(store: GraphStore) -> dict[str, list[str]]:
    """Every document's co-issuers, from one query (not one per row)."""
    found: dict[str, set[str]] = defaultdict(set)
    for r in store.query("co_issued", {}):
        found[str(r["document"])].add(str(r["co_issuer"]))
    return {document: sorted(names) for document, names in found.items()}


def _document_row(store: GraphStore, row: dict[str, object], co_issued: dict[str, list[str]]) -> DocumentRow:
    """A document with its co-issuers, topics, programs and the sentences that say it was issued."""
    name = str(row["document"])
    page = store.entity(str(row.get("document_id") or entity_iri("Document", name)), "Document") or {"facts": []}
    facts = page["facts"]
    co_issuers = co_issued.get(name, [])
    return DocumentRow(
        **row, co_issuers=co_issuers,  # type: ignore[arg-type]
        topics=sorted({f["other"] for f in facts if f["relation"] == "MENTIONS" and f["other_label"] == "Topic"}),
        programs=sorted({f["other"] for f in facts if f["relation"] == "MENTIONS" and f["other_label"] == "Program"}),
        evidence=[EvidenceRef(**{k: f[k] for k in ("sentence", "source", "start", "end")})
                  for f in facts if f["relation"] == "ISSUED" and f["direction"] == "in"])


TYPED_PAGES = {"agency": "agencies", "program": "programs", "document": "documents", "event": "events",
               "province": "provinces", "topic": "topics"}


def typed_page(entity_page: Callable[[GraphStore, str, str], EntityPage], kind: str) -> Callable[..., EntityPage]:
    def page(store: StoreDep, key: str) -> EntityPage:
        return entity_page(store, kind, key)
    page.__doc__ = f"One {kind} with its facts and their evidence (for an agency: what it issued and held, its " \
                   "parent and units, its province)."
    return page


def _labels() -> dict[str, str]:
    """IRI kind (agency) → node label (Agency), from the ontology."""
    return {label.lower(): label for label in load_schema().node_labels if label != "SourceReport"}


def _path(iri: str) -> str:
    return "/entities/" + iri.removeprefix(f"{BASE}id/")

