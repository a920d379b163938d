"""Dates: forms found in briefs, normalised with the year inferred from the period."""

from __future__ import annotations

import pytest

from kg_builder.nlp.dates import find_dates, normalize_date


@pytest.mark.parametrize(
    ("text", "period", "value"),
    [
        ("1月22日,教育部召开", "2019-01", "2019-01-22"),
        ("8月18—20日,大会在北京举办", "2021-08", "2021-08-18/2021-08-20"),
        ("1月14-17日,在云南昆明召开", "2019-01", "2019-01-14/2019-01-17"),
        ("2022年5月9日—2022年5月12日,培训在线举办", None, "2022-05-09/2022-05-12"),  # the end repeats the year
        ("上月18日,省教育厅启动检查", "2023-01", "2022-12-18"),  # a day of last month, across the year
        ("本季度,全省完成测评", "2023-08", "2023-Q3"),
        ("上一季度,全省完成测评", "2023-02", "2022-Q4"),
        ("2022年11月28日至2022年12月2日举办", None, "2022-11-28/2022-12-02"),
        ("截至1月底,平台已开通", "2019-01", "2019-01"),
        ("截至2021年第二季度,全国", "2021-08", "2021-Q2"),
        ("完成2018年第四季度代码审核", "2019-01", "2018-Q4"),
        ("由2018年12月的92%提高到", "2020-07", "2018-12"),
        ("更新日期:2020-07-16", None, "2020-07-16"),
        ("本月安徽某校发生事件", "2021-08", "2021-08"),
        ("3月下旬召开", "2023-03", "2023-03-21/2023-03-31"),  # 下旬: day 21 to the month's end (GUIDE.md)
        ("12月31日,发表讲话", "2019-01", "2018-12-31"),  # a January brief's December is last year's
        ("2021-2035年规划", "2020", "2021/2035"),
    ],
)
def test_date_forms_normalise(text: str, period: str | None, value: str) -> None:
    mentions = find_dates(text)
    assert [normalize_date(m.attrs, period) for m in mentions] == [value]


def test_years_inside_titles_are_not_dates() -> None:
    assert find_dates("印发《2023年教育信息化工作要点》") == []


def test_relative_date_without_period_is_unresolved() -> None:
    (m,) = find_dates("本月完成")
    assert normalize_date(m.attrs, None) is None


def test_a_quarter_after_the_reports_month_is_last_years() -> None:
    """A January 2019 brief's 四季度 is 2018's fourth quarter; its 一季度 is this year's."""
    fourth = find_dates("四季度各地完成测评。")[0]
    assert normalize_date(fourth.attrs, "2019-01") == "2018-Q4"
    first = find_dates("一季度完成部署。")[0]
    assert normalize_date(first.attrs, "2019-01") == "2019-Q1"
