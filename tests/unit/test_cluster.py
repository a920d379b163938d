"""Without an engine's extra installed, asking for the engine says how to install it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg_builder.cluster import EngineMissing, extract_with_dask, extract_with_ray


@pytest.mark.parametrize(
    ("run", "modules", "extra"),
    [(extract_with_dask, ["dask", "dask.distributed"], "dask"), (extract_with_ray, ["ray"], "ray")],
)
def test_an_engine_that_is_not_installed_names_its_extra(
    run: object, modules: list[str], extra: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # `import` of it raises ImportError
    with pytest.raises(EngineMissing, match=rf"pip install 'policykg\[{extra}\]'"):
        run([], tmp_path, workers=1)  # type: ignore[operator]
