"""One text's context, built once and read by every stage after the NLP pipeline.

The layout (an official document's parts, or none), the Document with its kind, period and
paragraphs, the sentences, the paragraph index with each paragraph's place scope, the 《title》
spans and the mentions indexed by label. Stages read it; resolution and the official-document
stage add mentions to it (`with_mentions`); nothing builds any part a second time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from kg_builder.evidence import Sentences
from kg_builder.layout import Layout, read_layout
from kg_builder.model import Document, Evidence, Mention, Paragraph, SourceText
from kg_builder.nlp.titles import Spans, short_name_mentions, title_spans
from kg_builder.structure import structure


class ParagraphIndex:
    """Which paragraph (and so which province) a text offset falls in; outside a province's
    paragraph, the province the whole text is about."""

    def __init__(self, document: Document) -> None:
        self.paragraphs = document.paragraphs
        self.starts = [p.start for p in document.paragraphs]
        self.document_province = document.province

    def _at(self, offset: int) -> Paragraph | None:
        i = bisect_right(self.starts, offset) - 1
        return self.paragraphs[i] if i >= 0 else None

    def paragraph_start(self, offset: int) -> int:
        paragraph = self._at(offset)
        return paragraph.start if paragraph else 0

    def province_at(self, offset: int) -> str | None:
        paragraph = self._at(offset)
        return (paragraph.province if paragraph else None) or self.document_province

    def locality_at(self, offset: int) -> str | None:
        """The prefecture of a paragraph about one (宝鸡 市教育局…); else None, and the text's own."""
        paragraph = self._at(offset)
        return paragraph.locality if paragraph else None


@dataclass
class DocumentContext:
    source: SourceText
    layout: Layout | None
    document: Document
    sentences: Sentences
    paragraphs: ParagraphIndex
    titles: Spans
    mentions: list[Mention] = field(default_factory=list)
    _by_label: dict[str, list[Mention]] = field(default_factory=dict, repr=False)
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, source: SourceText) -> DocumentContext:
        layout = read_layout(source.text)
        return cls.from_document(source, structure(source, layout), layout)

    @classmethod
    def from_document(cls, source: SourceText, document: Document, layout: Layout | None = None) -> DocumentContext:
        """The context of a text whose Document is already made (tests make one by hand)."""
        return cls(
            source=source,
            layout=layout,
            document=document,
            sentences=Sentences(source, document.id),
            paragraphs=ParagraphIndex(document),
            titles=title_spans(source.text),
        )

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def period(self) -> str | None:
        return self.document.period

    def with_mentions(self, mentions: list[Mention]) -> DocumentContext:
        """The mentions every later stage reads, sorted and indexed by label for bisection."""
        self.mentions = sorted(mentions, key=lambda m: m.start)
        by_label: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            by_label[m.label].append(m)
        self._by_label = dict(by_label)
        self._starts = {label: [m.start for m in ms] for label, ms in by_label.items()}
        return self

    def of(self, label: str) -> list[Mention]:
        return self._by_label.get(label, [])

    def named_documents(self) -> list[Mention]:
        """The documents the text names, by title or by a short name it defined (以下简称《方案》):
        what links between documents are read from."""
        return sorted(self.of("Document") + short_name_mentions(self.text), key=lambda m: m.start)

    def between(self, label: str, start: int, end: int) -> list[Mention]:
        """Mentions of a label that start in [start, end)."""
        starts = self._starts.get(label, [])
        return self.of(label)[bisect_left(starts, start) : bisect_left(starts, end)]

    def in_title(self, m: Mention) -> bool:
        """Inside 《…》: a body named in a title does not act in the sentence around it."""
        return self.titles.containing(m.start, m.end) is not None

    def sentence_start(self, pos: int) -> int:
        return self.sentences.start_of(pos)

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        return self.sentences.evidence(start, end, rule)
