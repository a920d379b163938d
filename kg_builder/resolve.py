"""Mentions → canonical names, using context: the paragraph's province, the period, coordination.

市教委 in the 北京 paragraph is 北京市教育委员会; 省教育厅 in the 江西 paragraph is 江西省教育厅;
教育部科技司 is 教育部科学技术与信息化司; 1月22日 in a 2019-01 brief is 2019-01-22; one event
written with and without 全国/视频 is one event.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict

from kg_builder.model import Document, Mention
from kg_builder.nlp.dates import normalize_date
from kg_builder.nlp.gazetteer import Gazetteer, load

_PARTY_PREFIX = {"省委": "委", "市委": "委", "自治区党委": "党委", "区党委": "党委"}
_EVENT_VARIANT = re.compile(r"全国|全省|视频|线上")


class ParagraphIndex:
    """Which paragraph (and so which province) a text offset falls in."""

    def __init__(self, document: Document) -> None:
        self.paragraphs = document.paragraphs
        self.starts = [p.start for p in document.paragraphs]

    def province_at(self, offset: int) -> str | None:
        i = bisect_right(self.starts, offset) - 1
        return self.paragraphs[i].province if i >= 0 else None


def national_name(g: Gazetteer, mention: Mention) -> str:
    official = mention.attrs["official"]
    unit = mention.attrs.get("unit")
    if not unit:
        return official
    known = g.national_by_name.get(unit)
    if known is not None and known.parent == official:
        return known.official
    return official + unit


def provincial_name(g: Gazetteer, mention: Mention, context_province: str | None) -> str | None:
    prefix = mention.attrs["prefix"]
    head = mention.attrs["head"]
    province = g.province_by_name.get(prefix)
    if province is None:
        level_province = g.province_by_name.get(context_province or "")
        if level_province is None:
            return None
        # The level word must fit the province: 省 for provinces, 市 for municipalities ...
        if prefix in {"省", "市", "自治区"} and prefix != level_province.level \
                and not (prefix == "省" and level_province.level == "自治区"):
            return None
        province = level_province
    if province.level == "兵团":
        return province.official + head
    return province.official + _PARTY_PREFIX.get(prefix, "") + head


def unquote(name: str) -> str:
    """Drop quotes that wrap the whole name, keep quotes inside it (“互联网+教育”示范县(区))."""
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        return name[1:-1]
    return name


def resolve(document: Document, mentions: list[Mention], g: Gazetteer | None = None) -> list[Mention]:
    """Fill in `name` for every mention that can be resolved; drop the ones that cannot."""
    g = g or load()
    index = ParagraphIndex(document)
    resolved: list[Mention] = []
    last_agency: Mention | None = None
    for m in sorted(mentions, key=lambda x: (x.start, -x.end)):
        name: str | None = m.name
        if m.label == "Agency":
            if m.attrs["scope"] == "national":
                name = national_name(g, m)
            else:
                context = index.province_at(m.start)
                if m.rule == "agency.bare_head" and last_agency is not None and last_agency.attrs.get("province"):
                    context = last_agency.attrs["province"]
                name = provincial_name(g, m, context)
                if name is not None:
                    province = next(p for p in g.provinces if name.startswith(p.official))
                    m.attrs["province"] = province.short
            if name is not None:
                last_agency = m
        elif m.label == "Date":
            name = normalize_date(m.attrs, document.period)
        elif m.label in {"Program", "Event"}:
            name = unquote((name or m.text).strip())
        if name:
            resolved.append(m.model_copy(update={"name": name}))
    return merge_variants(resolved)


def merge_variants(mentions: list[Mention]) -> list[Mention]:
    """Event names that differ only by 全国/视频 ... are one event, named by its commonest form."""
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.label == "Event" and m.name:
            groups[_EVENT_VARIANT.sub("", m.name)][m.name] += 1
    preferred = {key: max(forms, key=lambda f: (forms[f], len(f))) for key, forms in groups.items()}
    return [m.model_copy(update={"name": preferred[_EVENT_VARIANT.sub("", m.name)]})
            if m.label == "Event" and m.name else m for m in mentions]
