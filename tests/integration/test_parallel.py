"""Extraction on several worker processes: the same output, file for file, as one process."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from spacy.language import Language

from tests.conftest import SAMPLES
from tests.integration.conftest import CLI, run


def _corpus(tmp_path: Path) -> Path:
    """The samples, an invented brief in a subfolder, and a file that cannot be read."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    (corpus / "more").mkdir()
    (corpus / "more" / "gansu.txt").write_text(
        "甘肃省教育厅印发《甘肃省教育系统网络安全工作要点》。\n6月3日，兰州市教育局召开全市教育信息化推进会。\n",
        encoding="utf-8",
    )
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    return corpus


def test_two_workers_write_the_same_files_as_one(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    corpus = _corpus(tmp_path)
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        done = subprocess.run(
            [*CLI, "extract", str(corpus), "--out", str(out), "--workers", str(workers)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert "broken.txt" in done.stderr and "files/s" in done.stderr and "chars/s" in done.stderr
        assert "extracted 6 of 7 files" in done.stderr
        outs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.json"))})
    assert len(outs[0]) == 6 and outs[0] == outs[1]


def test_two_workers_build_the_same_graph_as_one(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    corpus = _corpus(tmp_path)
    graphs = []
    for workers in (1, 2):
        home = {**env, "POLICYKG_HOME": str(tmp_path / f"home{workers}")}
        run(home, "build", str(corpus), "--workers", str(workers))
        target = tmp_path / f"graph{workers}.nt"
        run(home, "export", "--format", "nt", "--out", str(target))
        # every triple but the time each report was loaded
        graphs.append(
            sorted(line for line in target.read_text(encoding="utf-8").splitlines() if "loadedAt" not in line)
        )
    assert len(graphs[0]) > 1000 and graphs[0] == graphs[1]
