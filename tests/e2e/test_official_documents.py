"""Official documents themselves (GB/T 9704 layout): the file is a Document with its 文号, title,
issuers in signature order, 成文日期, addressees and cc; what it cites and repeals. The documents
here are written for these tests: other bodies, other numbers and other layouts than the
development set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect
from spacy.language import Language

from api.main import create_app
from kg_builder.extract import extract_bytes, to_gold_json
from kg_builder.graph import source_graph
from kg_builder.layout import read_layout
from kg_builder.model import Extraction
from kg_builder.rdf import check, to_rdf
from kg_builder.settings import get_settings
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.textnorm import normalize_number
from tests.conftest import SHARED_EVAL
from tests.e2e.conftest import SCREENSHOTS, served

ONE_SIGNER = """交办信〔2023〕17号
交通运输部办公厅关于开展交通运输行业数据安全检查的通知
各省、自治区、直辖市交通运输厅（局、委），国家铁路局，中国民用航空局：
根据《中华人民共和国数据安全法》和《网络数据安全管理条例》（国令第790号），我部决定开展行业数据安全检查。
《交通运输行业网络安全管理办法（试行）》（交科技发〔2019〕12号）同时废止。
交通运输部办公厅
2023年5月8日
（此件公开发布）
抄送：国家数据局，公安部网络安全保卫局。
交通运输部办公厅2023年5月9日印发
"""

THREE_SIGNERS = """文化和旅游部 国家发展改革委 财政部关于推进数字文化馆建设的意见
文旅公共发〔2022〕21号
各省、自治区、直辖市文化和旅游厅（局）、发展改革委、财政厅（局）：
为落实《“十四五”公共文化服务体系建设规划》，现就推进数字文化馆建设提出如下意见。
一、总体要求
（一）加快建设。
文化和旅游部 国家发展改革委 财政部
二〇二二年三月十一日
"""

RUN_IN = """关于印发《水利数据共享管理办法》的通知
水办[2024]8号
部直属各单位：
现将《水利数据共享管理办法》印发给你们，请遵照执行。
水利部 自然资源部 农业农村部2024年1月30日
"""

NO_TITLE_LINE = """农办市〔2021〕5号
各省、自治区、直辖市农业农村（农牧）厅（局、委）：
请于6月底前报送本地区数据资源目录。
农业农村部办公厅
2021年4月2日
"""

METADATA = """索 引 号：000014349/2021-00512
发布机关：国家林业和草原局
名 称：国家林业和草原局关于加强林草数据管理的通知
文 号：林信发〔2021〕33号
成文日期：2021年06月07日
国家林业和草原局关于加强林草数据管理的通知
各省、自治区、直辖市林业和草原主管部门：
为加强林草数据管理，现通知如下。
国家林业和草原局
2021年6月7日
"""

TRADITIONAL = """浙教辦〔2023〕41號
浙江省教育廳辦公室關於做好校園網路安全檢查的通知
各市、縣（市、區）教育局：
根據《浙江省教育系統網絡安全工作要點》，我廳決定開展檢查。
浙江省教育廳辦公室
2023年3月6日
"""


def extract(nlp: Language, text: str, name: str = "doc.txt") -> Extraction:
    return extract_bytes(text.encode("utf-8"), name, nlp)


def block(nlp: Language, text: str) -> dict[str, Any]:
    extraction = extract(nlp, text)
    assert extraction.document.kind == "official_document"
    data = to_gold_json(extraction)["source_document"]
    assert data is not None
    return data


def test_one_signer_with_addressees_cc_printing_and_cited_numbers(nlp: Language) -> None:
    data = block(nlp, ONE_SIGNER)
    assert data["title"] == "交通运输部办公厅关于开展交通运输行业数据安全检查的通知"
    assert (data["doc_number"], data["genre"], data["date"]) == ("交办信〔2023〕17号", "notice", "2023-05-08")
    assert data["issuers"] == ["交通运输部办公厅"]
    assert data["addressees"] == ["各省、自治区、直辖市交通运输厅(局、委)", "国家铁路局", "中国民用航空局"]
    assert data["cc"] == ["国家数据局", "公安部网络安全保卫局"]
    assert (data["printed_by"], data["printed_date"]) == ("交通运输部办公厅", "2023-05-09")
    extraction = extract(nlp, ONE_SIGNER)
    facts = {(r.type, r.head, r.tail) for r in extraction.relations}
    title = data["title"]
    assert ("ISSUED", "交通运输部办公厅", title) in facts
    assert ("CITES", title, "中华人民共和国数据安全法") in facts
    assert ("REPEALS", title, "交通运输行业网络安全管理办法(试行)") in facts
    assert ("ADDRESSED_TO", title, "国家铁路局") in facts and ("COPIED_TO", title, "国家数据局") in facts
    cited = {e.name: e.attrs for e in extraction.entities if e.label == "Document"}
    assert cited["交通运输行业网络安全管理办法(试行)"]["doc_number"] == "交科技发〔2019〕12号"
    # 我部 in the body is the issuer's ministry, not a body of its own
    assert "交通运输部办公厅" in {e.name for e in extraction.entities if e.label == "Agency"}


def test_three_joint_signers_in_order_and_a_chinese_numeral_date(nlp: Language) -> None:
    data = block(nlp, THREE_SIGNERS)
    assert data["issuers"] == ["文化和旅游部", "国家发展和改革委员会", "财政部"]
    assert (data["doc_number"], data["date"]) == ("文旅公共发〔2022〕21号", "2022-03-11")
    assert data["title"] == "文化和旅游部 国家发展改革委 财政部关于推进数字文化馆建设的意见".replace(" ", "")
    fact = next(r for r in extract(nlp, THREE_SIGNERS).relations if r.type == "ISSUED" and r.tail == data["title"])
    assert (fact.head, fact.co_issuers) == ("文化和旅游部", ["国家发展和改革委员会", "财政部"])


def test_a_signature_run_into_its_date(nlp: Language) -> None:
    data = block(nlp, RUN_IN)
    assert data["issuers"] == ["水利部", "自然资源部", "农业农村部"]
    assert (data["doc_number"], data["date"]) == ("水办〔2024〕8号", "2024-01-30")


WRAPPED = """特急
江苏省教育厅文件
苏教信〔2023〕3号
江苏省教育厅关于开展2023年全省中小学
教师信息技术应用能力提升工程考核的通知
各设区市教育局：
现将有关事项通知如下。
江苏省教育厅
2023年4月6日
"""


def test_a_title_wrapped_over_two_lines_and_the_markings_above_it(nlp: Language) -> None:
    data = block(nlp, WRAPPED)
    assert data["title"] == "江苏省教育厅关于开展2023年全省中小学教师信息技术应用能力提升工程考核的通知"
    assert (data["doc_number"], data["issuers"], data["date"]) == ("苏教信〔2023〕3号", ["江苏省教育厅"], "2023-04-06")


def test_no_title_line(nlp: Language) -> None:
    data = block(nlp, NO_TITLE_LINE)
    assert (data["title"], data["doc_number"], data["date"]) == (None, "农办市〔2021〕5号", "2021-04-02")
    assert data["issuers"] == ["农业农村部办公厅"]
    assert read_layout(NO_TITLE_LINE) is not None


def test_a_metadata_header_is_used(nlp: Language) -> None:
    data = block(nlp, METADATA)
    assert data["title"] == "国家林业和草原局关于加强林草数据管理的通知"
    assert (data["doc_number"], data["date"], data["issuers"]) == (
        "林信发〔2021〕33号",
        "2021-06-07",
        ["国家林业和草原局"],
    )


def test_traditional_script(nlp: Language) -> None:
    data = block(nlp, TRADITIONAL)
    title = "浙江省教育厅办公室关于做好校园网路安全检查的通知"
    assert (data["title"], data["doc_number"]) == (title, "浙教办〔2023〕41号")
    assert data["issuers"] == ["浙江省教育厅办公室"]


NUMBERED_ANNOUNCEMENT = """国家知识产权局关于发布专利数据开放目录的公告（2024年第7号）
为促进专利数据开放共享，现将有关事项公告如下：
一、目录自发布之日起施行。
有效期限：至2029年6月30日。
特此公告。
国家知识产权局
2024年7月2日
"""

ANNOUNCEMENT_NUMBER_LINE = """国家能源局公告
2023年第9号
为规范能源数据统计，现公告如下。
国家能源局
2023年10月16日
"""

EIGHT_SIGNERS = """关于推进高校数据中心绿色发展的指导意见
教科信〔2024〕11号
各省、自治区、直辖市教育厅（教委）、发展改革委、工业和信息化主管部门：
现提出如下意见，请认真贯彻落实。
教育部
国家发展改革委
工业和信息化部
财政部
自然资源部
生态环境部
国家能源局
国家数据局
2024年9月3日
"""

SIGNERS_SEVERAL_A_LINE = """住房城乡建设部 民政部 退役军人部 应急部 国家中医药局关于加强社区数字化服务的通知
建办〔2024〕31
各省、自治区住房和城乡建设厅：
现将有关事项通知如下。
住房城乡建设部　　　民政部　　　退役军人部
应急部　　　国家中医药局
2024年6月18日
"""


def test_a_numbered_announcement_with_its_number_in_the_headline(nlp: Language) -> None:
    data = block(nlp, NUMBERED_ANNOUNCEMENT)
    assert data["title"] == "国家知识产权局关于发布专利数据开放目录的公告"
    assert (data["doc_number"], data["issuers"]) == ("2024年第7号", ["国家知识产权局"])
    assert data["date"] == "2024-07-02"  # 有效期限：至… is never the 成文日期
    assert data["addressees"] == []  # 为…，现将有关事项公告如下： is the body, not the 主送 line


def test_a_numbered_announcement_with_its_number_on_a_line_of_its_own(nlp: Language) -> None:
    data = block(nlp, ANNOUNCEMENT_NUMBER_LINE)
    assert (data["title"], data["doc_number"], data["issuers"]) == ("国家能源局公告", "2023年第9号", ["国家能源局"])


@pytest.mark.parametrize(
    ("headline", "number"),
    [
        ("国家林业和草原局公告 2024年第3号", "2024年第3号"),
        ("国家林业和草原局公告2024年 第3号", "2024年第3号"),
        ("国家林业和草原局公告〔2024〕第3号", "〔2024〕第3号"),
        ("国家林业和草原局公告（2024年第3号）", "2024年第3号"),
    ],
)
def test_a_numbered_announcement_with_its_number_on_the_headline_line(
    nlp: Language, headline: str, number: str
) -> None:
    """X公告 2023年第15号 on one line: the headline is the title, the rest its number (the GUIDE)."""
    data = block(nlp, f"{headline}\n为加强林草数据管理，现公告如下。\n国家林业和草原局\n2024年3月8日\n")
    assert (data["title"], data["issuers"]) == ("国家林业和草原局公告", ["国家林业和草原局"])
    assert re.sub(r"\s", "", data["doc_number"]) == number


def test_eight_signers_one_a_line_in_order(nlp: Language) -> None:
    data = block(nlp, EIGHT_SIGNERS)
    assert data["issuers"] == [
        "教育部",
        "国家发展和改革委员会",
        "工业和信息化部",
        "财政部",
        "自然资源部",
        "生态环境部",
        "国家能源局",
        "国家数据局",
    ]
    fact = next(r for r in extract(nlp, EIGHT_SIGNERS).relations if r.type == "ISSUED" and r.tail == data["title"])
    assert (fact.head, len(fact.co_issuers)) == ("教育部", 7)


def test_several_signers_a_line_in_short_forms_and_a_number_cut_short(nlp: Language) -> None:
    data = block(nlp, SIGNERS_SEVERAL_A_LINE)
    assert data["issuers"] == ["住房和城乡建设部", "民政部", "退役军人事务部", "应急管理部", "国家中医药管理局"]
    assert (data["doc_number"], data["date"]) == ("建办〔2024〕31号", "2024-06-18")


ORDER = """中华人民共和国自然资源部令
第12号
《自然资源数据共享管理办法》已经2024年5月8日自然资源部第4次部务会议审议通过，现予公布，自2024年7月1日起施行。
部长　王广华
2024年5月20日
自然资源数据共享管理办法
第一条　为规范自然资源数据共享，制定本办法。
"""

SAVED_PAGE = """首页 > 政务公开 > 通知公告
发文机构：国家卫生健康委员会
发文字号：国卫规划发〔2024〕9号
成文时间：2024年04月11日
发布时间：2024年04月15日
国家卫生健康委关于推进全民健康信息平台建设的通知
各省、自治区、直辖市卫生健康委：
现将有关事项通知如下。
国家卫生健康委
2024年4月11日
扫一扫在手机打开当前页
"""

WITH_ATTACHMENTS = """交通运输部办公厅关于开展2024年交通运输数据质量评估的通知
交办科技函〔2024〕7号
各省、自治区、直辖市交通运输厅（局、委）：
现就有关事项通知如下。
附件：1.评估工作方案
2.评估申报表
交通运输部办公厅
2024年2月26日
（此件公开发布）
附件1
评估工作方案
2024年3月至5月，完成评估。
附件2
评估申报表
填报单位（盖章）：
负责人签字
2024年  月  日
"""


def test_an_order_with_its_number_under_the_title_signed_by_the_minister(nlp: Language) -> None:
    data = block(nlp, ORDER)
    assert (data["title"], data["doc_number"], data["issuers"], data["date"]) == (
        "中华人民共和国自然资源部令",
        "第12号",
        ["自然资源部"],
        "2024-05-20",
    )


def test_a_saved_page_with_the_sites_own_metadata_labels(nlp: Language) -> None:
    data = block(nlp, SAVED_PAGE)
    assert data["title"] == "国家卫生健康委关于推进全民健康信息平台建设的通知"
    assert (data["doc_number"], data["issuers"], data["date"]) == (
        "国卫规划发〔2024〕9号",
        ["国家卫生健康委员会"],
        "2024-04-11",
    )


def test_attachments_after_the_signature_do_not_move_it(nlp: Language) -> None:
    data = block(nlp, WITH_ATTACHMENTS)
    assert (data["doc_number"], data["issuers"], data["date"]) == (
        "交办科技函〔2024〕7号",
        ["交通运输部办公厅"],
        "2024-02-26",
    )


NO_SIGNATURE_PAGE = """索引号：11100000MB0143028R/2024-00031
发布机关：国家体育总局
发文字号：体经字〔2024〕15号
发布日期：2024年05月09日
关于推进全民健身数字化服务的通知
各省、自治区、直辖市体育局：
现就有关事项通知如下。
一、加强平台建设。
"""


def test_a_saved_page_with_no_signature_takes_its_issuer_and_date_from_the_page(nlp: Language) -> None:
    data = block(nlp, NO_SIGNATURE_PAGE)
    assert (data["title"], data["doc_number"], data["issuers"], data["date"]) == (
        "关于推进全民健身数字化服务的通知",
        "体经字〔2024〕15号",
        ["国家体育总局"],
        "2024-05-09",
    )


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("国核安函〔2022〕42号", "国核安函〔2022〕42号"),
        ("国核安函[2022]42号", "国核安函〔2022〕42号"),
        ("国核安函（2022）42号", "国核安函〔2022〕42号"),
        ("国核安函【2022】42号", "国核安函〔2022〕42号"),
        ("国核安函［ 2022 ］42号", "国核安函〔2022〕42号"),
        ("公告  2021年  第38号", "公告 2021年 第38号"),
    ],
)
def test_doc_numbers_are_normalised(written: str, normal: str) -> None:
    assert normalize_number(written) == normal


def test_briefs_are_not_official_documents(nlp: Language) -> None:
    brief = "2023年5月教育信息化和网络安全工作月报\n★各地工作动态\n江西 省教育厅印发《关于加强数据安全的通知》。\n"
    assert extract(nlp, brief).source_document is None


def test_the_graph_of_official_documents_conforms_to_the_shapes(nlp: Language) -> None:
    from rdflib import Graph

    data = Graph()
    for i, text in enumerate((ONE_SIGNER, THREE_SIGNERS, RUN_IN, METADATA, TRADITIONAL)):
        to_rdf(source_graph(extract(nlp, text, f"official{i}.txt")), data)
    conforms, report = check(data)
    assert conforms, report


@pytest.fixture
def official_client(store: Any, nlp: Language) -> Iterator[TestClient]:
    """The API over each store in turn, loaded with the documents above."""
    store.load(
        [
            source_graph(extract(nlp, text, f"official{i}.txt"))
            for i, text in enumerate((ONE_SIGNER, THREE_SIGNERS, RUN_IN, METADATA, TRADITIONAL))
        ]
    )
    with TestClient(create_app(get_settings(), store=store)) as client:
        yield client


def test_the_api_finds_documents_by_number_and_answers_citations_and_addressees(official_client: TestClient) -> None:
    title = "交通运输部办公厅关于开展交通运输行业数据安全检查的通知"
    items = official_client.get("/documents", params={"number": "交办信[2023]17号"}).json()["items"]
    assert [(d["document"], d["number"], d["issuer"], d["date"]) for d in items] == [
        (title, "交办信〔2023〕17号", "交通运输部办公厅", "2023-05-08")
    ]
    hits = official_client.get("/search", params={"q": "交办信〔2023〕17号"}).json()
    assert hits and hits[0]["name"] == title
    citations = official_client.get("/citations", params={"document": title}).json()
    relations = {(r["relation"], r["other"]) for r in citations}
    assert ("cites", "中华人民共和国数据安全法") in relations
    assert ("repeals", "交通运输行业网络安全管理办法(试行)") in relations
    addressed = official_client.get("/addressed", params={"agency": "国家铁路局"}).json()
    assert [(r["relation"], r["document"]) for r in addressed] == [("addressed_to", title)]
    # a notice that issues a work is the work (README, "One node per work"), found by the notice's title too
    issued = official_client.get("/documents", params={"issuer": "水利部"}).json()["items"]
    assert [(d["document"], d["genre"]) for d in issued] == [("水利数据共享管理办法", "measures")]
    hits = official_client.get("/search", params={"q": "关于印发《水利数据共享管理办法》的通知"}).json()
    assert hits and hits[0]["name"] == "水利数据共享管理办法"


def test_the_explorer_shows_a_documents_header_card(browser: Browser, nlp: Language, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "oxigraph")
    store.load([source_graph(extract(nlp, ONE_SIGNER, "official.txt"))])
    try:
        with served(create_app(get_settings(), store=store)) as url:
            context = browser.new_context(viewport={"width": 1400, "height": 860}, locale="zh-CN")
            page = context.new_page()
            page.goto(f"{url}/ui?q=" + quote("交办信〔2023〕17号"))
            card = page.locator("#document-card")
            expect(card).to_be_visible()
            for text in (
                "交办信〔2023〕17号",
                "交通运输部办公厅",
                "2023-05-08",
                "国家铁路局",
                "国家数据局",
                "中华人民共和国数据安全法",
                "交通运输行业网络安全管理办法(试行)",
            ):
                expect(card).to_contain_text(text)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / "explorer-official-document.png")
            context.close()
    finally:
        store.close()


@pytest.mark.skipif(not (SHARED_EVAL / "official").is_dir(), reason="shared/eval is beside the repository in CI")
def test_the_graph_of_the_development_official_documents_conforms(nlp: Language) -> None:
    from rdflib import Graph

    data = Graph()
    for path in sorted((SHARED_EVAL / "official" / "texts").glob("*.txt")):
        to_rdf(source_graph(extract_bytes(path.read_bytes(), path.name, nlp)), data)
    conforms, report = check(data)
    assert conforms, report


LONG_METADATA_BLOCK = """标　　题：水利部 农业农村部关于推进灌区数字孪生建设的指导意见
发文机关：水利部　农业农村部
发文字号：水农〔2025〕41号
来　　源：水利部网站
主题分类：水利\\其他
公文种类：意见
所属类别：通知
成文日期：2025年03月07日
发布日期：2025年03月14日

水利部 农业农村部关于推进灌区数字孪生建设的指导意见
水农〔2025〕41号

各省、自治区、直辖市水利（水务）厅（局）、农业农村（农牧）厅（局、委）：
现就推进灌区数字孪生建设提出以下意见。

水　利　部
农业农村部
二〇二五年三月七日
"""


def test_a_long_metadata_block_and_a_name_spread_over_its_signature_line(nlp: Language) -> None:
    """Every labelled line of a saved page (公文种类：意见, and labels no list names: 所属类别：通知)
    is a label, never the title; a short
    name spread to the signature's width (水　利　部) is one signer."""
    data = block(nlp, LONG_METADATA_BLOCK)
    assert data["title"] == "水利部农业农村部关于推进灌区数字孪生建设的指导意见"
    assert (data["doc_number"], data["issuers"], data["date"]) == (
        "水农〔2025〕41号",
        ["水利部", "农业农村部"],
        "2025-03-07",
    )


UPWARD_REQUEST = """某某市教育局
某教〔2025〕8号　　　　　　　　　　签发人：某某某

黔南州教育局关于申请开展人工智能教育试点的请示

贵州省教育厅：
为推进人工智能教育，我局拟申请开展试点。妥否，请批示。

黔南州教育局
2025年4月9日
（联系人：某某；电话：0854-1234567）
"""


def test_an_upward_documents_number_line_names_its_signer(nlp: Language) -> None:
    """签发人 after the number (请示, 报告): the number alone is the 文号, and the body's name line
    above it is no part of the title."""
    data = block(nlp, UPWARD_REQUEST)
    assert (data["title"], data["doc_number"]) == ("黔南州教育局关于申请开展人工智能教育试点的请示", "某教〔2025〕8号")
    assert (data["issuers"], data["addressees"], data["date"]) == (["黔南州教育局"], ["贵州省教育厅"], "2025-04-09")
