"""The spaCy zh pipeline's pkuseg tokenizer on real policy text, including mixed Latin."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from kg_builder.nlp.pipeline import model_metrics


def tokens(nlp: Language, text: str) -> list[str]:
    return [t.text for t in nlp.make_doc(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进互联网协议第六版(IPv6)规模部署", ["(", "IPv6", ")"]),
        ("关于加快推进高校5G网络建设的通知", ["5G"]),
        ("规范校园App管理", ["App"]),
        ("教育信息化2.0行动计划", ["2.0"]),
        ("建设指南(试行)", ["(", "试行", ")"]),
        ("1月22日,教育部科技司组织召开研讨会", ["教育部", "科技司"]),
    ],
)
def test_latin_brackets_and_dictionary_words_stay_whole(nlp: Language, text: str, expected: list[str]) -> None:
    words = tokens(nlp, text)
    assert "".join(words) == text
    for w in expected:
        assert w in words, words


def test_the_segmenter_is_pkuseg_with_a_measured_model(nlp: Language) -> None:
    assert nlp.lang == "zh" and nlp.tokenizer.segmenter == "pkuseg"
    metrics = model_metrics()
    # Measured on the held-out 10% of the PKU 1998 corpus when the model was built.
    assert metrics["held_out_word_f1"] >= 0.94, json.dumps(metrics)


def test_chinese_text_is_segmented_into_words(nlp: Language) -> None:
    words = tokens(nlp, "教育部完成对海南省教育信息化省级试点的现场验收")
    assert 6 <= len(words) <= 16
    assert "海南省" in words and "现场" in words
