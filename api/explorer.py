"""The explorer page, its front-end libraries and the Neo4j Browser style and guide, served by the API.

The page and its script are in api/ui/; the libraries they use (cytoscape.js, and Swagger UI for
the API docs at /docs) come from the npm registry: `policykg setup` installs
api/ui/package-lock.json into $POLICYKG_HOME/ui, and the API serves them from there, so that the
explorer and the docs work offline and nothing is fetched from a CDN.
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse
from pydantic import BaseModel, Field

from kg_builder.gazetteer import load as gazetteer
from kg_builder.npm import NpmBundle, NpmMissing
from kg_builder.resources import resource
from kg_builder.schema import genre_names, label_names, topic_labels, validity_names
from kg_builder.settings import Settings
from kg_builder.store.browser_guide import STYLE, render_guide
from kg_builder.style import node_styles, relationship_styles

UI = resource("api", "ui")
PAGES = {"explorer.js": "text/javascript", "explorer.css": "text/css"}
# What the page loads from /ui/vendor/, and where npm puts it.
VENDOR = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
_MEDIA = {".js": "text/javascript", ".css": "text/css"}
_NOT_INSTALLED = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>policykg</title>
<body style="font: 16px/1.6 sans-serif; margin: 3em auto; max-width: 40em">
<h1>浏览器端的库尚未安装</h1><p>请先运行 <code>policykg setup</code>（或在仓库中运行 <code>make setup</code>），
再刷新本页。</p><p lang="en">The explorer's front-end libraries are not installed: run
<code>policykg setup</code>, then reload.</p><p><small>{reason}</small></p></body></html>"""
LIBRARIES = NpmBundle("the explorer's libraries", UI, "ui", tuple(VENDOR.values()))


class LabelStyle(BaseModel):
    name: str = Field(description="the type's Chinese name (机构), from the ontology's rdfs:label")
    color: str
    border: str
    text: str
    shape: str


class EdgeStyle(BaseModel):
    name: str = Field(description="the relation's Chinese name (印发), from the ontology's rdfs:label")
    color: str
    width: float


class ExplorerConfig(BaseModel):
    labels: dict[str, LabelStyle]
    relations: dict[str, EdgeStyle] = Field(description="relation type → its colour and width")
    topics: list[str]
    provinces: list[str]
    genres: dict[str, str] = Field(description="document genre → its Chinese name")
    statuses: dict[str, str] = Field(description="a document's status on a day → its Chinese term (现行有效)")


def explorer_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/ui")

    @router.get("/ui", response_model=None)
    def page() -> FileResponse | HTMLResponse:
        try:
            for name in VENDOR.values():
                LIBRARIES.file(settings, name)
        except NpmMissing as err:  # a page that says what to run, not a script error
            return HTMLResponse(_NOT_INSTALLED.format(reason=html.escape(str(err))), status_code=503)
        return FileResponse(UI / "index.html", media_type="text/html")

    @router.get("/ui/config.json", response_model=ExplorerConfig)
    def config() -> ExplorerConfig:
        """Colours and shapes per node type (from cypher/style.grass), the topics and provinces to filter by,
        the genres' and types' Chinese names."""
        names = label_names()
        return ExplorerConfig(
            labels={
                label: LabelStyle(name=names.get(label, label), **vars(style))
                for label, style in node_styles().items()
                if label != "SourceReport"
            },
            relations={
                type_: EdgeStyle(name=names.get(type_, type_), **vars(style))
                for type_, style in relationship_styles().items()
            },
            topics=sorted(set(topic_labels().values())),
            provinces=[p.short for p in gazetteer().provinces],
            genres=genre_names(),
            statuses=validity_names(),
        )

    @router.get("/ui/vendor/{name}")
    def vendor(name: str) -> FileResponse:
        if name not in VENDOR:
            raise HTTPException(404, f"no front-end library {name!r}")
        return FileResponse(LIBRARIES.file(settings, VENDOR[name]), media_type=_MEDIA[Path(name).suffix])

    @router.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the installed libraries (FastAPI's default page loads it from a CDN)."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="policykg API",
            swagger_js_url="/ui/vendor/swagger-ui-bundle.js",
            swagger_css_url="/ui/vendor/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @router.get("/ui/{name}")
    def asset(name: str) -> FileResponse:
        if name not in PAGES:
            raise HTTPException(404, f"no explorer file {name!r}")
        return FileResponse(UI / name, media_type=PAGES[name])

    @router.get("/neo4j/style.grass")
    def grass() -> PlainTextResponse:
        """For Neo4j Browser's `:style http://localhost:8000/neo4j/style.grass`."""
        return PlainTextResponse(STYLE.read_text(encoding="utf-8"))

    @router.get("/neo4j/guide.html")
    def guide(request: Request) -> HTMLResponse:
        """For Neo4j Browser's `:play http://localhost:8000/neo4j/guide.html`."""
        return HTMLResponse(render_guide(str(request.url_for("grass"))))

    return router
