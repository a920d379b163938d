"""Relation finding on its own: hand-made mentions over invented sentences, no model and no store.

The mentions are what the entity stages would give (label, span, resolved name); the tests check the
relations relate() draws between them and the evidence it cites."""

from __future__ import annotations

from kg_builder.extraction.context import DocumentContext
from kg_builder.extraction.relations import relate
from kg_builder.model import Document, Mention, Paragraph, Relation, SourceText


def _relations(text: str, *spans: tuple[str, str, str | None]) -> list[Relation]:
    """relate() over `text` with a mention per (label, surface, name); the surface's first occurrence."""
    source = SourceText(
        path="t.txt", encoding="utf-8", original=text, text=text, offsets=[*range(len(text)), len(text)]
    )
    document = Document(
        id="0" * 16,
        source="t.txt",
        kind="news",
        title=text.split("。")[0],
        sections=[],
        paragraphs=[Paragraph(start=0, end=len(text))],
    )
    mentions = []
    for label, surface, name in spans:
        start = text.index(surface)
        mentions.append(
            Mention(label=label, start=start, end=start + len(surface), text=surface, rule="test", name=name or surface)
        )
    return relate(DocumentContext.from_document(source, document).with_mentions(mentions))


def _facts(relations: list[Relation], type_: str) -> set[tuple[str | None, str]]:
    return {(r.head, r.tail) for r in relations if r.type == type_}


def test_the_subject_of_a_clause_issues_the_document_it_names() -> None:
    text = "5月8日，吉林省教育厅印发《吉林省教育信息化三年行动计划》。"
    found = _relations(
        text,
        ("Date", "5月8日", "2021-05-08"),
        ("Agency", "吉林省教育厅", None),
        ("Document", "吉林省教育信息化三年行动计划", None),
    )
    assert _facts(found, "ISSUED") == {("吉林省教育厅", "吉林省教育信息化三年行动计划")}
    fact = next(r for r in found if r.type == "ISSUED")
    assert fact.evidence.sentence == text and fact.evidence.quote in text


def test_another_body_and_verb_issue_the_same_way() -> None:
    text = "山东省教育厅近日出台《山东省中小学数字校园建设规范》。"
    found = _relations(text, ("Agency", "山东省教育厅", None), ("Document", "山东省中小学数字校园建设规范", None))
    assert _facts(found, "ISSUED") == {("山东省教育厅", "山东省中小学数字校园建设规范")}


def test_a_body_named_inside_a_title_issues_nothing_in_the_sentence() -> None:
    text = "各地认真学习《广东省教育厅关于加强教育系统网络安全工作的通知》精神。"
    found = _relations(
        text, ("Agency", "广东省教育厅", None), ("Document", "广东省教育厅关于加强教育系统网络安全工作的通知", None)
    )
    assert _facts(found, "ISSUED") == set()


def test_a_body_holds_the_event_it_convenes() -> None:
    text = "3月12日，湖北省教育厅召开全省教育网络安全工作会议。"
    found = _relations(text, ("Agency", "湖北省教育厅", None), ("Event", "全省教育网络安全工作会议", None))
    assert _facts(found, "HELD") == {("湖北省教育厅", "全省教育网络安全工作会议")}


def test_nothing_is_related_without_a_verb() -> None:
    text = "福建省教育厅、《福建省智慧教育发展规划》。"
    found = _relations(text, ("Agency", "福建省教育厅", None), ("Document", "福建省智慧教育发展规划", None))
    assert _facts(found, "ISSUED") == set()
