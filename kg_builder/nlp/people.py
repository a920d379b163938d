"""Person mentions: officials named right after their title (副部长钟登华出席, 厅长 邓云锋:)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg_builder.gazetteer import DATA, load
from kg_builder.model import Mention


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    g = load()
    titles = _alternation(g.words("person", "titles"))
    after = _alternation(g.words("person", "after_name"))
    # Chinese personal names are two or three characters; the shortest one that the following
    # word or punctuation closes is taken.
    return re.compile(f"(?P<title>{titles})\\s?(?P<name>[\\u4e00-\\u9fff]{{2,3}}?)(?={after}|[:：,，。、\\s]|$)")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    lines = (DATA / "surnames.txt").read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")).strip())


def find_people(text: str) -> list[Mention]:
    """Names after a title that start with a common surname (局长为主 is not a person)."""
    return [
        Mention(
            label="Person",
            start=m.start("name"),
            end=m.end("name"),
            text=m.group("name"),
            name=m.group("name"),
            rule="person.title",
            attrs={"title": m.group("title")},
        )
        for m in _pattern().finditer(text)
        if m.group("name")[0] in _surnames()
    ]
