"""《…》 titles: documents with a genre versus news, article and speech titles."""

from __future__ import annotations

import pytest

from kg_builder.nlp.titles import find_titles, genre_of, short_name_mentions, work_title


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("关于严禁有害APP进入中小学校园的通知", "notice"),
        ("湖南教育系统关于推进互联网协议第六版(IPv6)规模部署行动计划的实施方案", "plan"),
        ("教育部关于加强“三个课堂”应用的指导意见", "opinion"),
        ("天津市教育数据管理办法(试行)", "measures"),
        ("浙江省义务教育学校“城乡携手、同步课堂”试点工作技术环境建设指南(试行)", "guide"),
        ("2023年教育信息化工作要点", "key_points"),
        ("“实施智慧教育示范工程”专项行动方案(2023—2027)", "plan"),
        ("教育系统关键信息基础设施名录", "list"),
        ("中国数字乡村发展报告(2022年)", "report"),
        ("高等学校数字校园建设规范", "standard"),
        ("数据安全法", "law"),
        ("关键信息基础设施安全保护条例", "regulation"),
        ("中国教育现代化2035", "plan"),
        # the official kinds and the names of normative documents and standards beyond the samples'
        ("某市教育信息化专题会议纪要", "report"),
        ("智能网联汽车数据安全审查指导原则", "guide"),
        ("信息安全技术 教育数据分类分级基本要求", "standard"),
        ("关于支持职业院校数字化转型的若干政策", "measures"),
        ("关于拟认定第三批智慧校园示范校名单的公示", "announcement"),
        ("对政协委员第1024号提案的答复", "reply"),
        ("高校实验室安全管理制度", "regulation"),
        ("中小学人工智能教育课程指导纲要", "plan"),
        ("高等学校数字校园建设评价指标", "standard"),
    ],
)
def test_genre_from_head_noun(title: str, genre: str) -> None:
    assert genre_of(title) == genre


def test_white_paper_genre_comes_from_the_word_after_the_title() -> None:
    (m,) = find_titles("国务院新闻办公室发布《新时代的中国网络法治建设》白皮书,系统总结")
    assert (m.name, m.attrs["genre"]) == ("新时代的中国网络法治建设", "white_paper")


@pytest.mark.parametrize(
    "text",
    [
        "媒体聚焦刊发了《教育部发布指导意见加强网络学习空间建设与应用》《浙江:出台教育信息化三年行动计划》等报道。",
        "共发布《信息技术如何支撑构建新型教与学模式》等6篇文章。",
        "陶宏做了《在网课中育人, 在战役中成长》的发言。",
        "副厅长李占峰做了《以“同频互动课堂”为抓手 促进教育公平,提升教育质量》的报告。",
        "推出思政大课《强国有我》,持续做好。",
        "绘制《北京教育信息化建设总体构架图》,明确任务。",
    ],
)
def test_news_and_speech_titles_are_not_documents(text: str) -> None:
    assert find_titles(text) == []


def test_document_number_is_kept() -> None:
    (m,) = find_titles("印发《关于开展试点工作的通知》(教科信函〔2021〕14号),要求")
    assert m.attrs["doc_number"] == "教科信函〔2021〕14号"


CARRIERS = [
    "{issuer}关于{verb}{o}{work}{c}的{kind}",
    "关于{verb}{o}{work}{c}的{kind}",
    "{issuer}关于{verb}{o}{work}{c}{kind}",
]


@pytest.mark.parametrize(
    "issuer", ["教育部", "国务院办公厅", "某省教育厅 某省财政厅", "中共某省委办公厅 某省人民政府办公厅"]
)
@pytest.mark.parametrize("verb", ["印发", "颁布", "发布", "公布", "下发", "修订印发"])
@pytest.mark.parametrize(("o", "c"), [("〈", "〉"), ("《", "》")])
@pytest.mark.parametrize("kind", ["通知", "决定"])
def test_a_carrier_title_names_the_work_it_issues(issuer: str, verb: str, o: str, c: str, kind: str) -> None:
    work = "某某数字校园建设三年行动计划(2025-2027年)"
    for shape in CARRIERS:
        assert work_title(shape.format(issuer=issuer, verb=verb, o=o, work=work, c=c, kind=kind)) == work


@pytest.mark.parametrize(
    ("title", "work"),
    [
        # forwarding carries another body's document: a work of its own
        (
            "某省教育厅关于转发〈教育部关于某某工作的通知〉的通知",
            "某省教育厅关于转发〈教育部关于某某工作的通知〉的通知",
        ),
        # a notice issuing two works is not either of them
        ("关于印发〈甲方案〉和〈乙办法〉的通知", "关于印发〈甲方案〉和〈乙办法〉的通知"),
        # implementing a work is another work; inner titles are written in 〈〉 however the text writes them
        ("某市关于贯彻落实《某某行动计划》的实施意见", "某市关于贯彻落实〈某某行动计划〉的实施意见"),
        # year ranges are written one way
        ("某某发展规划(2021—2025年)", "某某发展规划(2021-2025年)"),
        ("某某发展规划(2021～2025年)", "某某发展规划(2021-2025年)"),
        ("某某发展规划(2021至2025年)", "某某发展规划(2021-2025年)"),
        ("某某 发展规划", "某某发展规划"),
    ],
)
def test_work_titles_of_titles_that_are_no_carriers(title: str, work: str) -> None:
    assert work_title(title) == work


def test_a_short_name_the_text_defines_names_the_work_written_before_it() -> None:
    text = (
        "某部印发《关于印发〈某某数字资源建设方案〉的通知》（以下简称《方案》）。《方案》要求，按照《方案》部署，"
        "同时印发《某某评价办法》（下称《办法》），依据《办法》开展评价。《规划》未被定义。"
    )
    found = [(m.text, m.name) for m in short_name_mentions(text)]
    assert found == [("方案", "某某数字资源建设方案"), ("方案", "某某数字资源建设方案"), ("办法", "某某评价办法")]
    assert all(text[m.start : m.end] == m.text for m in short_name_mentions(text))
