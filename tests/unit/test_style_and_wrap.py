"""How nodes look (one colour and shape per type, from the Browser style) and how titles wrap in pictures."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kg_builder.briefing import UNBROKEN, wrap
from kg_builder.schema import load_schema
from kg_builder.style import node_styles


def test_every_node_type_has_its_own_colour_and_shape() -> None:
    styles = node_styles()
    assert set(styles) == set(load_schema().node_labels)
    assert len({s.color for s in styles.values()}) == len(styles)
    assert len({s.shape for s in styles.values()}) == len(styles)
    assert styles["Province"].color == "#C0392B"  # as cypher/style.grass says


def test_titles_wrap_between_characters_but_not_inside_latin_words() -> None:
    lines = wrap("《关于进一步推进全省教育系统IPv6规模部署工作的通知》", 32).split("\n")
    assert lines == ["《关于进一步推进全省教育系统IPv6", "规模部署工作的通知》"]
    assert wrap("《关于进一步推进全省教育系统IPv6规模部署工作的通知》", 30).split("\n")[1].startswith("IPv6")
    assert wrap("《教育信息化2.0行动计划》", 12).split("\n") == ["《教育信息化", "2.0行动计", "划》"]


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@given(st.text(alphabet=st.sampled_from("教育信息化IPv6 2.0《》()（）abc"), max_size=80), st.integers(8, 40))
def test_wrapping_keeps_every_character_and_the_width(text: str, width: int) -> None:
    lines = wrap(text, width).split("\n")
    assert "".join(lines) == text
    # a line is longer than the width only when it is one Latin word or number that cannot be broken
    assert all(_columns(line) <= width or len(UNBROKEN.findall(line)) == 1 for line in lines)
