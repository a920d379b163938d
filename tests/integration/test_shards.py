"""Parquet shards as the hand-off between extraction and loading, written in one process, on worker
processes, or by Dask or Ray (a local cluster of 2 workers), and loaded into a store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from spacy.language import Language

from kg_builder.extract import extract_file
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.shards import read
from tests.conftest import SAMPLES
from tests.integration.conftest import CLI, run


def _facts(graphs: list[SourceGraph]) -> list[tuple[object, ...]]:
    return sorted(
        (g.report.iri, e.iri, e.type, e.head, e.tail, sorted(e.props.items(), key=str)) for g in graphs for e in g.edges
    )


def _nodes(graphs: list[SourceGraph]) -> list[tuple[object, ...]]:
    return sorted((g.report.iri, n.iri, n.label, sorted(n.props.items(), key=str)) for g in graphs for n in g.nodes)


@pytest.mark.parametrize("engine", ["dask", "ray"])
def test_an_engine_in_local_mode_gives_exactly_the_single_process_facts(
    env: dict[str, str], tmp_path: Path, nlp: Language, engine: str
) -> None:
    expected = [source_graph(extract_file(p, nlp, p.name)) for p in sorted(SAMPLES.glob("*.txt"))]
    shards = tmp_path / "shards"
    done = subprocess.run(
        [*CLI, "extract", str(SAMPLES), "--engine", engine, "--workers", "2", "--shards", str(shards)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "extracted 5 of 5 files" in done.stderr
    found = list(read(shards))
    assert len(found) == 5 and _facts(found) == _facts(expected) and _nodes(found) == _nodes(expected)


def test_shards_load_into_the_same_graph_as_build(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    shards = tmp_path / "shards"
    run(env, "extract", str(SAMPLES), "--shards", str(shards), "--workers", "2")
    exports = []
    for how in ("load", "build"):
        home = {**env, "POLICYKG_HOME": str(tmp_path / how)}
        out = run(home, "load", str(shards)) if how == "load" else run(home, "build", str(SAMPLES))
        assert "loaded 5 files into the embedded store" in out
        target = tmp_path / f"{how}.nt"
        run(home, "export", "--format", "nt", "--out", str(target))
        exports.append(
            sorted(line for line in target.read_text(encoding="utf-8").splitlines() if "loadedAt" not in line)
        )
    assert len(exports[0]) > 1000 and exports[0] == exports[1]


def test_a_directory_that_is_no_shard_set_is_refused_by_name(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    done = subprocess.run([*CLI, "load", str(tmp_path)], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "no reports/*.parquet" in done.stderr
    done = subprocess.run([*CLI, "extract", str(SAMPLES), "--engine", "ray"], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "give --shards DIR" in done.stderr
