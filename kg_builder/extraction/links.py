"""Links between documents: CITES and IMPLEMENTS, each with the sentence that states it (GUIDE.md,
"Links between documents").

A title is cited when the words right before it in its clause give it as a basis (根据, 依据, 按照,
依照, 遵照, 参照《B》), and implemented when they say the document was made to carry it out
(为贯彻落实, 落实, 贯彻, 实施, 执行《B》, with 为/为了/为进一步 and 深入/全面/认真/切实 before them).
Titles listed after one cue share it (根据《B1》和《B2》). The citing document A is, in running
text, the document the same sentence reports as issued after B (为贯彻落实《B》，某厅印发《A》); in
an official document, the text's own document (official.py); and a title that names its target
inside it (关于贯彻落实〈B〉的实施意见) implements or cites that target.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg_builder.extraction.context import DocumentContext
from kg_builder.gazetteer import load
from kg_builder.model import Evidence, Mention, Relation
from kg_builder.nlp.titles import clean_title, work_title

_LEAD = r"(?:为了?|为进一步)?(?:深入|全面|认真|切实|积极)?"
_IMPLEMENTING = re.compile(_LEAD + r"(?:贯彻落实|贯彻|落实|实施|执行)$")
_CITING = re.compile(r"(?:根据|依据|按照|依照|遵照|参照)$")
_CLAUSE = re.compile(r"[，,。；;：:！!？?\n]")
_EARLIER = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|[和及与、]|以及")  # titles sharing one cue, and their joiners
_NESTED = re.compile(r"〈([^〈〉]+)〉|《([^《》]+)》")
# 该方案指出, 《意见》明确, 方案提出: a sentence whose subject is a document just named, by its head noun.
_SAYS = r"(?:提出|指出|明确|强调|要求|规定|表示|称)"


@lru_cache(maxsize=1)
def _referring_subject() -> re.Pattern[str]:
    heads = "|".join(sorted(map(re.escape, load().genres), key=len, reverse=True))
    return re.compile(rf"\s*(?:该|此|本|这一|上述)?《?(?P<head>{heads})》?\s*(?:中)?\s*{_SAYS}")


_REPEALING = re.compile(r"(?:废止|代替|替代|取代)$")  # 同时废止《B》, 本办法代替《B》
# 《B实施方案》 beside 《B》 in one text: the title of a work made to carry B out (GUIDE.md: 《B》的实施方案)
_CARRYING_OUT = re.compile(r"的?(?:实施方案|实施细则|实施意见|实施办法|落实方案|工作方案)$")


def link_kind(before: str) -> str | None:
    """IMPLEMENTS, CITES, REPEALS or None for the words before a title in its clause."""
    cue = _EARLIER.sub("", _CLAUSE.split(before)[-1]).rstrip()
    if _IMPLEMENTING.search(cue):
        return "IMPLEMENTS"
    if _CITING.search(cue):
        return "CITES"
    if _REPEALING.search(cue):
        return "REPEALS"
    return None


def links(ctx: DocumentContext, issued: list[Relation]) -> list[Relation]:
    """CITES and IMPLEMENTS in running text: from the issued documents of a sentence to the titles it
    gives as their basis, and from titles that name their target inside them."""
    issued_names = {r.tail for r in issued if r.type == "ISSUED"}
    documents = [d for d in ctx.named_documents() if d.name]
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(type_: str, head: Mention, tail: str, at: Mention, rule: str) -> None:
        if head.name and work_title(head.name) != work_title(tail) and (type_, head.name, tail) not in seen:
            seen.add((type_, head.name, tail))
            evidence = ctx.evidence(min(head.start, at.start), max(head.end, at.end), rule)
            out.append(document_link(type_, head.name, tail, evidence))

    # In an official document the citing document is the text's own (official.py links it), not a
    # document its sentences issue.
    clauses = documents if ctx.document.kind != "official_document" else []
    for i, cited in enumerate(clauses):
        sentence_start = ctx.sentence_start(cited.start)
        kind = link_kind(ctx.text[sentence_start : max(sentence_start, cited.start - 1)])
        if kind is None or not cited.name:
            continue
        citing = next(
            (
                d
                for d in clauses[i + 1 :]
                if ctx.sentence_start(d.start) == sentence_start and d.name in issued_names and d.name != cited.name
            ),
            None,
        )
        if citing is None:
            citing = _referred_to(ctx, clauses[:i], sentence_start, issued_names)
        if citing is None and kind == "IMPLEMENTS":
            citing = _issued_before(ctx, clauses[:i], cited, sentence_start, issued_names)
        if citing is not None:
            add(kind, citing, cited.name, cited, f"{kind.lower()}.clause")
    works = {work_title(d.name or "") for d in documents}
    issuers: dict[str, set[str]] = {}
    for r in issued:
        if r.type == "ISSUED" and r.head:
            issuers.setdefault(work_title(r.tail), set()).add(r.head)
    for d in documents:
        for kind, target in title_links(d.name or ""):
            add(kind, d, target, d, f"{kind.lower()}.title")
        own = work_title(d.name or "")
        stem = _CARRYING_OUT.sub("", own)
        if stem != own and stem in works and not issuers.get(own, set()) & issuers.get(stem, set()):
            add("IMPLEMENTS", d, stem, d, "implements.title")  # by another body: a body's own plan is not its follow-up
    return out


# A clause that says what the document issued in the clause before it carries out: ，以贯彻落实《B》
_PURPOSE_CLAUSE = re.compile(r"[，,]\s*(?:以|从而|进一步|全面|切实|认真)*(?:贯彻落实|贯彻|落实)")


def _issued_before(
    ctx: DocumentContext, earlier: list[Mention], cited: Mention, sentence_start: int, issued: set[str]
) -> Mention | None:
    """某厅印发《A》，以贯彻落实《B》: the document issued in the clause right before the one that implements B."""
    before = ctx.text[sentence_start : max(sentence_start, cited.start - 1)]
    cut = max(before.rfind("，"), before.rfind(","))
    if cut < 0 or not _PURPOSE_CLAUSE.fullmatch(_EARLIER.sub("", before[cut:]).rstrip()):
        return None
    return next(
        (d for d in reversed(earlier) if sentence_start <= d.start < sentence_start + cut and d.name in issued), None
    )


def _referred_to(ctx: DocumentContext, earlier: list[Mention], sentence_start: int, issued: set[str]) -> Mention | None:
    """该意见指出，依据《B》…: the document the sentence's subject refers to by its head noun, the
    last issued document before the sentence whose title ends with that noun."""
    said = _referring_subject().match(ctx.text, sentence_start)
    if said is None:
        return None
    head = said["head"]
    return next(
        (d for d in reversed(earlier) if d.end <= sentence_start and d.name in issued and d.name.endswith(head)),
        None,
    )


def document_link(type_: str, head: str, tail: str, evidence: Evidence) -> Relation:
    """A link from one document to another (CITES, IMPLEMENTS, REPEALS), to the work the target names:
    根据《教育部关于印发〈B〉的通知》 cites B (GUIDE.md: a carrier title and its work are one document)."""
    return Relation(
        type=type_, head=head, head_label="Document", tail=work_title(tail), tail_label="Document", evidence=evidence
    )


def title_links(title: str) -> list[tuple[str, str]]:
    """(IMPLEMENTS or CITES, the target) for each title named inside a title with a cue before it:
    关于贯彻落实〈B〉的实施意见, 某局关于落实《B》的通知."""
    found = []
    for inner in _NESTED.finditer(title):
        kind = link_kind(title[: inner.start()])
        if kind is not None:
            found.append((kind, clean_title(inner.group(1) or inner.group(2))))
    return found


def listed_once(relations: list[Relation]) -> list[Relation]:
    """A citation that is also an implementation is listed once, as IMPLEMENTS."""
    implemented = {(r.head, r.tail) for r in relations if r.type == "IMPLEMENTS"}
    return [r for r in relations if not (r.type == "CITES" and (r.head, r.tail) in implemented)]
