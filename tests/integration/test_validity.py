"""Dates of force, repeals and revisions, and the status of a document on a day (GUIDE.md, "Links between
documents"; README, "Validity"). Invented official documents and news, both stores."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.graph import source_graph
from kg_builder.service import QueryService

SUBJECTS = ["本办法", "本规定", "本通知", "该办法", ""]
STARTS = [
    ("自2024年2月1日起施行", "2024-02-01"),
    ("自2024年2月1日起实施", "2024-02-01"),
    ("2024年2月1日起正式执行", "2024-02-01"),
    ("自印发之日起施行", "2024-01-10"),
    ("自发布之日起实施", "2024-01-10"),
    ("自公布之日起30日后施行", "2024-02-09"),
]
ENDS = [
    ("", None),
    ("，有效期5年", 5),
    ("，有效期为三年", 3),
    ("，试行两年", 2),
    ("，有效期至2026年1月31日", "2026-01-31"),
]


def _official(body: str) -> str:
    return (
        "河南省教育厅关于印发《河南省校园数据管理办法》的通知\n豫教科〔2024〕3号\n各市教育局：\n"
        f"现将《河南省校园数据管理办法》印发给你们，请认真贯彻执行。{body}\n河南省教育厅\n2024年1月10日\n"
    )


def _until(start: str, end: int | str | None) -> str | None:
    if end is None or isinstance(end, str):
        return end
    return f"{int(start[:4]) + end}{start[4:]}"  # the day before the same day N years on, checked below


def test_every_composed_sentence_of_force_gives_its_dates(nlp: Language) -> None:
    failures = []
    for subject, (start, since), (end, term) in product(SUBJECTS, STARTS, ENDS):
        block = extract_bytes(_official(f"{subject}{start}{end}。").encode(), "force.txt", nlp).source_document
        assert block is not None
        expected_until = term if isinstance(term, str) or term is None else None
        got = (block.in_force_from, block.in_force_until)
        if isinstance(term, int):  # a term: the last day before the same day `term` years on
            year, rest = int(since[:4]) + term, since[4:]
            from datetime import date, timedelta

            expected_until = (date.fromisoformat(f"{year}{rest}") - timedelta(days=1)).isoformat()
        if got != (since, expected_until):
            failures.append((subject + start + end, got))
    assert failures == []


def test_a_news_sentence_gives_the_dates_of_the_document_it_names_or_just_issued(nlp: Language) -> None:
    for text in (
        "2024年3月，河南省教育厅印发《河南省智慧校园评价办法》。该办法自2024年4月1日起实施，有效期为三年。",
        "2024年3月，河南省教育厅印发《河南省智慧校园评价办法》，《河南省智慧校园评价办法》自2024年4月1日起实施，有效期为三年。",
    ):
        ex = extract_bytes(text.encode(), "news.txt", nlp)
        assert [(v.document, v.in_force_from, v.in_force_until) for v in ex.validity] == [
            ("河南省智慧校园评价办法", "2024-04-01", "2027-03-31")
        ], text
    assert extract_bytes("会议要求，自2024年4月1日起实施新的考勤制度。".encode(), "n.txt", nlp).validity == []


def test_repeal_wordings(nlp: Language) -> None:
    for body in (
        "《河南省校园数据管理暂行办法》同时废止。",
        "同时废止《河南省校园数据管理暂行办法》。",
        "原《河南省校园数据管理暂行办法》（豫教科〔2019〕5号）同时废止。",
        "《河南省校园数据管理暂行办法》不再执行。",
        "本办法代替《河南省校园数据管理暂行办法》。",
    ):
        ex = extract_bytes(_official(body).encode(), "repeal.txt", nlp)
        repeals = {(r.head, r.tail) for r in ex.relations if r.type == "REPEALS"}
        assert repeals == {("河南省教育厅关于印发《河南省校园数据管理办法》的通知", "河南省校园数据管理暂行办法")}, body
    # a list of titles, each with its number, before one 废止; a title whose clause does not repeal it
    body = (
        "《甲管理规定》（豫教科〔2018〕1号）、《乙实施细则》（豫教科〔2018〕2号）同时废止。"
        "《丙办法》规定的事项不得废止。"
    )
    ex = extract_bytes(_official(body).encode(), "repeal.txt", nlp)
    assert {r.tail for r in ex.relations if r.type == "REPEALS"} == {"甲管理规定", "乙实施细则"}


CHAIN = [
    # B: in force from 2019-03-01 for five years
    "河南省教育厅关于印发《河南省校园网络管理暂行办法》的通知\n豫教科〔2019〕5号\n各市教育局：\n"
    "现将《河南省校园网络管理暂行办法》印发给你们。本办法自2019年3月1日起施行，有效期5年。\n河南省教育厅\n2019年2月1日\n",
    # A: repeals B from the day A comes into force
    "河南省教育厅关于印发《河南省校园网络管理办法》的通知\n豫教科〔2022〕9号\n各市教育局：\n"
    "现将《河南省校园网络管理办法》印发给你们。本办法自2022年7月1日起施行。《河南省校园网络管理暂行办法》同时废止。\n"
    "河南省教育厅\n2022年6月1日\n",
    # C: a body revises A
    "2024年5月10日，河南省教育厅修订《河南省校园网络管理办法》，进一步规范校园网络管理。\n",
    # D: in force from its day of issue until a date
    "河南省教育厅关于印发《河南省教育专网建设方案》的通知\n豫教科〔2023〕1号\n各市教育局：\n"
    "现将《河南省教育专网建设方案》印发给你们。本方案自印发之日起实施，有效期至2025年12月31日。\n河南省教育厅\n2023年1月5日\n",
    # E: no dates of force
    "河南省教育厅关于印发《河南省教育信息化工作要点》的通知\n豫教科〔2023〕2号\n各市教育局：\n"
    "现将《河南省教育信息化工作要点》印发给你们，请认真贯彻落实。\n河南省教育厅\n2023年2月1日\n",
]
B, A, D, E = (
    "河南省校园网络管理暂行办法",
    "河南省校园网络管理办法",
    "河南省教育专网建设方案",
    "河南省教育信息化工作要点",
)


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_status_on_a_day_before_between_and_after_the_dates(store: Any, nlp: Language) -> None:
    store.load([source_graph(extract_bytes(t.encode(), f"chain{i}.txt", nlp)) for i, t in enumerate(CHAIN)])
    service = QueryService(store)

    def statuses(day: str) -> dict[str, str]:
        page = service.documents(service.filters(province="河南"), limit=100)
        everything = {d.document: d.document_id for d in page.items}
        index = service.index()
        return {name: index.validity(iri, day).status for name, iri in everything.items() if iri}

    assert statuses("2019-01-01") == {B: "not_yet_in_force", A: "not_yet_in_force", D: "not_yet_in_force", E: "unknown"}
    assert statuses("2020-06-01") == {B: "in_force", A: "not_yet_in_force", D: "not_yet_in_force", E: "unknown"}
    assert statuses("2022-08-01")[B] == "repealed" and statuses("2022-08-01")[A] == "in_force"
    assert statuses("2024-06-01") == {B: "repealed", A: "revised", D: "in_force", E: "unknown"}
    assert statuses("2026-02-01")[D] == "expired"
    in_force = service.documents(service.filters(province="河南", in_force_on="2023-06-01"))
    assert [d.document for d in in_force.items] == [A, D]
    assert all(
        d.validity and d.validity.status == "in_force" and d.validity.as_of == "2023-06-01" for d in in_force.items
    )
    # a briefing's rows carry the status on the day asked, and keep only the documents in force that day
    brief = service.brief(service.filters(province="河南", in_force_on="2024-06-01"))
    assert {r.document: r.status for r in brief.rows} == {D: "in_force"}
    repealed = service.index().validity(
        next(d.document_id for d in service.documents(service.filters()).items if d.document == B) or "", "2023-01-01"
    )
    assert [(c.change, c.by, c.on) for c in repealed.changes] == [("repeals", A, "2022-07-01")]
    assert repealed.in_force_from == "2019-03-01" and repealed.evidence and "有效期5年" in repealed.evidence
