"""The write side: build (extract and load) and load (shards), through the write service."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg_builder.errors import BadInput
from kg_builder.ingest import corpus_files
from kg_builder.store import GraphStore, LoadReport
from policykg.commands.common import (
    PasswordOption,
    StoreOption,
    UriOption,
    UserOption,
    WorkersOption,
    err,
    extractions,
    open_store,
)


def build(
    paths: Annotated[list[Path], typer.Argument(help="files or directories (.txt .html .md)")],
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    validate: Annotated[bool, typer.Option(help="check the built graph against ontology/shapes.ttl")] = False,
    workers: WorkersOption = None,
    force: Annotated[bool, typer.Option(help="extract and load every file, changed or not")] = False,
) -> None:
    """Extract the files and load their facts into the store (a changed file replaces its facts; a file whose
    text the store already has, read by these rules, is skipped). Facts are loaded in batches as they come,
    so memory stays flat."""
    from kg_builder.graph import source_graph
    from kg_builder.service.write import GraphWriter
    from kg_builder.store import StoreDown

    files = corpus_files(paths)
    target = open_store(store, uri, user, password)
    writer = GraphWriter(target, validate=validate)
    try:
        unchanged = [] if force else writer.unchanged(files)
        if unchanged:
            err(
                f"{len(unchanged)} files unchanged since this extractor loaded them: skipped (--force loads them again)"
            )
            if len(unchanged) == len(files):
                typer.echo(f"nothing to load: the {target.name} store has these {len(files)} files as they are")
                return
        skip = {f.key for f in unchanged}
        try:
            for outcome, progress in extractions([f for f in files if f.key not in skip], paths, source_graph, workers):
                sg = outcome.result
                progress.step(outcome, f"{len(sg.nodes)} nodes, {len(sg.edges)} facts" if sg else "")
                if sg is not None:
                    writer.add(sg)
            writer.flush()
        except StoreDown as error:
            done = writer.report
            raise StoreDown(
                f"the {target.name} store stopped answering after {done.batches} batches ({done.sources} files) "
                f"were loaded; the batch of {len(writer.pending)} files being loaded was not: {error}\n"
                "start the store and run the same build again: the files already loaded are skipped"
            ) from error
        if validate:
            err(f"SHACL: the graph of {writer.report.sources} files conforms to ontology/shapes.ttl")
        report(writer.report, target, len(skip))
        embed_sentences(target)
    finally:
        target.close()


def embed_sentences(target: GraphStore) -> None:
    """With the semantic extra, the vectors of sentences new to the graph, for /search/text; a progress line
    a batch, as extraction gives one a file."""
    import time

    from kg_builder.parallel import duration
    from kg_builder.service.semantic import Embeddings, embed_graph
    from kg_builder.settings import get_settings

    embeddings = Embeddings.of(get_settings())
    if embeddings is None:
        return
    started = time.perf_counter()

    def progress(done: int, wanted: int) -> None:
        left = (time.perf_counter() - started) / done * (wanted - done)
        err(f"search by meaning: embedded {done:,} of {wanted:,} new sentence pieces | ETA {duration(left)}")

    try:
        made, pieces = embed_graph(target, embeddings, progress=progress)
    finally:
        embeddings.close()
    if made:
        seconds = time.perf_counter() - started
        err(f"search by meaning: {made:,} of the graph's {pieces:,} sentence pieces embedded ({seconds:.1f} s)")


def embed(
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
) -> None:
    """Embed the graph's evidence sentences that have no vectors yet (the semantic extra), so that /search/text
    finds them by meaning too; `build` does this after loading."""
    from kg_builder.service.semantic import available

    if not available():
        raise BadInput("the semantic extra is not installed: pip install 'policykg[semantic]'")
    target = open_store(store, uri, user, password)
    try:
        embed_sentences(target)
    finally:
        target.close()


def report(result: LoadReport, store: GraphStore, skipped: int = 0) -> None:
    """What was loaded, and what the store holds now counted as `stats` counts them: an entity named
    by several files is one node there, though each file's graph carried it."""
    from kg_builder.schema import load_schema
    from kg_builder.service import counts

    for failure in result.failures:
        err(f"load failed: {failure}")
    found, schema = counts(store), load_schema()
    entities = sum(found[label] for label in schema.entity_labels)
    facts = sum(found[t] for t in schema.relations)
    typer.echo(
        f"loaded {result.sources} files into the {store.name} store in {result.batches} batches "
        f"({result.seconds:.1f} s)"
        + (f"; {skipped} unchanged files skipped" if skipped else "")
        + f"; it holds {found['SourceReport']} reports, {entities} entities and {facts} facts (`policykg stats`)"
    )
    if result.failures:
        raise typer.Exit(1)


def load(
    shards: Annotated[Path, typer.Argument(help="a shard directory (reports/, entities/, facts/ of Parquet files)")],
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="a new database of these shards with neo4j-admin (the local `policykg neo4j` server; "
            "replaces its graph)",
        ),
    ] = False,
) -> None:
    """Load Parquet shards (from `policykg extract --shards`, or any engine that writes their columns) into the
    store; a report already there has its facts replaced. --bulk builds a first, large graph much faster."""
    from kg_builder.service.write import GraphWriter
    from kg_builder.shards import read

    if not shards.is_dir():
        raise BadInput(f"no shard directory at {shards}")
    if bulk:
        if store != "neo4j" or uri:
            raise BadInput("--bulk builds the database of the local Neo4j server: give --store neo4j (and no --uri)")
        _bulk(shards, user, password)
        return
    target = open_store(store, uri, user, password)
    try:
        report(GraphWriter(target).write(read(shards)), target)
    finally:
        target.close()


def _bulk(shards: Path, user: str | None, password: str | None) -> None:
    from kg_builder.schema import load_schema
    from kg_builder.service import counts
    from kg_builder.settings import get_settings
    from kg_builder.shards import read
    from kg_builder.store.bulk import bulk_import
    from kg_builder.store.neo4j_server import Neo4jServer, Neo4jServerError

    graphs = list(read(shards))
    result = bulk_import(Neo4jServer(get_settings()), graphs, log=err)
    target = open_store("neo4j", None, user, password)  # applies cypher/schema.cypher
    try:
        found = counts(target)
    finally:
        target.close()
    schema = load_schema()
    nodes, facts = sum(found[label] for label in schema.node_labels), sum(found[t] for t in schema.relations)
    if (nodes, facts) != (result.nodes, result.facts):
        raise Neo4jServerError(
            f"bulk import: the database holds {nodes} nodes and {facts} facts; the shards have {result.nodes} "
            f"and {result.facts}"
        )
    records = result.nodes + result.facts + result.links
    typer.echo(
        f"bulk-imported {len(graphs)} files into neo4j: {result.nodes} nodes, {result.facts} facts "
        f"({records / result.seconds:,.0f} records/s in the import tool, {result.seconds:.1f} s; "
        f"{result.total_seconds:.1f} s with the server's restart)"
    )
