"""Events and programs on real sentences: boundaries from pkuseg tokens, quotes, weak heads."""

from __future__ import annotations

import pytest
from spacy.language import Language


def names(nlp: Language, text: str, label: str) -> list[str]:
    """Mentions of a type in text order."""
    return [m.text for m in sorted(nlp(text)._.mentions, key=lambda m: m.start) if m.label == label]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1月22日,教育部科技司组织召开中国智能教育推进路径项目研讨会;", ["中国智能教育推进路径项目研讨会"]),
        (
            "天津 1月18-19日,召开2018年天津市教育信息化协会年会暨会员代表大会,成立了",
            ["2018年天津市教育信息化协会年会暨会员代表大会"],
        ),
        ("省教育厅召开“数智驱动 教育变革”为主题的2023数字教育大会。", ["2023数字教育大会"]),
        (
            "召开2023年全省教育信息化工作会议、河南省教育信息化协会成立大会,",
            ["2023年全省教育信息化工作会议", "河南省教育信息化协会成立大会"],
        ),
        (
            "全国电教馆馆长会议和全国教育信息中心主任工作会议代表列席会议。",
            ["全国电教馆馆长会议", "全国教育信息中心主任工作会议"],
        ),
        ("分别举办6期管理干部培训班和3期中小学校长培训班", []),  # counted courses, not named events
        ("天津、吉林等多地召开教育信息化和网络安全会议。", []),  # many meetings, not one
        # a program's head and 和 end a name as an event's do
        ("举办第五届全市中小学创客活动和2024年全市中学生机器人大赛。", ["2024年全市中学生机器人大赛"]),
        # Exhibitions are events; an event's head inside a venue's name is none.
        ("举办2023年全国职业院校教学成果展览。", ["2023年全国职业院校教学成果展览"]),
        ("参观第十届全省中小学生书画作品展。", ["第十届全省中小学生书画作品展"]),
        ("仪式在2024年北京人民大会堂举行。", []),
        ("论坛在北京国家会议中心举行。", []),
        ("成果在2024年甘肃科技展览馆展出。", []),
    ],
)
def test_events(nlp: Language, text: str, expected: list[str]) -> None:
    assert names(nlp, text, "Event") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("截至1月底,国家教育资源公共服务平台已开通教师空间", ["国家教育资源公共服务平台"]),
        (
            "深入推进网络扶智工程攻坚行动,以“三区三州”为重点继续开展教育信息化“送培到家”活动",
            ["网络扶智工程攻坚行动", "送培到家"],
        ),
        ("会同工业和信息化部深入推进学校联网攻坚行动,结合", ["学校联网攻坚行动"]),
        ("建设教育部通用业务服务平台,探索", ["教育部通用业务服务平台"]),
        # A short name nested in a longer one is not a second program.
        ("开展“互联网+教育”示范县(区)遴选工作", ["“互联网+教育”示范县(区)"]),
        ("深入推进“网联优教”教育信息化精准扶贫项目、教研共同体试点项目。", ["网联优教", "教研共同体试点项目"]),
        # A quoted nickname is named with the program's head after it; a longer quoted name, or one
        # before a word that is no head (改革), is the program alone, whatever its own head.
        ("该县全面完成“两通”工程建设任务。", ["“两通”工程"]),
        ("市网信办部署“净网”专项行动,", ["“净网”专项行动"]),  # any verb before a quoted part bounds it
        ("省教育厅牵头谋划“云端学校”建设工程。", ["“云端学校”建设工程"]),
        ("各校推进“一网通”改革。", ["一网通"]),
        ("多地举办“人工智能教育大讲堂”活动。", ["人工智能教育大讲堂"]),
        # A verb and a weak head after a name (创建活动, 申报项目) are work on that program.
        ("开展人工智能教育示范区创建活动。", ["人工智能教育示范区"]),
        ("组织全省智慧校园示范工程申报项目,", ["全省智慧校园示范工程"]),
        ("推进2.0试验区遴选。", []),  # a version alone names nothing
        # An adverb before an adjective and no verb is part of a nominal compound; before a verb it is not.
        ("扎实推进全面均衡示范县创建工作。", ["全面均衡示范县"]),
        ("更好助力该市数字化改革和共同富裕示范区建设,", ["共同富裕示范区"]),
        ("积极推进智慧教育示范区建设。", ["智慧教育示范区"]),
        ("依托温州智慧教育云平台开展直播教学。", ["温州智慧教育云平台"]),  # a city starts a proper name
        ("完善全省终身学习公共服务体系。", ["全省终身学习公共服务体系"]),  # a service system is one
        ("健全国家网络安全标准体系。", []),  # a framework is none
        # A head that crosses a word's edge, or begins a company's or institute's name, is none.
        ("系统在检测到故障时会自动执行动态调整。", []),
        ("每个标段配备两名专业监理工程师。", []),
        ("该标段由南京某市政工程有限公司承建。", []),
        ("成都某交通工程研究设计院派员参加。", []),
        ("批准西安某设备有限公司变更运输容器制造许可活动范围", []),  # a company's business
        # a body and its verb before a name are the clause's subject and verb, no part of the name
        ("厦门市思明区教育局荣获全国智慧教育示范区称号。", ["全国智慧教育示范区"]),
        # a word before Chinese the lexicon does not know stays: the segmenter split a name (助|教助管)
        ("全面实施助教助管行动。", ["助教助管行动"]),
        ("实施帮教帮学行动。", ["帮教帮学行动"]),
        ("建立共建共享平台的资源认证标准", []),  # a weak head without a proper name
        ("深入实施《教育信息化2.0行动计划》。", []),  # inside a document's title
    ],
)
def test_programs(nlp: Language, text: str, expected: list[str]) -> None:
    assert names(nlp, text, "Program") == expected
