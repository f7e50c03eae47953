"""Every status, with its deadline and working days late, on real CSV files (as of Fri 2025-12-05)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from deadline_helpers import AS_OF, csv_text, judge, only

from gaozhi_cli.calendar import WorkCalendar, default_calendar
from gaozhi_cli.calendar.sources import builtin_years
from gaozhi_cli.deadlines import DeadlineReport, Options, Status, load_rules, parallel, tally

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
    # 2003: a plausible year for a case that chinese-calendar (2004 on) has no data for
    result = only(export(csv_text("A,司法局,邮寄,2003-03-03,2003-03-05")), as_of=D("2003-12-31"))
    assert result.status is Status.NO_CALENDAR
    assert result.deadline is None
    assert "2003" in result.reason


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
                # the header says 工作日, so 10日 and 10天 are working days (调休 Sun 09-28, Sat 10-11)
                "F,司法局,2025-09-28,,2025-10-10,10日",  # 09-29 … 10-17
                "G,司法局,2025-09-22,,2025-10-09,10天",  # 09-23 … 10-11
                "H,司法局,2025-01-31,,2025-03-03,1个月",  # 02-28, a Friday
                "I,司法局,2025-09-28,,2025-10-10,10自然日",  # 10-08 is a holiday, so 10-09
                "J,司法局,2025-09-22,,2025-10-10,10个自然日",  # 10-02 is a holiday: the next working day, 10-09
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
        (Status.ON_TIME, D("2025-10-17")),
        (Status.ON_TIME, D("2025-10-11")),
        (Status.LATE, D("2025-02-28")),
        (Status.LATE, D("2025-10-09")),
        (Status.LATE, D("2025-10-09")),
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


@pytest.mark.parametrize(
    ("channel", "deadline"),
    [
        ("非现场办理", "2025-11-06"),  # not 现场 (当场): the remote 3 working days
        ("非线下", "2025-11-06"),
        ("不见面审批", "2025-11-06"),
        ("非当面递交", "2025-11-06"),
        ("非窗口", None),  # not 窗口, and no other word: not guessed
    ],
)
def test_a_negated_channel_word_is_not_that_channel(export, channel, deadline):
    (row,) = judge(export(csv_text(f"A,司法局,{channel},2025-11-03,")))
    if deadline is None:
        assert row.status is Status.INVALID and f"申请方式“{channel}”不在规则" in row.reason
    else:
        assert row.deadline == D(deadline)


def test_a_negated_word_missing_from_a_users_table_is_not_guessed(export, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "规则:\n  - 名称: 告知承诺书送达\n    开始列: 收件日期\n    结束列: 告知承诺书送达日期\n"
        "    时限: {列: 申请方式, 取值: {现场: 0, 邮寄: 3}}\n",
        encoding="utf-8",
    )
    path = export(csv_text("A,司法局,现场办理,2025-11-03,", "B,司法局,非现场办理,2025-11-03,"))
    on_site, remote = DeadlineReport(
        path, load_rules(rules), default_calendar(), Options(as_of=AS_OF)
    ).results()
    assert on_site.deadline == D("2025-11-03")
    assert remote.status is Status.INVALID and "申请方式“非现场办理”不在规则" in remote.reason


def test_a_receipt_after_the_report_date_cannot_be_judged(export):
    rows = judge(
        export(
            csv_text("F1,司法局,邮寄,2025-12-08,", "F2,司法局,当面,2025-12-06,", "F3,司法局,当面,2025-12-05,")
        )
    )
    assert [(r.status, r.deadline) for r in rows] == [
        (Status.INVALID, None),
        (Status.INVALID, None),
        (Status.DUE_SOON, AS_OF),  # received on the report date: due today
    ]
    assert (
        rows[0].reason == "收件日期 2025-12-08 晚于统计日 2025-12-05（请核对日期，或用 --as-of 指定导出之日）"
    )
    assert rows[1].reason.startswith("收件日期 2025-12-06 晚于统计日")


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("1899-12-30", "", "收件日期 1899-12-30"),  # Excel's day 0
        ("1900-01-01", "", "收件日期 1900-01-01"),
        ("0025-11-14", "", "收件日期 0025-11-14"),
        ("1999-12-31", "", "收件日期 1999-12-31"),
        ("2205-11-14", "", "收件日期 2205-11-14"),
        (f"{date.today().year + 3}-01-05", "", f"收件日期 {date.today().year + 3}-01-05"),
        ("2025-11-14", "2205-11-19", "告知承诺书送达日期 2205-11-19"),
    ],
)
def test_an_implausible_date_is_invalid_not_a_missing_calendar(export, start, end, shown):
    path = export(csv_text(f"A,司法局,邮寄,{start},{end}"))
    report = DeadlineReport(path, load_rules(), default_calendar(), Options(as_of=AS_OF))
    (row,) = report.results()
    assert row.status is Status.INVALID and row.reason.startswith(f"{shown} 不是合理的日期（应在 2000 至 ")
    assert report.summary.missing_years == set()  # no 《关于1899年部分节假日安排的通知》 to wait for
    assert ("Excel" in row.reason) is start.startswith(("1899", "1900"))


DECEMBER = (
    "A,司法局,邮寄,2025-12-22,",  # due Thu 12-25: counted through December
    "B,司法局,当面,2025-12-22,2025-12-22",  # 当场: the day itself, no calendar needed
    "C,司法局,邮寄,2025-11-20,2025-11-24",  # due 11-25
    "D,司法局,邮寄,2025-11-28,",  # due Wed 12-03: the period runs into December
    "E,司法局,邮寄,2025-12-30,",  # due in 2026: no calendar data
    "F,司法局,快递,2025-12-22,",  # no deadline
)


def test_deadlines_through_december_before_the_next_years_notice_are_warned_of(export):
    path = export(csv_text(*DECEMBER))
    options = Options(as_of=D("2025-12-31"))
    report = DeadlineReport(path, load_rules(), two_year_calendar(), options)  # no 2026 yet
    rows = {r.case_id: r for r in report.results()}
    assert [rows[c].status for c in "ABCD"] == [
        Status.OVERDUE,
        Status.ON_TIME,
        Status.ON_TIME,
        Status.OVERDUE,
    ]
    assert rows["E"].status is Status.NO_CALENDAR  # not turned unknown: only warned of
    assert report.summary.unsettled == {2025: 2}
    assert report.summary.all_warnings() == [
        "有 2 件的期限经过 2025 年 12 月；2026 年节假日安排尚未收录，国务院办公厅通知可能调整 12 月的安排，"
        "届时请用 --calendar 补充后重新统计"
    ]
    assert report.summary.to_json()["warnings"] == report.summary.all_warnings()
    # moved to the next working day first, 当场 too needs the calendar
    deemed = DeadlineReport(
        path, load_rules(), two_year_calendar(), replace(options, start_on_next_workday=True)
    )
    assert deemed.tally().unsettled == {2025: 3}
    # once the next year is known, December is settled
    settled = DeadlineReport(path, load_rules(), default_calendar(), options).tally()
    assert not settled.unsettled and settled.all_warnings() == []


def test_the_december_count_is_the_same_however_the_records_are_judged(export, monkeypatch):
    """Column by column (tally and results), a record at a time (the batches with a broken
    record), and in parts on other processes: the count the rows themselves give."""
    rows = []
    for i in range(5000):
        start = D("2025-10-20") + timedelta(days=i % 70)
        done = "" if i % 4 else str(start + timedelta(days=i % 6))
        rows.append(f"C{i},部门{i % 5},{['邮寄', '当面', '网上'][i % 3]},{start},{done}")
    options = Options(as_of=D("2025-12-31"))

    def counted(path: Path) -> int:  # the rows' own count
        listed = DeadlineReport(path, load_rules(), two_year_calendar(), options).results()
        return sum(
            1 for r in listed if r.deadline and r.deadline >= D("2025-12-01") and r.deadline != r.start
        )

    by_column = export(csv_text(*rows), name="columns.csv")
    # a record with too few cells in every batch of 2,048 records
    by_record = export(
        csv_text(*(r if i % 2048 != 7 else "BROKEN,部门0" for i, r in enumerate(rows))), name="b.csv"
    )
    for path in (by_column, by_record):
        expected = counted(path)
        assert 500 < expected < 4000
        tallied = DeadlineReport(path, load_rules(), two_year_calendar(), options).tally()
        streamed = DeadlineReport(path, load_rules(), two_year_calendar(), options)
        list(streamed.results())
        assert tallied.unsettled == streamed.summary.unsettled == {2025: expected}, path.name
    monkeypatch.setattr(parallel, "MIN_PART", 1024)
    assert len(parallel.split(by_column, 3)) == 3
    assert tally(by_column, load_rules(), two_year_calendar(), options, jobs=3).unsettled == {
        2025: counted(by_column)
    }
