"""Search what the texts say: the graph's evidence sentences, ranked by BM25 and, with the semantic
extra, by meaning too, with the facts each states.

Every fact keeps the sentence that states it; the sentence index holds each distinct sentence once
(per source file) with its document, issuer, province and date and the facts it states, read from the
store at the first search after a load (the named query `evidence_sentences`), so a new upload is found
at the next question and a replaced report's sentences are gone. One index serves both stores.

Terms are a text's Chinese characters and their pairs, and its Latin words and numbers (IPv6, 5G):
what a query and a sentence share without a segmenter in the API (it loads no extraction code), as
Lucene's CJK analyser does; they ranked better than pkuseg's words (benchmarks/search_eval.py, README
"Search what the texts say"). Ranking is BM25 (k1 1.2, b 0.75) by bm25s. With the semantic extra, the
sentences nearest the query by multilingual-e5-small (the top 100) are fused with BM25's by reciprocal
rank (k 60).
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import bm25s
import numpy as np
from pydantic import BaseModel, Field

from kg_builder.service.semantic import DIMENSIONS, pieces
from kg_builder.store import Row
from kg_builder.textnorm import simplified

if TYPE_CHECKING:
    from kg_builder.service.semantic import Embeddings

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*")
K1, B = 1.2, 0.75
NEAREST = 100  # the sentences nearest in meaning that are fused with BM25's


def terms(text: str) -> list[str]:
    """A text's search terms: Chinese characters and their pairs, Latin words and numbers in lower case."""
    found: list[str] = []
    for run in _CJK.findall(text):
        found.extend(run)
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    found.extend(w.lower() for w in _WORD.findall(text))
    return found


class StatedFact(BaseModel):
    relation: str
    head: str
    tail: str


class SentenceHit(BaseModel):
    sentence: str
    score: float
    highlights: list[tuple[int, int]] = Field(description="where the query's words are in the sentence: [start, end)")
    matched: Literal["words", "meaning", "words and meaning"] = Field(
        "words", description="what found it: the query's words (BM25), its meaning (the semantic extra), or both"
    )
    source: str
    source_title: str | None = None
    document: str | None = Field(default=None, description="the document the sentence is about")
    document_id: str | None = None
    issuer: str | None = None
    province: str | None = None
    date: str | None = None
    facts: list[StatedFact] = Field(default_factory=list)


@dataclass
class Sentence:
    sentence: str
    source: str
    source_title: str | None
    document: str | None = None
    document_id: str | None = None
    issuer: str | None = None
    province: str | None = None
    date: str | None = None
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # relation, head, tail: made StatedFacts for hits


@dataclass(frozen=True)
class SentenceIndex:
    sentences: list[Sentence] = field(default_factory=list)
    lexical: bm25s.BM25 | None = None
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each vector's sentence
    embeddings: Embeddings | None = None

    @classmethod
    def of(cls, rows: list[Row], embeddings: Embeddings | None = None) -> SentenceIndex:
        sentences = [s for row in rows for s in _read(row)]
        if not sentences:
            return cls()
        lexical = bm25s.BM25(k1=K1, b=B)
        lexical.index([terms(s.sentence) for s in sentences], show_progress=False)
        if embeddings is None:
            return cls(sentences, lexical)
        vectors, owners = _vectors(sentences, embeddings)
        return cls(sentences, lexical, vectors, owners, embeddings)

    @property
    def number(self) -> dict[tuple[str, str], int]:
        """Each sentence's place in the index, by its source and words."""
        return {(s.source, s.sentence): i for i, s in enumerate(self.sentences)}

    @property
    def semantic(self) -> bool:
        return self.embeddings is not None and len(self.owners) > 0

    def by_terms(self, query: str) -> list[tuple[int, float]]:
        """The sentences sharing a term with the query, by BM25, best first."""
        if self.lexical is None:
            return []
        vocabulary = self.lexical.vocab_dict
        known = [t for t in dict.fromkeys(terms(query)) if t in vocabulary]
        if not known:
            return []
        scores = self.lexical.get_scores(known)
        found = np.flatnonzero(scores > 0)
        ranked = found[np.lexsort((found, -scores[found]))]
        return [(int(i), float(scores[i])) for i in ranked]

    def by_meaning(self, query: str) -> list[int]:
        """The NEAREST sentences to the query by their best piece's cosine, nearest first."""
        if self.embeddings is None or not len(self.owners):
            return []
        similarity = self.vectors @ self.embeddings.query(query)
        best = np.full(len(self.sentences), -np.inf, dtype=np.float32)
        np.maximum.at(best, self.owners, similarity)
        top = np.argsort(-best, kind="stable")[:NEAREST]
        return [int(i) for i in top if np.isfinite(best[i])]

    def search(
        self,
        query: str,
        *,
        province: str | None = None,
        issuer: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        limit: int = 20,
    ) -> list[SentenceHit]:
        """The sentences that best match the query (Simplified or Traditional), best first, that the filters keep."""
        wanted = simplified(query).strip()
        lexical = self.by_terms(wanted)
        by_words = {i for i, _ in lexical}
        meant: set[int] = set()
        if self.semantic:
            nearest = self.by_meaning(wanted)
            meant = set(nearest)
            ranked = fuse([[i for i, _ in lexical], nearest])
        else:
            ranked = lexical

        def kept(s: Sentence) -> bool:
            when = s.date or ""
            return (
                (province is None or s.province == province)
                and (issuer is None or s.issuer == issuer)
                and (from_ is None or (when != "" and when >= from_))
                and (to is None or (when != "" and when[: len(to)] <= to))
            )

        hits = []
        for i, score in ranked:
            s = self.sentences[i]
            if not kept(s):
                continue
            hits.append(
                SentenceHit(
                    sentence=s.sentence,
                    score=round(score, 4),
                    highlights=highlights(s.sentence, wanted),
                    matched=_MATCHED[(i in by_words, i in meant)],
                    source=s.source,
                    source_title=s.source_title,
                    document=s.document,
                    document_id=s.document_id,
                    issuer=s.issuer,
                    province=s.province,
                    date=s.date,
                    facts=[StatedFact(relation=r, head=h, tail=t) for r, h, t in s.facts],
                )
            )
            if len(hits) == limit:
                break
        return hits


def _read(row: Row) -> list[Sentence]:
    """A report's sentences from its record (kg_builder/graph.py sentence_record)."""
    found = []
    for words, _start, facts in json.loads(row["sentences"]):
        s = Sentence(words, row["source"], row["source_title"])
        for relation, head, head_label, tail, tail_id, tail_label, province, date in facts:
            s.facts.append((relation, head, tail))
            if tail_label == "Document" and _earlier(words, tail, s.document):
                s.document, s.document_id = tail, tail_id  # the document the sentence names first
            if relation == "ISSUED" and head_label == "Agency" and s.issuer is None:
                s.issuer = head
            s.province = s.province or province
            s.date = s.date or date
        found.append(s)
    return found


def _vectors(sentences: list[Sentence], embeddings: Embeddings) -> tuple[np.ndarray, np.ndarray]:
    """The kept vectors of the sentences' pieces, and each one's sentence. Nothing is embedded here (a
    search never waits for the model): `build` and uploads embed what they load, and the sentences of a
    graph loaded without the extra are found by BM25 alone until `policykg embed` has run."""
    split = [pieces(s.sentence) for s in sentences]
    texts = [p for ps in split for p in ps]
    known = embeddings.known(texts)
    missing = len(set(texts) - known.keys())
    if missing:
        log.warning("%d sentence pieces have no vectors yet: run `policykg embed` to search them by meaning", missing)
    rows = [(known[p], i) for i, ps in enumerate(split) for p in ps if p in known]
    if not rows:
        return np.zeros((0, DIMENSIONS), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.stack([v for v, _ in rows]), np.array([i for _, i in rows], dtype=np.int64)


def fuse(rankings: list[list[int]], k: int = 60) -> list[tuple[int, float]]:
    """Reciprocal rank fusion (Cormack et al. 2009): each item scores 1 / (k + rank) in each ranking."""
    scores: dict[int, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] += 1 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def _earlier(sentence: str, title: str, known: str | None) -> bool:
    """Whether `title` is named before `known` in the sentence (a title not found in it comes last)."""
    if known is None:
        return True
    at, known_at = sentence.find(title), sentence.find(known)
    return at >= 0 and (known_at < 0 or at < known_at)


_MATCHED: dict[tuple[bool, bool], Literal["words", "meaning", "words and meaning"]] = {
    (True, False): "words",
    (False, True): "meaning",
    (True, True): "words and meaning",
}


def highlights(sentence: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words are in the sentence, merged, in order: each word (split at spaces) where
    it stands whole, and each pair of its Chinese characters or Latin word, the terms BM25 matched
    (校园网络安全 marks 网络安全); a single character only when it is a word of the query by itself."""
    words = [w for w in query.split() if w]
    parts = {t for t in terms(query) if not (len(t) == 1 and _CJK.fullmatch(t))} | {w for w in words if len(w) == 1}
    spans = sorted(
        (m.start(), m.end()) for part in {*words, *parts} for m in re.finditer(re.escape(part), sentence, re.IGNORECASE)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
