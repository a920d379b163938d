"""Document structure: kind, period, title, sections and the province of each paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.extraction.context import DocumentContext
from kg_builder.ingest import ingest, ingest_bytes
from kg_builder.layout import read_layout, split_list
from kg_builder.structure import infer_period


@pytest.mark.parametrize(
    ("index", "kind", "period"),
    [
        (0, "monthly_report", "2019-01"),  # a January brief: mentions 2018年度 often, 2019年春节 too
        (1, "monthly_report", "2021-08"),
        (2, "monthly_report", "2023-03"),  # Traditional
        (3, "work_plan", "2020"),
        (4, "news", "2020-07"),  # 更新日期:2020-07-16
    ],
)
def test_kind_and_period_of_the_samples(samples: list[Path], index: int, kind: str, period: str) -> None:
    doc = DocumentContext.build(ingest(samples[index])).document
    assert (doc.kind, doc.period) == (kind, period)


def test_january_brief_period_is_inferred_from_content() -> None:
    text = (
        "★各地工作动态\n北京 1月25日,市教委下发通知,做好2019年春节期间工作。\n天津 完成2018年度考核。2018年全年工作。"
    )
    assert infer_period(text, "monthly_report", "") == "2019-01"


def test_sections_and_regional_paragraph_provinces(samples: list[Path]) -> None:
    doc = DocumentContext.build(ingest(samples[0])).document
    assert doc.sections == ["教育信息化重点工作进展", "网络安全重点工作进展", "相关工作资讯", "各地工作动态"]
    provinces = [p.province for p in doc.paragraphs if p.province]
    assert provinces[:3] == ["北京", "天津", "山西"]
    assert provinces[-1] == "新疆生产建设兵团"
    national = [p for p in doc.paragraphs if p.section == "教育信息化重点工作进展"]
    assert national and all(p.province is None for p in national)


def test_news_speaker_sections_carry_their_province() -> None:
    text = (
        "2020年全国教育信息化工作会议召开\n来源:投影时代 更新日期:2020-07-16\n会议在京召开。\n"
        "湖北省教育厅党组书记、厅长 陶宏:\n他表示,省教育厅统筹推进。\n山东省教育厅厅长 邓云锋:\n他介绍说。\n"
    )
    doc = DocumentContext.build(ingest_bytes(text.encode(), "news.txt")).document
    assert doc.kind == "news"
    assert [p.province for p in doc.paragraphs] == [None, None, None, "湖北", "湖北", "山东", "山东"]


@pytest.mark.parametrize(
    "title",
    [
        "某省教育厅关于2021年教育数字化工作情况的报告",
        "某市教育局2021年网络安全和信息化工作总结",
        "某县教育局2021年教育信息化工作要点",
        "某省通信管理局关于2021年度行业安全情况的报告",
    ],
)
def test_a_report_on_one_year_spans_the_year(title: str) -> None:
    """Its dates without a year take the report's year, whatever months the body names most."""
    body = f"{title}\n一、工作进展\n7月3日，召开会议。7月9日，印发通知。11月20日，完成检查。12月5日，开展演练。\n"
    assert infer_period(body, "work_plan", title) == "2021"
    assert infer_period(body, "other", title) == "2021"


def test_a_monthly_title_keeps_its_month() -> None:
    title = "2021年7月教育信息化工作月报"
    assert infer_period(f"{title}\n7月3日，召开会议。", "monthly_report", title) == "2021-07"


def test_a_page_with_no_year_written_as_one_takes_a_year_from_a_name() -> None:
    text = "3月13日，湖南2024网络安全宣传行动启动会在长沙举行。3月14日，各地开展培训。"
    assert infer_period(text, "news", "") == "2024-03"


def test_as_of_a_year_is_the_texts_own_time_but_a_target_is_not() -> None:
    text = "截至2023年6月，全省学校联网率达到99%，较2021年提高了3个百分点；到2027年全面建成。6月28日，完成检查。"
    assert infer_period(text, "news", "") == "2023-06"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "各省、自治区、直辖市教育厅，国家铁路局、中国民用航空局",
            ["各省、自治区、直辖市教育厅", "国家铁路局", "中国民用航空局"],
        ),
        # an enumeration of kinds of places after the body they belong to shares one head too
        (
            "国家林业和草原局各省、自治区、直辖市和计划单列市林业局，自然资源部",
            ["国家林业和草原局各省、自治区、直辖市和计划单列市林业局", "自然资源部"],
        ),
        ("教育部各司局、各直属单位", ["教育部各司局", "各直属单位"]),
    ],
)
def test_addressees_split_between_bodies_not_inside_an_enumeration_of_places(line: str, expected: list[str]) -> None:
    assert split_list(line) == expected


def test_a_signer_line_above_a_wrapped_title_is_no_part_of_it() -> None:
    text = (
        "农业农村部文件\n农计财发〔2024〕7号\n签发人：王某某\n农业农村部关于报送2024年\n"
        "数字农业建设计划的请示\n国务院：\n现将有关情况报告如下。\n农业农村部\n2024年3月8日\n"
    )
    layout = read_layout(text)
    assert layout is not None and layout.title is not None and layout.number is not None
    assert layout.title.text == "农业农村部关于报送2024年数字农业建设计划的请示"
    assert layout.number.text == "农计财发〔2024〕7号"


def test_an_announcement_s_number_in_brackets_under_its_headline() -> None:
    text = (
        "国家药品监督管理局 国家卫生健康委员会公告\n（2024年第9号）\n为规范有关工作，现予发布。\n"
        "特此公告。\n国家药品监督管理局\n2024年4月12日\n"
    )
    layout = read_layout(text)
    assert layout is not None and layout.number is not None and layout.title is not None
    assert layout.number.text == "2024年第9号"
    assert text[layout.number.start : layout.number.end] == "2024年第9号"
