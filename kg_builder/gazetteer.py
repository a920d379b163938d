"""Gazetteers and the rule lexicon, loaded from the data files beside this module."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from kg_builder.resources import resource
from kg_builder.schema import topic_labels

DATA = resource("kg_builder", "data")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _aliases(cell: str) -> list[str]:
    return [a for a in cell.split("|") if a]


def standard_short_forms(official: str) -> list[str]:
    """The short forms the bodies write themselves in, made by rule from the official name: 和
    dropped and a closing 委员会 written 委 (经济和信息化委员会 → 经济信息化委, 卫生健康委员会 →
    卫生健康委, 教育和体育局 → 教育体育局). A two-character field keeps 委员会 (教育委员会 is
    written 教委, and 教育委 would read 教育委托 as a body)."""
    plain = official.replace("和", "")
    forms = {plain}
    if len(plain) >= 7:
        forms |= {re.sub("委员会$", "委", f) for f in (official, plain)}
    return sorted(f for f in forms - {official} if len(f) >= 3)


def _cell(row: list[str], i: int) -> str:
    return row[i] if len(row) > i else ""


@dataclass(frozen=True)
class Province:
    short: str
    official: str
    level: str
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()  # 京, 川|蜀: read only in runs (川渝两地), never alone

    @property
    def names(self) -> tuple[str, ...]:
        return (self.official, self.short, *self.aliases)


@dataclass(frozen=True)
class Division:
    """A prefecture or county (GB/T 2260), and the province it lies in."""

    code: str
    name: str
    short: tuple[str, ...]  # short names as the source gives them (凉山, 克州/克孜勒苏)
    level: str  # prefecture | county
    province: Province


@dataclass(frozen=True)
class CentralBody:
    official: str
    aliases: tuple[str, ...]
    parent: str | None
    agency: bool = True  # False: a people's organisation (全国妇联), known by name but no Agency


@dataclass(frozen=True)
class OrganHead:
    official: str
    kind: str  # government | institution | party


@dataclass
class Gazetteer:
    provinces: list[Province]
    divisions: list[Division]
    central: list[CentralBody]
    heads: dict[str, dict[str, OrganHead]]  # written form → kind → head
    genres: dict[str, str]
    topics: dict[str, str]  # any label → preferred label (from the ontology's topic scheme)
    lexicon: dict[str, dict[str, list[str]]]
    province_by_name: dict[str, Province] = field(init=False)
    central_by_name: dict[str, CentralBody] = field(init=False)
    # A local organ head whose national counterpart is 国家/中国/国务院 + the head (发展和改革委员会 →
    # 国家发展和改革委员会, 国有资产监督管理委员会 → 国务院国有资产监督管理委员会): a bare
    # 发展改革委 in a national text or beside a central body is that one.
    central_counterpart: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.province_by_name = {n: p for p in self.provinces for n in p.names}
        self.central_by_name = {n: a for a in self.central for n in (a.official, *a.aliases)}
        officials = {a.official for a in self.central}
        self.central_counterpart = {
            head.official: prefix + head.official
            for forms in self.heads.values()
            for head in forms.values()
            for prefix in ("国家", "中国", "国务院")
            if head.kind != "party" and prefix + head.official in officials
        }

    def words(self, section: str, key: str) -> list[str]:
        return self.lexicon[section][key]

    def user_dictionary(self) -> list[str]:
        """Names the segmenter must keep whole: provinces, prefectures, central bodies, heads, topics."""
        names = {n for p in self.provinces for n in (p.official, p.short) if len(n) > 1}
        names |= {d.name for d in self.divisions if d.level == "prefecture"}
        names |= {n for a in self.central for n in (a.official, *a.aliases) if len(n) > 1}
        names |= {h for h in self.heads if len(h) > 2}
        names |= {t for t in self.topics if len(t) > 1}
        return sorted(names)


def _derived_forms(body: CentralBody) -> CentralBody:
    """Forms made by rule: a State Council body is also written with the state's name
    (中华人民共和国自然资源部令), and a committee's office as the committee's name and 办
    (国务院食品安全委员会办公室 → 国务院食品安全办, 国务院学位委员会办公室 → 国务院学位办)."""
    forms = []
    if body.parent == "国务院":
        forms.append("中华人民共和国" + body.official)
    if body.official.endswith("委员会办公室"):
        forms.append(body.official.removesuffix("委员会办公室") + "办")
    new = tuple(f for f in forms if f not in body.aliases)
    return CentralBody(body.official, (*body.aliases, *new), body.parent) if new else body


def _divisions(provinces: list[Province]) -> list[Division]:
    by_official = {p.official: p for p in provinces}
    province_of_code: dict[str, Province] = {}
    out: list[Division] = []
    for row in _rows("divisions.tsv"):
        code, name, level = row[0], row[1], row[3]
        if level == "province":
            province_of_code[code[:2]] = by_official[name]
        elif code[:2] in province_of_code and not name.startswith("省直辖"):
            out.append(Division(code, name, tuple(row[2].split("/")), level, province_of_code[code[:2]]))
    return out


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    provinces = [
        Province(r[0], r[1], r[2], tuple(_aliases(_cell(r, 3))), tuple(_aliases(_cell(r, 4))))
        for r in _rows("provinces.tsv")
    ]
    central = [
        _derived_forms(CentralBody(r[0], tuple(_aliases(_cell(r, 1))), _cell(r, 2) or None))
        for r in _rows("central_bodies.tsv")
    ] + [
        CentralBody(r[0], tuple(_aliases(_cell(r, 1))), None, agency=False) for r in _rows("peoples_organisations.tsv")
    ]
    heads: dict[str, dict[str, OrganHead]] = defaultdict(dict)
    for r in _rows("agency_heads.tsv"):
        head = OrganHead(r[0], r[2])
        for form in (r[0], *_aliases(r[1]), *standard_short_forms(r[0])):
            heads[form][head.kind] = head
    genres = {r[0]: r[1] for r in _rows("genres.tsv")}
    lexicon = tomllib.loads((DATA / "lexicon.toml").read_text(encoding="utf-8"))
    return Gazetteer(provinces, _divisions(provinces), central, dict(heads), genres, topic_labels(), lexicon)
