"""Gazetteers and the rule lexicon, loaded from the data files beside this module."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg_builder.schema import topic_labels

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _aliases(cell: str) -> list[str]:
    return [a for a in cell.split("|") if a]


@dataclass(frozen=True)
class Province:
    short: str
    official: str
    level: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.official, self.short, *self.aliases)


@dataclass(frozen=True)
class NationalAgency:
    official: str
    aliases: tuple[str, ...]
    parent: str | None


@dataclass
class Gazetteer:
    provinces: list[Province]
    national: list[NationalAgency]
    heads: dict[str, str]  # short or official head → official head
    genres: dict[str, str]
    topics: dict[str, str]  # any label → preferred label (from the ontology's topic scheme)
    lexicon: dict[str, dict[str, list[str]]]
    province_by_name: dict[str, Province] = field(init=False)
    national_by_name: dict[str, NationalAgency] = field(init=False)

    def __post_init__(self) -> None:
        self.province_by_name = {n: p for p in self.provinces for n in p.names}
        self.national_by_name = {n: a for a in self.national for n in (a.official, *a.aliases)}

    def words(self, section: str, key: str) -> list[str]:
        return self.lexicon[section][key]

    def user_dictionary(self) -> list[str]:
        """Names the segmenter must keep whole: provinces, agencies, topics."""
        names = {n for p in self.provinces for n in (p.official, p.short) if len(n) > 1}
        names |= {n for a in self.national for n in (a.official, *a.aliases) if len(n) > 1}
        names |= {h for h in self.heads if len(h) > 2}
        names |= {t for t in self.topics if len(t) > 1}
        return sorted(names)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    provinces = [Province(r[0], r[1], r[2], tuple(_aliases(r[3])) if len(r) > 3 else ())
                 for r in _rows("provinces.tsv")]
    national = [NationalAgency(r[0], tuple(_aliases(r[1])) if len(r) > 1 else (),
                               r[2] if len(r) > 2 and r[2] else None) for r in _rows("national_agencies.tsv")]
    heads: dict[str, str] = {}
    for r in _rows("agency_heads.tsv"):
        heads[r[0]] = r[0]
        for alias in _aliases(r[1]) if len(r) > 1 else []:
            heads[alias] = r[0]
    genres = {r[0]: r[1] for r in _rows("genres.tsv")}
    topics = topic_labels()
    lexicon = tomllib.loads((DATA / "lexicon.toml").read_text(encoding="utf-8"))
    return Gazetteer(provinces, national, heads, genres, topics, lexicon)
