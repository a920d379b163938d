"""Date mentions: calendar dates, ranges, months, quarters and years, with their parts.

The year of a date written without one (1月22日) is filled in later from the document's period.
"""

from __future__ import annotations

import calendar
import re

from kg_builder.model import Mention
from kg_builder.nlp.titles import TITLE


def _year(name: str) -> str:
    return rf"(?:(?P<{name}>(?:19|20)\d\d)\s*年)?"


_RANGE_DASH = r"\s*[-—–~～至到]\s*"
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH = r"(?:1[0-2]|0?[1-9])"  # zero-padded months too (2024年06月30日)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_DAY_MARK = r"[日号曰]"  # 曰 is a common typo for 日
# Dates in Chinese numerals: 二〇二三年三月十三日
_CN_DIGIT = "〇○零一二三四五六七八九"
_CN_YEAR = rf"[{_CN_DIGIT}]{{4}}"
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"

# Alternatives in priority order; the combined pattern is tried leftmost-first, longest form first.
_FORMS = [
    ("iso", r"(?P<iy>(?:19|20)\d\d)[-/.](?P<im>1[0-2]|0?[1-9])[-/.](?P<id>3[01]|[12]\d|0?[1-9])(?!\d)"),
    ("cn_day", rf"(?P<cy>{_CN_YEAR})年(?P<cm>{_CN_MONTH})月(?:(?P<cd>{_CN_DAY})日)?"),
    (
        "range",
        _year("y")
        + rf"(?P<m>{_MONTH})\s*月\s*(?P<d>{_DAY})\s*{_DAY_MARK}?"
        + _RANGE_DASH
        # the end may repeat the year (2024年3月15日—2024年3月17日)
        + rf"(?:(?:19|20)\d\d\s*年\s*(?={_MONTH}\s*月))?"
        + rf"(?:(?P<m2>{_MONTH})\s*月\s*)?(?P<d2>{_DAY})\s*{_DAY_MARK}",
    ),
    ("day", _year("dy") + rf"(?P<dm>{_MONTH})\s*月\s*(?P<dd>{_DAY})\s*{_DAY_MARK}"),
    # 1至3月, 2024年1—2月, 3月至5月 (not 3月至5月10日, a day range above)
    (
        "month_range",
        _year("ry0")
        + rf"(?P<rm>{_MONTH})\s*(?:月(?:份)?)?"
        + _RANGE_DASH
        + rf"(?P<rm2>{_MONTH})\s*月(?:份)?(?![\d份]*[日号曰底末初旬])",
    ),
    (
        "month_end",
        r"(?:截至|截止|到)?\s*(?:(?P<ey>(?:19|20)\d\d)\s*年)?"
        rf"(?:(?P<em>{_MONTH})\s*|(?P<this>本))月(?P<part>底|末|初|[上中下]旬|上中旬|中下旬)",
    ),
    ("day_of_period", rf"(?<=截至)(?P<pd>{_DAY}){_DAY_MARK}|(?<=截止)(?P<pd2>{_DAY}){_DAY_MARK}"),
    ("quarter", r"(?:(?P<qy>(?:19|20)\d\d)\s*年\s*(?:第)?|第)?(?P<q>[一二三四1-4])\s*季度"),
    ("month", rf"(?:(?P<my>(?:19|20)\d\d)\s*年\s*)?(?P<mm>{_MONTH})\s*月(?:份)?(?![\d份]*[日号曰底末初旬])"),
    ("this_month_day", rf"本月(?P<tmd>{_DAY}){_DAY_MARK}"),
    ("last_month", rf"上个?月(?:(?P<lmd>{_DAY}){_DAY_MARK}|(?P<lmp>底|末|初|[上中下]旬))?"),
    ("this_month", r"本月"),
    # 本季度, 上季度 (上一季度): the report's quarter, the one before it
    ("relative_quarter", r"(?P<rq>本|上一?个?)季度"),
    ("year_range", r"(?P<ry>(?:19|20)\d\d)\s*年?\s*[-—–~～至]\s*(?P<ry2>(?:19|20)\d\d)\s*年"),
    ("year", r"(?P<yy>(?:19|20)\d\d)\s*(?:年度|年)"),
]
DATE_PATTERN = re.compile(r"(?<![\d.])(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in _FORMS) + ")")


def find_dates(text: str) -> list[Mention]:
    """Every date expression outside 《titles》, its parts in attrs (year may be missing)."""
    blocked = [(m.start(), m.end()) for m in TITLE.finditer(text)]
    mentions: list[Mention] = []
    b = 0
    for m in DATE_PATTERN.finditer(text):
        while b < len(blocked) and blocked[b][1] <= m.start():
            b += 1
        if b < len(blocked) and blocked[b][0] < m.end():
            continue
        form = m.lastgroup
        assert form is not None
        g = {k: v for k, v in m.groupdict().items() if v}
        attrs: dict[str, str] = {"form": form}
        if form == "iso":
            attrs.update(year=g["iy"], month=g["im"], day=g["id"])
        elif form == "range":
            attrs.update(month=g["m"], day=g["d"], month2=g.get("m2", g["m"]), day2=g["d2"])
            if "y" in g:
                attrs["year"] = g["y"]
        elif form == "month_range":
            attrs.update(month=g["rm"], month2=g["rm2"])
            if "ry0" in g:
                attrs["year"] = g["ry0"]
        elif form == "cn_day":
            attrs.update(year=str(_cn_number(g["cy"], digits=True)), month=str(_cn_number(g["cm"])))
            if "cd" in g:
                attrs.update(day=str(_cn_number(g["cd"])))
            else:
                attrs["form"] = "month"
        elif form == "day_of_period":
            attrs.update(day=g.get("pd") or g["pd2"])
        elif form == "day":
            attrs.update(month=g["dm"], day=g["dd"])
            if "dy" in g:
                attrs["year"] = g["dy"]
        elif form == "month_end":
            attrs.update(part=g["part"])
            if "em" in g:
                attrs["month"] = g["em"]
            if "ey" in g:
                attrs["year"] = g["ey"]
        elif form == "quarter":
            attrs.update(quarter=str(_CN_QUARTER[g["q"]]))
            if "qy" in g:
                attrs["year"] = g["qy"]
        elif form == "month":
            attrs.update(month=g["mm"])
            if "my" in g:
                attrs["year"] = g["my"]
        elif form == "year_range":
            attrs.update(year=g["ry"], year2=g["ry2"])
        elif form == "year":
            attrs.update(year=g["yy"])
        elif form == "this_month_day":
            attrs.update(day=g["tmd"])
        elif form == "last_month" and "lmp" in g:
            attrs.update(part=g["lmp"])
        elif form == "last_month" and "lmd" in g:
            attrs.update(day=g["lmd"])
        elif form == "relative_quarter":
            attrs.update(quarters_back="0" if g["rq"] == "本" else "1")
        if "year" not in attrs and text.endswith(("去年", "上年"), 0, m.start()):
            attrs["year_offset"] = "-1"  # 去年3月: the year before the report's
        elif "year" not in attrs and text.endswith(("今年", "本年"), 0, m.start()):
            attrs["year_offset"] = "0"
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip("截至止到 "))
        mentions.append(
            Mention(
                label="Date", start=start, end=m.end(), text=text[start : m.end()], rule=f"date.{form}", attrs=attrs
            )
        )
    return mentions


def _cn_number(text: str, *, digits: bool = False) -> int:
    """二〇二三 (digit by digit) → 2023; 十三, 二十一, 三十 → 13, 21, 30."""
    values = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
    if digits:
        return int("".join(str(values[c]) for c in text))
    if "十" not in text:
        return values[text]
    tens, _, ones = text.partition("十")
    return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)


def _first_month(attrs: dict[str, str]) -> int:
    """The month a date's span starts in: its month, or its quarter's first; 0 when it has neither."""
    if "month" in attrs:
        return int(attrs["month"])
    if "quarter" in attrs:
        return 3 * int(attrs["quarter"]) - 2
    return 0


def normalize_date(attrs: dict[str, str], period: str | None) -> str | None:
    """ISO-like value of a date mention: 2019-01-22, 2019-01-14/2019-01-17, 2021-08, 2021-Q2, 2020."""
    form = attrs["form"]
    period_year = int(period[:4]) if period else None
    period_month = int(period[5:7]) if period and len(period) >= 7 else None
    if form == "this_month":
        return period if period_month else None
    if form == "this_month_day":
        return f"{period}-{int(attrs['day']):02d}" if period_month else None
    if form == "last_month":
        if not (period_year and period_month):
            return None
        last_year, last_month = (period_year, period_month - 1) if period_month > 1 else (period_year - 1, 12)
        form = "day" if "day" in attrs else "month_end"  # 上月20日 is a day of last month
        attrs = {**attrs, "form": form, "month": str(last_month), "year": str(last_year)}
    if form == "relative_quarter":
        if not (period_year and period_month):
            return None
        quarter = (period_month - 1) // 3 + 1 - int(attrs["quarters_back"])
        return f"{period_year}-Q{quarter}" if quarter > 0 else f"{period_year - 1}-Q4"
    year = int(attrs["year"]) if "year" in attrs else period_year
    if year is None:
        return None
    if "year_offset" in attrs:
        year += int(attrs["year_offset"])
    elif "year" not in attrs and period_month and _first_month(attrs) > period_month + 1:
        year -= 1  # a January brief's 12月 (or 四季度) is last year's
    if form == "day_of_period":
        return f"{period}-{int(attrs['day']):02d}" if period_month else None
    if form in {"iso", "day", "cn_day"}:
        return f"{year}-{int(attrs['month']):02d}-{int(attrs['day']):02d}"
    if form == "range":
        return (
            f"{year}-{int(attrs['month']):02d}-{int(attrs['day']):02d}/"
            f"{year}-{int(attrs['month2']):02d}-{int(attrs['day2']):02d}"
        )
    if form == "month_end" and "month" not in attrs:  # 本月上旬, 本月底: the report's month
        if not period_month:
            return None
        attrs = {**attrs, "month": str(period_month)}
    if form == "month_end" and attrs.get("part", "").endswith("旬"):
        # 上旬/中旬/下旬: days 1-10, 11-20, 21 to the month's end; 中下旬 from the first's start
        # to the second's end
        month = int(attrs["month"])
        tens = {"上": (1, 10), "中": (11, 20), "下": (21, calendar.monthrange(year, month)[1])}
        first, last = tens[attrs["part"][0]][0], tens[attrs["part"][-2]][1]
        return f"{year}-{month:02d}-{first:02d}/{year}-{month:02d}-{last:02d}"
    if form == "month_range":
        return f"{year}-{int(attrs['month']):02d}/{year}-{int(attrs['month2']):02d}"
    if form in {"month_end", "month"}:
        return f"{year}-{int(attrs['month']):02d}"
    if form == "quarter":
        return f"{year}-Q{attrs['quarter']}"
    if form == "year_range":
        return f"{attrs['year']}/{attrs['year2']}"
    return str(year)
