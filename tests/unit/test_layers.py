"""The layers the design draws: the API answers questions without loading extraction."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

EXTRACTION = (
    "kg_builder.nlp",
    "kg_builder.ingest",
    "kg_builder.extraction",
    "kg_builder.extract",
    "kg_builder.structure",
    "spacy",
)


def test_importing_the_api_loads_no_extraction_module() -> None:
    code = f"import sys, api.main; print(sorted(m for m in sys.modules if m.startswith({EXTRACTION!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_importing_the_api_does_no_work() -> None:
    """The ontology is read when the app is made, not when the module is imported."""
    code = (
        "import api.main, kg_builder.schema as s; print(s.load_schema.cache_info().currsize); "
        "api.main.create_app(); print(s.load_schema.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["0", "1"], out.stdout


def test_no_package_imports_the_one_above_it() -> None:
    """kg_builder (extraction, stores, service) < api < policykg (the command line)."""
    above = {"kg_builder": ("api", "policykg"), "api": ("policykg",)}
    for package, forbidden in above.items():
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for name in forbidden:
                assert f"from {name}" not in text and f"import {name}" not in text, (path, name)
