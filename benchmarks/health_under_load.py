"""/health while the server is busy: its latency under 100 concurrent raw queries and under 8
concurrent large uploads, and 16 concurrent first /sparql queries on fresh servers (each must
answer, never 500). The service runs in a subprocess (`policykg serve`) on loopback, over the
sample graph; every run is bounded in requests and time.

    .venv/bin/python benchmarks/health_under_load.py --store embedded
    POLICYKG_HOME=~/.local/share/policykg/test POLICYKG_NEO4J_BOLT_PORT=17687 \\
        .venv/bin/python benchmarks/health_under_load.py --store neo4j --wipe
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
from api_load import load_graph, served  # beside this script

from kg_builder.settings import get_settings

KEY = "health-benchmark-key"
SLOW = {
    "sparql": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }",
    "cypher": "MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*) AS n",
}
PROVINCES = ["江西", "湖南", "辽宁", "吉林", "河北", "浙江", "四川", "广东"]


def invented_brief(number: int, chars: int) -> bytes:
    """An invented brief of about `chars` characters: provinces' agencies issuing invented plans."""
    lines = []
    size = 0
    i = 0
    while size < chars:
        province = PROVINCES[(number + i) % len(PROVINCES)]
        line = f"{province}省教育厅于2021年{i % 12 + 1}月印发《{province}省第{i}批智慧校园建设方案》，推进网络升级。\n"
        lines.append(line)
        size += len(line)
        i += 1
    return "".join(lines).encode("utf-8")


def rss_mb(pid: int) -> float:
    """A process's resident memory, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def health_while(base: str, callers: list[Callable[[], None]]) -> list[float]:
    """The /health latencies (ms), asked every 20 ms over one kept-alive connection while the callers run
    (a new client per request would time its own set-up: some 20 ms)."""
    threads = [threading.Thread(target=c) for c in callers]
    for t in threads:
        t.start()
    time.sleep(0.3)
    seconds: list[float] = []
    with httpx.Client(timeout=30) as client:
        while any(t.is_alive() for t in threads):
            started = time.perf_counter()
            client.get(f"{base}/health").raise_for_status()
            seconds.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)
    for t in threads:
        t.join()
    return seconds


def report(name: str, ms: list[float], codes: Counter[int]) -> None:
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    print(
        f"{name:28} /health n={len(ms):4d} p50 {q[49]:7.1f} ms  p99 {q[98]:7.1f} ms  max {max(ms):7.1f} ms   "
        f"answers {dict(sorted(codes.items()))}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--fresh", type=int, default=20, help="fresh servers for the first-query test (embedded)")
    parser.add_argument("--upload-kb", type=int, default=600)
    parser.add_argument("--wipe", action="store_true", help="required with --store neo4j: the graph is replaced")
    args = parser.parse_args()
    if args.store == "neo4j" and not args.wipe:
        parser.error("this benchmark replaces the Neo4j graph; say --wipe to confirm")
    endpoint = "sparql" if args.store == "embedded" else "cypher"
    with tempfile.TemporaryDirectory() as tmp:
        if args.store == "embedded":
            os.environ.setdefault("POLICYKG_MODELS", str(get_settings().models_dir))  # before the home moves
            os.environ["POLICYKG_HOME"] = tmp
            get_settings.cache_clear()
        load_graph(args.store, 1)
        with served(args.store, args.port, {"POLICYKG_API_KEY": KEY}) as (base, pid):
            codes: Counter[int] = Counter()

            def slow() -> None:
                codes[httpx.post(f"{base}/{endpoint}", json={"query": SLOW[endpoint]}, timeout=120).status_code] += 1

            report(f"100 raw /{endpoint}", health_while(base, [slow] * 100), codes)
            uploads: Counter[int] = Counter()

            def upload(number: int) -> Callable[[], None]:
                def send() -> None:
                    data = invented_brief(number, args.upload_kb * 1000 // 3)
                    files = {"file": (f"invented-{number}.txt", data, "text/plain")}
                    answer = httpx.post(f"{base}/documents", files=files, headers={"X-API-Key": KEY}, timeout=600)
                    uploads[answer.status_code] += 1

                return send

            before = rss_mb(pid)
            report(f"8 uploads of {args.upload_kb} KB", health_while(base, [upload(n) for n in range(8)]), uploads)
            print(
                f"the server process's resident memory: {before:.0f} MB before the uploads, {rss_mb(pid):.0f} MB after"
            )
        if args.store == "embedded":
            firsts: Counter[int] = Counter()
            for _ in range(args.fresh):
                with served(args.store, args.port, {"POLICYKG_API_KEY": KEY}) as (base, _):
                    answers: list[int] = []

                    def first(answers: list[int] = answers, base: str = base) -> None:
                        query = {"query": "SELECT ?s WHERE {?s ?p ?o} LIMIT 1"}
                        answers.append(httpx.post(f"{base}/sparql", json=query, timeout=60).status_code)

                    threads = [threading.Thread(target=first) for _ in range(16)]
                    for t in threads:
                        t.start()
                    for t in threads:
                        t.join()
                    firsts.update(answers)
            print(f"16 first /sparql on {args.fresh} fresh servers: answers {dict(firsts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
