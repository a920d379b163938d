"""The explorer page, its front-end libraries and the Neo4j Browser style and guide, served by the API.

The page and its script are in api/ui/; the libraries they use (cytoscape.js) come from the npm
registry: `policykg setup` installs api/ui/package-lock.json into $POLICYKG_HOME/ui, and the API
serves them from there, so that the explorer works offline and nothing is fetched from a CDN.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse
from pydantic import BaseModel, Field

from kg_builder.gazetteer import load as gazetteer
from kg_builder.resources import resource
from kg_builder.schema import genre_names, topic_labels
from kg_builder.settings import Settings
from kg_builder.store.browser_guide import STYLE, render_guide
from kg_builder.style import node_styles, relationship_styles

UI = resource("api", "ui")
PAGES = {"explorer.js": "text/javascript", "explorer.css": "text/css"}
# What the page loads from /ui/vendor/, and where npm puts it.
VENDOR = {"cytoscape.min.js": "cytoscape/dist/cytoscape.min.js"}


class FrontendMissing(RuntimeError):
    pass


def frontend_dir(settings: Settings) -> Path:
    return settings.home / "ui"


def install_frontend(settings: Settings, log: Callable[[str], None]) -> Path:
    """npm ci of the locked front-end libraries into $POLICYKG_HOME/ui (again only when the lock changed)."""
    target = frontend_dir(settings)
    lock = target / "package-lock.json"
    if (
        lock.exists()
        and filecmp.cmp(lock, UI / "package-lock.json", shallow=False)
        and all((target / "node_modules" / path).exists() for path in VENDOR.values())
    ):
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise FrontendMissing(
            "npm is needed to install the explorer's libraries from the npm registry: install Node.js and npm"
        )
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(UI / name, target / name)
    log(f"installing the explorer's front-end libraries (npm ci) into {target}")
    done = subprocess.run(
        [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise FrontendMissing(f"npm ci in {target} failed:\n{done.stderr.strip()}")
    return target


class LabelStyle(BaseModel):
    color: str
    border: str
    text: str
    shape: str


class EdgeStyle(BaseModel):
    color: str
    width: float


class ExplorerConfig(BaseModel):
    labels: dict[str, LabelStyle]
    relations: dict[str, EdgeStyle] = Field(description="relation type → its colour and width")
    topics: list[str]
    provinces: list[str]
    genres: dict[str, str] = Field(description="document genre → its Chinese name")


def explorer_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/ui")

    @router.get("/ui")
    def page() -> FileResponse:
        return FileResponse(UI / "index.html", media_type="text/html")

    @router.get("/ui/config.json", response_model=ExplorerConfig)
    def config() -> ExplorerConfig:
        """Colours and shapes per node type (from cypher/style.grass), the topics and provinces to filter by,
        the genres' Chinese names."""
        return ExplorerConfig(
            labels={
                label: LabelStyle(**vars(style)) for label, style in node_styles().items() if label != "SourceReport"
            },
            relations={type_: EdgeStyle(**vars(style)) for type_, style in relationship_styles().items()},
            topics=sorted(set(topic_labels().values())),
            provinces=[p.short for p in gazetteer().provinces],
            genres=genre_names(),
        )

    @router.get("/ui/vendor/{name}")
    def vendor(name: str) -> FileResponse:
        if name not in VENDOR:
            raise HTTPException(404, f"no front-end library {name!r}")
        path = frontend_dir(settings) / "node_modules" / VENDOR[name]
        if not path.exists():
            raise HTTPException(
                503, f"{name} is not installed: run `policykg setup` (npm ci into {frontend_dir(settings)})"
            )
        return FileResponse(path, media_type="text/javascript")

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
