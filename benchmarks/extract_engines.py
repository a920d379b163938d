"""`policykg extract DIR --shards OUT` on a corpus of >= 5 MB (recombined from the samples), as a user
runs it (pipelines loaded, shards written): characters per second with local worker processes and
with the Dask and Ray engines (a local cluster on this machine, its start counted), for 1 and 2
workers each. Run:

    .venv/bin/python benchmarks/extract_engines.py [--megabytes 5] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract_throughput import make_corpus  # beside this script

from kg_builder.ingest import ingest
from kg_builder.settings import get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    env = {**os.environ, "POLICYKG_MODELS": str(get_settings().models_dir)}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, args.megabytes)
        chars = sum(len(ingest(f).text) for f in files)
        print(f"corpus: {len(files)} files, {chars:,} characters; {os.cpu_count()} cores")
        for engine in ("local", "dask", "ray"):
            for n in args.workers:
                out = Path(tmp) / f"{engine}{n}"
                started = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "policykg.cli",
                        "extract",
                        str(corpus),
                        "--shards",
                        str(out),
                        "--engine",
                        engine,
                        "--workers",
                        str(n),
                    ],
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                seconds = time.perf_counter() - started
                print(f"{engine:5} --workers {n}: {seconds:6.1f} s, {chars / seconds:>9,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
