"""Property tests: extraction never crashes, and every span points at its original characters."""

from __future__ import annotations

import opencc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from kg_builder.extract import extract_source
from kg_builder.ingest import ingest_bytes
from kg_builder.textnorm import VARIANT_TABLE, normalize_width

_T2S = opencc.OpenCC("t2s").convert

# Text made of the pieces briefs are made of, in any order, plus arbitrary characters.
PIECES = [
    "省教育厅",
    "印发",
    "《关于推进IPv6部署的通知》",
    "市教委",
    "1月22日",
    "召开",
    "研讨会",
    "“三个课堂”",
    "★各地工作动态\n",
    "北京 ",
    "浙江 ",
    "\n",
    "。",
    ",",
    "(试行)",
    "戰(zhàn)",
    "教育部科技司",
    "行动",
    "平台",
    "2019年",
    "截至3月底",
    "?。裕?/p>",
    "版权所有",
    "與",
    "《",
    "》",
    "“",
    "”",
    "&amp;",
]
brief_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=brief_like)
def test_extraction_never_crashes(nlp: Language, text: str) -> None:
    try:
        source = ingest_bytes(text.encode("utf-8"), "fuzz.txt")
    except ValueError:
        return  # empty after cleaning: reported, not crashed
    result = extract_source(source, nlp)
    for entity in result.entities:
        for ev in entity.evidence:
            assert 0 <= ev.start <= ev.end <= len(source.original)


@settings(max_examples=300, deadline=None)
@given(text=brief_like)
def test_clean_spans_map_to_matching_original_characters(text: str) -> None:
    try:
        source = ingest_bytes(text.encode("utf-8"), "fuzz.txt")
    except ValueError:
        return
    for i, char in enumerate(source.text):
        if char in " \n":
            continue  # whitespace is normalised, not mapped one to one
        start, end = source.original_span(i, i + 1)
        original = source.original[start:end]
        assert char == _T2S(normalize_width(original)).translate(VARIANT_TABLE) or char == original, (char, original)
