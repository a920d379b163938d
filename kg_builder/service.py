"""The query side's vocabulary, resolved once for every caller (API, CLI, briefings).

A topic is a concept of the topic scheme when the scheme lists the word (any of its labels); a
word it does not list (智慧课堂, 双减) is answered by the documents whose titles or issuing
sentences contain it, and the answer says that it matched text rather than a concept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kg_builder.schema import UnknownTerm, canonical_topic
from kg_builder.store import GraphStore, Row
from kg_builder.textnorm import simplified


@dataclass(frozen=True)
class TopicFilter:
    """What a topic word selects: a concept (filtered by the named queries), or the documents
    whose text contains the word."""

    word: str | None
    concept: str | None = None
    documents: frozenset[str] | None = None

    @property
    def matched(self) -> Literal["concept", "text"] | None:
        return None if self.word is None else "concept" if self.concept else "text"

    def keep(self, row: Row) -> bool:
        return self.documents is None or row.get("document_id") in self.documents


def topic_filter(store: GraphStore, word: str | None) -> TopicFilter:
    if word is None or not word.strip():
        return TopicFilter(None)
    try:
        return TopicFilter(word, concept=canonical_topic(word.strip()))
    except UnknownTerm:
        text = simplified(word).strip()
        found = store.query("text_matches", {"text": text})
        return TopicFilter(word, documents=frozenset(str(r["document_id"]) for r in found))
