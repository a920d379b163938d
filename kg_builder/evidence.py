"""Evidence for facts and mentions: the sentence around a span and its offsets in the original."""

from __future__ import annotations

import re
from bisect import bisect_right

from kg_builder.model import Evidence, SourceText

SENTENCE_END = re.compile(r"[。!?！？\n]")


class Sentences:
    """Sentence boundaries of a clean text, found once and looked up by offset."""

    def __init__(self, source: SourceText, doc_id: str) -> None:
        self.source = source
        self.doc_id = doc_id
        self.ends = [m.end() for m in SENTENCE_END.finditer(source.text)]

    def spans(self) -> list[tuple[int, int]]:
        """Every sentence's [start, end), in order."""
        starts = [0, *self.ends]
        return [(a, b) for a, b in zip(starts, [*self.ends, len(self.source.text)], strict=True) if b > a]

    def start_of(self, pos: int) -> int:
        i = bisect_right(self.ends, pos) - 1
        return self.ends[i] if i >= 0 else 0

    def end_of(self, pos: int) -> int:
        i = bisect_right(self.ends, pos)
        return self.ends[i] if i < len(self.ends) else len(self.source.text)

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """The sentence holding clean span [start, end) and the span's offsets in the original."""
        sentence = self.source.text[self.start_of(start) : self.end_of(max(start, end - 1))].strip()
        o_start, o_end = self.source.original_span(start, end)
        place = self.source.place_of(o_start)
        return Evidence(
            doc_id=self.doc_id,
            source=self.source.path,
            sentence=sentence,
            quote=self.source.text[start:end],
            start=o_start,
            end=o_end,
            rule=rule,
            page=place.page if place else None,
            position=(place.x, place.y) if place and place.x is not None and place.y is not None else None,
            paragraph=place.paragraph if place else None,
            ocr_confidence=place.ocr_confidence if place else None,
        )
