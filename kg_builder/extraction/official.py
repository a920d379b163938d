"""An official document as a Document of its own: its header, signature and the facts they state.

From the layout (layout.py) and the resolved mentions: the title line is a Document with its 文号
and genre; the bodies in the signature (or at the head of the title, when there is no signature)
issued it, in order; the 成文日期 dates it; the bodies among the addressees and the cc list are
what it is ADDRESSED_TO and COPIED_TO. In the body, documents after 根据/按照/依据/落实/贯彻 are
what it CITES, and documents a sentence says are 废止 are what it REPEALS; 我局, 我部, 本办法
refer to its first issuer.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from kg_builder.extraction.context import DocumentContext
from kg_builder.extraction.links import document_link, link_kind, title_links
from kg_builder.extraction.resolve import SELF_HEADS, national_name, own_body
from kg_builder.gazetteer import load
from kg_builder.layout import Layout, Span, split_list
from kg_builder.model import Evidence, Mention, Relation, SourceDocument
from kg_builder.nlp.agencies import signing_bodies
from kg_builder.nlp.dates import find_dates, normalize_date
from kg_builder.nlp.titles import clean_title, genre_of, work_title
from kg_builder.textnorm import normalize_number

_SPREAD = re.compile(r"[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff])+")
_REPEALED = re.compile(r"(?:同时|予以|即行|一并)?(?:废止|停止执行|不再执行|失效)")
# What may stand between a title and the 废止 after it: its number in brackets, and more titles of the
# list (《A》（HJ 24-2014）、《B》（HJ 705-2014）废止 repeals both).
_LISTED_BEFORE_REPEAL = re.compile(r"(?:\s*[（(][^（）()]*[）)]|\s*(?:、|，|,|和|及|与|以及)\s*《[^《》]*》)*\s*")


def _signers(line: str, pos: int) -> list[Mention]:
    """Central bodies signing a line no mention covers: an official signs for the body
    (国务院总理 李鹏), or a short name is spread to the line's width (教　育　部), read whole."""
    spread = _SPREAD.fullmatch(line) is not None
    read = re.sub(r"\s+", "", line) if spread else line
    return [
        m.model_copy(
            update={
                "start": pos if spread else pos + m.start,
                "end": pos + len(line) if spread else pos + m.end,
                "name": national_name(load(), m, None),
            }
        )
        for m in signing_bodies(read)
        if not spread or m.end - m.start == len(read)
    ]


class OfficialDocument:
    """What the source says about itself, and the facts that follow from it."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.text = ctx.text
        self.mentions = ctx.mentions
        self.documents = ctx.named_documents()
        self.starts = [m.start for m in self.mentions]
        self.sentences = ctx.sentences
        self.layout: Layout | None = ctx.layout

    def _agencies_in(self, start: int, end: int) -> list[Mention]:
        found = self.mentions[bisect_left(self.starts, start) : bisect_left(self.starts, end)]
        names: dict[str, Mention] = {}
        for m in found:
            if m.label == "Agency" and m.name and m.end <= end and m.attrs.get("scope") != "self":
                names.setdefault(m.name, m)
        return list(names.values())

    def block(self) -> SourceDocument | None:
        layout = self.layout
        if layout is None:
            return None
        meta = {key: span.text for key, span in layout.metadata.items()}
        title = clean_title(layout.title.text) if layout.title else meta.get("名称")
        number = layout.number.text if layout.number else meta.get("文号")
        return SourceDocument(
            title=title,
            doc_number=normalize_number(number) if number else None,
            genre=genre_of(title) if title else None,
            issuers=[m.name for m in self.issuers() if m.name],
            # the 成文日期 under the signature, else the page's: its 成文日期, else its publication date
            date=self._date(layout.date)
            or self._date_text(meta.get("成文日期"))
            or self._date_text(meta.get("发布日期")),
            addressees=split_list(layout.addressees.text) if layout.addressees else [],
            cc=[item for span in layout.cc for item in split_list(span.text)],
            printed_by=layout.printed_by.text if layout.printed_by else None,
            printed_date=self._date(layout.printed_date),
        )

    def issuers(self) -> list[Mention]:
        """The signature's bodies in order; else the bodies at the head of the title; else the
        page's 发布机关."""
        layout = self.layout
        if layout is None:
            return []
        if layout.signature is not None:
            signed: list[Mention] = []
            pos = layout.signature.start
            for line in self.text[layout.signature.start : layout.signature.end].split("\n"):
                found = self._agencies_in(pos, pos + len(line)) or _signers(line, pos)
                signed += [m for m in found if m.name not in {s.name for s in signed}]
                pos += len(line) + 1
            if signed:
                return signed
        if layout.title is not None:
            head: list[Mention] = []
            pos = layout.title.start
            for m in self._agencies_in(layout.title.start, layout.title.end):
                if m.start != pos:
                    break
                head.append(m)
                pos = m.end
                while pos < layout.title.end and self.text[pos] in " 、和及与":
                    pos += 1
            if head:
                return head
        published_by = layout.metadata.get("发布机关")
        return self._agencies_in(published_by.start, published_by.end) if published_by else []

    @staticmethod
    def _date(span: Span | None) -> str | None:
        return OfficialDocument._date_text(span.text if span else None)

    @staticmethod
    def _date_text(text: str | None) -> str | None:
        found = find_dates(text or "")
        return normalize_date(found[0].attrs, None) if found else None

    def _evidence(self, start: int, end: int, rule: str) -> Evidence:
        return self.sentences.evidence(start, end, rule)

    def _addressed(self, type_: str, title: str, m: Mention) -> Relation:
        """ADDRESSED_TO or COPIED_TO an agency of the 主送 or 抄送 line."""
        return Relation(
            type=type_,
            head=title,
            head_label="Document",
            tail=m.name or m.text,
            tail_label="Agency",
            evidence=self._evidence(m.start, m.end, f"official.{type_.lower()}"),
        )

    def with_self_references(self, mentions: list[Mention]) -> list[Mention]:
        """我局, 我部, 本委 in an official document are its first issuer with that head, or the body
        whose office signed it (我部 in a notice of 某部办公厅 is 某部)."""
        issuers = self.issuers()
        if not issuers:
            return mentions
        out = []
        for m in mentions:
            if m.rule == "agency.self":
                own = own_body(issuers, m.text[-1], len(self.text)) if m.text[-1] in SELF_HEADS else None
                own = own or issuers[0]
                m = m.model_copy(update={"name": own.name, "attrs": {**own.attrs, "self": "1"}})
            out.append(m)
        return out

    def facts(self, block: SourceDocument) -> tuple[list[Mention], list[Relation]]:
        """The Document of the source itself (a mention of its title line), who issued it, and
        what it addresses, copies to, cites and repeals."""
        layout = self.layout
        if layout is None or not block.title:
            return [], []
        anchor = layout.title or layout.number or Span("", 0, min(len(self.text), 1))
        attrs = {k: v for k, v in (("genre", block.genre), ("doc_number", block.doc_number)) if v}
        document = Mention(
            label="Document",
            start=anchor.start,
            end=anchor.end,
            rule="official.title",
            text=self.text[anchor.start : anchor.end],
            name=block.title,
            attrs=attrs,
        )
        relations: list[Relation] = []
        issuers = self.issuers()
        if issuers and issuers[0].name:
            first = issuers[0]
            relations.append(
                Relation(
                    type="ISSUED",
                    head=first.name,
                    head_label="Agency",
                    tail=block.title,
                    tail_label="Document",
                    date=block.date,
                    province=first.attrs.get("province"),
                    co_issuers=[m.name for m in issuers[1:] if m.name],
                    evidence=self._evidence(first.start, first.end, "official.signature"),
                )
            )
        for relation, spans in (
            ("ADDRESSED_TO", [layout.addressees] if layout.addressees else []),
            ("COPIED_TO", layout.cc),
        ):
            for span in spans:
                for m in self._agencies_in(span.start, span.end):
                    relations.append(self._addressed(relation, block.title, m))
        title_span = layout.title or anchor
        for kind, target in title_links(block.title):
            evidence = self._evidence(title_span.start, title_span.end, f"official.{kind.lower()}_title")
            relations.append(document_link(kind, block.title, target, evidence))
        body_start = (layout.addressees or layout.title or anchor).end
        own = work_title(block.title)
        for m in self.documents:
            if m.start < body_start or not m.name or work_title(m.name) == own:
                continue
            before = self.text[self.sentences.start_of(m.start) : m.start - 1]
            after = self.text[m.end + 1 : self.sentences.end_of(m.end)]
            end = _REPEALED.search(after[:200])
            repealed = end is not None and _LISTED_BEFORE_REPEAL.fullmatch(after[: end.start()]) is not None
            link = "REPEALS" if repealed else link_kind(before)
            if link is not None:
                evidence = self._evidence(m.start, m.end, f"official.{link.lower()}")
                relations.append(document_link(link, block.title, m.name, evidence))
        return [document], _unique(relations)


def _unique(relations: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for r in relations:
        if (r.type, r.head, r.tail) not in seen:
            seen.add((r.type, r.head, r.tail))
            out.append(r)
    return out
