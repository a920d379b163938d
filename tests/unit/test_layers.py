"""The layers the design draws: the API answers questions without loading extraction."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

EXTRACTION = (
    "kg_builder.nlp",
    "kg_builder.ingest",
    "kg_builder.relate",
    "kg_builder.extract",
    "kg_builder.resolve",
    "kg_builder.structure",
    "spacy",
)


def test_importing_the_api_loads_no_extraction_module() -> None:
    code = f"import sys, api.main; print(sorted(m for m in sys.modules if m.startswith({EXTRACTION!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout
