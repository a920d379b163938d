"""The layout of an official document (党政机关公文格式, GB/T 9704-2012), read from its lines.

份号, 密级 and 紧急程度 lines, the 发文机关标志, the 发文字号 (国核安函〔2022〕42号, or 公告 2021年
第38号), the title (关于…的通知), the 主送机关 line ending in a colon, the body, the 发文机关署名
and 成文日期 under it (or run into one line: 工业和信息化部2021年7月30日), 附注, 抄送 and the
印发机关和印发日期 line. Pages saved from government sites may add a metadata block (名称, 索引号,
发布机关, 文号, 成文日期): used when present, never required. Text only: which words are
bodies is for the NLP stages to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg_builder.nlp.titles import DOC_NUMBER, genre_of

# A 公告's own number: 2023年第15号, 〔2024〕第5号.
_ANNOUNCEMENT_NUMBER = r"(?:(?:19|20)\d\d\s*年|[〔\[［]\s*(?:19|20)\d\d\s*[〕\]］])\s*第\s*\d{1,5}\s*号"
# A line that is a 发文字号 (its 号 may be cut off: 工信部联消费〔2024〕12), or a 公告's own number
# (公告 2021年 第38号); an upward document's (请示, 报告) also names its signer: 签发人：某某.
_NUMBER_LINE = re.compile(
    rf"^\s*(?:{DOC_NUMBER.pattern}|{DOC_NUMBER.pattern.removesuffix('号')}"
    rf"|.{{0,80}}?(?:公告|令)?\s*(?:{_ANNOUNCEMENT_NUMBER})|[（(]\s*{_ANNOUNCEMENT_NUMBER}\s*[）)])"
    r"(?P<signer>\s+签\s*发\s*人\s*[:：].{0,40})?\s*$"
)
# An order's number under its title (中华人民共和国教育部令 / 第55号).
_ORDER_NUMBER = re.compile(r"^\s*第\s*\d{1,5}\s*号\s*$")
# A numbered announcement's headline with its number after it: X公告（2024年第1号）, or after
# 公告 or 令 without brackets: X公告 2023年第15号, X公告〔2024〕第5号.
_HEADLINE_NUMBER = re.compile(
    rf"\s*(?:[（(]\s*(?P<number>{_ANNOUNCEMENT_NUMBER})\s*[）)]|(?:(?<=公告)|(?<=令))\s*(?P<bare>{_ANNOUNCEMENT_NUMBER}))\s*$"
)
# A line that ends in a colon is the 主送 line unless it is a sentence of the body introducing
# what follows (为…，现将有关事项公告如下：).
_INTRODUCES = re.compile(r"(?:如下|下列|以下|有关事项|通知|公告|意见)\s*[:：]\s*$|^(?:为|根据|按照|依据|现将|现就)")
# A date after a label (有效期限：至…, 施行日期：…) dates something else than the signing.
_LABELLED_DATE = re.compile(r"(?:[:：]|至|起|止|到|于|自)\s*$")
_MAX_SIGNATURE_LINES = 12
_TITLE_HEAD = re.compile(r"(?:公告|通告|命令|令|决定|通知|通报|意见|函|复函|批复|请示|报告)$")
_SENTENCE = re.compile(r"[。；;！？!?]")
_ADDRESSEES = re.compile(r"^(?P<list>[^。；;]{2,300}?)[:：]\s*$")
_CC = re.compile(r"^\s*(?:部内)?抄\s*送\s*[:：]\s*(?P<list>.+?)[。.]?\s*$")
_DATE = (
    r"(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
    r"[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)"
)
_DATE_LINE = re.compile(rf"^(?P<before>.*?)\s*(?P<date>{_DATE})\s*$")
_PRINTED = re.compile(rf"^\s*(?P<by>.+?)\s*(?P<date>{_DATE})\s*印\s*发\s*$")
# A saved page's metadata block: each label as sites write it, and the one name it is kept under.
_METADATA_KEYS = {
    "名称": "名称",
    "标题": "名称",
    "索引号": "索引号",
    "发布机关": "发布机关",
    "发文机关": "发布机关",
    "发文机构": "发布机关",
    "文号": "文号",
    "发文字号": "文号",
    "成文日期": "成文日期",
    "成文时间": "成文日期",
    "发布日期": "发布日期",
    "发布时间": "发布日期",
    "生成日期": "生成日期",
    "主题分类": "主题分类",
    "主题词": "主题词",
    "有效性": "有效性",
    # labels read only so that their lines are never taken for a title or a signature
    "公文种类": "公文种类",
    "文种": "公文种类",
    "体裁分类": "公文种类",
    "来源": "来源",
    "信息来源": "来源",
    "发布机构": "发布机关",
    "公开方式": "公开方式",
    "公开范围": "公开方式",
    "时效性": "有效性",
    "效力级别": "效力级别",
    "实施日期": "实施日期",
    "施行日期": "实施日期",
}
_METADATA = re.compile(
    r"^\s*(?P<key>" + "|".join(r"\s*".join(k) for k in _METADATA_KEYS) + r")\s*[:：]\s*(?P<value>.*?)\s*$"
)
# Any other label of a saved page (主办单位：…): a short word and a colon opening the line.
_LABELLED = re.compile(r"^[\u4e00-\u9fff\s]{2,8}[:：]")
# 份号, 密级, 紧急程度 and the 发文机关标志 (某某厅文件): lines above a title that are no part of it.
_MARKING = re.compile(r"^(?:\d{4,8}|[绝机]密.*|秘密.*|特急|加急|平急|.{2,30}文件|签\s*发\s*人\s*[:：].{0,40})$")
_BOILER = re.compile(r"^[（(]?(?:此件|联系人|附件|注)")
_ENUMERATED = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)[.、．)）]|^[(（](?:\d+|[一二三四五六七八九十]+)[)）]")


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@dataclass
class Layout:
    number: Span | None = None
    title: Span | None = None
    addressees: Span | None = None
    signature: Span | None = None  # the signature lines and any signature run into the date line
    date: Span | None = None
    cc: list[Span] = field(default_factory=list)
    printed_by: Span | None = None
    printed_date: Span | None = None
    metadata: dict[str, Span] = field(default_factory=dict)  # the value of each label, where it is


_KINDS_OF_PLACES = re.compile(r"各(?:省|自治区|直辖市|计划单列市|市|县)(?:、|和|及)")


def split_list(text: str) -> list[str]:
    """Addressees or cc as written: bodies are separated by ，and by 、, except inside brackets and in
    an enumeration of kinds of places that share one head (各省、自治区、直辖市教育厅, also after the
    body they belong to: 国家税务总局各省、自治区、直辖市税务局)."""
    items: list[str] = []
    for part in _split_outside_brackets(text.strip(), "，,"):
        if part.startswith("各") or _KINDS_OF_PLACES.search(part):
            items.append(part)
        else:
            items += _split_outside_brackets(part, "、")
    return [item.strip(" 。.") for item in items if item.strip(" 。.")]


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for c in text:
        depth += 1 if c in "(（[［" else -1 if c in ")）]］" else 0
        if c in separators and depth <= 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(c)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _lines(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append(Span(line.strip(), pos + lead, pos + lead + len(line.strip())))
        pos += len(line) + 1
    return spans


def _number_of(line: Span) -> Span:
    """The number on a number line, without the signer an upward document names after it or the
    brackets around a 公告's number."""
    m = _NUMBER_LINE.match(line.text)
    text = line.text[: m.start("signer")] if m is not None and m.group("signer") else line.text
    # a 公告's number printed in brackets under its headline: （2024年第2号）
    bracketed = re.fullmatch(r"\s*[（(]\s*(.+?)\s*[）)]\s*", text)
    if bracketed:
        return Span(bracketed.group(1), line.start + bracketed.start(1), line.start + bracketed.end(1))
    return Span(text, line.start, line.start + len(text))


def is_title(line: str) -> bool:
    """关于…的通知, 某部关于…的意见, 某某公告, 国务院、中央军委…命令: a head genre, no sentence."""
    if _SENTENCE.search(line) or len(line) > 150 or line.endswith(("：", ":")) or _LABELLED.match(line):
        return False
    return bool(_TITLE_HEAD.search(line)) and (
        "关于" in line or genre_of(line) is not None or line.endswith(("公告", "命令", "令"))
    )


def read_layout(text: str) -> Layout | None:
    """The parts of an official document, or None when the text is not laid out as one: it
    needs two of a number line, a title line, a closing 成文日期, or a metadata block."""
    lines = _lines(text)
    if not lines:
        return None
    layout = Layout()
    labelled = 0
    for line in lines[:20]:
        m = _METADATA.match(line.text)
        if m:
            key = _METADATA_KEYS[re.sub(r"\s+", "", m.group("key"))]
            layout.metadata[key] = Span(m.group("value"), line.start + m.start("value"), line.start + m.end("value"))
            labelled += 1
    body_start = 0
    pending: list[Span] = []  # lines above the title line: a title wrapped over two or three lines
    for i, line in enumerate(lines[: 8 + labelled]):
        if _METADATA.match(line.text) or (layout.metadata and _LABELLED.match(line.text)):
            body_start, pending = i + 1, []
            continue
        numbered = _HEADLINE_NUMBER.search(line.text)
        headline = line.text[: numbered.start()].strip() if numbered else ""
        # 公告 2021年 第38号 alone is the number line of a headline below it
        if layout.title is None and numbered and headline not in {"公告", "令"} and is_title(headline):
            part = "number" if numbered.group("number") else "bare"
            layout.number = Span(numbered.group(part), line.start + numbered.start(part), line.end)
            line = Span(line.text[: numbered.start()], line.start, line.start + numbered.start())
        elif layout.number is None and _NUMBER_LINE.match(line.text):
            layout.number = _number_of(line)
            body_start, pending = i + 1, []
            continue
        if layout.title is None and is_title(line.text):
            wrapped = [
                p
                for p in pending[-2:]
                if not _SENTENCE.search(p.text)
                and not p.text.endswith(("：", ":"))
                and len(p.text) <= 40
                and not _MARKING.match(p.text)
            ]
            if wrapped and wrapped == pending[-len(wrapped) :]:
                line = Span("".join(p.text for p in wrapped) + line.text, wrapped[0].start, line.end)
            layout.title = line
            body_start = i + 1
            break
        pending.append(line)
        if layout.title is None and i >= 4:
            break
    for line in lines[body_start : body_start + 3]:
        order = layout.title is not None and layout.title.text.endswith("令") and _ORDER_NUMBER.match(line.text)
        if _NUMBER_LINE.match(line.text) or order:  # the number under the title, as pages often print it
            layout.number = layout.number or _number_of(line)
            continue
        m = _ADDRESSEES.match(line.text)
        if m and not line.text.startswith(("附件", "联系")) and not _INTRODUCES.search(line.text):
            layout.addressees = Span(m.group("list"), line.start, line.start + len(m.group("list")))
        break
    _closing(lines, layout)
    # A page's publication stamp alone (发布时间：…) is no metadata block of a document.
    described = bool(layout.metadata.keys() & {"名称", "文号", "发布机关", "成文日期"})
    signals = sum(x is not None for x in (layout.number, layout.title, layout.date)) + described
    return layout if signals >= 2 else None


def _closing(lines: list[Span], layout: Layout) -> None:
    """成文日期 and 发文机关署名 (the last date line with a signature above it or run into it: an
    attachment may follow), 抄送 and 印发 lines."""
    body = layout.title.end if layout.title else 0
    dated: list[tuple[int, re.Match[str]]] = []
    for i, line in enumerate(lines):
        if line.start < body:
            continue
        cc = _CC.match(line.text)
        printed = _PRINTED.match(line.text)
        date = _DATE_LINE.match(line.text)
        if cc:
            layout.cc.append(Span(cc.group("list"), line.start + cc.start("list"), line.start + cc.end("list")))
        elif printed:
            layout.printed_by = Span(printed.group("by"), line.start, line.start + printed.end("by"))
            layout.printed_date = Span(
                printed.group("date"), line.start + printed.start("date"), line.start + printed.end("date")
            )
        elif (
            date
            and not _SENTENCE.search(date.group("before"))
            and len(date.group("before")) <= 80
            and not _LABELLED_DATE.search(date.group("before"))
        ):
            dated.append((i, date))
    signed = [(i, m) for i, m in dated if m.group("before") or _signature_lines(lines, i, body)]
    if not (signed or dated):
        return
    i, m = (signed or dated)[-1]
    line = lines[i]
    layout.date = Span(m.group("date"), line.start + m.start("date"), line.start + m.end("date"))
    above = _signature_lines(lines, i, body)
    start = above[0].start if above else line.start
    if above or m.group("before"):
        layout.signature = Span("", start, line.start + m.start("date"))


def _signature_lines(lines: list[Span], date_line: int, body: int) -> list[Span]:
    """The short lines right above a date line that can be names of bodies (no sentence, no
    enumeration, no colon): one body per line or several, as many as signed."""
    out: list[Span] = []
    for line in reversed(lines[max(0, date_line - _MAX_SIGNATURE_LINES) : date_line]):
        if (
            line.start < body
            or _SENTENCE.search(line.text)
            or len(line.text) > 40
            or _BOILER.match(line.text)
            or re.search(r"[，,《》“”]", line.text)
            or _ENUMERATED.match(line.text)
            or line.text.endswith(("：", ":"))
            or _DATE_LINE.match(line.text)
        ):
            break
        out.insert(0, line)
    return out
