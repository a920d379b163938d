"""Sentences of issuing composed from their parts, each with the ISSUED facts it states.

Who issued what is subject × modifiers × verb × object × voice (issue 25). Each part is a class
of words and forms; the generator takes their cross product, so a rule fitted to one sentence
fails on its neighbours. Bodies are real (every level, official and short forms, with the
canonical name the guide asks for); titles are invented and name no body, so only the clause
can say who issued them. The expected facts come from the parts, never from the extractor.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    written: str
    canonical: str
    province: str | None
    anaphor: str  # how the text refers to it again: 该厅, 该部 …
    context: str | None = None  # a province the text must set first (省教育厅 in 江西's paragraph)
    bare: bool = False  # a short form whose level only the text's place decides (发展改革委)


@dataclass(frozen=True)
class Case:
    text: str
    issued: frozenset[tuple[str, str | None, str]]  # (issuer, province, title)
    parts: str  # which parts composed it, for a readable failure


BODIES = [
    Body("教育部", "教育部", None, "该部"),
    Body("工业和信息化部", "工业和信息化部", None, "该部"),
    Body("国家发展改革委", "国家发展和改革委员会", None, "该委"),
    Body("市场监管总局", "国家市场监督管理总局", None, "该局"),
    Body("人力资源社会保障部", "人力资源和社会保障部", None, "该部"),
    Body("中央网信办", "中央网络安全和信息化委员会办公室", None, "该办"),
    Body("国家卫生健康委", "国家卫生健康委员会", None, "该委"),
    Body("国务院办公厅", "国务院办公厅", None, "该厅"),
    Body("退役军人部", "退役军人事务部", None, "该部"),
    Body("国家中医药局", "国家中医药管理局", None, "该局"),
    Body("发展改革委", "国家发展和改革委员会", None, "该委", bare=True),
    Body("江西省教育厅", "江西省教育厅", "江西", "该厅"),
    Body("广东省财政厅", "广东省财政厅", "广东", "该厅"),
    Body("四川省人力资源和社会保障厅", "四川省人力资源和社会保障厅", "四川", "该厅"),
    Body("浙江省委网信办", "中共浙江省委网络安全和信息化委员会办公室", "浙江", "该办"),
    Body("内蒙古自治区教育厅", "内蒙古自治区教育厅", "内蒙古", "该厅"),
    Body("重庆市教委", "重庆市教育委员会", "重庆", "该委"),
    Body("广西壮族自治区科学技术厅", "广西壮族自治区科学技术厅", "广西", "该厅"),
    Body("宝鸡市教育局", "宝鸡市教育局", "陕西", "该局"),
    Body("株洲市教育局", "株洲市教育局", "湖南", "该局"),
    Body("吉林市船营区教育局", "吉林市船营区教育局", "吉林", "该局"),
    Body("省教育厅", "湖北省教育厅", "湖北", "该厅", context="湖北"),
    Body("省委网信办", "中共河南省委网络安全和信息化委员会办公室", "河南", "该办", context="河南"),
    Body("发展改革委", "湖南省发展和改革委员会", "湖南", "该委", context="湖南", bare=True),
]

TITLES = [
    "关于推进中小学数字校园建设的指导意见",
    "教师数字素养提升行动方案(2024—2026年)",
    "智慧课堂应用指南(试行)",
    "教育数据安全管理办法",
    "校园网络安全事件应急预案",
]

# Verbs of issuing, alone and compounded: verb (+ 并/和 + verb) (+ 实施/执行).
VERBS = [
    "印发",
    "出台",
    "制定",
    "制订",
    "发布",
    "颁布",
    "下发",
    "公布",
    "编制",
    "印发实施",
    "编制印发",
    "制定印发",
    "制定出台",
    "研究制定并印发",
    "发布实施",
    "修订印发",
    "制发",
]
# Modifiers before the verb, in any order: time, then manner.
TIMES = ["", "近日", "日前", "近期", "2024年3月15日", "今年以来", "前不久", "3月下旬", "2023年底", "本月", "本周"]
MANNERS = [
    "",
    "正式",
    "研究",
    "先后",
    "专门",
    "以教发〔2024〕3号文件",
    "进一步",
    "同步",
    "在官网",
    "以某办函〔2024〕5号文",
]
# Drafting is not issuing: 研究编制《…》, 起草《…》 work on a text not yet issued.
DRAFTS = ["研究编制", "起草", "组织起草", "研制"]
AFTER = ["。", "，明确了今后三年的重点任务。", "（{number}）。"]
NUMBERS = ["教发〔2024〕3号", "赣教技〔2023〕12号"]


def _title(i: int) -> str:
    return TITLES[i % len(TITLES)]


def _frame(body_contexts: list[Body], sentence: str) -> str:
    """A brief's provincial paragraph when a body is written short, else the sentence alone."""
    context = next((b.context for b in body_contexts if b.context), None)
    if context is None:
        return sentence
    return f"教育信息化和网络安全工作月报（2024年3月）\n★各地工作动态\n{context} {sentence}"


def _fact(body: Body, title: str) -> tuple[str, str | None, str]:
    return (body.canonical, body.province, title)


def _lead(time: str, rest: str) -> str:
    """A time word opens the clause with a comma; a date or 以来 phrase too."""
    return f"{time}，{rest}" if time else rest


def active() -> Iterator[Case]:
    """S [time] [manner] V《A》: the plain clause, with every verb, time and manner."""
    for n, (body, verb, time) in enumerate(itertools.product(BODIES, VERBS, TIMES)):
        manner = MANNERS[n % len(MANNERS)]
        title = _title(n)
        after = AFTER[n % len(AFTER)].format(number=NUMBERS[n % len(NUMBERS)])
        if n % 2:
            text = _lead(time, f"{body.written}{manner}{verb}了《{title}》{after}")
        else:
            text = f"{body.written}{time}{manner}{verb}《{title}》{after}"
        facts = frozenset() if f"{manner}{verb}" in DRAFTS else frozenset({_fact(body, title)})
        yield Case(_frame([body], text), facts, f"active {verb}/{time}/{manner}")


def drafted() -> Iterator[Case]:
    """A drafting verb, alone or with modifiers, states no issuance; drafting then issuing does."""
    for n, (body, draft) in enumerate(itertools.product(BODIES, DRAFTS)):
        title = _title(n)
        time = TIMES[n % len(TIMES)]
        yield Case(_frame([body], f"{body.written}{time}{draft}《{title}》。"), frozenset(), f"drafted {draft}")
        text = f"{body.written}{time}{draft}并印发《{title}》。"
        yield Case(_frame([body], text), frozenset({_fact(body, title)}), f"drafted {draft}并印发")
        # what was made of a title (its interpretation, a reading) was issued, not the title
        made = ["解读", "的政策解读", "图解", "问答", "释义", "学习读本"][n % 6]
        verb = VERBS[n % len(VERBS)]
        yield Case(_frame([body], f"{body.written}{time}{verb}《{title}》{made}。"), frozenset(), f"derivative {made}")
        # a future or an intention: nothing issued yet
        future = ["将于近期", "拟", "即将", "正在", "计划年内", "准备"][n % 6]
        yield Case(_frame([body], f"{body.written}{future}{verb}《{title}》。"), frozenset(), f"future {future}")


def joint() -> Iterator[Case]:
    """Several bodies: conjoined, leading with partners (牵头 … 会同/联合), an agent (由 …), a
    partner after 会同/联合/与; the first named issues."""
    central = [b for b in BODIES if b.province is None]
    local = [b for b in BODIES if b.province and not b.context]
    forms = [
        "{a}、{b}{time}联合{verb}《{t}》。",
        "{a}和{b}{time}共同{verb}《{t}》。",
        "{a}会同{b}{time}{verb}《{t}》。",
        "{a}联合{b}{time}{verb}《{t}》。",
        "{a}与{b}{time}联合{verb}《{t}》。",
        "由{a}牵头，会同{b}{verb}《{t}》。",
        "{a}牵头，联合{b}{time}{verb}了《{t}》。",
        "由{a}牵头，联合{b}、{c}{verb}《{t}》。",
        "{time}，由{a}{verb}的《{t}》正式实施。",
        "{a}、{b}、{c}等部门{time}{verb}《{t}》。",
        "{a}及{b}{time}{verb}《{t}》。",
        "{a}同{b}{time}联合{verb}《{t}》。",
        "{a}{time}召开工作推进会，会同{b}、{c}{verb}《{t}》。",
        "{a}举办新闻发布会，联合{b}{verb}了《{t}》。",
        "{a} {b} {c}{time}{verb}《{t}》。",
        # a body no list holds between known ones (an institute, an association, a company)
        "{a}、某某大数据研究院、{b}{time}联合{verb}《{t}》。",
        "{a}、某某教育技术协会和{b}{time}共同{verb}《{t}》。",
        "{a}与某某科技有限公司及{b}{time}{verb}《{t}》。",
    ]
    for n, (form, group, verb) in enumerate(itertools.product(forms, [central, local], VERBS)):
        a, b, c = group[n % len(group)], group[(n + 1) % len(group)], group[(n + 3) % len(group)]
        title = _title(n)
        text = form.format(a=a.written, b=b.written, c=c.written, time=TIMES[n % len(TIMES)], verb=verb, t=title)
        yield Case(text, frozenset({_fact(a, title)}), f"joint {form}/{verb}")


def provinces() -> Iterator[Case]:
    """Provinces as the subject (甲和乙两地均已出台《A》): one fact per province, no issuer."""
    names = [("浙江", "浙江"), ("江苏省", "江苏"), ("内蒙古自治区", "内蒙古"), ("广西", "广西"), ("重庆市", "重庆")]
    gaps = [
        "",
        "两地",
        "等地",
        "等多个省份",
        "等省份",
        "等10余个省份",
        "等20多个省（区、市）",
        "等十余个省(自治区、直辖市)",
        "两地教育部门",
        "两省教育行政部门",
        "等地有关部门",
    ]
    manners = ["", "均", "均已", "相继", "先后", "已"]
    for n, (verb, gap, joiner) in enumerate(itertools.product(VERBS, gaps, ["、", "和", "及"])):
        (a, pa), (b, pb) = names[n % len(names)], names[(n + 2) % len(names)]
        title = _title(n)
        text = f"{a}{joiner}{b}{gap}{TIMES[n % len(TIMES)]}{manners[n % len(manners)]}{verb}《{title}》。"
        yield Case(text, frozenset({(None, pa, title), (None, pb, title)}), f"provinces {gap or '-'}/{verb}")
        # 分别 pairs the provinces with their titles in order, in any of the objects' joints.
        t2 = _title(n + 1)
        joint = ["和", "、", "", "以及"][n % 4]
        time = TIMES[(n + 1) % len(TIMES)]
        text = f"{a}{joiner}{b}{gap}{time}分别{verb}了《{title}》{joint}《{t2}》。"
        yield Case(text, frozenset({(None, pa, title), (None, pb, t2)}), f"provinces 分别 {gap or '-'}/{verb}")


def approved() -> Iterator[Case]:
    """经 X 同意/批准: the approving body does not issue."""
    approvers = {None: "国务院", "local": "省政府"}
    for n, (body, verb, word) in enumerate(itertools.product(BODIES, VERBS[:8], ["同意", "批准"])):
        approver = approvers[None] if body.province is None else approvers["local"]
        title = _title(n)
        text = f"经{approver}{word}，{body.written}{TIMES[n % len(TIMES)]}{verb}《{title}》。"
        yield Case(_frame([body], text), frozenset({_fact(body, title)}), f"approved {word}/{verb}")
        # the approval between a title and its agent, in the passive voice
        after = ["，", "后", "后，", ""][n % 4]
        text = f"《{title}》{TIMES[(n + 1) % len(TIMES)]}经{approver}{word}{after}由{body.written}{verb}。"
        yield Case(_frame([body], text), frozenset({_fact(body, title)}), f"approved passive {word}/{verb}")


def in_the_name() -> Iterator[Case]:
    """以甲名义印发: the body in whose name a text is issued issues it, not the one that drafted it."""
    drafters = {None: "教育部", "local": "省教育厅"}
    forms = ["{d}起草、以{s}名义{verb}《{t}》。", "经研究，{time}以{s}的名义{verb}《{t}》。"]
    for n, (form, body, verb) in enumerate(itertools.product(forms, BODIES, VERBS[:8])):
        title = _title(n)
        drafter = drafters[None] if body.province is None else drafters["local"]
        if drafter == body.written:
            continue
        text = form.format(d=drafter, s=body.written, verb=verb, t=title, time=TIMES[n % len(TIMES)])
        yield Case(_frame([body], text), frozenset({_fact(body, title)}), f"in the name {form}/{verb}")


def passive() -> Iterator[Case]:
    """《A》 [time] 由 S [manner] V; 《A》已由 S 印发."""
    forms = [
        "《{t}》{time}由{s}{verb}。",
        "《{t}》已由{s}正式{verb}。",
        "{time}，《{t}》由{s}{verb}，自发布之日起施行。",
        "《{t}》和《{u}》{time}由{s}{verb}。",
        "《{t}》（以下简称《方案》）{time}由{s}{verb}。",
        "《{t}》（{number}）已由{s}{verb}。",
    ]
    for n, (form, body, verb) in enumerate(itertools.product(forms, BODIES, VERBS)):
        title, other = _title(n), _title(n + 1)
        number = NUMBERS[n % len(NUMBERS)]
        text = form.format(t=title, u=other, time=TIMES[n % len(TIMES)], s=body.written, verb=verb, number=number)
        facts = {_fact(body, title)} | ({_fact(body, other)} if "{u}" in form else set())
        yield Case(_frame([body], text), frozenset(facts), f"passive {form}/{verb}")


def nominal() -> Iterator[Case]:
    """《A》[time]印发 with no body named: no issuer; the province a title opens with, if any."""
    places = [("湖北省", "湖北"), ("宁夏回族自治区", "宁夏"), ("天津市", "天津"), ("", None)]
    for n, ((place, province), verb) in enumerate(itertools.product(places, VERBS)):
        t1, t2 = place + _title(n), place + _title(n + 1)
        time = TIMES[n % len(TIMES)]
        text = f"本月全国教育信息化工作有序推进，《{t1}》《{t2}》{time}{verb}，多地召开工作会议。"
        facts = frozenset({(None, province, t1), (None, province, t2)})
        yield Case(text, facts, f"nominal {place or '-'}/{verb}")


def topic() -> Iterator[Case]:
    """A clause that opens with its agent and takes no object: the document the text just named
    (《A》是…的规划。由甲于…印发实施。 / 该文件由甲印发。)."""
    openers = ["", "该文件", "该方案", "此文件"]
    for n, (body, verb, opener) in enumerate(itertools.product(BODIES, VERBS, openers)):
        if n % 2:
            continue
        title = _title(n)
        text = f"《{title}》明确了今后三年的重点任务。{opener}由{body.written}{TIMES[n % len(TIMES)]}{verb}。"
        yield Case(_frame([body], text), frozenset({_fact(body, title)}), f"topic {opener or '-'}/{verb}")


def relative() -> Iterator[Case]:
    """S V 的《A》: a relative clause states the issuance too, even inside 根据/按照."""
    forms = [
        "{s}{time}{verb}的《{t}》明确提出了三项任务。",
        "根据{s}{verb}的《{t}》，各校要在年底前完成部署。",
        "各地认真落实{s}{time}{verb}的《{t}》。",
        "据报道，{s}在其{time}{verb}的《{t}》中提出了三项任务。",
        "{s}等{count}部门{verb}的《{t}》明确提出了三项任务。",
        "{s}等有关部门{time}{verb}的《{t}》明确提出了三项任务。",
    ]
    counts = ["九", "8", "十二", "5个", "6个"]
    for n, (form, body, verb) in enumerate(itertools.product(forms, BODIES, VERBS)):
        title = _title(n)
        text = form.format(s=body.written, time=TIMES[n % len(TIMES)], verb=verb, t=title, count=counts[n % 5])
        yield Case(_frame([body], text), frozenset({_fact(body, title)}), f"relative {form}/{verb}")


def objects() -> Iterator[Case]:
    """One subject, several titles: 《A》《B》, 《A》和《B》, 《A》、《B》等文件; 分别 pairs subjects
    with titles in order."""
    for n, (body, verb) in enumerate(itertools.product(BODIES, VERBS)):
        t1, t2 = _title(n), _title(n + 1)
        for form in (
            "《{a}》《{b}》",
            "《{a}》和《{b}》",
            "《{a}》、《{b}》等文件",
            "《{a}》以及《{b}》",
            "《{a}》与《{b}》两个文件",
        ):
            text = f"{body.written}{TIMES[n % len(TIMES)]}{verb}" + form.format(a=t1, b=t2) + "。"
            yield Case(_frame([body], text), frozenset({_fact(body, t1), _fact(body, t2)}), f"objects {form}/{verb}")
    # A bare short form beside a provincial body is ambiguous (发展改革委、某省教育厅): left out.
    pairs = [b for b in BODIES if not b.context and not b.bare]
    for n, verb in enumerate(VERBS * 4):
        a, b = pairs[n % len(pairs)], pairs[(n + 5) % len(pairs)]
        t1, t2 = _title(n), _title(n + 2)
        text = f"{a.written}、{b.written}{TIMES[n % len(TIMES)]}分别{verb}《{t1}》和《{t2}》。"
        yield Case(text, frozenset({_fact(a, t1), _fact(b, t2)}), f"objects 分别/{verb}")


def referred() -> Iterator[Case]:
    """A body named earlier and referred to again (该厅), or named as the news source."""
    for n, (body, verb) in enumerate(itertools.product(BODIES, VERBS)):
        title = _title(n)
        time = TIMES[n % len(TIMES)] or "近日"
        first = f"{body.written}召开全系统网络安全工作推进会。{body.anaphor}{time}{verb}《{title}》。"
        yield Case(_frame([body], first), frozenset({_fact(body, title)}), f"referred 该/{verb}")
        source = f"据{body.written}消息，{time}{verb}了《{title}》。"
        yield Case(_frame([body], source), frozenset({_fact(body, title)}), f"referred 据…消息/{verb}")
        # Two references in a row: each 该 is the nearest body with its head, not the first one.
        other = next(b for b in BODIES[n % len(BODIES) :] + BODIES if b.anaphor == body.anaphor and b != body)
        if other.context or body.context or ((other.bare or body.bare) and (other.province or body.province)):
            continue  # a bare short form in a provincial text is the province's (see pairs above)
        first_title = _title(n + 1)
        text = (
            f"{other.written}召开工作会议。该{other.anaphor[-1]}印发《{first_title}》。"
            f"记者从{body.written}获悉，{body.anaphor}{time}{verb}《{title}》。"
        )
        facts = frozenset({_fact(other, first_title), _fact(body, title)})
        yield Case(text, facts, f"referred 该 twice/{verb}")


def announced() -> Iterator[Case]:
    """An order or announcement publishing a text (《A》已经…通过，现予公布): its own body issues A;
    the body that approved it (经国务院同意) does not. In a news report with no own body, the body
    whose meeting adopted it does (已经国务院第30次常务会议通过)."""
    adoptions = [
        "已经{meeting}审议通过",
        "已于2024年3月5日经{meeting}通过",
        "业经{meeting}通过",
        "经{approver}同意",
        "",
    ]
    meetings = ["第3次务虚会议", "2024年第2次办公会议", "主任办公会议", "第12次常务会议"]
    markers = ["现予", "现予以", "现", "予以"]
    verbs = ["公布", "发布", "印发", "颁布"]
    kinds = ["公告", "令"]
    own = [b for b in BODIES if b.context is None and not b.bare and b.written == b.canonical]
    for n, (body, adoption, marker, verb) in enumerate(itertools.product(own, adoptions, markers, verbs)):
        title = _title(n)
        approver = "国务院" if body.province is None else "省政府"
        adopted = adoption.format(meeting=meetings[n % len(meetings)], approver=approver)
        text = (
            f"{body.written}{kinds[n % 2]}\n第{n % 40 + 1}号\n\n"
            f"《{title}》{adopted}{'，' if adopted else ''}{marker}{verb}，自2024年5月1日起施行。\n\n"
            f"{body.written}\n2024年3月12日"
        )
        heading = f"{body.written}{kinds[n % 2]}"
        facts = {_fact(body, title), (body.canonical, body.province, heading)}
        yield Case(text, frozenset(facts), f"announced {adoption or '-'}/{marker}{verb}")
    for n, verb in enumerate(verbs):
        title = _title(n)
        text = f"新华社北京3月1日电 《{title}》已经国务院第{n + 20}次常务会议通过，现予{verb}，自2024年5月1日起施行。"
        yield Case(text, frozenset({("国务院", None, title)}), f"announced in the news/{verb}")
    # …with any modifiers instead of 现予 after the adoption (经甲党组会议审议通过，近日印发实施)
    news_markers = ["现予", "近日", "日前正式", "已于近日", ""]
    news_meetings = ["党组会议", "第3次常务会议", "2024年第2次办公会议"]
    for n, (body, marker, verb) in enumerate(itertools.product(own, news_markers, verbs)):
        title = _title(n)
        meeting = news_meetings[n % len(news_meetings)]
        text = f"本报讯 《{title}》经{body.written}{meeting}审议通过，{marker}{verb}实施。"
        yield Case(text, frozenset({_fact(body, title)}), f"announced in the news/{marker or '-'}{verb}")


def forwarded() -> Iterator[Case]:
    """转发 passes on another's document: the forwarded work is cited, not issued."""
    for n, body in enumerate(BODIES):
        title = _title(n)
        text = f"{body.written}{TIMES[n % len(TIMES)]}转发《{title}》，要求各地认真贯彻执行。"
        yield Case(_frame([body], text), frozenset(), "forwarded 转发")


VOICES = {
    "active": active,
    "drafted": drafted,
    "joint": joint,
    "approved": approved,
    "provinces": provinces,
    "passive": passive,
    "nominal": nominal,
    "relative": relative,
    "topic": topic,
    "objects": objects,
    "referred": referred,
    "forwarded": forwarded,
    "announced": announced,
    "in_the_name": in_the_name,
}


def cases() -> list[Case]:
    return [case for voice in VOICES.values() for case in voice()]
