"""Links between documents, composed from their parts: a lead (为, 为进一步 …), a cue that cites
(根据, 依据 …) or implements (贯彻落实, 落实 …), one or two cited titles, the words after them
(精神, 要求 …), and a clause that issues the citing document; the title that names its target; and
sentences that mention a title without citing it. Titles and bodies are invented."""

from __future__ import annotations

from itertools import product

from spacy.language import Language

from kg_builder.extract import extract_bytes

LEADS = ["", "为", "为了", "为进一步", "为深入", "为全面"]
IMPLEMENTING = ["贯彻落实", "落实", "贯彻", "实施"]
CITING = ["根据", "依据", "按照", "参照"]
AFTER = ["", "精神", "要求", "的部署"]
SUBJECTS = ["四川省教育厅", "国家发展改革委", "成都市教育局"]
CITED = ("全民数字素养提升行动纲要", "关于推进智慧教育示范区建设的指导意见")
CITING_DOC = "四川省智慧教育示范区建设实施方案"


def links(nlp: Language, text: str) -> set[tuple[str, str | None, str]]:
    ex = extract_bytes(text.encode("utf-8"), "links.txt", nlp)
    return {(r.type, r.head, r.tail) for r in ex.relations if r.type in ("CITES", "IMPLEMENTS")}


def test_every_composed_implementing_clause_links_the_issued_document(nlp: Language) -> None:
    failures = []
    for lead, cue, after, subject in product(LEADS, IMPLEMENTING, AFTER, SUBJECTS):
        text = f"{lead}{cue}《{CITED[0]}》{after}，{subject}近日印发《{CITING_DOC}》。"
        if links(nlp, text) != {("IMPLEMENTS", CITING_DOC, CITED[0])}:
            failures.append(text)
    assert failures == []


def test_every_composed_citing_clause_links_each_cited_title(nlp: Language) -> None:
    failures = []
    for cue, after, subject, joiner in product(CITING, AFTER, SUBJECTS, ["和", "、", ""]):
        text = f"{cue}《{CITED[0]}》{joiner}《{CITED[1]}》{after}，{subject}制定了《{CITING_DOC}》。"
        expected = {("CITES", CITING_DOC, CITED[0]), ("CITES", CITING_DOC, CITED[1])}
        if links(nlp, text) != expected:
            failures.append(text)
    assert failures == []


def test_a_title_that_names_its_target_implements_it(nlp: Language) -> None:
    for wrapper in ("关于贯彻落实〈{b}〉的实施意见", "关于落实〈{b}〉的若干措施", "关于实施〈{b}〉的工作方案"):
        title = wrapper.format(b=CITED[1])
        named = title.replace("〈", "《").replace("〉", "》")  # an inner title as a title line writes it
        assert links(nlp, f"甘肃省教育厅印发《{title}》。") == {("IMPLEMENTS", named, CITED[1])}


def test_a_title_mentioned_without_a_cue_is_no_link(nlp: Language) -> None:
    for text in (
        f"四川省教育厅转发《{CITED[0]}》，并印发《{CITING_DOC}》。",
        f"《{CITED[0]}》提出了明确要求。四川省教育厅印发《{CITING_DOC}》。",
        f"会议学习了《{CITED[0]}》，四川省教育厅介绍了《{CITING_DOC}》的起草情况。",
    ):
        assert links(nlp, text) == set(), text


def test_in_an_official_document_the_text_itself_cites_and_implements(nlp: Language) -> None:
    text = (
        "川教〔2024〕8号\n四川省教育厅关于印发《四川省智慧教育示范区建设实施方案》的通知\n各市（州）教育局：\n"
        f"为贯彻落实《{CITED[0]}》，根据《{CITED[1]}》，现将《四川省智慧教育示范区建设实施方案》印发给你们。\n"
        "四川省教育厅\n2024年3月8日\n"
    )
    own = "四川省教育厅关于印发《四川省智慧教育示范区建设实施方案》的通知"
    assert links(nlp, text) == {("IMPLEMENTS", own, CITED[0]), ("CITES", own, CITED[1])}


REFERRING = ["{head}提出", "该{head}指出", "《{head}》明确", "此{head}要求", "{head}中强调"]


def test_a_sentence_whose_subject_is_the_document_just_issued_links_it(nlp: Language) -> None:
    """某厅印发《…实施方案》。该方案指出，为落实《B》…: the 方案 of the second sentence is the issued one."""
    failures = []
    for subject, referring, (cue, kind) in product(
        SUBJECTS, REFERRING, [("为贯彻落实", "IMPLEMENTS"), ("依据", "CITES"), ("按照", "CITES")]
    ):
        text = (
            f"2024年5月，{subject}印发《{CITING_DOC}》。{referring.format(head='方案')}，{cue}《{CITED[0]}》，"
            "到2026年建成一批示范区。"
        )
        if links(nlp, text) != {(kind, CITING_DOC, CITED[0])}:
            failures.append(text)
    assert failures == []
    # a subject that is no document (会议指出) links nothing
    assert links(nlp, f"四川省教育厅印发《{CITING_DOC}》。会议指出，按照《{CITED[0]}》推进。") == set()


def test_a_target_named_by_its_carrier_or_a_short_name_is_the_work(nlp: Language) -> None:
    carrier = f"教育部关于印发〈{CITED[0]}〉的通知"
    assert links(nlp, f"根据《{carrier}》，四川省教育厅制定了《{CITING_DOC}》。") == {("CITES", CITING_DOC, CITED[0])}
    text = f"教育部印发《{CITED[0]}》（以下简称《纲要》）。为落实《纲要》，四川省教育厅印发《{CITING_DOC}》。"
    assert links(nlp, text) == {("IMPLEMENTS", CITING_DOC, CITED[0])}


def test_a_plan_to_carry_out_a_work_named_beside_it_implements_it(nlp: Language) -> None:
    """《B实施方案》 (or 的实施细则, 实施意见 …) issued by another body than B's, in a text that names B."""
    failures = []
    for suffix, subject in product(["实施方案", "的实施细则", "实施意见", "落实方案"], SUBJECTS):
        text = f"2024年2月，教育部印发《{CITED[0]}》。近日，{subject}印发《{CITED[0]}{suffix}》。"
        if links(nlp, text) != {("IMPLEMENTS", f"{CITED[0]}{suffix}", CITED[0])}:
            failures.append(text)
    assert failures == []
    # the same body's own plan is no follow-up; a plan whose stem no title of the text names is none either
    assert links(nlp, f"教育部印发《{CITED[0]}》和《{CITED[0]}实施方案》。") == set()
    assert links(nlp, "四川省教育厅印发《四川省数字校园建设实施方案》。") == set()


PURPOSES = ["，以贯彻落实", "，贯彻落实", "，全面落实", "，进一步落实", "，切实贯彻"]


def test_a_clause_after_the_issuing_one_says_what_it_carries_out(nlp: Language) -> None:
    """某厅印发《A》，以贯彻落实《B》精神: A implements B; a clause of another kind after it (根据《B》开展…)
    and a clause after no issuing (组织学习《A》，落实《B》) link nothing."""
    failures = []
    for subject, purpose, after in product(SUBJECTS, PURPOSES, AFTER):
        text = f"近日，{subject}印发《{CITING_DOC}》{purpose}《{CITED[0]}》{after}。"
        if links(nlp, text) != {("IMPLEMENTS", CITING_DOC, CITED[0])}:
            failures.append(text)
    assert failures == []
    assert links(nlp, f"近日，四川省教育厅印发《{CITING_DOC}》，根据《{CITED[0]}》开展评估。") == set()
    assert links(nlp, f"四川省教育厅组织学习《{CITING_DOC}》，落实《{CITED[0]}》。") == set()
