"""The issue's commands end to end: build the samples, ask which provinces issued IPv6 documents."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from kg_builder.extract import extract_file
from kg_builder.graph import source_graph
from kg_builder.store.embedded import EmbeddedStore
from tests.conftest import SAMPLES
from tests.integration.conftest import CLI, built, run


@pytest.mark.parametrize("store", ["embedded", "neo4j"])
def test_build_then_ask_which_provinces_issued_ipv6_documents(env: dict[str, str], store: str, nlp: Language) -> None:
    built = run(
        env, "build", str(SAMPLES), "--store", store, "--force", *(["--validate"] if store == "embedded" else [])
    )
    assert f"loaded 5 files into the {store} store" in built
    table = run(env, "query", "provinces", "--topic", "IPv6", "--store", store)
    assert {"湖南", "辽宁", "吉林"} <= {line.split()[0] for line in table.splitlines()[2:-1]}
    assert "关于进一步推进全省教育系统IPv6规模部署工作的通知" in table
    assert "(3 rows" in table
    plans = run(env, "query", "provinces", "--topic", "IPv6", "--genre", "plan", "--store", store)
    assert "湖南" in plans and "(1 row from" in plans
    assert run(env, "query", "provinces", "--topic", "IPv6", "--genre", "规划方案", "--store", store) == plans
    # a topic that is no vocabulary term matches the texts' words, as the API's /provinces does
    words = run(env, "query", "provinces", "--topic", "规模部署", "--store", store)
    assert {"湖南", "辽宁", "吉林"} <= {line.split()[0] for line in words.splitlines()[2:-1]}
    # build counts what stats counts
    stats = dict(line.split() for line in run(env, "stats", "--store", store).splitlines()[2:])
    entities = sum(
        int(stats[label]) for label in ("Agency", "Document", "Event", "Person", "Program", "Province", "Topic")
    )
    facts = sum(int(n) for label, n in stats.items() if label.isupper())
    assert f"it holds {stats['SourceReport']} reports, {entities} entities and {facts} facts" in built


def test_a_rebuild_skips_unchanged_files_and_loads_changed_ones(
    env: dict[str, str], tmp_path: Path, nlp: Language
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    home = {**env, "POLICYKG_HOME": str(tmp_path / "home")}
    assert "loaded 5 files" in run(home, "build", str(corpus))
    assert "nothing to load" in run(home, "build", str(corpus))
    changed = corpus / "000_f85b2cf1d0292bf8.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n贵州省教育厅印发《贵州省教育专网建设方案》。\n", encoding="utf-8"
    )
    again = run(home, "build", str(corpus))
    assert "loaded 1 files" in again and "4 unchanged files skipped" in again
    assert "贵州省教育专网建设方案" in run(home, "query", "documents", "--province", "贵州")
    assert "loaded 5 files" in run(home, "build", str(corpus), "--force")


def test_a_file_another_extractor_read_is_extracted_again(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    """After an upgrade of the rules, an unchanged file is not left with the facts the old rules found."""
    sample = SAMPLES / "000_f85b2cf1d0292bf8.txt"
    home = {**env, "POLICYKG_HOME": str(tmp_path / "home")}
    assert "loaded 1 files" in run(home, "build", str(sample))
    assert "nothing to load" in run(home, "build", str(sample))
    graph = source_graph(extract_file(sample, nlp, key=sample.name))  # the key `build` gives it
    older = replace(graph, report=replace(graph.report, props={**graph.report.props, "extractor": "0" * 16}))
    store = EmbeddedStore(tmp_path / "home" / "store" / "oxigraph")
    try:
        store.load([older])
    finally:
        store.close()
    assert "loaded 1 files" in run(home, "build", str(sample))


def test_export_writes_rdf(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    run(env, "build", str(SAMPLES / "000_f85b2cf1d0292bf8.txt"))
    for fmt in ("turtle", "jsonld", "nt"):
        target = tmp_path / f"graph.{fmt}"
        run(env, "export", "--format", fmt, "--out", str(target))
        assert "浙江省教育厅" in target.read_text(encoding="utf-8")


def test_unknown_query_parameters_are_refused_by_name(env: dict[str, str]) -> None:
    result = subprocess.run([*CLI, "query", "provinces", "--colour", "red"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "query 'provinces' takes topic, genre, from, to; not colour" in result.stderr
    result = subprocess.run([*CLI, "query", "provinces", "--genre", "草案"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "unknown genre '草案'; known: announcement, decision, guide" in result.stderr


def test_followups_of_a_document_by_its_number(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    from tests.integration.test_service import FOLLOWED, SPREAD

    home = built(env, tmp_path, "spread", SPREAD)
    table = run(home, "query", "followups", "--document", "教资[2024]3号")
    assert [line.split()[0] for line in table.splitlines()[2:-1]] == [
        "四川省数字教育资源共享实施方案",
        "甘肃省数字教育资源管理办法",
        f"关于贯彻落实〈{FOLLOWED}〉的实施意见",
    ]
    assert "(3 rows" in table and " 41 " in table and "spread1.txt" in table
    result = subprocess.run([*CLI, "query", "followups"], capture_output=True, text=True, env=home)
    assert result.returncode == 2 and "followups takes --document" in result.stderr


def test_a_diffusion_briefing_of_a_document(env: dict[str, str], tmp_path: Path, nlp: Language) -> None:
    from tests.integration.test_service import SPREAD

    home = built(env, tmp_path, "spread", SPREAD)
    out = tmp_path / "brief"
    said = run(home, "brief", "--kind", "diffusion", "--document", "教资[2024]3号", "--out", str(out))
    assert "followed by 3 provinces (四川, 湖北, 甘肃) and 0 national documents" in said
    assert {p.name for p in out.iterdir()} == {
        "map.svg",
        "map.png",
        "timeline.svg",
        "timeline.png",
        "brief.html",
        "brief.md",
        "brief.csv",
    }
    assert "| 四川 | 四川省教育厅 | 四川省数字教育资源共享实施方案 | 贯彻落实 | 2024-04-11 | 41 |" in (
        out / "brief.md"
    ).read_text(encoding="utf-8")
    for args in (["--kind", "diffusion"], ["--document", "教资[2024]3号"]):
        result = subprocess.run(
            [*CLI, "brief", *args, "--out", str(tmp_path / "x")], capture_output=True, text=True, env=home
        )
        assert result.returncode == 2 and "--kind diffusion takes --document" in result.stderr
    result = subprocess.run(
        [*CLI, "brief", "--kind", "diffusion", "--document", "不存在的文件", "--out", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        env=home,
    )
    assert result.returncode != 0 and "no document in the graph is named '不存在的文件'" in result.stderr
    assert not (tmp_path / "x").exists()
