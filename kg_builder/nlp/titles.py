"""《…》 titles: policy documents (with genre and 文号) versus titles of news, articles and speeches."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from kg_builder.gazetteer import load
from kg_builder.model import Mention
from kg_builder.textnorm import normalize_number, work_title

# A title may wrap once in a hard-wrapped text (《关于加强中小学\n人工智能教育的通知》), never over a
# blank line.
TITLE = re.compile(r"《((?:[^《》\n]|\n(?![ \t\u3000]*\n)){2,120})》")
_TRAILING_BRACKETS = re.compile(r"(\([^()]*\))+$")
_TRAILING_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])(19|20)\d\d$")
# A headline (《教育部：加快推进 教育数字化》) has sentence punctuation or a space between words; a
# space after a body's name separates the bodies of a joint title (《工业和信息化部 财政部关于…》).
_HEADLINE = re.compile(r"[:：?？!！,，;；]|(?<![厅部委局办署院行会室央])(?<=[\u4e00-\u9fff”])\s+(?=[\u4e00-\u9fff“])")
# 发文字号: 机关代字 + 〔年份〕 + 发文顺序号, whatever brackets the text uses around the year (OCR reads one
# bracket as two at times: 【2024]】).
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,14}\s*[\[［(（【〔]{1,2}\s*(?:19|20)\d\d\s*[\]］)）】〕]{1,2}"
    r"\s*第?\s*\d{1,5}\s*号"
)
_DOC_NUMBER_AFTER = re.compile(rf"^\s*[(（]\s*({DOC_NUMBER.pattern})\s*[)）]")
_JOINER = re.compile(r"^\s*(?:、|和|及|与)?\s*$")
# A standard's code (GB/T 22239-2019, JY/T 0646, HJ 1234, HAD 102/01) names a standard whatever
# its title's head word.
_STANDARD_CODE = re.compile(r"(?<![A-Za-z])(?:GB/[TZ]|[A-Z]{1,3}/T|T/[A-Z]{2,8}|[A-Z]{2,3})\s*\d{2,5}(?:[./-]\d+)*")
# 以下简称《方案》: a short name of the title before it, not a document of its own.
_SHORT_NAME_BEFORE = ("简称", "以下称", "下称")
_NEWS_AFTER_COUNT = re.compile(r"^等\s*\d*\s*[篇条部个]?\s*(?:报道|文章|稿件|作品)")


class Spans:
    """Non-overlapping spans of a text, sorted, looked up by bisection."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        """The span holding [start, end), if one does."""
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and end <= self.spans[i][1]:
            return self.spans[i]
        return None


def title_spans(text: str) -> Spans:
    """Where the text's 《titles》 are, brackets included."""
    return Spans([(m.start(), m.end()) for m in TITLE.finditer(text)])


@lru_cache(maxsize=1)
def _genre_heads() -> list[tuple[str, str]]:
    return sorted(load().genres.items(), key=lambda kv: len(kv[0]), reverse=True)


def clean_title(raw: str) -> str:
    """Canonical title text: no whitespace, ASCII brackets (ingestion already made them ASCII), and
    an inner title in 《》 as its own title line writes it (《关于印发〈A〉的通知》 and the line
    关于印发《A》的通知 are one name)."""
    return re.sub(r"〈([^〈〉《》]*)〉", r"《\1》", re.sub(r"\s+", "", raw))


def short_name_mentions(text: str) -> list[Mention]:
    """Where the text names a work by a short name it defined (《国家教育数字化战略行动方案》（以下简称
    《方案》）… 按照《方案》要求): each later 《方案》 as a mention of the work written out before the
    definition. The definitions themselves are not mentions."""
    defined: dict[str, str] = {}
    previous: str | None = None
    found: list[Mention] = []
    for m in TITLE.finditer(text):
        title = clean_title(m.group(1))
        before = text[max(0, m.start() - 6) : m.start()].rstrip(' :："“')
        if previous is not None and before.endswith(_SHORT_NAME_BEFORE):
            defined.setdefault(title, previous)
        elif title in defined:
            found.append(
                Mention(
                    label="Document",
                    start=m.start(1),
                    end=m.end(1),
                    text=m.group(1),
                    rule="title.short_name",
                    name=defined[title],
                )
            )
        else:
            previous = work_title(m.group(1))
    return found


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
        if runs and _JOINER.match(text[runs[-1][-1].end() : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    mentions: list[Mention] = []
    short_names: set[str] = set()
    genre_words = set(lex.genres)
    for run in runs:
        before = text[max(0, run[0].start() - 8) : run[0].start()]
        after = text[run[-1].end() : run[-1].end() + 12]
        news = (
            before.rstrip().endswith(before_words)
            or after.lstrip().startswith(after_words)
            or bool(_NEWS_AFTER_COUNT.match(after.lstrip()))
        )
        for m in run:
            title = clean_title(m.group(1))
            own_after = text[m.end() : m.end() + 24]
            if text[max(0, m.start() - 4) : m.start()].rstrip(' :："“').endswith(_SHORT_NAME_BEFORE):
                short_names.add(title)
                continue
            if title in short_names or title in genre_words:
                continue  # 《方案》, 《通知》: the short name of a title written out before
            genre = genre_of(title, own_after)
            coded = bool(
                _STANDARD_CODE.search(title)
                or _STANDARD_CODE.match(own_after.lstrip(" (（"))
                or _STANDARD_CODE.search(text[max(0, m.start() - 24) : m.start()].split("\n")[-1])
            )
            if coded:
                genre = genre or "standard"
            if news or genre is None or (_HEADLINE.search(m.group(1).replace("\n", "")) and not coded):
                continue
            attrs = {"genre": genre}
            number = _DOC_NUMBER_AFTER.match(own_after)
            if number:  # 《…》（国办发〔2022〕2号）
                attrs["doc_number"] = normalize_number(number.group(1))
            mentions.append(
                Mention(
                    label="Document",
                    start=m.start(1),
                    end=m.end(1),
                    text=m.group(1),
                    rule="title.genre_head",
                    name=title,
                    attrs=attrs,
                )
            )
    return mentions
