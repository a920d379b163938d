"""Relations with evidence: HELD, LAUNCHED, APPROVED, PART_OF, LOCATED_IN, MENTIONS, the ISSUED and
REVISED facts of issuing.py and the links between documents of links.py."""

from __future__ import annotations

import re

from kg_builder.extraction.context import DocumentContext
from kg_builder.extraction.issuing import date_before, issued, subject_before
from kg_builder.extraction.links import links
from kg_builder.gazetteer import load
from kg_builder.model import Mention, Relation

_HELD_VERB = re.compile(r"(组织召开|召开|举办|举行|主办|联合举办|联合主办)了?\s*$")
_LAUNCH_VERB = re.compile(r"(启动|实施|开展|推出|开通|上线)了?\s*$")
_APPROVE_VERB = re.compile(r"批复")


def _acted_on(ctx: DocumentContext, label: str, verb: re.Pattern[str], type_: str, rule: str) -> list[Relation]:
    text = ctx.text
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for target in ctx.of(label):
        window_start = max(ctx.sentence_start(target.start), target.start - 12)
        m = verb.search(text[window_start : target.start])
        if m is None:
            continue
        pos = window_start + m.start()
        subject, _ = subject_before(ctx, pos)
        if subject is None or subject.name is None or target.name is None:
            continue
        if (subject.name, target.name) in seen:
            continue
        seen.add((subject.name, target.name))
        out.append(
            Relation(
                type=type_,
                head=subject.name,
                head_label="Agency",
                tail=target.name,
                tail_label=label,
                date=date_before(ctx, pos),
                province=subject.attrs.get("province"),
                evidence=ctx.evidence(subject.start, target.end, rule),
            )
        )
    return out


def structural(ctx: DocumentContext) -> list[Relation]:
    """PART_OF from the agency hierarchy, LOCATED_IN from the agency's province, MENTIONS from titles."""
    g = load()
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(type_: str, head: str, head_label: str, tail: str, tail_label: str, m: Mention, rule: str) -> None:
        if (type_, head, tail) not in seen and head != tail:
            seen.add((type_, head, tail))
            out.append(
                Relation(
                    type=type_,
                    head=head,
                    head_label=head_label,
                    tail=tail,
                    tail_label=tail_label,
                    evidence=ctx.evidence(m.start, m.end, rule),
                )
            )

    for a in ctx.of("Agency"):
        if not a.name:
            continue
        if a.attrs.get("scope") == "national":
            known = g.central_by_name.get(a.name)
            parent = known.parent if known else a.attrs["official"]
            if parent and parent != a.name:
                add("PART_OF", a.name, "Agency", parent, "Agency", a, "part_of.gazetteer")
        elif a.attrs.get("province"):
            add("LOCATED_IN", a.name, "Agency", a.attrs["province"], "Province", a, "located_in.prefix")
    for d in ctx.of("Document"):
        for label in ("Program", "Topic"):
            for m in ctx.between(label, d.start, d.end):
                if m.end <= d.end and m.name and d.name:
                    add("MENTIONS", d.name, "Document", m.name, m.label, d, "mentions.in_title")
    return out


def relate(ctx: DocumentContext) -> list[Relation]:
    facts = issued(ctx)
    return (
        facts
        + links(ctx, facts)
        + _acted_on(ctx, "Event", _HELD_VERB, "HELD", "held.verb")
        + _acted_on(ctx, "Program", _LAUNCH_VERB, "LAUNCHED", "launched.verb")
        + _acted_on(ctx, "Program", _APPROVE_VERB, "APPROVED", "approved.verb")
        + structural(ctx)
    )
