"""The brief's Markdown table: one line per row, a bar or a line break inside a cell escaped."""

from __future__ import annotations

from kg_builder.briefing import to_markdown
from kg_builder.service.answers import Brief, BriefFilters, BriefRow, Source


def test_bars_and_line_breaks_in_cells_are_escaped_and_plain_rows_are_left_alone() -> None:
    rows = [
        BriefRow(
            province="湖南",
            issuer="湖南省教育厅",
            document="关于A|B两校的通知",
            genre="notice",
            sources=[Source(source="x.txt", sentence="第一句\n第二句", quote="通知")],
        ),
        BriefRow(province="吉林", document="吉林省智慧校园建设方案", period="2021-08"),
    ]
    table = to_markdown(Brief(title="标题", filters=BriefFilters(), rows=rows)).splitlines()[-2:]
    assert table[0] == "| 湖南 | 湖南省教育厅 | 关于A\\|B两校的通知 | 通知 |  |  |  |  | x.txt | 第一句 第二句 |"
    assert table[1] == "| 吉林 |  | 吉林省智慧校园建设方案 |  | 2021-08（报告期） |  | 2021-08 |  |  |  |"
