from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def samples() -> list[Path]:
    files = sorted(SAMPLES.glob("*.txt"))
    assert len(files) == 5, "the sample corpus is data/samples/*.txt"
    return files
