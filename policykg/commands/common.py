"""What every subcommand shares: options, the store, messages, the extraction loop over input files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg_builder.errors import BadInput
from kg_builder.ingest import SUPPORTED_SUFFIXES, CorpusFile

if TYPE_CHECKING:
    from kg_builder.extract import Extraction
    from kg_builder.parallel import Outcome, Progress
    from kg_builder.store import GraphStore


StoreOption = Annotated[str | None, typer.Option("--store", help="embedded (default) or neo4j")]
UriOption = Annotated[str | None, typer.Option("--uri", help="Neo4j bolt URI (env POLICYKG_NEO4J_URI)")]
UserOption = Annotated[str | None, typer.Option("--user", help="Neo4j user (env POLICYKG_NEO4J_USER)")]
PasswordOption = Annotated[str | None, typer.Option("--password", help="Neo4j password (env POLICYKG_NEO4J_PASSWORD)")]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="worker processes, each loading the pipeline once (default: the cores)"),
]
HostOption = Annotated[
    str, typer.Option("--host", envvar="POLICYKG_API_HOST", help="interface to listen on (env POLICYKG_API_HOST)")
]
PortOption = Annotated[
    int, typer.Option("--port", envvar="POLICYKG_API_PORT", help="port to listen on (env POLICYKG_API_PORT)")
]


def err(message: str) -> None:
    typer.echo(message, err=True)


def open_store(
    kind: str | None, uri: str | None, user: str | None, password: str | None, *, serving: bool = False
) -> GraphStore:
    from kg_builder.settings import get_settings
    from kg_builder.store import open_store as open_configured

    return open_configured(get_settings(), kind, uri=uri, user=user, password=password, serving=serving)


def writable_dir(path: Path) -> Path:
    """`path` made if need be; a one-line error when it cannot be, before any work is done."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput(f"cannot write to {path}: {error.strerror}") from error
    if not path.is_dir():
        raise BadInput(f"cannot write to {path}: it is a file, not a directory")
    return path


def extractions(
    files: list[CorpusFile], paths: list[Path], make: Callable[[Extraction], Any], workers: int | None
) -> Iterator[tuple[Outcome[Any], Progress]]:
    """Each supported file's outcome in order, from `workers` processes, with a progress line per file."""
    from kg_builder.parallel import Progress, default_workers, extract_files

    supported = supported_files(files, paths)
    progress = Progress(supported, err)
    for outcome in extract_files(supported, make, workers=workers or default_workers()):
        yield outcome, progress


def supported_files(files: list[CorpusFile], paths: list[Path]) -> list[CorpusFile]:
    """The files policykg reads (the others are named and skipped); an error when none is left or when
    there is no model to read them with (checked, not loaded: the workers load the pipeline)."""
    from kg_builder.nlp import require_model

    supported = []
    for file in files:
        if file.path.suffix.lower() in SUPPORTED_SUFFIXES:
            supported.append(file)
        else:
            err(f"skipped {file.path}: unsupported file type (use .txt, .html or .md)")
    if not supported:
        raise BadInput("no input files found in " + ", ".join(map(str, paths)))
    require_model()
    return supported
