"""Common questions, in Chinese or English, mapped by patterns onto the named queries.

The mapping is explicit: an intent pattern picks the query and the entities found in the
question (a topic from the topic scheme, a genre word, an agency, a province, a year, a document's
title) fill its parameters. Every part of the question must be read: what is left once the intent,
the entities and the question's function words are taken out must be empty, or the question gets
422 with what was understood and the supported forms, never the answer to another question.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from kg_builder.errors import BadInput
from kg_builder.gazetteer import load
from kg_builder.schema import topic_labels
from kg_builder.textnorm import simplified

SUPPORTED = [
    "哪些省份印发了IPv6相关文件? / which provinces issued IPv6 documents",
    "哪些省份印发了IPv6相关方案? / which provinces issued IPv6 plans",
    "河北省教育厅2021年印发了哪些文件? / what did 河北省教育厅 issue in 2021",
    "吉林省教育厅召开了哪些会议? / which events did 吉林省教育厅 hold",
    "吉林的时间线 / timeline of 吉林",
    "教育部有哪些下属单位? / units of 教育部",
    "哪些文件引用了《教育信息化2.0行动计划》? / which documents cite 《教育信息化2.0行动计划》",
    "哪些省份落实了《教育信息化2.0行动计划》? / which provinces implemented 《教育信息化2.0行动计划》",
    "《教育信息化2.0行动计划》之后各省多久出台了配套文件? / how soon did provinces follow 《教育信息化2.0行动计划》",
]
# Questions about a document's follow-ups, asked with its title: which documents cite or implement
# it (followups), which provinces followed it and how soon (followup_provinces).
_LINKED = re.compile(
    r"引用|援引|依据|根据|依照|按照|落实|贯彻|跟进|配套|cit(?:e[sd]?|ing)|implement\w*|follow\w*", re.I
)
_SPREAD = re.compile(r"(?:哪些|哪几个|各)省份?|多久|多快|which provinces|how (?:soon|fast|long)", re.I)
# The words a question is made of besides what it asks about: read, and taken out before the check
# that nothing is left unread.
_FUNCTION_WORDS = re.compile(
    r"请问|请|列出|给出|查询|一下|哪些|哪几个|哪个|什么|有没有|是否|有|了|的|相关|关于|方面|在|过|吗|呢|都|各|等|"
    r"和|与|及|是|被|由|所|中|里|之后|以后|后|省份|省|地区|文件|多久|多快|出台|印发|发布|下发|制定|"
    r"\b(?:which|what|who|did|does|do|have|has|had|the|of|in|on|about|related|to|a|an|for|with|and|by|list|show|me|"
    r"all|any|how|soon|fast|long|after|since|provinces?|issued?|documents?|files?|their|its|regions?)\b|"
    r"[\s?？!！,，.。、:：;；\"“”'‘’()（）]",
    re.I,
)

_INTENTS = [
    ("provinces", re.compile(r"(?:哪些|哪几个)(?:省份?|地区)|which provinces|what provinces", re.I)),
    ("hierarchy", re.compile(r"(?:下属|内设|所属|上级)(?:单位|机构|部门)?|hierarchy|units of|part of", re.I)),
    ("timeline", re.compile(r"时间线|大事记|timeline", re.I)),
    ("events", re.compile(r"会议|活动|召开|举办|events?|meetings?|held|hold", re.I)),
    ("documents", re.compile(r"印发|发布|出台|文件|issued?|documents?", re.I)),
]
# English genre words; the Chinese ones are the genre heads of the gazetteer (方案 plan, 通知 notice ...).
_ENGLISH_GENRES = {
    "plans": "plan",
    "plan": "plan",
    "notices": "notice",
    "notice": "notice",
    "opinions": "opinion",
    "measures": "measures",
    "guides": "guide",
    "guide": "guide",
    "standards": "standard",
    "reports": "report",
    "key points": "key_points",
}
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")


@dataclass(frozen=True)
class Interpretation:
    query: str
    params: dict[str, str | None]


class NotUnderstood(BadInput):
    """No supported form matches the question, or a part of it is not read."""

    def __init__(self, question: str, understood: dict[str, str | None] | None = None, unread: str = "") -> None:
        super().__init__(question)
        self.understood = understood
        self.unread = unread

    def detail(self) -> dict[str, object]:
        if self.understood is None:
            return {"message": f"no supported form matches {str(self)!r}", "supported": SUPPORTED}
        return {
            "message": f"{str(self)!r}: {self.unread!r} is not understood; the answer would be to another question",
            "understood": {k: v for k, v in self.understood.items() if v is not None},
            "unread": self.unread,
            "supported": SUPPORTED,
        }


def interpret(question: str, agencies: Collection[str] = (), documents: Collection[str] = ()) -> Interpretation:
    """The query and parameters a question asks for; `agencies` are the bodies the graph knows,
    so that a question names one by its full name (河北省教育厅) or its official short form, and
    `documents` the titles, aliases and 文号 of its documents, named with or without 《》."""
    text = simplified(question).strip()
    read: list[str] = []  # the parts of the question that were understood
    document = _document(text, documents)
    meaning = _followups(text, document) if document else None
    if meaning is None:
        meaning = _filtered(text, agencies, read)
    elif document:
        read.append(document)
    if meaning is None:
        raise NotUnderstood(question)
    unread = _unread(text, read)
    if unread:
        raise NotUnderstood(question, {"query": meaning.query, **meaning.params}, unread)
    return meaning


def _followups(text: str, document: str) -> Interpretation | None:
    if not _LINKED.search(text):
        return None
    return Interpretation("followup_provinces" if _SPREAD.search(text) else "followups", {"document": document})


def _filtered(text: str, agencies: Collection[str], read: list[str]) -> Interpretation | None:
    """The questions that filter the issued documents: provinces, documents, events, timeline, hierarchy."""
    intent = next((name for name, pattern in _INTENTS if pattern.search(text)), None)
    if intent is None:
        return None
    topic = _topic(text, read)
    genre = _genre(text, read)
    agency = _agency(text, agencies, read)
    province = _province(text, read)
    year = _YEAR.search(text)
    if year:
        read.append(year.group(0))
    period = {"from": year.group(1), "to": f"{year.group(1)}-12-31"} if year else {"from": None, "to": None}
    if intent == "provinces":
        return Interpretation("provinces", {"topic": topic, "genre": genre, **period})
    if intent == "hierarchy" and agency:
        return Interpretation("hierarchy", {"agency": agency})
    if intent == "timeline" and province:
        return Interpretation("timeline", {"province": province})
    if intent == "events" and (agency or province):
        return Interpretation("events", {"agency": agency, "province": None if agency else province, **period})
    if intent == "documents" and (agency or province or topic):
        return Interpretation(
            "documents",
            {"issuer": agency, "province": None if agency else province, "topic": topic, "genre": genre, **period},
        )
    return None


def _unread(text: str, read: list[str]) -> str:
    """What is left of the question once what was read, the intents' words and the function words are out."""
    for part in sorted(read, key=len, reverse=True):
        text = text.replace(part, " ")
    text = re.sub(r"《[^《》]*》", " ", text)
    for _, pattern in _INTENTS:
        text = pattern.sub(" ", text)
    text = _LINKED.sub(" ", _SPREAD.sub(" ", text))
    return " ".join(_FUNCTION_WORDS.sub(" ", text).split())


def _document(text: str, documents: Collection[str]) -> str | None:
    """The document the question names: in 《》, else the longest title, alias or 文号 the graph knows."""
    titled = re.search(r"《([^《》]+)》", text)
    if titled:
        return titled.group(1)
    found = [d for d in documents if len(d) >= 6 and d in text]
    return max(found, key=len) if found else None


def _genre(text: str, read: list[str]) -> str | None:
    words = {**{h: g for h, g in load().genres.items() if len(h) > 1}, **_ENGLISH_GENRES}
    for word in sorted(words, key=len, reverse=True):
        found = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text, re.I)
        if found:
            read.append(found.group(0))
            return words[word]
    return None


def _topic(text: str, read: list[str]) -> str | None:
    labels = topic_labels()
    for label in sorted(labels, key=len, reverse=True):
        found = re.search(re.escape(label), text, re.I if label.isascii() else 0)
        if found:
            read.append(found.group(0))
            return labels[label]
    return None


def _agency(text: str, agencies: Collection[str], read: list[str]) -> str | None:
    """The longest body the graph knows that the question names, by its name or a central body's
    official short form (教育部科技司 is no body of its own; 科学技术部 and 科技部 are one)."""
    g = load()
    names = {name: name for name in agencies}
    names.update(
        {
            alias: body.official
            for body in g.central
            if body.agency
            for alias in body.aliases
            if len(alias) > 2 and body.official in names
        }
    )
    found = [n for n in names if n in text]
    if not found:
        return None
    read.append(max(found, key=len))
    return names[read[-1]]


def _province(text: str, read: list[str]) -> str | None:
    names = {name: p.short for p in load().provinces for name in p.names if len(name) > 1}
    found = [n for n in names if n in text]
    if not found:
        return None
    read.append(max(found, key=len))
    return names[read[-1]]
