"""Every status, with its deadline and working days late, on real CSV files (as of Fri 2025-12-05)."""

from __future__ import annotations

from datetime import date

import pytest
from deadline_helpers import csv_text, judge, only

from gaozhi_cli.calendar import WorkCalendar
from gaozhi_cli.calendar.sources import builtin_years
from gaozhi_cli.deadlines import DeadlineReport, Options, Status, load_rules

D = date.fromisoformat


@pytest.mark.parametrize(
    ("row", "status", "deadline", "late"),
    [
        # received on National Day by post: the 3rd working day is the 调休上班 Saturday 10-11
        ("A,司法局,邮寄,2025-10-01,2025-10-11", Status.ON_TIME, "2025-10-11", None),
        ("A,司法局,邮寄,2025-10-01,2025-10-13", Status.LATE, "2025-10-11", 1),
        ("A,司法局,邮寄,2025-10-01,2025-10-15", Status.LATE, "2025-10-11", 3),
        # done on the Sunday after a Friday deadline: late, by one working day
        ("A,司法局,邮寄,2025-11-11,2025-11-16", Status.LATE, "2025-11-14", 1),
        # in person: the same day, even when that is a holiday
        ("A,司法局,当面,2025-10-03,2025-10-03", Status.ON_TIME, "2025-10-03", None),
        ("A,司法局,窗口,2025-10-03,2025-10-09", Status.LATE, "2025-10-03", 1),
        # still open on Fri 12-05
        ("A,司法局,邮寄,2025-11-27,", Status.OVERDUE, "2025-12-02", 3),
        ("A,司法局,邮寄,2025-12-03,", Status.DUE_SOON, "2025-12-08", None),
        ("A,司法局,当面,2025-12-05,", Status.DUE_SOON, "2025-12-05", None),
        ("A,司法局,邮寄,2025-12-05,", Status.OPEN, "2025-12-10", None),
    ],
)
def test_status_deadline_and_late_workdays(export, row, status, deadline, late):
    result = only(export(csv_text(row)))
    assert (result.status, result.deadline, result.late_workdays) == (status, D(deadline), late)
    assert result.line == 2 and result.case_id == "A" and result.department == "司法局"


def test_due_soon_says_how_much_is_left(export):
    left_one, today = judge(export(csv_text("A,司法局,邮寄,2025-12-03,", "B,司法局,当面,2025-12-05,")))
    assert left_one.reason == "剩余 1 个工作日"
    assert today.reason == "今日到期"


def test_warn_days_widens_due_soon(export):
    path = export(csv_text("A,司法局,邮寄,2025-12-05,"))  # deadline Wed 12-10: 3 working days left
    assert only(path, warn_days=2).status is Status.OPEN
    assert only(path, warn_days=3).status is Status.DUE_SOON
    assert only(path, warn_days=0, as_of=D("2025-12-10")).status is Status.DUE_SOON
    assert only(path, as_of=D("2025-12-11")).status is Status.OVERDUE


def test_start_on_next_workday_is_the_local_reading(export):
    path = export(csv_text("A,司法局,邮寄,2025-10-01,2025-10-13"))
    strict = only(path)
    deemed = only(path, start_on_next_workday=True)
    assert (strict.status, strict.deadline) == (Status.LATE, D("2025-10-11"))
    assert (deemed.status, deemed.deadline) == (Status.ON_TIME, D("2025-10-13"))


def test_a_year_without_data_is_no_calendar_not_a_guess(export):
    result = only(export(csv_text("A,司法局,邮寄,2199-03-02,2199-03-04")), as_of=D("2199-12-31"))
    assert result.status is Status.NO_CALENDAR
    assert result.deadline is None
    assert "2199" in result.reason


def two_year_calendar() -> WorkCalendar:
    return WorkCalendar(y for y in builtin_years() if y.year in (2024, 2025))


def test_a_deadline_that_runs_into_a_missing_year(export):
    path = export(csv_text("A,司法局,邮寄,2025-12-30,", "B,司法局,邮寄,2025-12-24,2026-01-06"))
    options = Options(as_of=D("2026-01-06"))
    report = DeadlineReport(path, load_rules(), two_year_calendar(), options)
    crossing, late = list(report.results())
    assert crossing.status is Status.NO_CALENDAR and "2026" in crossing.reason
    # the deadline (12-29) is known and was missed; by how much needs 2026
    assert (late.status, late.deadline, late.late_workdays) == (Status.LATE, D("2025-12-29"), None)
    assert "2026" in late.reason
    assert report.summary.missing_years == {2026}


def test_each_row_is_judged_under_every_rule_that_applies(export):
    header = "办件编号,部门,申请方式,收件日期,告知承诺书送达日期,投诉受理日期,处理结果告知日期"
    rows = judge(
        export(
            csv_text(
                "A,司法局,邮寄,2025-11-03,2025-11-05,2025-11-03,2025-11-12",
                "B,司法局,邮寄,2025-11-03,2025-11-05,,",
                header=header,
            )
        )
    )
    assert [(r.case_id, r.rule, r.status) for r in rows] == [
        ("A", "告知承诺书送达", Status.ON_TIME),
        ("A", "投诉举报处理", Status.LATE),  # 5 working days after Mon 11-03 is Mon 11-10
        ("B", "告知承诺书送达", Status.ON_TIME),
    ]


def test_limit_from_the_row_and_start_column_fallback(export):
    header = "办件编号,部门,发函日期,收函日期,回复日期,回复时限（工作日）"
    rows = judge(
        export(
            csv_text(
                "A,司法局,2025-11-03,2025-11-05,2025-11-12,5",  # from 收函日期: due 11-12
                "B,司法局,2025-11-03,,2025-11-12,5个工作日",  # no 收函日期: from 发函日期, due 11-10
                "C,司法局,2025-11-03,,,尽快",
                "D,司法局,2025-11-03,,,",
                "E,司法局,2025-11-03,,2025-11-10,五个工作日",  # written in Chinese numerals
                "F,司法局,2025-09-28,,2025-10-10,10日",  # calendar days: 10-08 is a holiday, so 10-09
                "G,司法局,2025-09-22,,2025-10-09,10天",  # 10-02 is a holiday: the next working day, 10-09
                "H,司法局,2025-01-31,,2025-03-03,1个月",  # 02-28, a Friday
                header=header,
            )
        ),
        as_of=D("2025-11-14"),
    )
    assert [(r.status, r.deadline) for r in rows[:2]] == [
        (Status.ON_TIME, D("2025-11-12")),
        (Status.LATE, D("2025-11-10")),
    ]
    assert rows[2].status is Status.INVALID and "“尽快”不是时限" in rows[2].reason
    assert rows[3].status is Status.INVALID and rows[3].reason == "缺少回复时限（工作日）"
    assert [(r.status, r.deadline) for r in rows[4:]] == [
        (Status.ON_TIME, D("2025-11-10")),
        (Status.LATE, D("2025-10-09")),
        (Status.ON_TIME, D("2025-10-09")),
        (Status.LATE, D("2025-02-28")),
    ]


def test_channel_words_inside_a_longer_value(export):
    rows = judge(export(csv_text("A,司法局,网上申请,2025-11-03,", "B,司法局,窗口办理,2025-11-03,")))
    assert [r.deadline for r in rows] == [D("2025-11-06"), D("2025-11-03")]


@pytest.mark.parametrize(
    ("channel", "deadline"),
    [
        ("线下", "2025-11-03"),
        ("线下窗口", "2025-11-03"),
        ("线上", "2025-11-06"),
        ("全程网办", "2025-11-06"),
        ("掌上办", "2025-11-06"),
        ("移动端", "2025-11-06"),
        ("微信小程序", "2025-11-06"),
        ("线上线下", None),  # 0 and 3 days both: not guessed
    ],
)
def test_the_platforms_online_and_offline_words(export, channel, deadline):
    (row,) = judge(export(csv_text(f"A,司法局,{channel},2025-11-03,")))
    if deadline is None:
        assert row.status is Status.INVALID and f"申请方式“{channel}”不在规则" in row.reason
    else:
        assert row.deadline == D(deadline)
