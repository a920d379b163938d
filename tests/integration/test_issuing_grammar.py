"""The clause grammar of issuing on sentences composed from its parts (tests/issuing_sentences.py):
every combination of subject, modifiers, verb, object and voice gives exactly the ISSUED facts
its parts state, no more and no fewer."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from tests.issuing_sentences import VOICES, Case, cases


def _issued(nlp: Language, case: Case) -> frozenset[tuple[str | None, str | None, str]]:
    ex = extract_bytes(case.text.encode("utf-8"), "composed.txt", nlp)
    return frozenset((r.head, r.province, r.tail) for r in ex.relations if r.type == "ISSUED")


def test_the_generator_composes_thousands_of_sentences() -> None:
    composed = cases()
    assert len(composed) >= 3000
    assert len({c.text for c in composed}) > 0.95 * len(composed)  # combinations, not repeats


@pytest.mark.parametrize("voice", sorted(VOICES))
def test_each_composed_sentence_gives_exactly_its_facts(nlp: Language, voice: str) -> None:
    wrong = []
    for case in VOICES[voice]():
        got = _issued(nlp, case)
        if got != case.issued:
            wrong.append(
                f"{case.parts}\n  {case.text!r}\n  want {sorted(case.issued, key=str)}\n  got  {sorted(got, key=str)}"
            )
    assert not wrong, f"{len(wrong)} sentences wrong, first ten:\n" + "\n".join(wrong[:10])


PEOPLES = ["全国总工会", "共青团中央", "团中央", "全国妇联", "中国科协", "中国残联", "全国工商联", "中国文联"]
BODIES = [("教育部", "教育部"), ("国家发展改革委", "国家发展和改革委员会"), ("民政部", "民政部")]


@pytest.mark.parametrize("people", PEOPLES)
def test_peoples_organisations_are_read_as_bodies_but_are_no_agency(nlp: Language, people: str) -> None:
    """In either order, with any verb of joint issuing, the government body issues; the people's
    organisation is no Agency and no co-issuer. Among organisers too it is no Agency."""
    title = "关于开展青少年网络文明志愿服务活动的通知"
    for written, official in BODIES:
        for verb in ("联合印发", "共同发布", "联合制定"):
            for subject in (f"{people}、{written}", f"{written}、{people}", f"{people}与{written}"):
                text = f"2024年5月6日，{subject}{verb}《{title}》。\n"
                ex = extract_bytes(text.encode(), "p.txt", nlp)
                issued = [(r.head, r.co_issuers) for r in ex.relations if r.type == "ISSUED"]
                assert issued == [(official, [])], text
                assert {e.name for e in ex.entities if e.label == "Agency"} == {official}, text
    organisers = f"由中央网信办、教育部、{people}等部门联合举办的2024年国家网络安全宣传周于9月9日开幕。\n"
    ex = extract_bytes(organisers.encode(), "o.txt", nlp)
    assert {e.name for e in ex.entities if e.label == "Agency"} == {"中央网络安全和信息化委员会办公室", "教育部"}
