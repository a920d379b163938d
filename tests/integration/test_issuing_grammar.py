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
