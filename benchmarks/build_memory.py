"""Peak memory of `policykg extract` and `policykg build` on a corpus of >= 16 MB (recombined from the
samples), both with --workers 2: the peak resident memory of the command's own process and of all its
processes together (workers included), sampled every 0.2 s. `build` loads facts in bounded batches, so
its peak should stay near `extract`'s whatever the corpus size. Run:

    .venv/bin/python benchmarks/build_memory.py [--megabytes 16]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from extract_throughput import make_corpus  # beside this script

from kg_builder.settings import get_settings


def peak(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds, peak RSS of the process and peak RSS of its whole tree, in MiB."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main = psutil.Process(proc.pid)
    own = tree = 0
    while proc.poll() is None:
        try:
            rss = main.memory_info().rss
            total = rss + sum(c.memory_info().rss for c in main.children(recursive=True))
        except psutil.Error:
            continue
        own, tree = max(own, rss), max(tree, total)
        time.sleep(0.2)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode})")
    return time.perf_counter() - started, own / 2**20, tree / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=16.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, args.megabytes)
        print(
            f"corpus: {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB; --workers {args.workers}"
        )
        env = {**os.environ, "POLICYKG_HOME": f"{tmp}/home", "POLICYKG_MODELS": str(get_settings().models_dir)}
        cli = [sys.executable, "-m", "policykg.cli"]
        runs = {"extract": [*cli, "extract", str(corpus), "--out", f"{tmp}/out"], "build": [*cli, "build", str(corpus)]}
        results = {}
        for name, command in runs.items():
            seconds, own, tree = peak([*command, "--workers", str(args.workers)], env)
            results[name] = (own, tree)
            print(f"{name:8} {seconds:6.1f} s   peak RSS: command {own:7.0f} MiB, all processes {tree:7.0f} MiB")
        print(
            f"build / extract: command {results['build'][0] / results['extract'][0]:.2f}x, "
            f"all processes {results['build'][1] / results['extract'][1]:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
