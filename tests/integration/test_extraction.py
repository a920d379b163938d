"""End to end over the sample corpus: the CLI, the gold-set scores, evidence and bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from kg_builder.evaluate import score
from kg_builder.extract import extract_file
from tests.conftest import SAMPLES, SHARED_EVAL

CLI = [sys.executable, "-m", "policykg.cli"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    here = tmp_path_factory.mktemp("pred")
    # No --out: the JSON goes to ./out, as in the README.
    run = subprocess.run([*CLI, "extract", str(SAMPLES)], capture_output=True, text=True, cwd=here)
    assert run.returncode == 0, run.stderr
    assert "[5/5]" in run.stderr  # progress, one line a file
    assert "extracted 5 of 5 files into out" in run.stderr
    return here / "out"


def test_output_follows_the_gold_format(extracted: Path) -> None:
    data = json.loads((extracted / "000_f85b2cf1d0292bf8.json").read_text(encoding="utf-8"))
    assert data["doc"] == "000_f85b2cf1d0292bf8.txt"
    assert (data["kind"], data["period"]) == ("monthly_report", "2019-01")
    assert set(data["entities"]) >= {"Province", "Agency", "Document", "Program", "Event", "Date"}
    issued = {(r["issuer"], r["document"]) for r in data["relations"] if r["type"] == "ISSUED"}
    assert ("浙江省教育厅", "浙江省义务教育学校“城乡携手、同步课堂”试点工作技术环境建设指南(试行)") in issued
    assert ("北京市教育委员会", "关于做好2019年春节寒假期间网络安全保障工作的通知") in issued


@pytest.mark.skipif(not (SHARED_EVAL / "gold").is_dir(), reason="shared/eval is beside the repository in CI")
def test_gold_set_scores_meet_the_acceptance_bar(extracted: Path) -> None:
    result = score(SHARED_EVAL / "gold", extracted)
    assert result.entity_micro.prf()[2] >= 0.90, result.table()
    assert result.tallies["ISSUED(issuer,doc)"].prf()[2] >= 0.90, result.table()
    assert result.tallies["ISSUED(province,doc)"].prf()[2] >= 0.95, result.table()


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").is_file(), reason="shared/eval is beside the repository in CI")
def test_eval_command_prints_the_reference_scorers_table(extracted: Path) -> None:
    reference = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "gold"), str(extracted)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ours = subprocess.run(
        [*CLI, "eval", str(SHARED_EVAL / "gold"), str(extracted)], capture_output=True, text=True, check=True
    ).stdout
    assert ours.strip() == reference.strip()


def test_cited_documents_are_not_issued(extracted: Path) -> None:
    data = json.loads((extracted / "001_523410fb27e494f1.json").read_text(encoding="utf-8"))
    issued_docs = {r["document"] for r in data["relations"] if r["type"] == "ISSUED"}
    # 根据《教育系统关键信息基础设施识别认定工作指南》 and 参加《数据安全法》…培训 only cite.
    assert "教育系统关键信息基础设施识别认定工作指南" not in issued_docs
    assert "数据安全法" not in issued_docs
    assert "教育系统关键信息基础设施名录" in issued_docs


def test_every_fact_has_evidence_pointing_into_the_original(nlp: Language) -> None:
    path = SAMPLES / "002_8d9042847a03c7b7.txt"  # Traditional: evidence must point at the original
    original = path.read_text(encoding="utf-8")
    result = extract_file(path, nlp)
    assert result.relations
    for r in result.relations:
        ev = r.evidence
        assert ev.doc_id == result.document.id and ev.rule and ev.sentence
        assert 0 <= ev.start < ev.end <= len(original)
    jiangsu = next(r for r in result.relations if r.type == "ISSUED" and r.tail == "江苏省智慧教育样板区建设指南")
    assert jiangsu.head == "江苏省教育厅"
    assert "《江蘇省智慧教育樣板區建設指南》" in original[jiangsu.evidence.start : jiangsu.evidence.end]


def test_bad_files_are_reported_by_name_and_the_rest_processed(tmp_path: Path, nlp: Language) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_bytes((SAMPLES / "000_f85b2cf1d0292bf8.txt").read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inputs / "scan.pdf").write_bytes(b"%PDF-1.4")
    run = subprocess.run([*CLI, "extract", str(inputs), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in ("empty.txt", "binary.txt", "scan.pdf"):
        assert name in run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.json"]


def test_nothing_processable_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    run = subprocess.run(
        [*CLI, "extract", str(tmp_path), "--out", str(tmp_path / "out")], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "empty.txt: the file is empty" in run.stderr
