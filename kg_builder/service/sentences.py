"""Search what the texts say: the graph's evidence sentences, ranked by BM25, with the facts each states.

Every fact keeps the sentence that states it; the sentence index holds each distinct sentence once
(per source file) with its document, issuer, province and date and the facts it states, read from the
store once per load with the document index (the named query `evidence_sentences`), so a new upload is
found at the next question and a replaced report's sentences are gone.

Terms are a text's Chinese characters and their pairs, and its Latin words and numbers (IPv6, 5G):
what a query and a sentence share without a segmenter in the API (it loads no extraction code), as
Lucene's CJK analyser does. Ranking is BM25 (k1 1.2, b 0.75) over postings held in memory.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from kg_builder.store import Row
from kg_builder.textnorm import simplified

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*")
K1, B = 1.2, 0.75


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
    facts: list[StatedFact] = field(default_factory=list)


@dataclass(frozen=True)
class SentenceIndex:
    sentences: list[Sentence] = field(default_factory=list)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # term → (sentence, count)
    lengths: list[int] = field(default_factory=list)
    average: float = 1.0

    @classmethod
    def of(cls, rows: list[Row]) -> SentenceIndex:
        by_key: dict[tuple[str, str], Sentence] = {}
        for row in rows:
            key = (row["source"], row["sentence"])
            s = by_key.get(key)
            if s is None:
                s = by_key[key] = Sentence(row["sentence"], row["source"], row["source_title"])
            s.facts.append(StatedFact(relation=row["relation"], head=row["head"], tail=row["tail"]))
            if row["tail_label"] == "Document" and _earlier(s.sentence, row["tail"], s.document):
                s.document, s.document_id = row["tail"], row["tail_id"]  # the document the sentence names first
            if row["relation"] == "ISSUED" and row["head_label"] == "Agency" and s.issuer is None:
                s.issuer = row["head"]
            s.province = s.province or row["province"]
            s.date = s.date or row["date"]
        sentences = list(by_key.values())
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lengths = []
        for i, s in enumerate(sentences):
            counted = Counter(terms(s.sentence))
            lengths.append(sum(counted.values()))
            for term, n in counted.items():
                postings[term].append((i, n))
        average = sum(lengths) / len(lengths) if lengths else 1.0
        return cls(sentences, dict(postings), lengths, average or 1.0)

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
        scores: dict[int, float] = defaultdict(float)
        count = len(self.sentences)
        for term in set(terms(wanted)):
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = math.log(1 + (count - len(posting) + 0.5) / (len(posting) + 0.5))
            for i, n in posting:
                norm = K1 * (1 - B + B * self.lengths[i] / self.average)
                scores[i] += idf * n * (K1 + 1) / (n + norm)

        def kept(s: Sentence) -> bool:
            when = s.date or ""
            return (
                (province is None or s.province == province)
                and (issuer is None or s.issuer == issuer)
                and (from_ is None or (when != "" and when >= from_))
                and (to is None or (when != "" and when[: len(to)] <= to))
            )

        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
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
                    source=s.source,
                    source_title=s.source_title,
                    document=s.document,
                    document_id=s.document_id,
                    issuer=s.issuer,
                    province=s.province,
                    date=s.date,
                    facts=s.facts,
                )
            )
            if len(hits) == limit:
                break
        return hits


def _earlier(sentence: str, title: str, known: str | None) -> bool:
    """Whether `title` is named before `known` in the sentence (a title not found in it comes last)."""
    if known is None:
        return True
    at, known_at = sentence.find(title), sentence.find(known)
    return at >= 0 and (known_at < 0 or at < known_at)


def highlights(sentence: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words (split at spaces) are in the sentence, merged, in order."""
    spans = sorted(
        (m.start(), m.end())
        for word in query.split()
        if word
        for m in re.finditer(re.escape(word), sentence, re.IGNORECASE)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
