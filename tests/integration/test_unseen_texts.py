"""Extraction on texts written for these tests, one group per kind of sentence the extractor must
handle on texts it has never seen: the place a whole text is about, bodies of every ministry,
province, city and Party committee, bodies that are not issuers, joint and self-referring
issuers, genres, dates, events and programs. Names and phrasings differ from the samples and
from the development suites on purpose: a rule that only fits those fails here."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.model import Extraction


def extract(nlp: Language, text: str, name: str = "unseen.txt") -> Extraction:
    return extract_bytes(text.encode("utf-8"), name, nlp)


def entities(ex: Extraction, label: str) -> list[str]:
    return sorted(e.name for e in ex.entities if e.label == label)


def issued(ex: Extraction) -> list[tuple[str | None, str | None, str]]:
    return sorted(((r.head, r.province, r.tail) for r in ex.relations if r.type == "ISSUED"), key=str)


# --- 1. The place a whole text is about ----------------------------------------------------------


def test_a_provincial_news_item_resolves_short_forms_to_its_province(nlp: Language) -> None:
    ex = extract(
        nlp,
        "湖南省教育厅召开全省教育数字化工作推进会\n"
        "会上，省财政厅、省发展改革委负责同志作交流发言。"
        "省教育厅同日印发《湖南省中小学数字校园建设指南》。",
    )
    assert {"湖南省财政厅", "湖南省发展和改革委员会", "湖南省教育厅"} <= set(entities(ex, "Agency"))
    assert issued(ex) == [("湖南省教育厅", "湖南", "湖南省中小学数字校园建设指南")]


def test_a_work_plan_resolves_party_bodies_to_its_province(nlp: Language) -> None:
    ex = extract(
        nlp,
        "四川省教育厅2024年教育信息化工作要点\n"
        "一、配合省委网信办做好关键信息基础设施保护，会同省委编办理顺电教机构职能。",
    )
    assert {"中共四川省委网络安全和信息化委员会办公室", "中共四川省委机构编制委员会办公室"} <= set(
        entities(ex, "Agency")
    )


def test_a_city_news_item_resolves_its_own_level_word(nlp: Language) -> None:
    ex = extract(nlp, "株洲市教育局部署新学期网络安全工作\n市电教馆随后印发《株洲市校园网络安全检查细则》。")
    assert issued(ex) == [("株洲市电化教育馆", "湖南", "株洲市校园网络安全检查细则")]


def test_a_paragraph_of_a_brief_overrides_the_text_as_a_whole(nlp: Language) -> None:
    ex = extract(
        nlp,
        "2023年3月教育信息化和网络安全工作月报\n★各地工作动态\n"
        "甘肃 省教育厅印发《甘肃省教育专网建设方案》。\n青海 省教育厅印发《青海省智慧课堂应用指引》。",
    )
    assert issued(ex) == [
        ("甘肃省教育厅", "甘肃", "甘肃省教育专网建设方案"),
        ("青海省教育厅", "青海", "青海省智慧课堂应用指引"),
    ]


def test_a_brief_s_paragraphs_in_every_usual_layout(nlp: Language) -> None:
    ex = extract(
        nlp,
        "2023年6月教育信息化和网络安全工作月报\n★各地工作动态\n"
        "【河北】省教育厅印发《河北省教育数据安全管理办法》。\n"
        "（二）山西：省教育厅印发《山西省智慧课堂应用指南》。\n"
        "3.内蒙古 自治区教育厅印发《内蒙古教育专网建设方案》。\n"
        "吉林省教育厅印发《吉林省中小学网络安全管理规定》，省财政厅印发《吉林省教育专项资金管理办法》。\n",
    )
    assert [(h, p) for h, p, _ in issued(ex)] == [
        ("内蒙古自治区教育厅", "内蒙古"),
        ("吉林省教育厅", "吉林"),
        ("吉林省财政厅", "吉林"),
        ("山西省教育厅", "山西"),
        ("河北省教育厅", "河北"),
    ]


# --- 2. Bodies outside any hand-made list -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甘肃省交通运输厅、甘肃省文化和旅游厅开展联合检查。", ["甘肃省交通运输厅", "甘肃省文化和旅游厅"]),
        ("贵州省人民政府办公厅、湖北省通信管理局参加会议。", ["湖北省通信管理局", "贵州省人民政府办公厅"]),
        ("遵义市红花岗区教育局与绵阳市教育和体育局签署协议。", ["绵阳市教育和体育局", "遵义市红花岗区教育局"]),
        (
            "国家数据局、中国人民银行、国务院国资委和中央宣传部出席。",
            ["中共中央宣传部", "中国人民银行", "国务院国有资产监督管理委员会", "国家数据局"],
        ),
        ("国家疾控局与海关总署联合部署。", ["国家疾病预防控制局", "海关总署"]),
        ("生态环境部办公厅印发通知。", ["生态环境部办公厅"]),
    ],
)
def test_bodies_from_complete_lists_and_the_grammar(nlp: Language, text: str, expected: list[str]) -> None:
    assert entities(extract(nlp, text), "Agency") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # places listed before one head each name a body
        ("绵阳市、德阳市教育局作交流发言。", ["德阳市教育局", "绵阳市教育局"]),
        # a bare head after a city's body shares its city
        ("抄送：韶关市教育局、财政局。", ["韶关市教育局", "韶关市财政局"]),
        # an autonomous prefecture by its usual short name
        ("黔东南州教育局印发通知。", ["黔东南州教育局"]),
    ],
)
def test_places_shared_and_short(nlp: Language, text: str, expected: list[str]) -> None:
    assert entities(extract(nlp, text), "Agency") == expected


def test_a_city_body_carries_the_province_of_its_city(nlp: Language) -> None:
    ex = extract(nlp, "遵义市红花岗区教育局印发《红花岗区中小学人工智能教育实施方案》。")
    assert issued(ex) == [("遵义市红花岗区教育局", "贵州", "红花岗区中小学人工智能教育实施方案")]
    assert entities(ex, "Province") == []  # the text itself names no province


def test_a_ministry_department_short_form_follows_the_ministry_the_text_is_about(nlp: Language) -> None:
    ex = extract(nlp, "生态环境部召开专题会议。会后，部办公厅印发《关于加强辐射监测数据管理的通知》。")
    assert ("生态环境部办公厅", None, "关于加强辐射监测数据管理的通知") in issued(ex)
    assert "教育部办公厅" not in entities(ex, "Agency")


def test_a_joint_title_keeps_its_bodies_apart(nlp: Language) -> None:
    ex = extract(nlp, "近日，《工业和信息化部办公厅 国家卫生健康委办公厅关于推进智慧医院网络建设的通知》印发。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers) == ("工业和信息化部办公厅", ["国家卫生健康委员会办公厅"])


# --- 3. Not agencies, not issuers ---------------------------------------------------------------


def test_bodies_in_cited_titles_and_in_phrases_are_not_agencies(nlp: Language) -> None:
    ex = extract(
        nlp,
        "按照《交通运输部关于推进智慧交通建设的意见》要求，认真贯彻党中央、国务院决策部署，"
        "国务院副总理出席会议。清华大学、浙江大学等高校参加。",
    )
    assert entities(ex, "Agency") == []
    assert entities(ex, "Province") == []


def test_a_province_s_committee_and_government_as_the_source_of_policy_are_not_agencies(nlp: Language) -> None:
    ex = extract(nlp, "安徽省教育厅召开党组会议\n会议强调，要落实省委、省政府决策部署。新华社记者参加。")
    assert entities(ex, "Agency") == ["安徽省教育厅"]


# --- 4. Who issued ------------------------------------------------------------------------------


def test_joint_issuance_keeps_every_co_issuer_in_order(nlp: Language) -> None:
    ex = extract(nlp, "福建 省委网信办、省教育厅、省公安厅等三部门联合印发《福建省校园网站安全管理办法》。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert fact.head == "中共福建省委网络安全和信息化委员会办公室"
    assert fact.co_issuers == ["福建省教育厅", "福建省公安厅"]


def test_the_body_at_the_head_of_the_title_is_the_issuer(nlp: Language) -> None:
    ex = extract(nlp, "国家发展改革委近日印发《教育部 财政部关于深化教育专网建设的意见》。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers) == ("教育部", ["财政部"])


def test_a_list_of_provinces_issues_one_fact_each(nlp: Language) -> None:
    ex = extract(
        nlp,
        "甘肃、青海、宁夏印发2024年教育网络安全工作要点，其中宁夏印发《宁夏教育专网运维规范》。"
        "西藏、新疆分别印发《数字校园建设三年行动计划》。",
    )
    assert [(h, p) for h, p, d in issued(ex) if d == "数字校园建设三年行动计划"] == [(None, "新疆"), (None, "西藏")]


def test_a_passive_sentence_issues_the_titles_own_bodies(nlp: Language) -> None:
    ex = extract(nlp, "《自然资源部 农业农村部关于加强耕地保护的通知》也于近日印发。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers) == ("自然资源部", ["农业农村部"])


def test_that_body_is_the_one_named_before(nlp: Language) -> None:
    ex = extract(nlp, "5月9日，记者从省教育厅获悉，该厅联合省财政厅印发《湖北省教育数据治理方案》。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers, fact.province) == ("湖北省教育厅", ["湖北省财政厅"], "湖北")


def test_a_passive_sentence_with_its_agent(nlp: Language) -> None:
    ex = extract(nlp, "广东 《广东省教育数据共享管理办法》日前由省教育厅正式印发。")
    assert issued(ex) == [("广东省教育厅", "广东", "广东省教育数据共享管理办法")]


def test_a_passive_sentence_whose_agent_leads_it(nlp: Language) -> None:
    ex = extract(nlp, "由省教育厅牵头，联合省工业和信息化厅等部门制定的《浙江省教育数字化转型行动方案》近日正式印发。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers, fact.province) == ("浙江省教育厅", ["浙江省工业和信息化厅"], "浙江")


def test_two_provinces_counted_as_subjects(nlp: Language) -> None:
    ex = extract(nlp, "湖北、湖南两省分别印发《中部地区教育专网互联实施方案》。")
    plan = "中部地区教育专网互联实施方案"
    assert issued(ex) == [(None, "湖北", plan), (None, "湖南", plan)]


def test_a_work_plan_s_author_acts_where_a_clause_names_no_one(nlp: Language) -> None:
    ex = extract(nlp, "河南省教育厅2024年工作要点\n联合省人力资源社会保障厅印发《河南省教师数字素养培训方案》。")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers) == ("河南省教育厅", ["河南省人力资源和社会保障厅"])


def test_a_subject_does_not_carry_past_a_new_one(nlp: Language) -> None:
    ex = extract(nlp, "江苏 省教育厅召开培训会。省财政厅随后印发《江苏省教育信息化专项资金管理办法》。")
    assert issued(ex) == [("江苏省财政厅", "江苏", "江苏省教育信息化专项资金管理办法")]


def test_an_actor_the_gazetteers_do_not_know_is_not_replaced_by_an_earlier_one(nlp: Language) -> None:
    ex = extract(nlp, "浙江 省教育厅召开会议。某某教育研究院印发《浙江省智慧课堂评价指南》。")
    assert issued(ex) == [(None, "浙江", "浙江省智慧课堂评价指南")]


def test_bodies_separated_by_a_space_issue_jointly(nlp: Language) -> None:
    ex = extract(nlp, "广东省教育厅 广东省财政厅关于印发《广东省教育专网建设资金管理办法》的通知")
    fact = next(r for r in ex.relations if r.type == "ISSUED")
    assert (fact.head, fact.co_issuers) == ("广东省教育厅", ["广东省财政厅"])


def test_self_reference_is_the_text_s_own_body(nlp: Language) -> None:
    ex = extract(
        nlp,
        "福建省教育厅关于2023年教育信息化工作的总结\n一、工作成效\n6月2日，我厅出台《福建省中小学智慧校园评价标准》。",
    )
    assert issued(ex) == [("福建省教育厅", "福建", "福建省中小学智慧校园评价标准")]


def test_self_reference_in_an_office_s_notice_is_its_department(nlp: Language) -> None:
    ex = extract(nlp, "广东省教育厅办公室关于开展数据安全检查的通知\n各地级以上市教育局：\n我厅决定开展检查。")
    assert "广东省教育厅" in entities(ex, "Agency")


def test_an_official_s_body_issues_what_the_official_releases(nlp: Language) -> None:
    ex = extract(nlp, "会上，教育部科学技术与信息化司副司长发布《教育行业数据分类分级指南》。")
    assert issued(ex) == [("教育部科学技术与信息化司", None, "教育行业数据分类分级指南")]


def test_a_document_issued_by_the_body_named_before(nlp: Language) -> None:
    ex = extract(nlp, "江西 省教育厅高度重视数据安全，在其印发的《江西省教育数据安全管理办法》中明确了责任分工。")
    assert issued(ex) == [("江西省教育厅", "江西", "江西省教育数据安全管理办法")]


# --- 5. Documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "genre"),
    [
        ("国家能源局印发《关于同意某某项目调整的复函》。", "关于同意某某项目调整的复函", "letter"),
        ("省政府印发《关于某某市城市总体规划的批复》。", "关于某某市城市总体规划的批复", "reply"),
        ("国家铁路局发布《关于实施新版技术规章的公告》。", "关于实施新版技术规章的公告", "announcement"),
        ("发布《信息技术 学习资源元数据》(JY/T 0644-2022)。", "信息技术学习资源元数据", "standard"),
        ("制定《中小学网络教研导则》。", "中小学网络教研导则", "guide"),
    ],
)
def test_genres_and_standards(nlp: Language, text: str, title: str, genre: str) -> None:
    docs = [e for e in extract(nlp, text).entities if e.label == "Document"]
    assert [(d.name, d.attrs["genre"]) for d in docs] == [(title, genre)]


def test_a_short_name_is_not_a_second_document(nlp: Language) -> None:
    ex = extract(nlp, "省教育厅印发《智慧教育示范区建设实施方案》(以下简称《实施方案》)。《实施方案》提出五项任务。")
    assert entities(ex, "Document") == ["智慧教育示范区建设实施方案"]


# --- 6. Period and dates ------------------------------------------------------------------------


def test_the_period_comes_from_the_title_before_the_content(nlp: Language) -> None:
    ex = extract(nlp, "2022年8月教育信息化和网络安全工作月报\n到2025年，全面建成教育专网。")
    assert ex.document.period == "2022-08"


def test_the_period_comes_from_the_page_stamp(nlp: Language) -> None:
    ex = extract(nlp, "省教育厅部署网络安全工作\n2021-11-03 来源：省教育厅\n到2025年，建成教育专网。")
    assert ex.document.period == "2021-11"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("须于2024年06月30日前完成。", ["2024-06-30"]),
        ("二〇二三年三月十三日", ["2023-03-13"]),
        ("截至16日，已完成检查。", ["2023-05-16"]),
        ("5月7曰召开。", ["2023-05-07"]),
        ("本月中旬完成评审。", ["2023-05-11/2023-05-20"]),
        ("本月12日召开。", ["2023-05-12"]),
        ("上月底已完成。", ["2023-04"]),
        ("去年9月启动。", ["2022-09"]),
        ("2022年7至9月累计完成。", ["2022-07/2022-09"]),
        ("2—4月开展排查。", ["2023-02/2023-04"]),
        ("3月份至4月份集中整治。", ["2023-03/2023-04"]),
        ("4月上中旬完成评审。", ["2023-04-01/2023-04-20"]),
        ("本月中下旬完成评审。", ["2023-05-11/2023-05-31"]),
    ],
)
def test_date_forms(nlp: Language, text: str, expected: list[str]) -> None:
    ex = extract(nlp, "2023年5月教育信息化和网络安全工作月报\n" + text)
    assert [d for d in entities(ex, "Date") if d != "2023-05"] == expected


# --- 7. Events and programs ---------------------------------------------------------------------


def test_party_congresses_and_back_references_are_not_events(nlp: Language) -> None:
    ex = extract(nlp, "深入学习党的二十大精神，贯彻全省教育大会部署，举办2024年全省教育网络安全宣传周。")
    assert entities(ex, "Event") == ["2024年全省教育网络安全宣传周"]


def test_a_ceremony_needs_a_name_of_its_own(nlp: Language) -> None:
    ex = extract(nlp, "市教育局与某公司举行战略合作框架协议签约仪式。举办2024年全国教育专网开通仪式。")
    assert entities(ex, "Event") == ["2024年全国教育专网开通仪式"]


def test_a_task_quoted_in_a_title_is_no_program(nlp: Language) -> None:
    ex = extract(nlp, "省教育厅印发《“推进数字校园建设”三年行动方案》，深入推进“互联网+教育”示范校建设。")
    assert "推进数字校园建设" not in entities(ex, "Program")


# --- 8. Ingestion never deletes content ---------------------------------------------------------


def test_a_paragraph_mentioning_a_wechat_account_keeps_its_facts(nlp: Language) -> None:
    ex = extract(
        nlp,
        "辽宁 省教育厅开通微信公众号“辽宁智慧教育”，同日印发《辽宁省教育新媒体管理办法》，"
        "要求各地加强审核……\n扫码关注微信公众号\n",
    )
    assert issued(ex) == [("辽宁省教育厅", "辽宁", "辽宁省教育新媒体管理办法")]


def test_an_event_name_starts_after_a_preposition_and_never_at_a_determiner(nlp: Language) -> None:
    ex = extract(
        nlp,
        "某市教育局关于开展网络安全教育的通知\n"
        "按照第五届全国教育数字化论坛的安排，市教育局组织参会。"
        "各学校负责本校网络安全宣传周各项工作，并在该校智慧课堂研讨会上交流。",
    )
    assert entities(ex, "Event") == ["第五届全国教育数字化论坛"]


@pytest.mark.parametrize(
    ("short", "canonical"),
    [
        ("发展改革委", "国家发展和改革委员会"),
        ("国家卫生健康委", "国家卫生健康委员会"),
        ("退役军人部", "退役军人事务部"),
        ("应急部", "应急管理部"),
        ("市场监管总局", "国家市场监督管理总局"),
        ("国家中医药局", "国家中医药管理局"),
        ("国家矿山安监局", "国家矿山安全监察局"),
        ("统计局", "国家统计局"),
        ("国家广电总局", "国家广播电视总局"),
        ("中央农办", "中央农村工作领导小组办公室"),
        ("国务院安委办", "国务院安全生产委员会办公室"),
        ("国资委", "国务院国有资产监督管理委员会"),
        ("国家宗教局", "国家宗教事务局"),
        ("中央科技委", "中央科技委员会"),
    ],
)
def test_a_central_short_form_is_the_central_body_in_a_national_text(nlp: Language, short: str, canonical: str) -> None:
    ex = extract(nlp, f"教育部、{short}近日联合印发《关于加强校园安全数字化管理的通知》。")
    assert issued(ex) == [("教育部", None, "关于加强校园安全数字化管理的通知")]
    assert canonical in entities(ex, "Agency")


@pytest.mark.parametrize(("short", "head"), [("发展改革委", "发展和改革委员会"), ("统计局", "统计局")])
def test_the_same_short_form_is_the_provinces_body_in_a_provincial_text(nlp: Language, short: str, head: str) -> None:
    ex = extract(
        nlp,
        f"贵州省教育厅关于做好数字校园建设的通知\n由{short}牵头，会同省教育厅编制《贵州省数字校园建设规范》。",
    )
    assert issued(ex) == [(f"贵州省{head}", "贵州", "贵州省数字校园建设规范")]


def test_a_program_is_a_named_initiative_not_a_clause_or_a_bodys_plan(nlp: Language) -> None:
    ex = extract(
        nlp,
        "某某网络科技有限公司董事长王建华出席活动并致辞。江西省教育厅计划年内完成部署。"
        "遴选一批智慧教育示范校，建设教育数字化转型高地。"
        "上线教育部学历认证服务平台，实施“数字赋能乡村教师”工程。",
    )
    assert entities(ex, "Program") == ["教育部学历认证服务平台", "数字赋能乡村教师"]


def test_a_verb_before_an_events_year_or_ordinal_is_no_part_of_its_name(nlp: Language) -> None:
    ex = extract(
        nlp,
        "宝鸡市教育局关于做好2025年全市第三届数字教育宣传周活动的通知\n市教育局召开推进智能教育发展“云上”座谈会。",
    )
    assert entities(ex, "Event") == ["2025年全市第三届数字教育宣传周", "推进智能教育发展“云上”座谈会"]


def test_a_meeting_described_but_not_named_is_no_event_and_its_program_still_is(nlp: Language) -> None:
    """推进…发展座谈会 describes an occasion (GUIDE.md: an event has an identity of its own); with a
    year, ordinal, quoted part, national scope or a place's name it is named."""
    ex = extract(
        nlp,
        "市教育局召开推进数字教育发展座谈会，随后召开教育数字基座提升项目工作推进会。"
        "省教育厅举办首届全省智慧课堂大赛，召开全国数字教材应用研讨会和绵阳市教育装备工作现场会。",
    )
    assert entities(ex, "Event") == ["全国数字教材应用研讨会", "绵阳市教育装备工作现场会", "首届全省智慧课堂大赛"]
    assert "教育数字基座提升项目" in entities(ex, "Program")


def test_the_city_of_a_county_text_is_the_county_s_prefecture(nlp: Language) -> None:
    ex = extract(
        nlp, "尤溪县教育局关于开展智慧校园检查的通知\n各中小学：\n市教育局近日印发《三明市智慧校园检查办法》。"
    )
    assert issued(ex) == [("三明市教育局", "福建", "三明市智慧校园检查办法")]


def test_a_programs_version_may_follow_a_space(nlp: Language) -> None:
    ex = extract(nlp, "全面实施乡村教师数字素养提升工程 3.0，开展职业教育省级在线精品课程遴选。")
    assert entities(ex, "Program") == ["乡村教师数字素养提升工程3.0", "职业教育省级在线精品课程"]


def test_the_party_and_state_as_the_source_of_care_and_a_websites_place_are_no_mentions(nlp: Language) -> None:
    ex = extract(nlp, "在市委、市政府的高度重视下，全市完成部署。来源：中国甘肃网。甘肃网络安全宣传周在兰州举行。")
    assert entities(ex, "Agency") == []
    assert entities(ex, "Province") == ["甘肃"]


def test_a_weak_headed_name_that_opens_a_clause_and_acts_in_it_is_named(nlp: Language) -> None:
    ex = extract(nlp, "数字乡村学习平台覆盖了全省1200所学校；学习平台覆盖面继续扩大，资源体系建设加快推进。")
    assert entities(ex, "Program") == ["数字乡村学习平台"]


def test_a_meeting_that_is_divided_into_parts_names_no_event_by_its_parts(nlp: Language) -> None:
    ex = extract(nlp, "2024年全省智慧课堂应用推进培训会在长春召开，会议分为推进会、培训会两个部分。")
    assert entities(ex, "Event") == ["2024年全省智慧课堂应用推进培训会"]


def test_the_part_of_an_event_after_a_dash_is_one_name_with_it(nlp: Language) -> None:
    ex = extract(
        nlp,
        "2024世界数字教育大会——高等教育数字化分论坛在北京举行。"
        "由工业和信息化部主办的“工业互联网论坛——教育应用专场”同期举行。"
        "2023年全国职业院校技能大赛——中职组赛项在天津举行。",
    )
    assert entities(ex, "Event") == sorted(
        ["2024世界数字教育大会——高等教育数字化分论坛", "工业互联网论坛——教育应用专场", "2023年全国职业院校技能大赛"]
    )


def test_one_event_written_with_its_year_its_ordinal_or_a_local_part_is_one_event(nlp: Language) -> None:
    ex = extract(
        nlp,
        "2023年国家网络安全宣传周于9月11日开幕。第十届国家网络安全宣传周期间，甘肃省国家网络安全宣传周"
        "在兰州启动，天水市教育系统第十届国家网络安全宣传周活动同步开展。"
        "智慧教育博览会\n第五届智慧教育博览会在杭州举办。",
    )
    assert entities(ex, "Event") == ["2023年国家网络安全宣传周", "第五届智慧教育博览会"]


def test_an_event_named_without_its_national_scope_is_the_national_event(nlp: Language) -> None:
    ex = extract(
        nlp,
        "2025年国家数字素养宣传月于10月启动。各校要结合实际组织开展数字素养宣传月活动。",
    )
    assert entities(ex, "Event") == ["2025年国家数字素养宣传月"]


def test_an_event_held_in_two_years_is_two_events(nlp: Language) -> None:
    ex = extract(nlp, "2021全球智慧教育大会召开后，2022全球智慧教育大会将于8月在北京召开。")
    assert entities(ex, "Event") == ["2021全球智慧教育大会", "2022全球智慧教育大会"]


def test_a_quoted_list_of_aims_is_a_slogan_not_a_program(nlp: Language) -> None:
    ex = extract(
        nlp,
        "统筹推进“提质、增效、减负”，落实有关要求。深入推进“停课不停学”，保障教学秩序。"
        "开展“城乡携手、同步课堂”试点工作。",
    )
    assert entities(ex, "Program") == sorted(["城乡携手、同步课堂", "停课不停学"])


def test_a_provinces_meeting_written_with_its_name_or_with_its_scope_is_one_event(nlp: Language) -> None:
    # with its year: 全省… alone names no event (test_a_meeting_named_only_by_its_bodys_area_is_no_event)
    ex = extract(
        nlp,
        "青海省2024年中小学智慧课堂应用推进会在西宁召开\n5月20日，2024年全省中小学智慧课堂应用推进会在西宁召开。"
        "会议要求各地加快应用。",
    )
    assert entities(ex, "Event") == ["青海省2024年中小学智慧课堂应用推进会"]


def test_two_provinces_meetings_of_one_name_are_two_events(nlp: Language) -> None:
    ex = extract(
        nlp,
        "2024年5月教育信息化和网络安全工作月报\n★各地工作动态\n"
        "宁夏 宁夏回族自治区2024年智慧课堂应用推进会在银川召开，2024年全区智慧课堂应用推进会部署了今年的任务。\n"
        "海南 海南省2024年智慧课堂应用推进会在海口召开。\n",
    )
    assert entities(ex, "Event") == ["宁夏回族自治区2024年智慧课堂应用推进会", "海南省2024年智慧课堂应用推进会"]


def test_topic_words_inside_a_bodys_name_are_no_topic(nlp: Language) -> None:
    ex = extract(nlp, "工业和信息化部印发《5G应用扬帆行动计划》，推进教育信息化与5G融合。")
    assert "教育信息化" in entities(ex, "Topic")
    ex = extract(nlp, "工业和信息化部印发《5G应用扬帆行动计划》。")
    assert entities(ex, "Topic") == ["5G"]


def test_paired_provinces_issue_one_title_each(nlp: Language) -> None:
    ex = extract(nlp, "此前，吉林、辽宁两省已分别出台《吉林省智慧课堂建设指南》和《辽宁省教育专网运维规范》。")
    assert issued(ex) == [(None, "吉林", "吉林省智慧课堂建设指南"), (None, "辽宁", "辽宁省教育专网运维规范")]


def test_the_day_a_meeting_sat_is_no_part_of_its_name(nlp: Language) -> None:
    ex = extract(
        nlp,
        "《某市教育数据管理规定》已于2024年2月26日经第3次市政府常务会议审议通过。"
        "2023年11月8日上午福建省教育网络安全工作会议在福州召开。",
    )
    assert entities(ex, "Event") == ["福建省教育网络安全工作会议", "第3次市政府常务会议"]


def test_a_meeting_named_only_by_its_bodys_area_is_no_event(nlp: Language) -> None:
    """全省电教工作会议 has no name of its own (the issue's example); with its year it has."""
    ex = extract(
        nlp,
        "江西省教育厅召开全省电教工作会议，部署下半年工作。12月，全市中小学网络安全培训会在南昌举行。"
        "2025年全省教育装备工作会议同日召开。",
    )
    assert entities(ex, "Event") == ["2025年全省教育装备工作会议"]


def test_a_program_named_with_its_scope_and_then_without_is_one_program(nlp: Language) -> None:
    ex = extract(
        nlp,
        "全面实施国家职业教育数字化提升行动，这是落实职业教育数字化提升行动的关键一步。"
        "广东省智慧校园示范工程启动，智慧校园示范工程覆盖全省。",
    )
    assert entities(ex, "Program") == ["国家职业教育数字化提升行动", "广东省智慧校园示范工程"]


def test_a_proper_start_after_a_noun_is_inside_the_name(nlp: Language) -> None:
    ex = extract(nlp, "组织开展2025年基础教育国家级优秀教学成果推广应用示范区遴选工作。加快建设教育部政务服务平台。")
    assert entities(ex, "Program") == ["基础教育国家级优秀教学成果推广应用示范区", "教育部政务服务平台"]


@pytest.mark.parametrize("schools", ["中小学", "中小学校", "高等学校", "中等职业学校", "特殊教育学校"])
def test_a_province_before_schools_of_a_kind_is_a_province(nlp: Language, schools: str) -> None:
    ex = extract(nlp, f"本月工作有序推进。《贵州省{schools}数据安全管理办法》日前正式印发，贵州省实验中学参与试点。")
    assert entities(ex, "Province") == ["贵州"]
    assert issued(ex) == [(None, "贵州", f"贵州省{schools}数据安全管理办法")]


def test_contests_of_every_usual_name_are_events(nlp: Language) -> None:
    ex = extract(
        nlp,
        "活动期间举办了第四届全国中小学生网络安全知识比赛、2025年长三角青少年人工智能挑战赛和"
        "首届西部高校数字教育艺术节。2025年全省数字教育峰会开幕式在合肥举行。",
    )
    # an opening ceremony is part of its event, not one of its own
    assert entities(ex, "Event") == sorted(
        [
            "2025年长三角青少年人工智能挑战赛",
            "第四届全国中小学生网络安全知识比赛",
            "首届西部高校数字教育艺术节",
            "2025年全省数字教育峰会",
        ]
    )


def test_a_quoted_name_before_a_campaign_word_and_a_batch_before_a_name(nlp: Language) -> None:
    ex = extract(
        nlp,
        "多部门联合开展“护苗·2025年校园周边网络环境治理”专项行动。成都、西安入选首批国家级职业教育数字化示范区。",
    )
    assert entities(ex, "Program") == sorted(["护苗·2025年校园周边网络环境治理", "国家级职业教育数字化示范区"])


def test_a_verb_right_before_a_programs_head_is_part_of_its_name(nlp: Language) -> None:
    ex = extract(nlp, "全面实施边疆地区青年教师支持计划。推进“数字乡村示范区”创建工程。副省长出席会议并讲话。")
    assert entities(ex, "Program") == ["数字乡村示范区", "边疆地区青年教师支持计划"]
    assert entities(ex, "Event") == []


def _heads_with_standard_short_forms() -> list[tuple[str, str]]:
    from kg_builder.gazetteer import load, standard_short_forms

    return sorted(
        (official, short)
        for official, kinds in load().heads.items()
        for head in kinds.values()
        if head.official == official and head.kind == "government"
        for short in standard_short_forms(official)
    )


def test_every_head_is_read_in_its_standard_short_form(nlp: Language) -> None:
    """和 dropped and 委员会 written 委 (市经济信息化委, 县教育体育局), composed over every government
    head of the list."""
    pairs = _heads_with_standard_short_forms()
    assert len(pairs) >= 20
    wrong = []
    for official, short in pairs:
        ex = extract(nlp, f"西宁市{short}日前印发《西宁市数据共享规范》。")
        if issued(ex) != [(f"西宁市{official}", "青海", "西宁市数据共享规范")]:
            wrong.append((short, issued(ex)))
    assert wrong == []


def test_a_word_that_begins_with_a_short_form_is_no_body(nlp: Language) -> None:
    ex = extract(nlp, "市教育委托第三方机构开展评估，省卫生健康委员会参加。")
    assert entities(ex, "Agency") == []


def test_a_body_in_a_members_title_is_no_agency(nlp: Language) -> None:
    ex = extract(nlp, "中共中央政治局委员、国务院副总理某某出席并讲话，工业和信息化部参加。")
    assert entities(ex, "Agency") == ["工业和信息化部"]


def test_a_target_year_is_never_a_pages_period(nlp: Language) -> None:
    """到2027年 states a target: a page with no other year has no period, and its 4月15日 no year,
    rather than the target's."""
    ex = extract(nlp, "某省召开推进会\n方案提出，到2027年全省建成200所智慧学校。4月15日，全省推进会召开。")
    assert ex.document.period is None
    assert [d for d in entities(ex, "Date") if "-" in d] == []


def test_a_proper_start_after_a_noun_compound_is_inside_the_name(nlp: Language) -> None:
    """高等|教育 and 职业|教育 are noun compounds, so the proper start after them is inside a scoped
    name; after a verb anywhere in the run (广大师生使用) it begins the name."""
    ex = extract(nlp, "高等教育国家虚拟仿真实验教学课堂\n5月6日，广大师生使用国家老年大学学习平台开展学习。")
    assert entities(ex, "Program") == ["国家老年大学学习平台", "高等教育国家虚拟仿真实验教学课堂"]


def test_a_place_in_a_websites_name_is_no_mention_but_its_net_office_is(nlp: Language) -> None:
    """中国西藏网 is a website, in any context (中国西藏网文, 来源中国西藏网和…); 西藏网信办 is a body."""
    ex = extract(nlp, "凡注明“来源：中国宁夏网”或“中国宁夏网文”的作品，须注明来源中国宁夏网和作者。")
    assert entities(ex, "Province") == []
    ex = extract(nlp, "宁夏网信办日前印发《宁夏网络数据安全管理办法》。")
    assert entities(ex, "Province") == ["宁夏"]
    ex = extract(nlp, "印发《宁夏教育专网建设方案》，建设宁夏教育城域网。")  # networks, no websites
    assert entities(ex, "Province") == ["宁夏"]


def test_a_datelines_place_is_not_the_place_the_text_is_about(nlp: Language) -> None:
    """新华社北京…电 and 本报南昌…讯 say where a report was filed: a document the text names without
    its body has no province from them."""
    for dateline in ("新华社北京5月8日电", "本报天津5月8日讯（记者 王明）"):
        ex = extract(nlp, f"{dateline} 《网络数据分类分级指引》日前印发，明确了分级方法。")
        assert issued(ex) == [(None, None, "网络数据分类分级指引")]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("11月2日，江苏省召开2024年全省教育系统安全生产动员会。", "2024年全省教育系统安全生产动员会"),
        ("教育部举行第三届全国教书育人楷模表彰会。", "第三届全国教书育人楷模表彰会"),
        ("省教育厅召开2023年全省教育数字化工作视频会。", "2023年全省教育数字化工作视频会"),
        ("国家数据局举办“数据要素×”三年行动新闻通气会。", "“数据要素×”三年行动新闻通气会"),
    ],
)
def test_a_verb_and_hui_compose_a_meetings_head(nlp: Language, text: str, event: str) -> None:
    """动员会, 表彰会, 通气会: the PKU lexicon says the stem is a verb; no list names them."""
    assert entities(extract(nlp, text), "Event") == [event]


def test_a_society_or_hui_as_a_word_of_its_own_ends_no_meeting(nlp: Language) -> None:
    ex = extract(nlp, "中国教育发展战略学会和中国民主促进会参加。会议由省教育厅会同省财政厅组织，委员会审议。")
    assert entities(ex, "Event") == []


@pytest.mark.parametrize(
    ("text", "program"),
    [
        ("推进国家新一代人工智能创新发展试验区建设。", "国家新一代人工智能创新发展试验区"),
        ("遴选一批国家智慧教育示范城市。", "国家智慧教育示范城市"),
        ("建设两个国家人工智能创新应用先导区。", "国家人工智能创新应用先导区"),
        ("浙江省开展教育数字化改革试点县建设。", "教育数字化改革试点县"),
    ],
)
def test_a_designation_and_a_kind_of_place_compose_a_programs_head(nlp: Language, text: str, program: str) -> None:
    """示范, 试点, 试验, 先导 … with 区, 县, 市, 城市 …; a count before a proper start is no part of it."""
    assert entities(extract(nlp, text), "Program") == [program]


def test_a_quoted_part_that_a_weak_head_follows_is_the_start_of_the_name(nlp: Language) -> None:
    ex = extract(nlp, "会议要求，推动“陇原云课”平台应用全覆盖。")
    assert entities(ex, "Program") == ["“陇原云课”平台"]


def test_a_list_number_glued_to_a_verb_is_no_part_of_a_programs_name(nlp: Language) -> None:
    ex = extract(nlp, "3.实施“陇课堂”资源建设工程。\n二、实施县域智慧教育提升工程。")
    assert entities(ex, "Program") == ["“陇课堂”资源建设工程", "县域智慧教育提升工程"]


def test_a_count_with_any_classifier_is_no_program(nlp: Language) -> None:
    ex = extract(nlp, "遴选200节省级精品课，编写3套数字教材，建设50条示范线路工程。")
    assert entities(ex, "Program") == []


def test_level_words_of_a_distributive_list_name_no_body(nlp: Language) -> None:
    """各省、自治区、直辖市教育厅 is every such department, not the one of the place the text is about."""
    ex = extract(
        nlp, "重庆市承办本届大赛。\n各省、自治区、直辖市教育厅（教委）：\n各省、自治区财政厅，各直辖市财政局："
    )
    assert entities(ex, "Agency") == []


def test_a_program_named_with_its_city_and_without_is_one_program(nlp: Language) -> None:
    ex = extract(nlp, "确定12所学校为2024年度绵阳市人工智能教育示范校。各人工智能教育示范校要发挥引领作用。")
    assert entities(ex, "Program") == ["绵阳市人工智能教育示范校"]


@pytest.mark.parametrize("source", ["记者从{b}获悉，", "据{b}消息，", "{b}介绍，"])
@pytest.mark.parametrize(
    ("body", "canonical", "province"),
    [
        ("成都市教育局", "成都市教育局", "四川"),
        ("国家数据局", "国家数据局", None),
        ("省教育厅", "浙江省教育厅", "浙江"),
    ],
)
def test_the_body_a_report_has_its_news_from_issued_what_it_reports(
    nlp: Language, source: str, body: str, canonical: str, province: str | None
) -> None:
    """A body named as the news source of a sentence whose document has no subject of its own."""
    text = source.format(b=body) + "《数字校园安全运维规范》已于日前出台。"
    ex = extract(nlp, ("浙江：" if body.startswith("省") else "") + text)
    assert issued(ex) == [(canonical, province, "数字校园安全运维规范")]


@pytest.mark.parametrize(
    ("label", "department"), [("科技与信息化司", "教育部科学技术与信息化司"), ("教师工作司", "教育部教师工作司")]
)
def test_a_ministry_pages_source_label_names_its_department(nlp: Language, label: str, department: str) -> None:
    """来源：科技与信息化司 is how the ministry's site labels the department's pages."""
    ex = extract(nlp, f"教育部部署暑期工作\n时间：2025年07月01日 来源：{label}\n教育部召开视频会议，部署暑期工作。")
    assert department in entities(ex, "Agency")


@pytest.mark.parametrize(
    ("signer", "reference", "issuer"),
    [
        ("自然资源部办公厅", "我部", "自然资源部"),
        ("浙江省教育厅办公室", "我厅", "浙江省教育厅"),
        ("浙江省教育厅办公室", "我办", "浙江省教育厅办公室"),
        ("国家数据局", "我局", "国家数据局"),
    ],
)
def test_self_reference_in_a_signed_notice_follows_its_head(
    nlp: Language, signer: str, reference: str, issuer: str
) -> None:
    """我部 in a notice its ministry's general office signs is the ministry; 我办 is the office."""
    text = (
        f"{signer}关于开展数据质量检查的通知\n各有关单位：\n{reference}制定了《数据质量检查工作方案》，现印发给你们。\n"
        f"{signer}\n2025年4月1日\n"
    )
    ex = extract(nlp, text)
    assert [(h, t) for h, _, t in issued(ex) if t == "数据质量检查工作方案"] == [(issuer, "数据质量检查工作方案")]


def test_a_title_that_wraps_once_in_a_hard_wrapped_text_is_one_title(nlp: Language) -> None:
    """A line break inside 《》 (PDF and hard-wrapped pages) is no end of the title; a blank line is."""
    ex = extract(nlp, "日前，海南省教育厅印发《海南省中小学\n数字教材应用管理办法》。\n会议审议了《工作\n\n报告》。")
    assert issued(ex) == [("海南省教育厅", "海南", "海南省中小学数字教材应用管理办法")]
    assert entities(ex, "Document") == ["海南省中小学数字教材应用管理办法"]


def test_every_party_body_of_the_list_issues_in_its_official_and_short_forms(nlp: Language) -> None:
    """省委 + every Party committee body of the list (《中国共产党地方委员会工作条例》 and the 2023
    reform), written in full or short, is 中共 + province + 委 + its official name."""
    from kg_builder.gazetteer import load

    pairs = sorted(
        (written, head.official)
        for written, kinds in load().heads.items()
        for head in kinds.values()
        if head.kind == "party"
    )
    assert len(pairs) >= 40
    wrong = []
    for written, official in pairs:
        ex = extract(nlp, f"云南：省委{written}日前印发《云南省数据共享规范》。")
        if issued(ex) != [(f"中共云南省委{official}", "云南", "云南省数据共享规范")]:
            wrong.append((written, issued(ex)))
    assert wrong == []


def test_a_quoted_program_with_its_version_is_one_name(nlp: Language) -> None:
    ex = extract(nlp, "省教育厅启动“乡村教师数字素养提升计划3.0”和“智慧课堂培育工程 2.1”。")
    assert entities(ex, "Program") == ["乡村教师数字素养提升计划3.0", "智慧课堂培育工程2.1"]


@pytest.mark.parametrize(
    ("run", "provinces"),
    [
        ("川渝两地", ["四川", "重庆"]),
        ("京津冀三地", ["北京", "天津", "河北"]),
        ("沪苏浙皖三省一市", ["上海", "江苏", "浙江", "安徽"]),
        ("湘鄂赣三省", ["湖南", "湖北", "江西"]),
        ("滇黔两省", ["云南", "贵州"]),
    ],
)
def test_provinces_named_by_their_abbreviations_before_a_count(nlp: Language, run: str, provinces: list[str]) -> None:
    """The one-character names (简称) count only as a run before a count of places; a full name's
    characters (辽宁两省) are no run."""
    ex = extract(nlp, f"近日，{run}教育部门联合印发《区域教育数字化协同发展方案》。")
    assert sorted(p for _, p, _ in issued(ex)) == sorted(provinces)
    assert entities(ex, "Province") == sorted(provinces)


def test_one_character_names_alone_are_no_provinces(nlp: Language) -> None:
    ex = extract(nlp, "京剧进校园活动在青少年中反响热烈，新学期云课堂上线。辽宁、宁夏两地参加。")
    assert entities(ex, "Province") == ["宁夏", "辽宁"]


def test_a_regional_line_that_starts_with_a_city_is_about_the_city(nlp: Language) -> None:
    """宝鸡 市教育局…, 深圳：…, 【苏州】…: the line's 市 is the city, and its facts carry the city's
    province; the Province list holds only provinces the text names."""
    ex = extract(
        nlp,
        "教育信息化和网络安全工作月报（2025年5月）\n★各地工作动态\n"
        "绵阳 市教育局印发《绵阳市中小学数字校园规范》。\n"
        "厦门：市教育局出台《厦门市智慧课堂建设指南》。\n"
        "【洛阳】市教育局发布《洛阳市数字教材管理办法》。\n"
        "兰州大学 市教育局印发《某校园网络规范》。\n",  # a school's name: no city
    )
    assert issued(ex) == [
        ("厦门市教育局", "福建", "厦门市智慧课堂建设指南"),
        ("洛阳市教育局", "河南", "洛阳市数字教材管理办法"),
        ("绵阳市教育局", "四川", "绵阳市中小学数字校园规范"),
        (None, None, "某校园网络规范"),
    ]
    assert entities(ex, "Province") == []


def test_a_bare_head_in_a_county_s_notice_is_the_county_s_body(nlp: Language) -> None:
    ex = extract(
        nlp,
        "凤县教育局关于开展中小学数字资源应用评比的通知\n各学校：\n"
        "电教中心负责评比的技术保障。\n凤县教育局\n2024年4月8日",
    )
    assert entities(ex, "Agency") == ["凤县教育局", "凤县电化教育中心"]


def test_a_bare_department_of_a_province_stays_the_province_s_in_a_county_s_text(nlp: Language) -> None:
    ex = extract(nlp, "凤县教育局转发通知\n各学校：\n教育厅已部署此项工作。\n凤县教育局\n2024年4月8日")
    assert "陕西省教育厅" in entities(ex, "Agency")


def test_every_central_committee_s_office_issues_as_the_committee_s_name_and_ban(nlp: Language) -> None:
    """国务院食品安全办, 国务院学位办 …: a committee's office written as the committee's name and 办,
    for every such office of the central line-up."""
    from kg_builder.gazetteer import load

    offices = [b.official for b in load().central if b.official.endswith("委员会办公室")]
    assert len(offices) >= 15
    wrong = []
    for official in offices:
        written = official.removesuffix("委员会办公室") + "办"
        ex = extract(nlp, f"日前，{written}印发《关于做好某项重点工作的通知》。")
        if issued(ex) != [(official, None, "关于做好某项重点工作的通知")]:
            wrong.append((written, issued(ex)))
    assert wrong == []


def test_a_place_named_after_an_enumeration_of_kinds_of_places_shares_its_head(nlp: Language) -> None:
    """各省、自治区、直辖市及新疆生产建设兵团…厅: the department of every such place, no one body."""
    addressed = "各省、自治区、直辖市和新疆生产建设兵团民政厅（局）：\n"
    ex = extract(nlp, addressed + "现将有关事项通知如下。\n民政部\n2024年3月1日")
    assert "新疆生产建设兵团民政厅" not in entities(ex, "Agency")
    ex = extract(nlp, "北京市教委和新疆生产建设兵团教育局联合印发《某某办法》。")
    assert entities(ex, "Agency") == ["北京市教育委员会", "新疆生产建设兵团教育局"]


def test_a_hard_wrapped_text_reads_as_its_sentences(nlp: Language) -> None:
    """A body's name and a verb broken across a hard line wrap (…发展和改革委\\n员会, 印\\n发)."""
    lines = [
        "近日，青海省教育厅联合青海省发展和改革委",
        "员会、青海省财政厅出台《青海省教育数字化",
        "转型行动方案》，同时，省教育厅还印发了一",
        "批配套文件，要求各地加快推进数字校园建设",
        "和教师数字素养提升培训，推动教育数字化转",
        "型取得实效，确保各项任务按期完成并报送。",
    ]
    ex = extract(nlp, "\n".join(lines))
    assert issued(ex) == [("青海省教育厅", "青海", "青海省教育数字化转型行动方案")]
    assert entities(ex, "Agency") == ["青海省发展和改革委员会", "青海省教育厅", "青海省财政厅"]


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        ("近日，大理州教育局联合州财政局印发《大理州某某办法》。", ["大理州教育局", "大理州财政局"]),
        ("近日，杭州市西湖区教育局、区财政局联合印发《某某指引》。", ["杭州市西湖区教育局", "杭州市西湖区财政局"]),
        ("近日，江西省教育厅联合县财政局印发《某办法》。", ["江西省教育厅"]),  # no county named: none
    ],
)
def test_a_level_word_alone_after_a_body_of_that_level_is_its_place(
    nlp: Language, text: str, bodies: list[str]
) -> None:
    assert entities(extract(nlp, text), "Agency") == bodies
