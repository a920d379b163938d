"""One settings object for everything on disk and every tunable: environment first, then options."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    # Everything the project writes outside the repository lives under here, so that tests and
    # parallel runs stay apart by pointing POLICYKG_HOME elsewhere.
    home: Path = Field(default_factory=lambda: Path(user_data_dir("policykg")))
    # Trained models and the map data setup installs; runs with homes of their own share them (POLICYKG_MODELS).
    models: Path | None = None
    # Training iterations of the pkuseg model (README, "The segmentation model"): 1 gave the same
    # extraction as 2 and 5 on every development set, in 172 s of training instead of 256 and 471.
    pkuseg_iterations: int = 1
    snownlp_version: str = "0.12.3"
    # The graph store: the embedded RDF store unless a Neo4j URI is given.
    store: str = "embedded"
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None  # default: the one `policykg neo4j install` generated
    neo4j_http_port: int = 7474
    neo4j_bolt_port: int = 7687
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    load_batch_size: int = 5000  # rows per UNWIND batch
    # The embedded store answers queries from a copy in memory while its files take at most this many MB
    # (0: always from disk). The copy takes about as much memory as the files take disk.
    embedded_memory_mb: int = 1024
    # The API: POST /cypher and /sparql answer at most this many rows, Cypher within this time.
    api_row_cap: int = 1000
    api_query_timeout: float = 10.0
    # Raw /cypher and /sparql: at most this many at once; open to anyone (read-only, sandboxed),
    # only with the API key ("key"), or not at all ("off").
    api_raw_concurrency: int = 2
    api_raw_queries: Literal["open", "key", "off"] = "open"
    api_cache_seconds: float = 30.0  # answers are reused this long unless a load through the API comes first
    api_key: str | None = None  # POST /documents needs it (env POLICYKG_API_KEY); unset: uploads refused
    # An upload is extracted in a worker process within this many seconds, one at a time; others wait as long.
    api_upload_timeout: float = 120.0
    # /search/text ranks by meaning too when the semantic extra is installed (pip install .[semantic]);
    # false: BM25 alone.
    semantic: bool = True

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def models_dir(self) -> Path:
        return self.models or self.home / "models"

    @property
    def embeddings_path(self) -> Path:
        return self.home / "embeddings.sqlite"

    @property
    def store_dir(self) -> Path:
        return self.home / "store" / "oxigraph"

    @property
    def pkuseg_model_dir(self) -> Path:
        return self.models_dir / f"pkuseg-pku1998-i{self.pkuseg_iterations}"


def private_dir(path: Path) -> Path:
    """`path` made (with its parents) and readable by this user alone: the store, the uploads and
    the Neo4j home hold the graph and what users sent, and sit under POLICYKG_HOME."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
