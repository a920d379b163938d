"""Extraction throughput on a >= 5 MB corpus recombined from the sample documents.

Reports characters per second for bare pkuseg segmentation and for the whole pipeline (ingest,
structure, spaCy pipeline, resolution, relations) in one process and in N processes, and
segmentation's share of the pipeline's time; then the cost per character of one long document
against the same text as the files it was joined from (finding relations and names must not
grow with the square of a text's length). Run:

    .venv/bin/python benchmarks/extract_throughput.py [--megabytes 5] [--processes 2] [--long-chars 270000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from kg_builder.extract import extract_bytes, extract_file
from kg_builder.ingest import ingest
from kg_builder.nlp.pipeline import get_nlp

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def make_corpus(target: Path, megabytes: float, seed: int = 7) -> list[Path]:
    """Documents of 8-30 paragraphs drawn (seeded) from the samples' paragraphs, until the size."""
    rng = random.Random(seed)
    paragraphs = [
        p for f in sorted(SAMPLES.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p.strip()
    ]
    files, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        body = "\n".join(rng.choice(paragraphs) for _ in range(rng.randint(8, 30))) + "\n"
        path = target / f"doc{n:05d}.txt"
        path.write_text(body, encoding="utf-8")
        files.append(path)
        size += len(body.encode("utf-8"))
        n += 1
    return files


def _extract_all(paths: list[Path]) -> int:
    nlp = get_nlp()
    for p in paths:
        extract_file(p, nlp)
    return len(paths)


def _load_pipeline() -> None:
    get_nlp()  # each worker loads the pipeline once, before the clock starts


def _wait(_: int) -> None:
    time.sleep(0.5)  # occupies every worker once, so all have finished loading


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--long-chars", type=int, default=270_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), args.megabytes)
        nbytes = sum(f.stat().st_size for f in files)
        texts = [ingest(f).text for f in files]
        chars = sum(len(t) for t in texts)
        print(f"corpus: {len(files)} files, {nbytes / 1e6:.1f} MB, {chars:,} characters after cleaning")
        nlp = get_nlp()
        seg = nlp.tokenizer.pkuseg_seg
        started = time.perf_counter()
        for t in texts:
            seg.cut(t)
        seg_s = time.perf_counter() - started
        started = time.perf_counter()
        for t in texts:
            nlp.make_doc(t)
        tok_s = time.perf_counter() - started
        started = time.perf_counter()
        _extract_all(files)
        one_s = time.perf_counter() - started
        chunks = [files[i :: args.processes] for i in range(args.processes)]
        with Pool(args.processes, initializer=_load_pipeline) as pool:
            pool.map(_wait, range(args.processes), chunksize=1)
            started = time.perf_counter()
            pool.map(_extract_all, chunks, chunksize=1)
            many_s = time.perf_counter() - started
        long_parts, long_chars = [], 0
        for f, t in zip(files, texts, strict=True):
            if long_chars >= args.long_chars:
                break
            long_parts.append(f.read_bytes())
            long_chars += len(t)
        started = time.perf_counter()
        for i, part in enumerate(long_parts):
            extract_bytes(part, f"part{i}.txt", nlp)
        parts_s = time.perf_counter() - started
        started = time.perf_counter()
        extract_bytes(b"\n".join(long_parts), "long.txt", nlp)
        long_s = time.perf_counter() - started
    print(f"bare pkuseg segmentation:      {chars / seg_s:>10,.0f} chars/s ({seg_s:.1f} s)")
    print(f"tokenizer (pkuseg + Latin/dict): {chars / tok_s:>8,.0f} chars/s ({tok_s:.1f} s)")
    print(
        f"whole pipeline, 1 process:     {chars / one_s:>10,.0f} chars/s ({one_s:.1f} s) "
        f"= {seg_s / one_s:.0%} of bare segmentation; segmentation is {tok_s / one_s:.0%} of its time"
    )
    print(
        f"whole pipeline, {args.processes} processes (pipelines loaded): "
        f"{chars / many_s:>10,.0f} chars/s ({many_s:.1f} s) "
        f"= {one_s / many_s:.2f}x one process"
    )
    print(
        f"one document of {long_chars:,} characters: {long_chars / long_s:>10,.0f} chars/s ({long_s:.1f} s); "
        f"the same text as {len(long_parts)} files: {long_chars / parts_s:,.0f} chars/s ({parts_s:.1f} s); "
        f"cost per character {long_s / parts_s:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
