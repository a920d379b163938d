"""Precision, recall and F1 of extraction output against gold JSON (shared/eval/GUIDE.md format).

Compares exactly as shared/eval/score.py does: entity sets per type, ISSUED as (issuer, document)
and (province, document) pairs, after NFKC, whitespace removal, surrounding quotes stripped,
Traditional to Simplified and provinces reduced to their short names; bare years are not scored.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc

from kg_builder.schema import SCORED_ENTITY_TYPES
from kg_builder.textnorm import VARIANT_TABLE

PROVINCE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$")
BARE_YEARS = re.compile(r"^\d{4}(/\d{4})?$")
RELATION_KEYS = (("issuer", "ISSUED(issuer,doc)"), ("province", "ISSUED(province,doc)"))


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    return opencc.OpenCC("t2s").convert


def norm(value: Any) -> str | None:
    if value is None:
        return None
    s = _t2s()(unicodedata.normalize("NFKC", str(value))).translate(VARIANT_TABLE)
    return re.sub(r"\s+", "", s).strip("《》“”\"'‘’")


def norm_province(value: Any) -> str | None:
    s = norm(value)
    if not s or s == "新疆生产建设兵团":
        return s
    return PROVINCE_SUFFIX.sub("", s) or s


def entity_set(doc: dict[str, Any], etype: str) -> set[str]:
    f = norm_province if etype == "Province" else norm
    out = {f(v) for v in (doc.get("entities") or {}).get(etype) or [] if v}
    out.discard(None)
    if etype == "Date":
        out = {v for v in out if v and not BARE_YEARS.match(v)}
    return {v for v in out if v}


def issued_pairs(doc: dict[str, Any], key: str) -> set[tuple[str, str]]:
    out = set()
    for r in doc.get("relations") or []:
        if r.get("type") != "ISSUED" or not r.get("document"):
            continue
        head = norm_province(r.get(key)) if key == "province" else norm(r.get(key))
        document = norm(r["document"])
        if head and document:
            out.add((head, document))
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    tallies: dict[str, Tally]
    documents: int
    errors: list[tuple[str, str, str, str]]

    @property
    def entity_micro(self) -> Tally:
        total = Tally()
        for t in SCORED_ENTITY_TYPES:
            total.tp += self.tallies[t].tp
            total.fp += self.tallies[t].fp
            total.fn += self.tallies[t].fn
        return total

    def table(self) -> str:
        lines = [f"{'type':24} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
        for name, t in self.tallies.items():
            p, r, f = t.prf()
            lines.append(f"{name:24} {p:6.3f} {r:6.3f} {f:6.3f}   {t.tp}/{t.fp}/{t.fn}")
        lines.append(
            f"docs={self.documents} entity_micro_f1={self.entity_micro.prf()[2]:.3f} "
            f"issued_issuer_f1={self.tallies['ISSUED(issuer,doc)'].prf()[2]:.3f} "
            f"issued_province_f1={self.tallies['ISSUED(province,doc)'].prf()[2]:.3f}"
        )
        return "\n".join(lines)


def score(gold_dir: Path, pred_dir: Path) -> Score:
    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        raise FileNotFoundError(f"no gold files (*.json) in {gold_dir}")
    tallies = {k: Tally() for k in [*SCORED_ENTITY_TYPES, *(name for _, name in RELATION_KEYS)]}
    errors: list[tuple[str, str, str, str]] = []
    for gpath in golds:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        ppath = pred_dir / gpath.name
        pred = json.loads(ppath.read_text(encoding="utf-8")) if ppath.exists() else {}
        pairs: list[tuple[str, set[Any], set[Any]]] = [
            (t, entity_set(gold, t), entity_set(pred, t)) for t in SCORED_ENTITY_TYPES
        ]
        pairs += [(name, issued_pairs(gold, key), issued_pairs(pred, key)) for key, name in RELATION_KEYS]
        for name, g, p in pairs:
            tallies[name].add(g, p)
            errors += [(gpath.stem, name, "missed", _show(x)) for x in sorted(g - p)]
            errors += [(gpath.stem, name, "spurious", _show(x)) for x in sorted(p - g)]
    return Score(tallies, len(golds), errors)


def _show(item: Any) -> str:
    return " | ".join(item) if isinstance(item, tuple) else str(item)
