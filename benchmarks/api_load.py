"""API load test on loopback: requests per second and p50/p99 latency for /provinces, /search and
/graph at 1 and 32 concurrent clients, on the sample graph or one 100 times larger.

Bounded: --requests per endpoint and concurrency (default 600), and --seconds per run at most.
The service runs in a subprocess (`policykg serve`), the clients in this one, on the same cores.

    .venv/bin/python benchmarks/api_load.py --store embedded [--scale 100]
    POLICYKG_HOME=~/.local/share/policykg/test POLICYKG_NEO4J_BOLT_PORT=17687 \\
        .venv/bin/python benchmarks/api_load.py --store neo4j --wipe [--scale 100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

from benchmarks.load_throughput import synthetic
from kg_builder.extract import extract_file
from kg_builder.graph import source_graph
from kg_builder.settings import get_settings
from kg_builder.store import open_store

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def load_graph(store_kind: str, scale: int) -> None:
    settings = get_settings()
    store = open_store(settings, store_kind)
    store.clear()
    store.load([source_graph(extract_file(p)) for p in sorted(SAMPLES.glob("*.txt"))])
    if scale > 1:
        # The sample graph has about 230 facts; synthetic reports add the rest (about 3.3 facts a document).
        store.load(synthetic(documents=int(230 * (scale - 1) / 3.3) // 100 * 100))
    print(f"graph: {store.stats()}")
    store.close()


async def run(url: str, concurrency: int, requests: int, seconds: float) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        remaining = iter(range(requests))

        async def worker() -> None:
            nonlocal errors
            for _ in remaining:
                if time.perf_counter() > deadline:
                    return
                started = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return len(latencies) / wall, latencies, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--scale", type=int, default=1, help="1: the sample graph; 100: 100 times larger")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--wipe", action="store_true", help="required with --store neo4j: the graph is replaced")
    args = parser.parse_args()
    if args.store == "neo4j" and not args.wipe:
        parser.error("this load test replaces the Neo4j graph; say --wipe to confirm")
    with tempfile.TemporaryDirectory() as tmp:
        if args.store == "embedded":
            os.environ["POLICYKG_HOME"] = tmp
            os.environ.setdefault("POLICYKG_MODELS", str(get_settings().models_dir))
            get_settings.cache_clear()
        load_graph(args.store, args.scale)
        server = subprocess.Popen([sys.executable, "-m", "kg_builder.cli", "serve", "--port", str(args.port),
                                   "--store", args.store], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{args.port}"
        try:
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"{base}/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            hunan = httpx.get(f"{base}/search", params={"q": "湖南"}).json()[0]["path"]
            endpoints = {"/provinces": f"{base}/provinces?topic=IPv6",
                         "/search": f"{base}/search?q=%E5%90%89%E6%9E%97%E7%9C%81%E6%95%99%E8%82%B2%E5%BB%B3",
                         "/graph": f"{base}/graph?center={hunan}&depth=2&limit=100"}
            print(f"store {args.store}, scale {args.scale}x, {args.requests} requests per run, 2 cores shared "
                  "by server and clients")
            print(f"{'endpoint':12} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
            for name, url in endpoints.items():
                asyncio.run(run(url, 4, 40, args.seconds))  # warm up
                for concurrency in (1, 32):
                    rps, latencies, errors = asyncio.run(run(url, concurrency, args.requests, args.seconds))
                    cuts = statistics.quantiles(latencies, n=100)
                    print(f"{name:12} {concurrency:>7} {rps:>8.0f} {cuts[49] * 1000:>8.1f} {cuts[98] * 1000:>8.1f} "
                          f"{errors:>6}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
