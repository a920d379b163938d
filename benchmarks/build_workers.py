"""`policykg build DIR --workers N` on a corpus of >= 5 MB (recombined from the samples): wall time and
characters per second for 1 and 2 workers (pipeline loading included, as a user sees it), and whether
both built the same graph. Run:

    .venv/bin/python benchmarks/build_workers.py [--megabytes 5] [--workers 1 2]
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
    models = str(get_settings().models_dir)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, args.megabytes)
        chars = sum(len(ingest(f).text) for f in files)
        size = sum(f.stat().st_size for f in files)
        print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB, {chars:,} characters; {os.cpu_count()} cores")
        graphs, rates = {}, {}
        for n in args.workers:
            env = {**os.environ, "POLICYKG_HOME": f"{tmp}/home{n}", "POLICYKG_MODELS": models}
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "policykg.cli", "build", str(corpus), "--workers", str(n)],
                env=env,
                check=True,
                stderr=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
            seconds = time.perf_counter() - started
            rates[n] = chars / seconds
            out = Path(tmp) / f"graph{n}.nt"
            subprocess.run(
                [sys.executable, "-m", "policykg.cli", "export", "--format", "nt", "--out", str(out)],
                env=env,
                check=True,
                capture_output=True,
            )
            graphs[n] = sorted(line for line in out.read_text(encoding="utf-8").splitlines() if "loadedAt" not in line)
            print(
                f"--workers {n}: {seconds:6.1f} s, {rates[n]:>9,.0f} chars/s, "
                f"{rates[n] / rates[args.workers[0]]:.2f}x; {len(graphs[n]):,} triples"
            )
        same = all(g == graphs[args.workers[0]] for g in graphs.values())
        print(f"same graph for every N: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
