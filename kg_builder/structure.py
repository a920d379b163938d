"""SourceText → Document: kind, period, title, ★ sections, paragraphs and the province each is about."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache

from kg_builder.gazetteer import Division, load
from kg_builder.layout import Layout
from kg_builder.model import Document, DocumentKind, Paragraph, SourceText
from kg_builder.nlp.dates import find_dates
from kg_builder.nlp.places import find_places, in_organisation_name
from kg_builder.nlp.titles import TITLE

_LINE = re.compile(r"[^\n]+")
# A year in the running text; one after 到/至 or before 前 is a target (到2025年), not the text's time.
_BARE_YEAR = re.compile(r"(?<![\d.\-—~～/:到])(?<!(?<!截)至)((?:19|20)\d\d)(?![\d.\-—~～/:])(?!年?底?前)")
# A year written as one, not a target (到2025年, 至2025年, 2025年前) nor a range's end; 截至2016年
# (as of) is the text's own time.
_YEAR = re.compile(r"(?<![\d.\-—~～到])(?<!(?<!截)至)((?:19|20)\d\d)(?:年|年度)(?![\d]*[—\-~～至])(?!底?前)")
_TITLE_MONTH = re.compile(r"((?:19|20)\d\d)\s*年\s*(1[0-2]|0?[1-9])\s*月")
_TITLE_SPAN = re.compile(r"((?:19|20)\d\d)\s*年(?:度|上半年|下半年|第?[一二三四1-4]季度|全年)")
# A report, summary or plan on one year (关于2021年…工作情况的报告, 2023年工作总结): the year is its period.
_YEAR_REPORT = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)[^\n]*(?:报告|总结|要点|计划|安排)$")
# A page's own stamp: 2022-09-27 来源: ..., 2022年9月27日 10:30 来源: ...
_STAMP = re.compile(
    r"^\s*((?:19|20)\d\d)\s*[-/年.]\s*(1[0-2]|0?[1-9])\s*[-/月.]\s*(3[01]|[12]\d|0?[1-9])\s*日?"
    r"(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s*(?:来源|作者|发布|浏览|$)",
    re.M,
)
_MONTH_DAY = re.compile(r"(?<![\d年])(1[0-2]|[1-9])月(?:(\d{1,2})[日号]|底|[上中下]旬|初)")
_PUBLISHED = re.compile(r"(?:更新日期|发布日期|发布时间|日期|时间)\s*[:：]\s*((?:19|20)\d\d)[-/年.](\d{1,2})")
_META = re.compile(r"^(?:来源|作者|更新日期|发布日期|发布时间|责任编辑)\s*[:：]")
_WORK_PLAN_TITLE = re.compile(r"(工作要点|工作计划|工作安排|行动计划|实施方案)$")
_EVENT_NEWS_TITLE = re.compile(r"(召开|举行|举办|开幕|闭幕|印发|发布)$")
_REGIONAL = "各地工作动态"
# A news agency's dateline (新华社武汉6月20日电, 本报北京3月1日讯) says where the report was filed,
# not what place the text is about.
_DATELINE = re.compile(r"[\u4e00-\u9fff]{2,12}?\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)")
_ITEM_MARK = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）.、．]\s*)?[【\[〖]?")


@lru_cache(maxsize=1)
def _province_start() -> re.Pattern[str]:
    names = sorted(load().province_by_name, key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, names)) + ")")


def document_id(original: str) -> str:
    return hashlib.sha256(original.encode("utf-8")).hexdigest()[:16]


def _without_titles(text: str) -> str:
    """Years inside 《…》 belong to titles, not to the text's own time."""
    return TITLE.sub(lambda m: " " * len(m.group(0)), text)


def infer_kind(text: str, first_line: str, layout: Layout | None = None) -> DocumentKind:
    """The kind of text; `layout` is the text's official-document layout, if it has one."""
    if "★" in text or "【摘要】" in text or "工作月报" in first_line:
        return "monthly_report"
    if layout is not None:
        return "official_document"
    if _WORK_PLAN_TITLE.search(first_line):
        return "work_plan"
    head = text[:400]
    if any(_META.match(line) for line in head.splitlines()) or _EVENT_NEWS_TITLE.search(first_line):
        return "news"
    return "other"


def infer_period(text: str, kind: DocumentKind, title: str, layout: Layout | None = None) -> str | None:
    """The report's own month: an official document's 成文日期, its title (2022年8月…月报), its
    page stamp, then its content."""
    if kind == "official_document":
        dated = find_dates(layout.date.text) if layout is not None and layout.date is not None else []
        if dated and "year" in dated[0].attrs and "month" in dated[0].attrs:
            return f"{int(dated[0].attrs['year'])}-{int(dated[0].attrs['month']):02d}"
    own = _TITLE_MONTH.search(_without_titles(title))
    if own and kind != "work_plan":
        return f"{own.group(1)}-{int(own.group(2)):02d}"
    span = _TITLE_SPAN.search(_without_titles(title)) or _YEAR_REPORT.search(_without_titles(title))
    if span:  # 2021年上半年…汇编, 2022年度工作总结, 关于2021年…情况的报告: a report on a year or part of one
        return span.group(1)
    published = _PUBLISHED.search(text[:600]) or _STAMP.search(text[:600])
    if published:
        return f"{published.group(1)}-{int(published.group(2)):02d}"
    if kind == "work_plan":
        title_year = re.match(r"((?:19|20)\d\d)年", title)
        if title_year:
            return title_year.group(1)
    body = _without_titles(text)
    # Years written as years (2021年); failing any, years inside names (湖北2022网络…行动).
    years = [int(y) for y in _YEAR.findall(body)] or [int(y) for y in _BARE_YEAR.findall(body)]
    if not years:
        return None
    # A brief reports on the latest year it speaks of: a January brief mentions the past year
    # (2018年度) often, but its own year (2019年春节) too.
    year = max(years)
    months = Counter(int(m.group(1)) for m in _MONTH_DAY.finditer(body))
    if kind in {"monthly_report", "news", "other"} and months:
        return f"{year}-{months.most_common(1)[0][0]:02d}"
    return str(year)


def _title(lines: list[str], kind: DocumentKind, period: str | None, layout: Layout | None) -> str:
    if kind == "official_document":
        if layout is not None and layout.title is not None:
            return layout.title.text
        if layout is not None and "名称" in layout.metadata:
            return layout.metadata["名称"].text
    for line in lines[:3]:
        if line.startswith(("【", "★", "摘要")) or len(line) > 60 or "," in line or "。" in line:
            continue
        return line.strip()
    if kind == "monthly_report":
        return f"教育信息化和网络安全工作月报({period})" if period else "教育信息化和网络安全工作月报"
    return lines[0][:40] if lines else ""


def _scope(lines: list[str], kind: DocumentKind) -> tuple[str | None, str | None]:
    """The province (and prefecture or county) a whole text is about: the one place its title
    names, else (outside briefs, whose lines are about many places) the one its first lines
    name, else the place that most of its mentions of places are in."""
    lines = [_DATELINE.sub(lambda m: " " * len(m.group(0)), line) for line in lines]
    heads = [lines[:1]] if kind == "monthly_report" else [lines[:1], lines[:3]]
    for n, head in enumerate(heads):
        places = list(find_places(_without_titles("\n".join(head))))
        provinces = {p.province.short for p in places if p.province}
        if len(provinces) == 1 and all(p.province for p in places):
            # Only a title says that the text is about one city (宝鸡市教育局召开…); a city
            # named in its first lines may be one of several.
            local = next((p.text for p in places if p.kind in {"prefecture", "county"}), None) if n == 0 else None
            return provinces.pop(), local
    if kind == "monthly_report":
        return None, None
    counts = Counter(p.province.short for p in find_places("\n".join(lines)) if p.province)
    if counts:
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        if (n >= 2 and n >= 0.6 * total) or n == total:  # the only province the text names
            return top, None
    return None, None


def _city_start(line: str, at: int) -> tuple[str, str] | None:
    """The prefecture a line starts with, written with or without its level (宝鸡, 宝鸡市), and
    its province, when the name is of one prefecture only and begins no school's name (西安交通大学)."""
    for size in range(min(12, len(line) - at), 1, -1):
        cities = _prefectures().get(line[at : at + size], [])
        if len(cities) == 1 and not in_organisation_name(line, at + size):
            return cities[0].name, cities[0].province.short
    return None


@lru_cache(maxsize=1)
def _prefectures() -> dict[str, list[Division]]:
    """Prefectures by name and short name (宝鸡市, 宝鸡)."""
    by_name: dict[str, list[Division]] = {}
    for d in load().divisions:
        if d.level == "prefecture":
            for name in {d.name, *d.short}:
                by_name.setdefault(name, []).append(d)
    return by_name


def _header_province(line: str) -> str | None:
    """A short line like '湖北省教育厅党组书记、厅长 陶宏:' opens a part about that province."""
    head = line[:40]
    if ":" not in head and "：" not in head:
        return None
    m = _province_start().match(line)
    return load().province_by_name[m.group(1)].short if m else None


def structure(src: SourceText, layout: Layout | None) -> Document:
    """The Document of a text; `layout` is its official-document layout (read once, by the
    caller: kg_builder/extraction/context.py), or None."""
    text = src.text
    spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    lines = [text[s:e] for s, e in spans]
    first = lines[0].strip() if lines else ""
    kind = infer_kind(text, first, layout)
    period = infer_period(text, kind, first, layout)
    sections: list[str] = []
    paragraphs: list[Paragraph] = []
    section: str | None = None
    part_province: str | None = None
    for (start, end), line in zip(spans, lines, strict=True):
        if line.startswith("★"):
            section = line.lstrip("★ ").strip()
            sections.append(section)
            part_province = None
            continue
        province = place = None
        if section and _REGIONAL[:2] in section:
            # 河北 …, 河北：…, 【河北】…, （二）河北 …, 3.河北…, 河北省教育厅…: a line of the regional
            # section that starts with a province is about it (not 北京大学, a school's name); one
            # that starts with a city (宝鸡 市教育局…, 深圳：…) is about the city, in its province.
            lead = _ITEM_MARK.match(line)
            at = lead.end() if lead else 0
            m = _province_start().match(line, at)
            if m and not in_organisation_name(line, m.end()):
                province = load().province_by_name[m.group(1)].short
            elif (city := _city_start(line, at)) is not None:
                place, province = city
        else:
            header = _header_province(line)
            if header:
                part_province = header
            province = part_province
        paragraphs.append(Paragraph(start=start, end=end, section=section, province=province, locality=place))
    province, locality = _scope(lines, kind)
    return Document(
        id=document_id(src.original),
        source=src.path,
        kind=kind,
        period=period,
        title=_title(lines, kind, period, layout),
        province=province,
        locality=locality,
        sections=sections,
        paragraphs=paragraphs,
    )
