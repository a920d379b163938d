"""API load test on loopback: requests per second and p50/p99 latency for /provinces, /search,
/search/text, /graph and /brief (the IPv6 picture and table) at 1 and 32 concurrent connections, on
the sample graph or one 100 times larger. With the semantic extra installed the graph's sentences are
embedded after the build (as `policykg build` does) and /search/text ranks by meaning too; with
POLICYKG_SEMANTIC=0, by BM25 alone.

The service runs in a subprocess (`policykg serve`); the load comes from wrk (Debian package
`wrk`: apt-get install wrk), which costs the shared cores far less than a Python client would.
Each run is bounded in time (--seconds, default 5) and in requests (--requests, default 50,000, more
than 5 s produce here): a wrk script stops each thread at its share. wrk divides by the whole
duration, so a run that hits the request bound is marked: its req/s is then a lower bound.

    .venv/bin/python benchmarks/api_load.py --store embedded [--scale 100]
    POLICYKG_HOME=~/.local/share/policykg/test POLICYKG_NEO4J_BOLT_PORT=17687 \\
        .venv/bin/python benchmarks/api_load.py --store neo4j --wipe [--scale 100]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
from load_throughput import synthetic  # beside this script

from kg_builder.extract import extract_file
from kg_builder.gazetteer import load as gazetteer
from kg_builder.graph import Edge, Node, SourceGraph, source_graph
from kg_builder.iri import entity_iri, fact_iri, report_iri
from kg_builder.service import counts
from kg_builder.service.semantic import Embeddings, embed_graph
from kg_builder.settings import get_settings
from kg_builder.store import open_store

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


@contextmanager
def served(store: str, port: int, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """`policykg serve` in a subprocess on a loopback port, with `env` added to this environment, once it
    answers /health: its URL and process id. (Answering /health is not answering questions: see
    first_answer.)"""
    process = subprocess.Popen(
        [sys.executable, "-m", "policykg.cli", "serve", "--port", str(port), "--store", store],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def first_answer(url: str, limit: float = 600) -> tuple[httpx.Response, float]:
    """A question's answer and the seconds it took, waiting up to `limit`: the first question after a
    load is slow by design (the service reads the document index once per load, and the embedded store
    its copy in memory), and a benchmark reports that as a figure instead of dying on a client timeout."""
    started = time.perf_counter()
    answer = httpx.get(url, timeout=limit)
    answer.raise_for_status()
    return answer, time.perf_counter() - started


def load_graph(store_kind: str, scale: int) -> float:
    """Builds the graph; the seconds it took (extraction of the samples and the loads)."""
    settings = get_settings()
    store = open_store(settings, store_kind)
    store.clear()
    started = time.perf_counter()
    store.load([source_graph(extract_file(p)) for p in sorted(SAMPLES.glob("*.txt"))])
    if scale > 1:
        # The sample graph has about 230 facts; synthetic reports add the rest (about 3.3 facts a document).
        store.load(synthetic(documents=int(230 * (scale - 1) / 3.3) // 100 * 100))
        store.load([followed(FOLLOWERS)])
    built = time.perf_counter() - started
    print(f"graph: {counts(store)}; built in {built:.1f} s")
    embeddings = Embeddings.of(settings)
    if embeddings is not None:  # what `policykg build` does after loading, with the semantic extra
        started = time.perf_counter()
        made, pieces = embed_graph(store, embeddings)
        print(f"embedded {made} of {pieces} sentence pieces in {time.perf_counter() - started:.1f} s")
        embeddings.close()
    store.close()
    return built


FOLLOWED = "国家教育数字化示范行动计划"
FOLLOWERS = 60  # documents that implement or cite it: what a national plan gathers


def followed(followers: int) -> SourceGraph:
    """A national plan and the provinces' documents that follow it, for /followups: each implements or
    cites it, issued by a province's department some days after it, and in force from that day (for
    /documents?in_force_on=)."""
    name = "synthetic-followups.txt"
    report = Node(report_iri(name), "SourceReport", {"name": name, "title": "跟进", "path": name, "kind": "news"})
    provinces = [p for p in gazetteer().provinces if p.level != "特别行政区"]
    plan = entity_iri("Document", FOLLOWED)
    nodes = [
        Node(plan, "Document", {"name": FOLLOWED, "aliases": [], "genre": "plan", "doc_number": "教数〔2024〕1号"})
    ]
    ministry = entity_iri("Agency", "教育部")
    evidence = {"sentence": "合成的证据句子。", "quote": "证据", "start": 0, "end": 10, "rule": "synthetic"}
    edges = [
        Edge(
            fact_iri("ISSUED", ministry, plan, report.iri),
            "ISSUED",
            ministry,
            plan,
            report.iri,
            {**evidence, "date": "2024-01-02", "co_issuers": []},
        )
    ]
    for i in range(followers):
        province = provinces[i % len(provinces)]
        agency = entity_iri("Agency", f"{province.official}教育厅")
        title = f"{province.official}落实{FOLLOWED}第{i}号方案"
        doc = entity_iri("Document", title)
        when = f"2024-{2 + i % 10:02d}-{1 + i % 28:02d}"
        force = {"in_force_from": when, "in_force_evidence": "本方案自印发之日起施行。", "in_force_source": name}
        nodes.append(Node(doc, "Document", {"name": title, "aliases": [], "genre": "plan", **force}))
        edges.append(
            Edge(
                fact_iri("ISSUED", agency, doc, report.iri),
                "ISSUED",
                agency,
                doc,
                report.iri,
                {**evidence, "date": when, "province": province.short, "co_issuers": []},
            )
        )
        link = "IMPLEMENTS" if i % 2 else "CITES"
        edges.append(
            Edge(fact_iri(link, doc, plan, report.iri), link, doc, plan, report.iri, {**evidence, "date": when})
        )
    return SourceGraph(report, nodes, edges)


# Each wrk thread has its own Lua state: it stops after its share of the requests.
_STOP_AFTER = """
local done, limit = 0, tonumber(os.getenv("POLICYKG_WRK_LIMIT"))
function response(status, headers, body)
  done = done + 1
  if done >= limit then wrk.thread:stop() end
end
"""
_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, connections: int, seconds: float, requests: int) -> dict[str, float]:
    """Requests/s, p50 and p99 in ms, requests and non-2xx responses of one bounded wrk run."""
    threads = min(2, connections)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_STOP_AFTER)
        script.flush()
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds:.0f}s",
                "--latency",
                "--timeout",
                "5s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "POLICYKG_WRK_LIMIT": str(max(1, requests // threads))},
        ).stdout
    latency = {p: float(v) * _UNIT_MS[u] for p, v, u in _LATENCY.findall(out)}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    if rps is None or requests is None or set(latency) != {"50", "99"}:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "requests": float(requests.group(1)),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--scale", type=int, default=1, help="1: the sample graph; 100: 100 times larger")
    parser.add_argument("--seconds", type=float, default=5, help="the longest a wrk run may take")
    parser.add_argument("--requests", type=int, default=50_000, help="the most requests a wrk run may send")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--wipe", action="store_true", help="required with --store neo4j: the graph is replaced")
    parser.add_argument("--no-cache", action="store_true", help="answer every request from the store")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: apt-get install wrk")
    if args.store == "neo4j" and not args.wipe:
        parser.error("this load test replaces the Neo4j graph; say --wipe to confirm")
    with tempfile.TemporaryDirectory() as tmp:
        if args.store == "embedded":
            os.environ.setdefault("POLICYKG_MODELS", str(get_settings().models_dir))  # before the home moves
            os.environ["POLICYKG_HOME"] = tmp
            get_settings.cache_clear()
        built = load_graph(args.store, args.scale)
        env = {"POLICYKG_API_CACHE_SECONDS": "0"} if args.no_cache else {}
        with served(args.store, args.port, env) as (base, _):
            answer, seconds = first_answer(f"{base}/search?q=%E6%B9%96%E5%8D%97")
            print(f"first answer after the load (/search?q=湖南): {seconds:.2f} s")
            _, seconds = first_answer(f"{base}/search/text?q={quote('数字化转型 教师')}")
            print(f"sentence index read at the first /search/text: {seconds:.2f} s, {seconds / built:.1%} of the build")
            hunan = answer.json()[0]["path"]
            jilin = first_answer(f"{base}/search?q=%E5%90%89%E6%9E%97%E7%9C%81%E6%95%99%E8%82%B2%E5%8E%85")[0].json()[
                0
            ]["path"]
            endpoints = {
                "/provinces": f"{base}/provinces?topic=IPv6",
                "/documents": f"{base}/documents?limit=50",
                "entity page": f"{base}{jilin}",
                "/search": f"{base}/search?q=%E5%90%89%E6%9E%97%E7%9C%81%E6%95%99%E8%82%B2%E5%BB%B3",
                "/graph": f"{base}/graph?center={hunan}&depth=2&limit=100",
                "/followups": f"{base}/followups?document={quote(FOLLOWED)}",
                "/search/text": f"{base}/search/text?q={quote('网络安全 人才培养')}",
                "/documents in force": f"{base}/documents?limit=50&in_force_on=2024-06-01",
                "/brief md": f"{base}/brief?topic=IPv6&format=md",
                "/brief png": f"{base}/brief?topic=IPv6&format=png",
            }
            print(
                f"store {args.store}, scale {args.scale}x, cache {'off' if args.no_cache else 'on'}, "
                f"{args.seconds:.0f} s per run, 2 cores shared by server and wrk"
            )
            print(
                f"{'endpoint':20} {'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
            )
            for name, url in endpoints.items():
                _, seconds = first_answer(url)  # the first answer to each question, before the runs
                print(f"{name:20} {'first':>7} {1:>9} {'':>8} {seconds * 1000:>8.1f} {'':>8} {0:>6}")
                wrk(url, 4, 2, 2_000)  # warm up
                for connections in (1, 32):
                    r = wrk(url, connections, args.seconds, args.requests)
                    capped = " (request bound hit: req/s is a lower bound)" if r["requests"] >= args.requests else ""
                    print(
                        f"{name:20} {connections:>7} {r['requests']:>9.0f} {r['rps']:>8.0f} {r['p50']:>8.1f} "
                        f"{r['p99']:>8.1f} {r['errors']:>6.0f}{capped}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
