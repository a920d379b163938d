"""《…》 titles: policy documents (with genre and 文号) versus titles of news, articles and speeches."""

from __future__ import annotations

import re
from functools import lru_cache

from kg_builder.model import Mention
from kg_builder.nlp.gazetteer import load

TITLE = re.compile(r"《([^《》\n]{2,120})》")
_TRAILING_BRACKETS = re.compile(r"(\([^()]*\))+$")
_TRAILING_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])(19|20)\d\d$")
_HEADLINE = re.compile(r"[:：?？!！,，;；]|[\u4e00-\u9fff”]\s+[\u4e00-\u9fff“]")
_DOC_NUMBER = re.compile(r"^\s*[(（]?\s*([\u4e00-\u9fff]{1,10}〔(?:19|20)\d\d〕\d{1,4}号)")
_JOINER = re.compile(r"^\s*(?:、|和|及|与)?\s*$")
_NEWS_AFTER_COUNT = re.compile(r"^等\s*\d*\s*[篇条部个]?\s*(?:报道|文章|稿件|作品)")


@lru_cache(maxsize=1)
def _genre_heads() -> list[tuple[str, str]]:
    return sorted(load().genres.items(), key=lambda kv: len(kv[0]), reverse=True)


def clean_title(raw: str) -> str:
    """Canonical title text: no whitespace, ASCII brackets (ingestion already made them ASCII)."""
    return re.sub(r"\s+", "", raw)


def genre_of(title: str, after: str = "") -> str | None:
    core = _TRAILING_BRACKETS.sub("", title)
    core = _TRAILING_YEAR.sub("", core)
    for head, genre in _genre_heads():
        if core.endswith(head):
            return genre
    for word in load().words("document", "genre_after"):
        if after.startswith(word):
            return load().genres.get(word, "report")
    return None


def find_titles(text: str) -> list[Mention]:
    """Document mentions for 《titles》 that name policy or official documents."""
    lex = load()
    before_words = tuple(lex.words("document", "not_document_before"))
    after_words = tuple(lex.words("document", "not_document_after"))
    matches = list(TITLE.finditer(text))
    # Titles written one after another (《A》《B》等报道) share the context around the run.
    runs: list[list[re.Match[str]]] = []
    for m in matches:
        if runs and _JOINER.match(text[runs[-1][-1].end():m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    mentions: list[Mention] = []
    for run in runs:
        before = text[max(0, run[0].start() - 8):run[0].start()]
        after = text[run[-1].end():run[-1].end() + 12]
        news = before.rstrip().endswith(before_words) or after.lstrip().startswith(after_words) \
            or bool(_NEWS_AFTER_COUNT.match(after.lstrip()))
        for m in run:
            title = clean_title(m.group(1))
            own_after = text[m.end():m.end() + 24]
            genre = genre_of(title, own_after)
            if news or genre is None or _HEADLINE.search(m.group(1)):
                continue
            attrs = {"genre": genre}
            number = _DOC_NUMBER.match(own_after)
            if number:
                attrs["doc_number"] = number.group(1)
            mentions.append(Mention(label="Document", start=m.start(1), end=m.end(1), text=m.group(1),
                                    rule="title.genre_head", name=title, attrs=attrs))
    return mentions
