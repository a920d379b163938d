"""ISSUED and REVISED: who issued which 《document》, read by the clause grammar (clause.py).

Who issued a title is decided in this order: the body at the head of the title (《教育部关于…》);
the subject the clause grammar finds (active, relative, passive, nominal voice; 分别 pairs);
the subject agency of the sentence before the verb; provinces as the subject; the agency that
was the subject earlier in the same part of the text (a province's paragraph or a speaker's
section); the body whose own text it is; none (the province of the paragraph or title). A
document only cited (落实《…》, 根据《…》) has no issuing verb and so no ISSUED fact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from kg_builder.extraction import clause
from kg_builder.extraction.context import DocumentContext
from kg_builder.model import Mention, Relation
from kg_builder.nlp.agencies import COORDINATION

# An agency right after one of these is not the acting subject (经部网信领导小组审定, 在教育部指导下).
_NOT_SUBJECT_BEFORE = (
    "经",
    "在",
    "根据",
    "按照",
    "会同",
    "联合",
    "对",
    "向",
    "将",
    "把",
    "为",
    "由",
    "与",
    "和",
    "及",
    "、",
    "给",
)
# A clause that ends in an organisation's head noun before its verb names its own actor.
_OWN_ACTOR = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:局|厅|委|办|馆|院|中心|部|站|所|司|公司|集团|大学|学院|学校|协会"
    r"|学会)$"
)
_DATE_BEFORE = re.compile(r"\d+日\s*[,，]?\s*$")
# An official's title after a body: the body acts in that clause (某司副司长…发布《…》), but a
# speaker's heading (某省教育厅党组书记、厅长 某某:) does not make it the actor of what follows.
_PERSON_TITLE = re.compile(
    r"(?:党组|党委)?(?:书记|成员|副?部长|副?厅长|副?司长|副?局长|副?主任|副?馆长"
    r"|负责同志|同志)"
)


def is_subject(text: str, agency: Mention) -> bool:
    """Whether the body can act in its clause; an official's title after it (某司副司长…发布)
    still makes the body the actor."""
    before = text[max(0, agency.start - 4) : agency.start].rstrip()
    if before.endswith(_NOT_SUBJECT_BEFORE):
        return False
    return not text.startswith("的", agency.end)


def _clause_start(text: str, agency: Mention) -> bool:
    i = agency.start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i == 0 or text[i - 1] in "\n,，。;；:：" or _DATE_BEFORE.search(text, max(0, i - 12), i) is not None


def subject_before(ctx: DocumentContext, pos: int) -> tuple[Mention | None, list[Mention]]:
    """The acting agency of the sentence up to `pos`, and the agencies coordinated with it."""
    text = ctx.text
    start = ctx.sentence_start(pos)
    agencies = [a for a in ctx.between("Agency", start, pos) if a.end <= pos and not ctx.in_title(a)]
    subjects = [a for a in agencies if is_subject(text, a)]
    if not subjects:
        return None, []
    # The clause nearest the verb names its own actor (A印发《甲》，B发布《乙》: B for 乙).
    subject = next((a for a in reversed(subjects) if _clause_start(text, a)), subjects[0])
    co: list[Mention] = []
    previous = subject
    for a in agencies[agencies.index(subject) + 1 :]:
        if COORDINATION.match(text[previous.end : a.start]):
            co.append(a)
            previous = a
        elif text[max(0, a.start - 2) : a.start].endswith("联合"):
            co.append(a)
            previous = a
    return subject, co


def carried_subject(ctx: DocumentContext, pos: int) -> Mention | None:
    """The last agency that acted as a clause subject earlier in the same part of the text,
    unless the clause names an actor of its own that is no known body (某某研究院印发…)."""
    text = ctx.text
    part = text[max(ctx.sentence_start(pos), pos - 40) : pos]
    part = re.split(r"[,，;；:：]", part)[-1].strip()
    if _OWN_ACTOR.search(clause.grammar().trailing_modifiers.sub("", part)):
        return None
    province = ctx.paragraphs.province_at(pos)
    paragraphs = ctx.paragraphs.paragraphs
    if not paragraphs:
        return None
    i = max(0, bisect_right(ctx.paragraphs.starts, pos) - 1)
    first = i
    # A province's part runs over consecutive paragraphs about it (a speaker's section of a news
    # page); elsewhere the part is the paragraph itself.
    while (
        first > 0
        and province is not None
        and paragraphs[first - 1].province == province
        and paragraphs[first - 1].section == paragraphs[i].section
    ):
        first -= 1
    lower = paragraphs[first].start
    candidates = [
        a
        for a in ctx.between("Agency", lower, pos)
        if _clause_start(text, a) and is_subject(text, a) and not _PERSON_TITLE.match(text, a.end)
    ]
    return candidates[-1] if candidates else None


def _author(ctx: DocumentContext, pos: int) -> tuple[Mention | None, list[Mention]]:
    """The body whose own text this is (《某省教育厅2023年工作要点》): the implied subject of a
    clause that names none (联合省财政厅印发《…》), with the bodies it acts jointly with."""
    if ctx.document.kind in {"monthly_report", "news"}:
        return None, []
    first = next(iter(ctx.between("Agency", 0, 1)), None)
    if first is None or first.attrs.get("scope") == "self":
        return None, []
    text = ctx.text
    start = ctx.sentence_start(pos)
    partners = [
        a
        for a in ctx.between("Agency", start, pos)
        if text.endswith(("联合", "会同"), 0, a.start) and not ctx.in_title(a)
    ]
    return first, partners


# 记者从甲获悉, 据甲消息, 甲介绍: the body a report has its news from, who issued what the sentence
# reports with no subject of its own (记者从市教育局获悉，《A》已于日前出台).
_SOURCE_BEFORE = re.compile(r"(?:从|自|据|[，,。；;：:\n]|^)\s*$")
_SOURCE_AFTER = re.compile(r"\s*(?:获悉|了解到|得知|消息|介绍|透露|通报)")


def _news_source(ctx: DocumentContext, pos: int) -> Mention | None:
    text = ctx.text
    for a in ctx.between("Agency", ctx.sentence_start(pos), pos):
        if (
            a.end <= pos
            and _SOURCE_BEFORE.search(text[max(0, a.start - 3) : a.start])
            and _SOURCE_AFTER.match(text, a.end)
        ):
            return a
    return None


def _title_agencies(ctx: DocumentContext, title: Mention) -> list[Mention]:
    """The bodies that open a title (《工业和信息化部办公厅 公安部办公厅关于…》), in order."""
    text = ctx.text
    heads: list[Mention] = []
    pos = title.start
    for a in ctx.between("Agency", title.start, title.end):
        if a.start != pos or a.attrs.get("scope") == "self":
            break
        heads.append(a)
        pos = a.end
        while pos < title.end and text[pos] in " 、和及与":
            pos += 1
    return heads


def _title_province(ctx: DocumentContext, doc: Mention) -> str | None:
    """《湖南省…行动计划》印发, with no body named: the province the title opens with."""
    opening = ctx.between("Province", doc.start, doc.start + 1)
    return opening[0].name if opening else None


def date_before(ctx: DocumentContext, pos: int) -> str | None:
    start = ctx.sentence_start(pos)
    dates = [d for d in ctx.between("Date", start, pos) if d.attrs.get("form") in {"day", "iso", "range"}]
    return dates[-1].name if dates else None


def _province_subjects(ctx: DocumentContext, pos: int) -> list[str]:
    """浙江印发《…》, 甲、乙印发《…》: the provinces named right before the verb act as issuers."""
    text = ctx.text
    provinces = ctx.between("Province", ctx.sentence_start(pos), pos)
    found: list[Mention] = []
    end = pos
    for p in reversed(provinces):
        gap = text[p.end : end]
        if found and gap.strip() not in {"、", "和", "及", "与", ""}:
            break
        if not found and not clause.grammar().province_gap.fullmatch(gap):
            break
        found.insert(0, p)
        end = p.start
    if not found or not _clause_start(text, found[0]):
        return []
    return list(dict.fromkeys(p.name for p in found if p.name))


@dataclass
class _Clause:
    """A title some clause says was issued, the verb's place, and the subject the grammar found
    (empty: the fallbacks look for one)."""

    doc: Mention
    pos: int
    revise: bool
    subjects: list[Mention]
    rule: str
    verbed: bool = True  # a verb before the title; a nominal 《…》印发 has none
    provinces: list[str] | None = None  # 甲、乙两地分别出台《A》和《B》: the province paired with it
    adopter: Mention | None = None  # 经甲…会议通过，现予公布: the issuer failing an author


def _runs(ctx: DocumentContext) -> Iterator[list[Mention]]:
    """Runs of titles written together (《A》《B》, 《A》和《B》, 《A》、《B》)."""
    text = ctx.text
    joined = clause.grammar().between_titles
    run: list[Mention] = []
    for d in ctx.of("Document"):
        if run and joined.fullmatch(text, run[-1].end + 1, d.start - 1):
            run.append(d)
            continue
        if run:
            yield run
        run = [d]
    if run:
        yield run


def _bodies(ctx: DocumentContext, start: int, end: int) -> list[Mention]:
    return [a for a in ctx.between("Agency", start, end) if not ctx.in_title(a)]


def _agent_phrase(ctx: DocumentContext, pos: int) -> tuple[list[Mention], re.Match[str] | None]:
    """The bodies of an agent phrase starting at `pos` (right after 由) and the verb group that
    follows them: 由甲会同乙印发 → [甲, 乙] and 印发; no verb group, no agent."""
    chain = clause.chain_after(ctx.text, _bodies(ctx, pos, pos + 60), pos)
    verb = clause.grammar().verb_after.match(ctx.text, chain[-1].end) if chain else None
    return (chain, verb) if verb is not None else ([], None)


def _clauses(ctx: DocumentContext) -> Iterator[_Clause]:
    """Every title a clause of issuing governs, in each voice of the grammar."""
    text = ctx.text
    g = clause.grammar()
    for run in _runs(ctx):
        first = run[0]
        verb = g.verb_before.search(text, max(0, first.start - 1 - 24), first.start - 1)
        if verb is not None:
            if (
                clause.is_draft(text, verb.end("group"))
                or g.derivative.match(text, run[-1].end + 1)
                or g.future.search(text, max(0, verb.start() - 16), verb.start())
            ):
                continue  # 研究编制《A》; 发布《A》解读: its interpretation was issued; 将出台《A》: not yet
            group = verb.group("group")
            bodies = _bodies(ctx, ctx.sentence_start(verb.start()), verb.start())
            chain = clause.chain_before(text, bodies, verb.start())
            if chain and clause.is_partner(text, chain[0]):
                chain = []  # 甲…，联合乙、丙印发: the subject is named before the partners
            revise = clause.is_revision(group)
            if verb.group("relative") and not chain and not clause.refers_back(text, verb.start()):
                continue  # 新印发的《…》: a relative clause with no agent says nothing of who issued it
            if len(chain) == len(run) > 1 and clause.split_between(text, chain[0].start, verb.end()):
                for body, doc in zip(chain, run, strict=True):
                    yield _Clause(doc, verb.start(), revise, [body], "issued.respectively")
                continue
            if not chain and len(run) > 1 and clause.split_between(text, ctx.sentence_start(verb.start()), verb.end()):
                provinces = _province_subjects(ctx, verb.start())
                if len(provinces) == len(run):
                    for province, doc in zip(provinces, run, strict=True):
                        yield _Clause(doc, verb.start(), revise, [], "issued.respectively", provinces=[province])
                    continue
            rule = "issued.relative" if verb.group("relative") else "issued.clause"
            for doc in run:
                yield _Clause(doc, verb.start(), revise, chain, rule)
            continue
        # after the run: 《A》和《B》由甲印发, 《A》《B》日前印发
        last = run[-1]
        agent = g.agent_before.match(text, last.end + 1)
        chain, agent_verb = _agent_phrase(ctx, agent.end()) if agent else ([], None)
        announced = g.announced.match(text, last.end + 1)
        if agent_verb is not None:
            yield from (_Clause(doc, doc.start, False, chain, "issued.passive_agent", verbed=False) for doc in run)
        elif announced is not None:
            # 《A》已经…审议通过，现予公布: the body whose order or announcement it is
            # …else the body whose meeting adopted it (已经国务院第30次常务会议通过, in a news report)
            adopted = announced.group("adoption") == "通过"
            bodies = _bodies(ctx, announced.start("adopter"), announced.end("adopter")) if adopted else []
            pos = announced.start("group")
            adopter = bodies[0] if bodies else None
            yield from (_Clause(doc, pos, False, [], "issued.announced", adopter=adopter) for doc in run)
        elif g.verb_after.match(text, last.end + 1):
            yield from (_Clause(doc, doc.start, False, [], "issued.nominal", verbed=False) for doc in run)
    yield from _topic_clauses(ctx)


def _topic_clauses(ctx: DocumentContext) -> Iterator[_Clause]:
    """由甲印发实施。 with no object, right after a sentence about a document: that document."""
    text = ctx.text
    g = clause.grammar()
    for agent in g.topic_agent.finditer(text):
        chain, verb = _agent_phrase(ctx, agent.end())
        if verb is None or not clause.clause_end(text, verb.end()):
            continue
        paragraph = ctx.paragraphs.paragraph_start(agent.start())
        topic = next((d for d in reversed(ctx.between("Document", paragraph, agent.start()))), None)
        if topic is not None:
            yield _Clause(topic, agent.end(), False, chain, "issued.topic_agent", verbed=False)


def issued(ctx: DocumentContext) -> list[Relation]:
    relations: list[Relation] = []
    seen: set[tuple[str, str | None, str, str | None]] = set()
    for found in _clauses(ctx):
        doc, pos, verbed = found.doc, found.pos, found.verbed
        title_heads = _title_agencies(ctx, doc)
        subject, co = (title_heads[0], title_heads[1:]) if title_heads else (None, [])
        rule = "issued.title_prefix"
        if subject is None and found.subjects:
            subject, co, rule = found.subjects[0], found.subjects[1:], found.rule
        if subject is None and found.rule == "issued.announced":
            # the bodies of its approval (经省政府同意) approve; the text's own body publishes
            subject, co = _author(ctx, pos)
            if subject is None:
                subject = found.adopter
            rule, verbed = found.rule, False
        provinces: list[str | None] = []
        if subject is None and found.provinces:
            provinces, rule = list(found.provinces), found.rule
        if subject is None and verbed and not provinces:
            subject, co = subject_before(ctx, pos)
            rule = "issued.subject"
        if subject is None and verbed and not provinces:
            provinces = list(_province_subjects(ctx, pos))
            rule = "issued.province_subject"
        if subject is None and not provinces and verbed:
            subject = carried_subject(ctx, pos)
            rule = "issued.carried_subject"
        if subject is None and not provinces and verbed:
            subject, co = _author(ctx, pos)
            rule = "issued.author"
        if subject is None and not provinces and not verbed:
            subject = _news_source(ctx, pos)
            rule = "issued.news_source"
        if subject is None and not provinces:
            rule = "issued.no_issuer"
            provinces = [_title_province(ctx, doc) or ctx.paragraphs.province_at(pos)]
        type_ = "REVISED" if found.revise else "ISSUED"
        start = min(pos, subject.start) if subject and subject.start < pos else pos
        # 由甲印发。 about a document named before: the quote is the agent's clause, not an empty span
        end = doc.end + 1 if doc.end >= start else max(subject.end if subject else pos, pos) + 1
        evidence = ctx.evidence(start, end, rule)
        heads: list[tuple[Mention | None, str | None]] = (
            [(subject, subject.attrs.get("province"))] if subject else [(None, p) for p in provinces]
        )
        for head, province in heads:
            key = (type_, head.name if head else None, doc.name or "", province)
            if key in seen:
                continue
            seen.add(key)
            relations.append(
                Relation(
                    type=type_,
                    head=head.name if head else None,
                    head_label="Agency" if head else None,
                    tail=doc.name or doc.text,
                    tail_label="Document",
                    date=date_before(ctx, pos),
                    province=province,
                    co_issuers=[a.name for a in co if a.name],
                    evidence=evidence,
                )
            )
    # 河北印发《…》 in the summary and 省教育厅…印发《…》 in the body are one issuance: the fact
    # without an issuer adds nothing where the same document has one in the same province.
    named = {(r.type, r.tail, r.province) for r in relations if r.head is not None}
    return [r for r in relations if r.head is not None or (r.type, r.tail, r.province) not in named]
