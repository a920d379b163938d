"""The FastAPI app: one store for the app's life, routes written once over the named queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query

from api.ask import SUPPORTED, NotUnderstood, interpret
from api.deps import StoreDep
from api.models import (
    Answer,
    DocumentRow,
    EntityPage,
    Health,
    Month,
    Page,
    ProvinceDocument,
    ProvinceRow,
    SearchHit,
    Stats,
    TimelineRow,
)
from kg_builder.graph import BASE
from kg_builder.ingest import simplified
from kg_builder.nlp.gazetteer import load as gazetteer
from kg_builder.schema import load_schema, topic_labels
from kg_builder.settings import Settings, get_settings
from kg_builder.store import GraphStore, open_store

ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_DATE_HELP = "ISO date or period: 2021, 2021-08, 2021-08-13"
FromQuery = Annotated[str | None, Query(alias="from", pattern=ISO_DATE, description=_DATE_HELP)]
ToQuery = Annotated[str | None, Query(pattern=ISO_DATE, description=_DATE_HELP)]


def _topic(topic: str | None) -> str | None:
    if topic is None:
        return None
    labels = topic_labels()
    if topic not in labels:
        raise HTTPException(404, f"unknown topic {topic!r}; known topics: {', '.join(sorted(set(labels.values())))}")
    return labels[topic]


def _genre(genre: str | None) -> str | None:
    genres = sorted(set(gazetteer().genres.values()))
    if genre is not None and genre not in genres:
        raise HTTPException(422, f"unknown genre {genre!r}; accepted: {', '.join(genres)}")
    return genre


def _province(province: str | None) -> str | None:
    if province is None:
        return None
    known = gazetteer().province_by_name.get(province)
    if known is None:
        raise HTTPException(404, f"unknown province {province!r}; use a short name such as 河北 or 内蒙古")
    return known.short


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app over `store`, or over the store the settings name (opened in the lifespan)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings)
        try:
            yield
        finally:
            if store is None:
                app.state.store.close()

    app = FastAPI(title="policykg", version="0.1.0", lifespan=lifespan,
                  description="Questions about Chinese education-informatization policy texts: who issued "
                              "what, where and when, with the evidence for every fact.")

    @app.get("/health", response_model=Health)
    def health(store: StoreDep) -> Health:
        return Health(status="ok", store=store.name)

    @app.get("/stats", response_model=Stats)
    def stats(store: StoreDep) -> Stats:
        return Stats(store=store.name, counts=store.stats())

    @app.get("/provinces", response_model=list[ProvinceRow])
    def provinces(store: StoreDep, topic: str | None = Query(None, examples=["IPv6"]),
                  genre: str | None = Query(None, examples=["plan"]), from_: FromQuery = None,
                  to: ToQuery = None) -> list[ProvinceRow]:
        """Provinces that issued matching documents, each with its documents."""
        rows = store.query("provinces", {"topic": _topic(topic), "genre": _genre(genre), "from": from_, "to": to})
        grouped: dict[str, list[ProvinceDocument]] = defaultdict(list)
        for row in rows:
            grouped[row["province"]].append(ProvinceDocument(**{k: row[k] for k in ProvinceDocument.model_fields}))
        return [ProvinceRow(province=p, documents=docs) for p, docs in sorted(grouped.items())]

    @app.get("/documents", response_model=Page)
    def documents(store: StoreDep, issuer: str | None = Query(None, examples=["河北省教育厅"]),
                  province: str | None = None, topic: str | None = None, genre: str | None = None,
                  from_: FromQuery = None, to: ToQuery = None,
                  offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=500)) -> Page:
        """Documents by issuer, province, topic, genre and period, sorted by date."""
        rows = store.query("documents", {"issuer": issuer, "province": _province(province), "topic": _topic(topic),
                                         "genre": _genre(genre), "from": from_, "to": to})
        rows.sort(key=lambda r: (r["date"] or "", r["document"], r["issuer"] or ""))
        return Page(total=len(rows), offset=offset, limit=limit,
                    items=[DocumentRow(**r) for r in rows[offset:offset + limit]])

    @app.get("/timeline", response_model=list[Month])
    def timeline(store: StoreDep, province: str = Query(..., examples=["吉林"])) -> list[Month]:
        """A province's facts by month."""
        months: dict[str, list[TimelineRow]] = defaultdict(list)
        for row in store.query("timeline", {"province": _province(province)}):
            months[(row["date"] or "")[:7]].append(TimelineRow(**row))
        return [Month(month=m, facts=facts) for m, facts in sorted(months.items())]

    @app.get("/ask", response_model=Answer)
    def ask(store: StoreDep, q: str = Query(..., min_length=1, max_length=200,
                                            examples=["哪些省份印发了IPv6相关文件?"])) -> Answer:
        """A common question, in Chinese or English, answered by a named query; the answer says which
        query and parameters it used. Unsupported questions get the supported forms (422)."""
        try:
            meaning = interpret(q)
        except NotUnderstood as err:
            raise HTTPException(422, {"message": f"no supported form matches {q!r}", "supported": SUPPORTED}) from err
        return Answer(question=q, query=meaning.query, params=meaning.params,
                      rows=store.query(meaning.query, meaning.params))

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
        found = store.entity(f"{BASE}id/{kind}/{key}", label)
        if found is None:
            raise HTTPException(404, f"no {kind} with key {key!r}; find keys with /search")
        return EntityPage(**found)

    @app.get("/entities/{kind}/{key}", response_model=EntityPage)
    def entity(store: StoreDep, kind: str, key: str) -> EntityPage:
        """Any entity: its names, properties and facts in both directions, each with its evidence."""
        return entity_page(store, kind, key)

    for kind in ("agency", "program", "document", "event", "province", "topic"):
        def typed(store: StoreDep, key: str, kind: str = kind) -> EntityPage:
            return entity_page(store, kind, key)
        typed.__doc__ = f"One {kind}: for an agency its issued documents, held events, parent and units, province."
        app.get(f"/{kind.replace('agency', 'agencie')}s/{{key}}", response_model=EntityPage,
                name=f"{kind} page")(typed)

    return app


def _labels() -> dict[str, str]:
    """IRI kind (agency) → node label (Agency), from the ontology."""
    return {label.lower(): label for label in load_schema().node_labels if label != "SourceReport"}


def _path(iri: str) -> str:
    return "/entities/" + iri.removeprefix(f"{BASE}id/")


app = create_app()
