"""Common questions, in Chinese or English, mapped by patterns onto the named queries.

The mapping is explicit: an intent pattern picks the query and the entities found in the
question (a topic from the topic scheme, a genre word, an agency, a province, a year) fill its
parameters. A question no pattern covers gets the supported forms, never a guess.
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
]

_INTENTS = [
    ("provinces", re.compile(r"哪些省|哪几个省|哪些地区|which provinces|what provinces", re.I)),
    ("hierarchy", re.compile(r"下属|内设|所属单位|上级|hierarchy|units of|part of", re.I)),
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
    """No supported form matches the question."""

    def detail(self) -> dict[str, object]:
        return {"message": f"no supported form matches {str(self)!r}", "supported": SUPPORTED}


def interpret(question: str, agencies: Collection[str] = ()) -> Interpretation:
    """The query and parameters a question asks for; `agencies` are the bodies the graph knows,
    so that a question names one by its full name (河北省教育厅) or its official short form."""
    text = simplified(question).strip()
    intent = next((name for name, pattern in _INTENTS if pattern.search(text)), None)
    if intent is None:
        raise NotUnderstood(question)
    topic = _topic(text)
    genre = _genre(text)
    agency = _agency(text, agencies)
    province = _province(text)
    year = _YEAR.search(text)
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
    raise NotUnderstood(question)


def _genre(text: str) -> str | None:
    words = {**{h: g for h, g in load().genres.items() if len(h) > 1}, **_ENGLISH_GENRES}
    for word in sorted(words, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text, re.I):
            return words[word]
    return None


def _topic(text: str) -> str | None:
    labels = topic_labels()
    for label in sorted(labels, key=len, reverse=True):
        if re.search(re.escape(label), text, re.I if label.isascii() else 0):
            return labels[label]
    return None


def _agency(text: str, agencies: Collection[str]) -> str | None:
    """The longest body the graph knows that the question names, by its name or a central body's
    official short form (教育部科技司 is no body of its own; 科学技术部 and 科技部 are one)."""
    g = load()
    names = {name: name for name in agencies}
    names.update(
        {
            alias: body.official
            for body in g.central
            for alias in body.aliases
            if len(alias) > 2 and body.official in names
        }
    )
    found = [n for n in names if n in text]
    return names[max(found, key=len)] if found else None


def _province(text: str) -> str | None:
    names = {name: p.short for p in load().provinces for name in p.names if len(name) > 1}
    found = [n for n in names if n in text]
    return names[max(found, key=len)] if found else None
