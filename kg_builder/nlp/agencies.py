"""Provinces, agencies and topics: gazetteer names plus the productive prefix + head pattern.

Agencies come in two shapes. National bodies and their units are gazetteer names, optionally
followed by a unit (教育部科技司, 工业和信息化部信息技术发展司). Provincial bodies are a prefix
(江西省, 宁夏, 省, 市, 自治区, 省委, 兵团 ...) plus a head (教育厅, 教委, 网信办 ...); the prefix
is kept in attrs so that resolution can fill in the province from context (省教育厅 in the 江西
paragraph is 江西省教育厅).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg_builder.model import Mention
from kg_builder.nlp.gazetteer import load

LEVEL_PREFIXES = ("自治区党委", "省委", "市委", "区党委", "自治区", "省", "市", "兵团")
# A level prefix preceded by one of these is a lower or plural body (各市教育局, 区教委).
_NOT_PROVINCIAL = set("各全本该外县区州镇乡村两")
# A unit name after a national body: word characters up to 司/局/中心/办公室/领导小组, not
# crossing a function word or a verb that would make it a clause (教育部有关司局, 教育部将…).
_UNIT = (r"(?:(?!有关|相关|直属|所属|各|会同|根据|组织|召开|印发|发布|指导)"
         r"(?:(?!会同|根据|组织|召开|印发|发布|指导)[^\W\d_的将在对向为把被是各等及、与]){2,10}?"
         r"(?:司|局|中心|办公室|领导小组))")
_COORDINATION = re.compile(r"^\s*(?:、|和|与|及|会同|联合)\s*$")


def _alternation(words) -> str:  # noqa: ANN001 - any iterable of str
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    g = load()
    provinces = [n for p in g.provinces for n in (p.official, p.short, *p.aliases)]
    national = list(g.national_by_name)
    heads = list(g.heads)
    prefixes = [n for p in g.provinces for n in (p.official, p.short)] + list(LEVEL_PREFIXES)
    return {
        "province": re.compile(f"(?:{_alternation(provinces)})"),
        "national": re.compile(f"(?P<name>{_alternation(national)})(?P<unit>{_UNIT})?"),
        "provincial": re.compile(f"(?P<prefix>{_alternation(prefixes)})?(?P<head>{_alternation(heads)})"),
        "topic": re.compile(f"(?:{_alternation(g.topics)})", re.I),
    }


def find_provinces(text: str) -> list[Mention]:
    g = load()
    return [Mention(label="Province", start=m.start(), end=m.end(), text=m.group(0), rule="province.gazetteer",
                    name=g.province_by_name[m.group(0)].short)
            for m in _patterns()["province"].finditer(text)]


def find_topics(text: str) -> list[Mention]:
    topics = {k.lower(): v for k, v in load().topics.items()}
    return [Mention(label="Topic", start=m.start(), end=m.end(), text=m.group(0), rule="topic.gazetteer",
                    name=topics[m.group(0).lower()])
            for m in _patterns()["topic"].finditer(text)]


def find_agencies(text: str) -> list[Mention]:
    """Agency mentions; `attrs` says how each was built so that resolution can complete it."""
    g = load()
    found: list[Mention] = []
    taken = bytearray(len(text))
    for m in _patterns()["national"].finditer(text):
        agency = g.national_by_name[m.group("name")]
        attrs = {"scope": "national", "official": agency.official}
        if m.group("unit"):
            attrs["unit"] = m.group("unit")
        found.append(Mention(label="Agency", start=m.start(), end=m.end(), text=m.group(0),
                             rule="agency.national", attrs=attrs))
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _patterns()["provincial"].finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        prefix, head = m.group("prefix"), m.group("head")
        start = m.start()
        if prefix in LEVEL_PREFIXES and start and text[start - 1] in _NOT_PROVINCIAL:
            continue
        if prefix is None:
            # A bare head names a provincial body only in a coordination with one that has a
            # prefix (省财政厅、教育厅) or at the start of a clause in a province's paragraph.
            if len(head) < 3 or (start and text[start - 1] in _NOT_PROVINCIAL):
                continue
            previous = found[-1] if found else None
            coordinated = previous is not None and _COORDINATION.match(text[previous.end:start]) is not None
            clause_start = start == 0 or text[start - 1] in "\n,，。;；:： "
            if not (coordinated or clause_start):
                continue
        attrs = {"scope": "provincial", "head": g.heads[head], "prefix": prefix or ""}
        found.append(Mention(label="Agency", start=start, end=m.end(), text=m.group(0),
                             rule="agency.prefix_head" if prefix else "agency.bare_head", attrs=attrs))
    found.sort(key=lambda x: x.start)
    return found
