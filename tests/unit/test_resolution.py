"""Agency resolution with context, and the schema the model is checked against."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kg_builder.extraction.context import DocumentContext
from kg_builder.extraction.resolve import resolve
from kg_builder.ingest import ingest_bytes
from kg_builder.model import Mention
from kg_builder.nlp.agencies import find_agencies
from kg_builder.schema import load_schema

BRIEF = """【摘要】教育部科技司会同规划司推进工作。
★各地工作动态
北京 1月25日,市教委下发通知。
江西 省教育厅组织召开网络安全工作专题会。
吉林 省教育厅、省委网信办、省政数局联合举办大赛。省电教馆开展培训。
浙江 省财政厅、教育厅公布10个县优秀方案。
宁夏 自治区教育厅签署合作备忘录。宁夏教育信息化管理中心组织编制方案。
新疆生产建设兵团 1月22日,兵团教育局组织召开考核会议。
河北 各市教育局和区教委开展工作。
"""


def _agency_names(text: str) -> list[str]:
    ctx = DocumentContext.build(ingest_bytes(text.encode(), "brief.txt"))
    return [m.name for m in resolve(ctx, find_agencies(text)) if m.name]


def test_abbreviated_agencies_resolve_with_paragraph_context() -> None:
    assert _agency_names(BRIEF) == [
        "教育部科学技术与信息化司",
        "教育部发展规划司",
        "北京市教育委员会",
        "江西省教育厅",
        "吉林省教育厅",
        "中共吉林省委网络安全和信息化委员会办公室",
        "吉林省政务服务和数字化建设管理局",
        "吉林省电化教育馆",
        "浙江省财政厅",
        "浙江省教育厅",
        "宁夏回族自治区教育厅",
        "宁夏回族自治区教育信息化管理中心",
        "新疆生产建设兵团教育局",
    ]


def test_national_aliases_and_units() -> None:
    names = _agency_names(
        "中央电教馆、中央网信办、教育部科技司、工业和信息化部信息技术发展司和人力资源社会保障部信息中心"
    )
    assert names == [
        "中央电化教育馆",
        "中央网络安全和信息化委员会办公室",
        "教育部科学技术与信息化司",
        "工业和信息化部信息技术发展司",
        "人力资源和社会保障部信息中心",
    ]


def test_level_prefix_must_fit_the_province() -> None:
    # 市教委 in a province's paragraph is a city's commission, not a provincial body.
    assert _agency_names("★各地工作动态\n河北 市教委开展工作。") == []


def test_entity_and_relation_types_come_from_the_ontology() -> None:
    schema = load_schema()
    assert {"Province", "Agency", "Document", "Program", "Event", "Date", "Topic"} <= set(schema.entity_types)
    assert {"ISSUED", "HELD", "LAUNCHED", "APPROVED", "PART_OF", "LOCATED_IN", "MENTIONS"} <= set(schema.relations)
    with pytest.raises(ValidationError, match="unknown entity type"):
        Mention(label="Ministry", start=0, end=1, text="x", rule="test")
