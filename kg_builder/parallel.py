"""Extraction over many files on all local cores.

Extraction is per file and stateless once the pipeline is loaded, so files are mapped through
worker processes that each load the pipeline once (forkserver: workers start clean, whatever
threads the parent has). Results come back in input order, whatever the number of workers, so
the files written and the graph loaded are the same for any N; at most a few files per worker
are in flight, so memory does not grow with the corpus. A file that fails is reported as such
and the others go on.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from kg_builder.ingest import CorpusFile, IngestError, ingest, shown
from kg_builder.model import Extraction

if TYPE_CHECKING:
    from spacy.language import Language

T = TypeVar("T")
_IN_FLIGHT = 4  # files submitted per worker ahead of the one being written


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """One file's result (what `make` made of its extraction), or why it has none."""

    file: CorpusFile
    chars: int
    result: T | None = None
    error: str | None = None


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


_nlp: Language | None = None


def _load_pipeline() -> None:
    global _nlp
    from kg_builder.nlp.pipeline import get_nlp

    _nlp = get_nlp()


def _one(file: CorpusFile, make: Callable[[Extraction], T]) -> Outcome[T]:
    from kg_builder.extract import extract_source

    try:
        source = ingest(file.path, file.key)
    except IngestError as err:
        return Outcome(file, 0, error=f"skipped {err}")
    try:
        return Outcome(file, len(source.text), result=make(extract_source(source, _nlp)))
    except Exception as err:  # noqa: BLE001 - one bad file must not lose the others' work
        return Outcome(file, len(source.text), error=f"failed {file.path}: {type(err).__name__}: {err}")


def extract_files(
    files: Iterable[CorpusFile], make: Callable[[Extraction], T], *, workers: int = 1
) -> Iterator[Outcome[T]]:
    """Each file's outcome, in the order given. `make` (a module-level function, so that it can be sent to
    a worker) turns an extraction into what the caller keeps: its JSON, its graph records."""
    if workers <= 1:
        _load_pipeline()
        for file in files:
            yield _one(file, make)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_load_pipeline) as pool:
        pending: deque[Future[Outcome[T]]] = deque()
        for file in files:
            pending.append(pool.submit(_one, file, make))
            if len(pending) >= workers * _IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class Progress:
    """One line per file on stderr: the count, files/s, characters/s and the time left."""

    def __init__(self, files: list[CorpusFile], say: Callable[[str], None]) -> None:
        self.sizes = {f.key: f.path.stat().st_size for f in files}  # read once: the time left is by bytes
        self.total, self.total_bytes, self.say = len(files), max(1, sum(self.sizes.values())), say
        self.started = time.perf_counter()
        self.done = self.chars = self.bytes = 0

    def step(self, outcome: Outcome[object], detail: str) -> None:
        self.done += 1
        self.chars += outcome.chars
        self.bytes += self.sizes.get(outcome.file.key, 0)
        elapsed = max(1e-9, time.perf_counter() - self.started)
        left = elapsed * (self.total_bytes - self.bytes) / max(1, self.bytes)
        self.say(
            f"[{self.done}/{self.total}] {shown(outcome.file.path.name)}: {outcome.error or detail} | "
            f"{self.done / elapsed:.1f} files/s, {self.chars / elapsed:,.0f} chars/s, "
            f"ETA {duration(left)}"
        )


def duration(seconds: float) -> str:
    """A time left as the progress lines show it: 42s, 3m05s, 1h02m."""
    seconds = int(seconds + 0.5)
    return (
        f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
        if seconds >= 3600
        else f"{seconds // 60}m{seconds % 60:02d}s"
        if seconds >= 60
        else f"{seconds}s"
    )
