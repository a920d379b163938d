"""One node per work (README, "One node per work"): a carrier notice and the work it issues, its 文号,
short names, Traditional forms and title variants name one node; two works with one generic title
from two provinces' bodies stay two. Invented texts, both stores."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import source_graph

PLAN = "智慧课堂推广应用行动计划(2025-2027年)"
TEXTS = [
    # the carrier notice with its 文号, issuing the plan
    "教育部关于印发《智慧课堂推广应用行动计划（2025—2027年）》的通知\n教科信〔2025〕2号\n各省、自治区、直辖市教育厅（教委）：\n"
    "现将《智慧课堂推广应用行动计划（2025—2027年）》印发给你们，请认真贯彻执行。\n教育部\n2025年2月10日\n",
    # a province implements it, naming it with another dash and a short name it defines
    "2025年4月1日，河南省教育厅印发《河南省智慧课堂推广应用实施方案》。方案提出，为贯彻落实"
    "《智慧课堂推广应用行动计划（2025～2027年）》（以下简称《计划》），按照《计划》要求，到2027年全面推广智慧课堂。\n",
    # another cites the carrier's title in Traditional characters
    "2025年5月9日，根據《教育部關於印發〈智慧課堂推廣應用行動計劃（2025-2027年）〉的通知》，"
    "山西省教育廳制定了《山西省智慧課堂建設指南》。\n",
    # two provinces' documents with one generic title: two works
    "2025年3月3日，河北省教育厅印发《2025年教育信息化工作要点》。\n",
    "2025年3月5日，辽宁省教育厅印发《2025年教育信息化工作要点》。\n",
]


def _documents(store: Any) -> dict[str, set[str]]:
    """Each Document node's id → all its names (title, aliases, 文号)."""
    found: dict[str, set[str]] = {}
    for row in store.query("names", {}):
        if row["label"] == "Document":
            found.setdefault(row["id"], set()).add(row["text"])
    return found


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_one_node_per_work_and_two_for_two_works(store: Any, nlp: Language) -> None:
    store.load([source_graph(extract_bytes(t.encode(), f"identity{i}.txt", nlp)) for i, t in enumerate(TEXTS)])
    documents = _documents(store)
    plans = [
        names for names in documents.values() if any("智慧课堂推广应用行动计划" in n and "实施" not in n for n in names)
    ]
    assert len(plans) == 1, plans
    assert {PLAN, "教科信〔2025〕2号"} <= plans[0]
    key_points = [names for names in documents.values() if "2025年教育信息化工作要点" in names]
    assert len(key_points) == 2
    links = {(r["document"], r["relation"]) for r in store.query("citations", {"document": PLAN})}
    assert links == {
        (PLAN, "implements_by"),
        (PLAN, "cites_by"),
    }
    followers = {r["other"] for r in store.query("citations", {"document": PLAN})}
    assert followers == {"河南省智慧课堂推广应用实施方案", "山西省智慧课堂建设指南"}
