"""The engine choice, measured: the extraction that `policykg extract --engine ray --shards` runs, on Dask
instead (dask.distributed: a LocalCluster of worker processes with one thread each, each loading the
pipeline once; batches of 8 files per task, as the Ray engine; each task writes its part of the
same Parquet shards). It prints characters per second for 1 and 2 workers, with the cluster's start
and the pipelines' loading counted, as extract_engines.py counts Ray's. Run:

    .venv/bin/python benchmarks/extract_dask.py [--megabytes 5] [--workers 1 2]

Dask is not a dependency of policykg; this benchmark needs `pip install 'dask[distributed]'`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from extract_throughput import make_corpus  # beside this script

from kg_builder.ingest import ingest

BATCH = 8  # files per task, as kg_builder/cluster.py


def extract_batch(paths: list[str], target: str, part: str) -> int:
    """In a Dask worker process: the pipeline is loaded at the first batch (get_nlp caches it)."""
    from kg_builder.extract import extract_file
    from kg_builder.graph import source_graph
    from kg_builder.nlp.pipeline import get_nlp
    from kg_builder.shards import write_part

    nlp = get_nlp()
    write_part([source_graph(extract_file(Path(p), nlp)) for p in paths], Path(target), part)
    return len(paths)


def run(files: list[Path], target: Path, workers: int) -> float:
    from dask.distributed import Client, LocalCluster

    started = time.perf_counter()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        batches = [[str(f) for f in files[i : i + BATCH]] for i in range(0, len(files), BATCH)]
        futures = client.map(
            extract_batch, batches, [str(target)] * len(batches), [f"{i:05d}" for i in range(len(batches))], pure=False
        )
        done = sum(client.gather(futures))
    if done != len(files):
        raise RuntimeError(f"{done} of {len(files)} files extracted")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, args.megabytes)
        chars = sum(len(ingest(f).text) for f in files)
        print(f"corpus: {len(files)} files, {chars:,} characters; {os.cpu_count()} cores")
        for n in args.workers:
            seconds = run(files, Path(tmp) / f"dask{n}", n)
            print(f"dask  --workers {n}: {seconds:6.1f} s, {chars / seconds:>9,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
