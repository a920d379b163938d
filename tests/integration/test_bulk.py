"""A first graph built by neo4j-admin's bulk import answers every named query as a transactional load of
the same shards does. (The test restarts the test Neo4j: the import replaces its database.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

from kg_builder.graph import SourceGraph
from kg_builder.settings import get_settings
from kg_builder.shards import write_part
from kg_builder.store import open_store
from kg_builder.store.neo4j import Neo4jStore
from tests.integration.conftest import CLI
from tests.integration.test_stores import QUESTIONS, rows


def _answers() -> list[list[tuple[str, ...]]]:
    store = open_store(get_settings(), "neo4j")
    try:
        return [rows(store, name, params) for name, params in QUESTIONS]
    finally:
        store.close()


def test_a_bulk_import_answers_as_a_transactional_load(
    neo4j: Neo4jStore, sample_graphs: list[SourceGraph], env: dict[str, str], tmp_path: Path
) -> None:
    shards = tmp_path / "shards"
    write_part(sample_graphs, shards, "0")
    home = {**env, "POLICYKG_HOME": str(get_settings().home)}  # the test server's home
    loaded = subprocess.run([*CLI, "load", str(shards), "--store", "neo4j"], capture_output=True, text=True, env=home)
    assert loaded.returncode == 0, loaded.stderr
    neo4j.close()
    transactional = _answers()
    bulk = subprocess.run(
        [*CLI, "load", str(shards), "--store", "neo4j", "--bulk"], capture_output=True, text=True, env=home
    )
    assert bulk.returncode == 0, bulk.stderr
    assert "bulk-imported 5 files into neo4j" in bulk.stdout and "records/s" in bulk.stdout
    assert _answers() == transactional
    refused = subprocess.run([*CLI, "load", str(shards), "--bulk"], capture_output=True, text=True, env=home)
    assert refused.returncode == 2 and "--store neo4j" in refused.stderr
