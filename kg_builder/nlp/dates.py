"""Date mentions: calendar dates, ranges, months, quarters and years, with their parts.

The year of a date written without one (1月22日) is filled in later from the document's period.
"""

from __future__ import annotations

import re

from kg_builder.model import Mention


def _year(name: str) -> str:
    return rf"(?:(?P<{name}>(?:19|20)\d\d)\s*年)?"


_RANGE_DASH = r"\s*[-—–~～至到]\s*"
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Alternatives in priority order; the combined pattern is tried leftmost-first, longest form first.
_FORMS = [
    ("iso", r"(?P<iy>(?:19|20)\d\d)[-/.](?P<im>1[0-2]|0?[1-9])[-/.](?P<id>3[01]|[12]\d|0?[1-9])(?!\d)"),
    ("range", _year("y") + r"(?P<m>1[0-2]|[1-9])\s*月\s*(?P<d>3[01]|[12]\d|[1-9])\s*[日号]?" + _RANGE_DASH
     + r"(?:(?P<m2>1[0-2]|[1-9])\s*月\s*)?(?P<d2>3[01]|[12]\d|[1-9])\s*[日号]"),
    ("day", _year("dy") + r"(?P<dm>1[0-2]|[1-9])\s*月\s*(?P<dd>3[01]|[12]\d|[1-9])\s*[日号]"),
    ("month_end", r"(?:截至|截止|到)?\s*(?:(?P<ey>(?:19|20)\d\d)\s*年)?"
     r"(?P<em>1[0-2]|[1-9])\s*月(?:底|末|初|[上中下]旬)"),
    ("quarter", r"(?P<qy>(?:19|20)\d\d)\s*年\s*第?(?P<q>[一二三四1-4])\s*季度"),
    ("month", r"(?P<my>(?:19|20)\d\d)\s*年\s*(?P<mm>1[0-2]|[1-9])\s*月(?![\d份]*[日号底末初])"),
    ("this_month", r"本月"),
    ("year_range", r"(?P<ry>(?:19|20)\d\d)\s*年?\s*[-—–~～至]\s*(?P<ry2>(?:19|20)\d\d)\s*年"),
    ("year", r"(?P<yy>(?:19|20)\d\d)\s*(?:年度|年)"),
]
DATE_PATTERN = re.compile(r"(?<![\d.])(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in _FORMS) + ")")
_TITLE = re.compile(r"《[^《》\n]*》")


def find_dates(text: str) -> list[Mention]:
    """Every date expression outside 《titles》, its parts in attrs (year may be missing)."""
    blocked = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
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
        elif form == "day":
            attrs.update(month=g["dm"], day=g["dd"])
            if "dy" in g:
                attrs["year"] = g["dy"]
        elif form == "month_end":
            attrs.update(month=g["em"])
            if "ey" in g:
                attrs["year"] = g["ey"]
        elif form == "quarter":
            attrs.update(year=g["qy"], quarter=str(_CN_QUARTER[g["q"]]))
        elif form == "month":
            attrs.update(year=g["my"], month=g["mm"])
        elif form == "year_range":
            attrs.update(year=g["ry"], year2=g["ry2"])
        elif form == "year":
            attrs.update(year=g["yy"])
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip("截至止到 "))
        mentions.append(Mention(label="Date", start=start, end=m.end(), text=text[start:m.end()],
                                rule=f"date.{form}", attrs=attrs))
    return mentions


def normalize_date(attrs: dict[str, str], period: str | None) -> str | None:
    """ISO-like value of a date mention: 2019-01-22, 2019-01-14/2019-01-17, 2021-08, 2021-Q2, 2020."""
    form = attrs["form"]
    period_year = int(period[:4]) if period else None
    period_month = int(period[5:7]) if period and len(period) >= 7 else None
    if form == "this_month":
        return period if period_month else None
    year = int(attrs["year"]) if "year" in attrs else period_year
    if year is None:
        return None
    if "year" not in attrs and period_month and "month" in attrs and int(attrs["month"]) > period_month + 1:
        year -= 1  # a January brief's 12月 is last December
    if form in {"iso", "day"}:
        return f"{year}-{int(attrs['month']):02d}-{int(attrs['day']):02d}"
    if form == "range":
        return (f"{year}-{int(attrs['month']):02d}-{int(attrs['day']):02d}/"
                f"{year}-{int(attrs['month2']):02d}-{int(attrs['day2']):02d}")
    if form in {"month_end", "month"}:
        return f"{year}-{int(attrs['month']):02d}"
    if form == "quarter":
        return f"{year}-Q{attrs['quarter']}"
    if form == "year_range":
        return f"{attrs['year']}/{attrs['year2']}"
    return str(year)
