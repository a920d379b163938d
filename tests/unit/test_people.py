"""Person mentions: officials after their titles, with a surname check."""

from __future__ import annotations

from kg_builder.nlp.people import find_people


def test_officials_are_found_after_their_titles() -> None:
    text = "教育部党组成员、副部长钟登华出席会议并讲话。湖北省教育厅党组书记、厅长 陶宏:以新任教育厅局长为主"
    assert [(m.attrs["title"], m.name) for m in find_people(text)] == [("副部长", "钟登华"), ("厅长", "陶宏")]
