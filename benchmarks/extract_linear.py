"""Extraction runs in time linear in the text: one invented issuing sentence repeated to 0.14,
0.28, 0.56, 1.1 and 2.2 million characters (every sentence states its fact again: mentions and
evidence grow with the text, and de-duplicate into the same few relations), timed through the
whole extraction; the time per character must stay within ±25% across the sizes.

    .venv/bin/python benchmarks/extract_linear.py [--top 2200000]
"""

from __future__ import annotations

import argparse
import time

from kg_builder.extract import extract_bytes
from kg_builder.nlp.pipeline import get_nlp

SENTENCE = "江西省教育厅印发《江西省教育专网建设方案》。\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=2_200_000, help="the largest size, in characters")
    args = parser.parse_args()
    nlp = get_nlp()
    sizes = [args.top // 16, args.top // 8, args.top // 4, args.top // 2, args.top]
    per_char = []
    print(f"{'characters':>12} {'seconds':>8} {'µs/char':>8} {'relations':>9}")
    for n in sizes:
        text = (SENTENCE * (n // len(SENTENCE) + 1))[:n]
        started = time.perf_counter()
        extraction = extract_bytes(text.encode("utf-8"), "repeated.txt", nlp)
        seconds = time.perf_counter() - started
        per_char.append(seconds / n * 1e6)
        print(f"{n:>12,d} {seconds:>8.1f} {per_char[-1]:>8.1f} {len(extraction.relations):>9,d}")
    mid = (max(per_char) + min(per_char)) / 2
    print(f"time per character: {min(per_char):.1f}–{max(per_char):.1f} µs, ±{(max(per_char) - mid) / mid:.0%}")


if __name__ == "__main__":
    main()
