"""Cleaning runs in time linear in the input, whatever the input: the inputs that made its
regular expressions quadratic (a long run of spaces, unclosed <script> and <p> tags, unclosed
Markdown links, a very long line of boilerplate candidates) at doubling sizes. Run:

    .venv/bin/python benchmarks/clean_linear.py [--megabytes 1]
"""

from __future__ import annotations

import argparse
import time

from kg_builder.ingest import clean

CASES = {
    "spaces": (lambda n: "甲" + " " * n + "乙\n", {}),
    "unclosed <script>": (lambda n: "<script>" * (n // 8), {"is_html": True}),
    "unclosed <p": (lambda n: "<p " * (n // 3), {"is_html": True}),
    "unclosed [link": (lambda n: "[链" * (n // 2), {"is_markdown": True}),
    "one long line": (lambda n: "教育" * (n // 2), {}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    top = int(args.megabytes * 1_000_000)
    sizes = [top // 4, top // 2, top]
    print(f"{'input':20s} " + " ".join(f"{n:>12,d}" for n in sizes) + "   (seconds; characters)")
    for name, (make, options) in CASES.items():
        times = []
        for n in sizes:
            text = make(n)
            started = time.perf_counter()
            clean(text, **options)
            times.append(time.perf_counter() - started)
        print(f"{name:20s} " + " ".join(f"{t:12.3f}" for t in times))


if __name__ == "__main__":
    main()
