"""Places: provinces, prefectures and counties (GB/T 2260), and the level words that stand for one.

江西省, 宁夏, 宝鸡市, 船营区 name a place; 省, 市, 县 stand for the place the text is about. A
province's name at the start of a school's or company's name (北京大学) is no mention of it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg_builder.gazetteer import Division, Province, load
from kg_builder.nlp.trie import trie_pattern

# Level words, longest first: a place the context must supply (省教育厅 in a 江西 text).
LEVEL_WORDS = ("自治区", "兵团", "省", "市", "县", "区", "州", "盟", "旗")
# A website's name ends in 网 (中国西藏网, and 中国西藏网文, 来源中国西藏网和…); a network does not
# name a website (河南省教育专网, 城域网, 校园网, 物联网), nor does 网 that begins a word (网信办, 网络).
_WEBSITE = r"(?<![专域园联骨带务内外光])网(?=[^\u4e00-\u9fff]|[文和与及讯记]|$)"
_ORGANISATION = re.compile(
    r"([\u4e00-\u9fff]{0,6}?)(?:大学|学院|学校|中学|小学|幼儿园|职业技术|师范|公司|集团|银行"
    rf"|医院|出版社|日报|电视台|研究院|设计院|研究所|实验室|网站|{_WEBSITE})"
)
_ORGAN_CHARS = re.compile(r"[厅局委办部府]")
# Schools of a kind, not one school (湖北省中小学…, 江苏省高等学校…, 某省中等职业学校…): the place
# stays a place.
_SCHOOL_CATEGORY = re.compile(r"大?中|高等|普通高等|高等职业|中等职业|职业|技工|特殊教育|民办|公办|各级各类")


@dataclass(frozen=True)
class Place:
    text: str
    start: int
    end: int
    kind: str  # province | prefecture | county | level
    provinces: tuple[Province, ...]  # the province it lies in; several for a county name used twice

    @property
    def province(self) -> Province | None:
        return self.provinces[0] if len(self.provinces) == 1 else None


def _short_forms(d: Division) -> tuple[str, ...]:
    """How an autonomous prefecture or county is usually written: 凉山彝族自治州 → 凉山州,
    克孜勒苏柯尔克孜自治州 → 克州, 长阳土家族自治县 → 长阳县 (the short name and the level)."""
    if not d.name.endswith(("自治州", "自治县", "自治旗")):
        return ()
    level = d.name[-1]
    return tuple(s if s.endswith(level) else s + level for s in d.short if len(s) >= 2)


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, tuple[Province, ...]]]:
    g = load()
    names: dict[str, tuple[str, tuple[Province, ...]]] = {}
    for d in g.divisions:
        for name in (d.name, *_short_forms(d)):
            kind, provinces = names.get(name, (d.level, ()))
            if d.province not in provinces:
                provinces = (*provinces, d.province)
            names[name] = (kind, provinces)
    for p in g.provinces:
        for n in p.names:
            names[n] = ("province", (p,))
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(trie_pattern(_names()))


@lru_cache(maxsize=1)
def _max_length() -> int:
    return max(map(len, _names()))


def provinces_of(name: str) -> tuple[Province, ...]:
    """The province(s) a place of that name lies in (a county name can be used twice)."""
    entry = _names().get(name)
    return entry[1] if entry else ()


def in_organisation_name(text: str, end: int) -> bool:
    """北京大学, 浙江师范大学, 江西银行, 中国西藏网: the place begins the name of a school, company,
    newspaper or website ..."""
    m = _ORGANISATION.match(text, end, min(len(text), end + 12))
    return m is not None and not _ORGAN_CHARS.search(m.group(1)) and not _SCHOOL_CATEGORY.fullmatch(m.group(1))


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[dict[str, Province], re.Pattern[str]]:
    """The one-character names of provinces, and a run of two or more of them before a count of
    places (川渝两地, 京津冀三地, 沪苏浙皖三省一市, 京津冀地区)."""
    by_char = {a: p for p in load().provinces for a in p.abbreviations}
    chars = "".join(by_char)
    count = r"[两二三四五六七八九十]"
    run = re.compile(rf"[{chars}]{{2,6}}(?={count}(?:地|省|市|省市|省区)|地区)")
    return by_char, run


def _abbreviated(text: str) -> Iterator[Place]:
    by_char, run = _abbreviations()
    for m in run.finditer(text):
        for i, char in enumerate(m.group(0)):
            yield Place(char, m.start() + i, m.start() + i + 1, "province", (by_char[char],))


def find_places(text: str) -> Iterator[Place]:
    """Named places, longest first (吉林市 is a prefecture, not the province 吉林), and provinces
    named in a run of their one-character names (川渝两地) that no full name overlaps (辽宁两省 is
    辽宁, not 辽 and 宁), in the order of the text."""
    named = list(_named(text))
    taken = {i for p in named for i in range(p.start, p.end)}
    runs = [p for p in _abbreviated(text) if p.start not in taken]
    return heapq.merge(runs, named, key=lambda p: p.start)


def _named(text: str) -> Iterator[Place]:
    names = _names()
    for m in _pattern().finditer(text):
        if in_organisation_name(text, m.end()):
            continue
        if text[m.start() - 1 : m.start()] in ("(", "（") and text[m.end() : m.end() + 1] in (")", "）"):
            if in_organisation_name(text, m.end() + 1):
                continue  # 某某科技(北京)有限公司: the place a company's branch is registered in
        kind, provinces = names[m.group(0)]
        yield Place(m.group(0), m.start(), m.end(), kind, provinces)


def place_ending_at(text: str, end: int, *, levels: bool = True) -> Place | None:
    """The longest place name (or, failing one, level word) that ends at `end`."""
    names = _names()
    for size in range(min(_max_length(), end), 0, -1):
        word = text[end - size : end]
        if word in names:
            kind, provinces = names[word]
            return Place(word, end - size, end, kind, provinces)
    if levels:
        for word in LEVEL_WORDS:
            if text.endswith(word, 0, end):
                return Place(word, end - len(word), end, "level", ())
    return None
