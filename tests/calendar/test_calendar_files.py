"""Years without data are never guessed; a user adds a year from the notice as YAML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gaozhi_cli.calendar import (
    CalendarDataMissing,
    WorkCalendar,
    default_calendar,
    load_calendar,
    read_year_file,
    sources,
    year_template,
)
from gaozhi_cli.datafile import DataFileError
from gaozhi_cli.errors import GaozhiError

# A made-up schedule for a far-future year: test data, not a notice.
YEAR_2199 = """\
年份: 2199
文号: 测试〔2198〕1号
网址: https://example.invalid/2199
节假日:
  - 名称: 元旦
    开始: 2199-01-01
    结束: 2199-01-03
    调休上班: [2199-01-05]
  - 名称: 春节
    开始: 2199年2月1日
    结束: 2199/2/7
"""


def write(tmp_path: Path, text: str, name: str = "2199.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_year_without_data_raises_and_names_the_year():
    cal = default_calendar()
    with pytest.raises(CalendarDataMissing) as caught:
        cal.is_workday(date(2199, 3, 1))
    assert caught.value.year == 2199
    assert isinstance(caught.value, GaozhiError)
    assert "2199" in caught.value.message and "--calendar" in caught.value.message
    with pytest.raises(CalendarDataMissing):
        cal.due(date(2199, 3, 1), 3)
    with pytest.raises(CalendarDataMissing):
        cal.due(date(2250, 3, 1), 0)  # even a limit of 0 needs the year


def test_a_count_that_runs_off_the_data_names_the_first_missing_year():
    two_years = WorkCalendar(y for y in sources.builtin_years() if y.year in (2024, 2025))
    assert two_years.due(date(2025, 12, 25), 3) == date(2025, 12, 30)
    with pytest.raises(CalendarDataMissing) as caught:
        two_years.due(date(2025, 12, 25), 5)
    assert caught.value.year == 2026
    with pytest.raises(CalendarDataMissing):
        two_years.late_by(date(2025, 12, 30), date(2026, 1, 5))
    with pytest.raises(CalendarDataMissing):
        two_years.count_workdays(date(2025, 12, 30), date(2026, 1, 5))


def test_a_gap_between_years_is_not_jumped_over():
    gap = WorkCalendar(y for y in sources.builtin_years() if y.year in (2021, 2023))
    with pytest.raises(CalendarDataMissing) as caught:
        gap.due(date(2021, 12, 28), 10)
    assert caught.value.year == 2022
    assert gap.due(date(2023, 1, 3), 1) == date(2023, 1, 4)


def test_a_user_year_file_adds_the_year(tmp_path):
    cal = load_calendar([write(tmp_path, YEAR_2199)])
    assert not cal.is_workday(date(2199, 1, 2))  # a Wednesday, off by the file
    assert cal.is_workday(date(2199, 1, 5))  # a Saturday, 调休上班
    assert cal.due(date(2199, 1, 1), 1) == date(2199, 1, 4)
    assert cal.due(date(2199, 1, 1), 2) == date(2199, 1, 5)
    assert cal.describe(date(2199, 2, 3)).name == "春节"
    assert "测试〔2198〕1号" in cal.source(2199)
    with pytest.raises(CalendarDataMissing) as caught:
        cal.due(date(2199, 12, 30), 5)
    assert caught.value.year == 2200
    assert cal.due(date(2025, 10, 1), 3) == date(2025, 10, 11)  # built-in years untouched


def test_a_user_file_replaces_a_built_in_year_whole(tmp_path):
    corrected = """\
年份: 2025
文号: 测试更正
节假日:
  - 名称: 国庆节
    开始: 2025-10-01
    结束: 2025-10-03
"""
    cal = load_calendar([write(tmp_path, corrected, "2025.yaml")])
    assert cal.is_workday(date(2025, 10, 8))  # no longer off
    assert not cal.is_workday(date(2025, 10, 11))  # no make-up Saturday any more
    assert cal.is_workday(date(2025, 5, 2))  # the file has no 劳动节: the whole year is the file's
    assert default_calendar().is_workday(date(2025, 10, 8)) is False  # the default is not changed


def test_replacing_a_built_in_year_is_said_with_the_days_it_moves(tmp_path, gaozhi):
    """A typo in a year's file would move that year's deadlines without a word: the calendar
    notes it, and the commands print the note. A new year, or the same days, is no news."""
    corrected = (
        "年份: 2025\n文号: 测试更正\n节假日:\n  - 名称: 国庆节\n    开始: 2025-10-01\n    结束: 2025-10-03\n"
    )
    path = write(tmp_path, corrected, "2025.yaml")
    (note,) = load_calendar([path]).notes
    assert note.startswith("2025.yaml：2025 年与内置的节假日安排（")
    assert "改为休息 5 天（2025-01-26、2025-02-08、2025-04-27、2025-09-28、2025-10-11）" in note
    assert "改为上班" in note and "2025-01-01" in note and " 等）" in note
    assert load_calendar([write(tmp_path, YEAR_2199)]).notes == ()
    due = gaozhi("calendar", "due", "2025-10-01", "3", "--calendar", path)
    assert due.exit_code == 0 and "注意 2025.yaml：2025 年与内置的节假日安排" in due.stderr
    export = tmp_path / "办件.csv"
    export.write_text(
        "办件编号,部门,申请方式,收件日期,告知承诺书送达日期\nA,司法局,邮寄,2025-10-01,\n", encoding="utf-8"
    )
    report = gaozhi("deadlines", "report", export, "--as-of", "2025-10-02", "--calendar", path)
    assert report.exit_code == 0 and "改为休息 5 天" in report.stderr
    assert "注意" not in gaozhi("calendar", "due", "2025-10-01", "3").stderr


def test_a_notice_may_reach_into_december_of_the_year_before(tmp_path):
    text = YEAR_2199.replace("开始: 2199-01-01", "开始: 2198-12-31")
    data = read_year_file(write(tmp_path, text))
    assert date(2198, 12, 31) in data.rest


def test_shipped_notices_are_part_of_the_default_calendar(tmp_path, monkeypatch):
    write(tmp_path, YEAR_2199)
    monkeypatch.setattr(sources, "SHIPPED_DIR", tmp_path)
    sources.default_calendar.cache_clear()
    try:
        assert sources.default_calendar().due(date(2199, 1, 1), 2) == date(2199, 1, 5)
    finally:
        sources.default_calendar.cache_clear()


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    with pytest.raises(DataFileError) as caught:
        read_year_file(write(tmp_path, text))
    assert caught.value.file.endswith("2199.yaml")
    return [(pos.line, message) for pos, message in caught.value.problems]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("年份: 2199", "年份: 明年"), 1, "四位年份"),
        (("文号: 测试〔2198〕1号\n", ""), 1, "缺少“文号”"),
        (("结束: 2199-01-03", "结束: 2198-12-30"), 7, "早于"),
        (("结束: 2199-01-03", "结束: 2199-03-03"), 7, "超过 15 天"),
        (("结束: 2199/2/7", "结束: 2199/2/30"), 11, "应为日期"),
        (("调休上班: [2199-01-05]", "调休上班: [2199-01-07]"), 8, "本来就是工作日"),
        (("调休上班: [2199-01-05]", "调休上班: [2199-02-02]"), 8, "既是放假日又是调休上班日"),
        (("调休上班: [2199-01-05]", "调休上班: [2200-01-04]"), 8, "不在 2199 年内"),
        (("  - 名称: 春节", "  - 名字: 春节"), 9, "未知字段“名字”"),
        (("开始: 2199年2月1日\n    结束: 2199/2/7", "开始: 2199-01-03"), 9, "同时属于"),
    ],
)
def test_bad_year_files_are_reported_with_line_and_field(tmp_path, change, line, words):
    problems = problems_of(tmp_path, YEAR_2199.replace(*change))
    assert any(n == line and words in message for n, message in problems), problems


def test_all_problems_of_a_file_are_reported_at_once(tmp_path):
    text = YEAR_2199.replace("年份: 2199", "年份: x").replace("结束: 2199/2/7", "结束: 不知道")
    assert len(problems_of(tmp_path, text)) == 2


def test_an_unfilled_template_is_refused_not_guessed(tmp_path):
    problems = problems_of(tmp_path, year_template(2199))
    assert any("缺少“文号”" in m for _, m in problems)
    assert sum("缺少“开始”" in m for _, m in problems) == 7


def test_a_filled_template_loads(tmp_path):
    filled = (
        year_template(2199)
        .replace("文号:        #", "文号: 测试〔2198〕2号  #")
        .replace("    开始:\n", "    开始: 2199-05-01\n", 1)
    )
    # only 元旦 is filled: the other holidays still lack their dates
    assert len(problems_of(tmp_path, filled)) == 6


def test_a_file_that_is_not_yaml_or_not_there(tmp_path):
    with pytest.raises(GaozhiError, match="找不到节假日安排文件"):
        read_year_file(tmp_path / "nope.yaml")
    assert problems_of(tmp_path, "年份: [2199\n")[0][0] >= 1
    assert "映射" in problems_of(tmp_path, "- 2199\n")[0][1]
