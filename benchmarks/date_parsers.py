"""policykg's date rules against JioNLP's time parser, on the development sets' Date gold.

Both parsers read the same cleaned text with the same report period (from policykg's structure
step) as the base for dates written without a year, and skip years inside 《titles》 (GUIDE.md).
JioNLP's spans are written in the gold's form: a day (2023-05-16), a whole month (2023-05), a
whole quarter (2023-Q2), a whole year (2023), else a day range (2023-05-01/2023-05-10). Scores
use shared/eval/score.py's normalisation (bare years are not scored). JioNLP is not a
dependency of policykg; to run this:

    .venv/bin/pip install jionlp==1.5.31
    .venv/bin/python benchmarks/date_parsers.py ../shared/eval
"""

from __future__ import annotations

import calendar
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from kg_builder.extraction.context import DocumentContext
from kg_builder.ingest import ingest
from kg_builder.nlp.dates import find_dates, normalize_date
from kg_builder.nlp.titles import TITLE


def load_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("policykg_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _day(stamp: str) -> date:
    return date.fromisoformat(stamp[:10])


def jionlp_value(start: date, end: date) -> str:
    """A JioNLP span in the gold's notation."""
    if start == end:
        return start.isoformat()
    last = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last and (start.year, start.month) == (end.year, end.month):
        return f"{start.year}-{start.month:02d}"
    if (
        start.day == 1
        and end.day == last
        and start.year == end.year
        and start.month % 3 == 1
        and end.month == start.month + 2
    ):
        return f"{start.year}-Q{(start.month + 2) // 3}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}/{end.isoformat()}"


def parse_jionlp(text: str, period: str | None) -> set[str]:
    import jionlp

    year = int(period[:4]) if period else date.today().year
    month = int(period[5:7]) if period and len(period) >= 7 else 12
    base = {"year": year, "month": month, "day": calendar.monthrange(year, month)[1]}
    titles = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    out = set()
    for t in jionlp.ner.extract_time(text, time_base=base, with_parsing=True):
        start, end = t["offset"]
        if any(s <= start < e for s, e in titles) or t["type"] not in {"time_point", "time_span"}:
            continue
        times = t["detail"]["time"]
        if not isinstance(times, list) or len(times) != 2 or "inf" in times:
            continue
        try:
            out.add(jionlp_value(_day(times[0]), _day(times[1])))
        except ValueError:
            continue
    return out


def parse_policykg(text: str, period: str | None) -> set[str]:
    return {v for m in find_dates(text) if (v := normalize_date(m.attrs, period))}


def main(eval_dir: Path) -> int:
    sc = load_scorer(eval_dir / "score.py")
    sets = {
        "samples": (eval_dir / "gold", Path(__file__).resolve().parent.parent / "data" / "samples"),
        "checklist": (eval_dir / "checklist" / "gold", eval_dir / "checklist" / "texts"),
    }
    print(f"{'set':10s} {'parser':18s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/fp/fn")
    for name, (gold_dir, text_dir) in sets.items():
        tallies = {p: sc.Tally() for p in ("policykg", "jionlp", "policykg ∪ jionlp")}
        for gold_path in sorted(gold_dir.glob("*.json")):
            text_path = text_dir / (gold_path.stem + ".txt")
            if not text_path.exists():
                continue
            gold = sc.entity_set(json.loads(gold_path.read_text(encoding="utf-8")), "Date")
            source = ingest(text_path)
            period = DocumentContext.build(source).period
            ours = parse_policykg(source.text, period)
            theirs = parse_jionlp(source.text, period)
            for parser, found in (("policykg", ours), ("jionlp", theirs), ("policykg ∪ jionlp", ours | theirs)):
                tallies[parser].add(gold, sc.entity_set({"entities": {"Date": sorted(found)}}, "Date"))
        for parser, t in tallies.items():
            p, r, f = t.prf()
            print(f"{name:10s} {parser:18s} {p:6.3f} {r:6.3f} {f:6.3f}   {t.tp}/{t.fp}/{t.fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/eval")))
