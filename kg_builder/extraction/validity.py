"""Dates of force (GUIDE.md, "Links between documents"): when a document comes into force and until
when, each with the sentence that says so.

A sentence states them of a subject: the text's own document (本办法, 本通知, or no subject in an
official document), a document it names (《X》自…起施行), or the one it has just issued (该办法).
The start is a date (自2024年2月1日起施行) or the day of issue (自印发之日起施行: the 成文日期,
else the publication date), possibly some days after it (自公布之日起30日后施行); the end a date
(有效期至2026年1月31日) or a term from the start (有效期5年, 有效期为三年, 试行两年, 有效期限为18个月).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from kg_builder.extraction.context import DocumentContext
from kg_builder.gazetteer import load
from kg_builder.model import DatesOfForce
from kg_builder.nlp.dates import find_dates, normalize_date
from kg_builder.nlp.titles import TITLE, clean_title
from kg_builder.textnorm import work_title

_NUMBER = r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
_IN_FORCE = r"(?:起|开始|以后)?\s*(?:正式)?(?:施行|实施|执行|生效|试行)"
_FROM_DATE = re.compile(rf"^\s*{_IN_FORCE}")
_FROM_ISSUE = re.compile(
    rf"(?:自|从)?(?:印发|发布|公布|颁布|发文|下发|签发|公告)之日(?:起\s*{_NUMBER}\s*日后|起)?\s*(?:正式)?"
    r"(?:施行|实施|执行|生效|试行)"
)
_UNTIL_DATE = re.compile(r"有效期(?:限)?(?:为|是)?(?:至|到|截至|截止到?)$")
_TERM = re.compile(rf"(?:有效期(?:限)?(?:为|是)?|试行期?(?:限)?(?:为)?)\s*{_NUMBER}\s*(?P<unit>年|个月)")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    tens, _, ones = text.partition("十")
    if "十" in text:
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS[text]


def _after_term(start: str, count: int, unit: str) -> str | None:
    """The last day of a term from a whole date: 有效期5年 from 2024-02-01 ends 2029-01-31."""
    if len(start) != 10:
        return None
    first = date.fromisoformat(start)
    months = first.month - 1 + count * (12 if unit == "年" else 1)
    year, month = first.year + months // 12, months % 12 + 1
    try:
        end = first.replace(year=year, month=month)
    except ValueError:  # 29 February, or the 31st of a shorter month: the term ends with that month
        end = date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)
    return (end - timedelta(days=1)).isoformat()


@lru_cache(maxsize=1)
def _own_subject() -> re.Pattern[str]:
    """本办法, 该方案, 此通知: a document referred to by its head noun."""
    heads = "|".join(sorted(map(re.escape, load().genres), key=len, reverse=True))
    return re.compile(rf"(?P<which>本|该|此|这一|上述)《?(?P<head>{heads})》?")


def dates_of_force(
    ctx: DocumentContext, own: str | None, issued_on: str | None, issued: list[str]
) -> list[DatesOfForce]:
    """The dates of force each sentence states, of the document it states them of: `own` is the text's
    own document (an official document's title), `issued_on` its 成文日期, `issued` the documents the
    text reports as issued, in order."""
    found: dict[str, DatesOfForce] = {}
    text = ctx.text
    for start, end in ctx.sentences.spans():
        sentence = text[start:end]
        if not any(word in sentence for word in ("施行", "实施", "执行", "生效", "试行", "有效期")):
            continue
        subject = _subject(sentence, own, issued)
        if subject is None:
            continue
        since = _since(sentence, issued_on)
        until = _until(sentence, since[0] if since else None, issued_on)
        if since is None and until is None:
            continue
        at = since[1] if since else until[1]  # type: ignore[index]
        force = DatesOfForce(
            document=subject,
            in_force_from=since[0] if since else None,
            in_force_until=until[0] if until else None,
            evidence=ctx.evidence(start + at[0], start + at[1], "validity.force"),
        )
        work = work_title(subject)  # 本办法 and 该办法 of one notice: one work
        known = found.get(work)
        found[work] = (
            force
            if known is None
            else DatesOfForce(
                document=known.document,
                in_force_from=known.in_force_from or force.in_force_from,
                in_force_until=known.in_force_until or force.in_force_until,
                evidence=known.evidence,
            )
        )
    return list(found.values())


def _subject(sentence: str, own: str | None, issued: list[str]) -> str | None:
    """The document a sentence about force speaks of."""
    named = [clean_title(m.group(1)) for m in TITLE.finditer(sentence)]
    said = _own_subject().search(sentence)
    if named and (said is None or sentence.find("《") < said.start()):
        title = named[0]
        if own is not None and work_title(title) == work_title(own):
            return own
        return title
    if said is not None:
        if said["which"] == "本" and own is not None:
            return own
        head = said["head"]
        return next((d for d in reversed(issued) if d.endswith(head)), own)
    return own  # an official document's sentence with no subject: its own (自印发之日起施行)


def _since(sentence: str, issued_on: str | None) -> tuple[str, tuple[int, int]] | None:
    """The date a sentence says force begins, and where it says so."""
    for m in find_dates(sentence):
        if _FROM_DATE.match(sentence[m.end :]) and not _UNTIL_DATE.search(sentence[: m.start].rstrip()):
            value = normalize_date(m.attrs, None)
            if value and "/" not in value:
                return value, (m.start, m.end + _FROM_DATE.match(sentence[m.end :]).end())  # type: ignore[union-attr]
    day = _FROM_ISSUE.search(sentence)
    if day is not None and issued_on:
        begins = issued_on
        if day["n"] and len(issued_on) == 10:
            begins = (date.fromisoformat(issued_on) + timedelta(days=_number(day["n"]))).isoformat()
        return begins, day.span()
    return None


def _until(sentence: str, since: str | None, issued_on: str | None) -> tuple[str, tuple[int, int]] | None:
    """The last day of force a sentence gives, as a date or a term from the start (or the day of issue)."""
    for m in find_dates(sentence):
        if _UNTIL_DATE.search(sentence[: m.start].rstrip()):
            value = normalize_date(m.attrs, None)
            if value and "/" not in value:
                return value, (m.start, m.end)
    term = _TERM.search(sentence)
    start = since or issued_on
    if term is not None and start:
        end = _after_term(start, _number(term["n"]), term["unit"])
        if end:
            return end, term.span()
    return None
