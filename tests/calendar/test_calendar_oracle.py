"""The calendar against the notices 2021–2026 (typed in independently), against the holidays
package, and on the worked examples of DOMAIN.md §5 and workdays.md §1."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from calendar_oracle import oracle_is_workday, oracle_makeup_days, oracle_rest_days

from gaozhi_cli.calendar import DayKind, default_calendar

FIRST, LAST = date(2021, 1, 1), date(2026, 12, 31)
ALL_DAYS = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


def test_every_day_2021_to_2026_matches_the_notices():
    cal = default_calendar()
    rest, makeup = oracle_rest_days(), oracle_makeup_days()
    wrong = [d for d in ALL_DAYS if cal.is_workday(d) != oracle_is_workday(d, rest, makeup)]
    assert wrong == []
    assert len(ALL_DAYS) == 2191


def test_every_rest_and_makeup_day_is_described_as_such():
    cal = default_calendar()
    for day in sorted(oracle_rest_days()):
        info = cal.describe(day)
        assert info.kind is DayKind.HOLIDAY, day
        assert info.name, day
    for day in sorted(oracle_makeup_days()):
        assert day.weekday() >= 5, f"oracle typo: {day} is not a weekend day"
        assert cal.describe(day).kind is DayKind.MAKEUP, day


def test_ordinary_weekends_and_weekdays_are_described():
    cal = default_calendar()
    assert cal.describe(date(2025, 11, 15)).kind is DayKind.WEEKEND
    assert cal.describe(date(2025, 11, 14)).kind is DayKind.WORKDAY
    assert cal.describe(date(2025, 10, 11)).name == "国庆节"


def test_agrees_with_the_holidays_package_on_every_day():
    cn = holidays.China(years=range(2021, 2027))
    cal = default_calendar()
    assert [d for d in ALL_DAYS if cal.is_workday(d) != cn.is_working_day(d)] == []


@pytest.mark.parametrize("n", [1, 3, 5, 7])
def test_due_agrees_with_holidays_nth_working_day(n):
    # holidays.get_nth_working_day is the strict rule; it estimates 2027, so stay clear of it.
    cn = holidays.China(years=range(2021, 2027))
    cal = default_calendar()
    days = [d for d in ALL_DAYS if d <= date(2026, 12, 1)]
    assert [d for d in days if cal.due(d, n) != cn.get_nth_working_day(d, n)] == []


# workdays.md §1: (received, strict deadline, "deemed next working day" deadline), N = 3.
WORKED = [
    ("2025-11-14", "2025-11-19", "2025-11-19"),  # Friday, normal week
    ("2025-09-26", "2025-09-30", "2025-09-30"),  # Sunday 09-28 is 调休上班
    ("2025-11-15", "2025-11-19", "2025-11-20"),  # ordinary Saturday
    ("2025-10-11", "2025-10-15", "2025-10-15"),  # 调休上班 Saturday as start day: not counted
    ("2026-02-28", "2026-03-04", "2026-03-04"),
    ("2025-09-28", "2025-10-09", "2025-10-09"),
    ("2025-10-01", "2025-10-11", "2025-10-13"),  # DOMAIN.md §5: National Day → Saturday 10-11
    ("2026-10-01", "2026-10-10", "2026-10-12"),
    ("2026-02-17", "2026-02-26", "2026-02-27"),  # Spring Festival
]


@pytest.mark.parametrize(("received", "strict", "deemed"), WORKED)
def test_worked_examples(received, strict, deemed):
    cal = default_calendar()
    start = date.fromisoformat(received)
    assert cal.due(start, 3) == date.fromisoformat(strict)
    assert cal.due(start, 3, start_on_next_workday=True) == date.fromisoformat(deemed)


def test_limit_zero_is_the_same_day_even_on_a_holiday():
    cal = default_calendar()
    assert cal.due(date(2025, 10, 1), 0) == date(2025, 10, 1)
    assert cal.due(date(2025, 10, 1), 0, start_on_next_workday=True) == date(2025, 10, 9)
    assert cal.due(date(2025, 10, 9), 0, start_on_next_workday=True) == date(2025, 10, 9)


def test_days_skipped_are_named():
    skipped = default_calendar().days_off_between(date(2025, 10, 1), date(2025, 10, 11))
    assert [d.day.day for d in skipped] == [2, 3, 4, 5, 6, 7, 8]
    assert {d.name for d in skipped} == {"国庆节", "中秋"}
