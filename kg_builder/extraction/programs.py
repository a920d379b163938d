"""Program mentions after resolution, checked against the other entities of the text.

A program is a named initiative; a document's title, a body's name with a bare generic head
after it (四川省教育厅信息化项目, 教育部计划 "the ministry plans to") or a clause about a person
(某公司总经理某某出席活动) is not one. A body's own named platform or scheme keeps the body's
name (教育部通用业务服务平台)."""

from __future__ import annotations

from kg_builder.model import Mention
from kg_builder.nlp.names import lexicon

# What a weak head (平台, 项目, 计划 ...) needs after a body's name to name something of its own.
_MIN_OWN_NAME = 4


def _only_the_bodys_work(program: Mention, body: Mention) -> bool:
    """The body's name, then a generic head with little or nothing of a name before it."""
    lex = lexicon()
    rest = program.text[body.end - program.start :]
    head = next((h for h in lex.program_heads if rest.endswith(h)), "")
    modifier = len(rest) - len(head)
    return modifier < 3 or (head in lex.weak_heads and modifier < _MIN_OWN_NAME)


def check_programs(mentions: list[Mention]) -> list[Mention]:
    titles = {m.name for m in mentions if m.label == "Document"}
    bodies = {m.start: m for m in mentions if m.label == "Agency"}
    people = [m for m in mentions if m.label == "Person"]
    kept: list[Mention] = []
    for m in mentions:
        if m.label == "Program":
            if m.name in titles or any(m.start <= p.start < m.end for p in people):
                continue
            body = bodies.get(m.start)
            if body is not None and body.end < m.end and _only_the_bodys_work(m, body):
                continue
        kept.append(m)
    return kept
