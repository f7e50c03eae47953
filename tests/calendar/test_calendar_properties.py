"""Properties of the deadline arithmetic (hypothesis), against day-by-day counting and against
chinese_calendar.find_workday."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given
from hypothesis import strategies as st

from gaozhi_cli.calendar import default_calendar

CAL = default_calendar()
# Start days whose deadlines stay inside the data (2004–2026) for any n drawn below.
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31))
limits = st.integers(min_value=0, max_value=30)


def walk(start: date, n: int) -> date:
    """The definition, one day at a time: the n-th working day strictly after start."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += CAL.is_workday(day)
    return day


@given(starts, limits)
def test_due_is_the_nth_working_day_counted_one_by_one(start, n):
    assert CAL.due(start, n) == walk(start, n)


@given(starts, st.integers(min_value=1, max_value=30))
def test_a_deadline_is_a_working_day_after_the_start(start, n):
    deadline = CAL.due(start, n)
    assert deadline > start
    assert CAL.is_workday(deadline)
    assert CAL.count_workdays(start, deadline) == n


@given(starts, limits)
def test_one_more_day_of_limit_is_the_next_working_day(start, n):
    later = CAL.due(start, n + 1)
    assert later > CAL.due(start, n)
    assert CAL.count_workdays(CAL.due(start, n), later) == 1


@given(starts, st.integers(min_value=1, max_value=30))
def test_strict_rule_is_find_workday_from_the_next_day(start, n):
    expected = chinese_calendar.find_workday(n - 1, start + timedelta(days=1))
    assert CAL.due(start, n) == expected


@given(starts, limits)
def test_start_on_next_workday_is_find_workday(start, n):
    assert CAL.due(start, n, start_on_next_workday=True) == chinese_calendar.find_workday(n, start)


@given(starts, limits)
def test_the_two_readings_differ_only_on_non_working_start_days(start, n):
    strict = CAL.due(start, n)
    deemed = CAL.due(start, n, start_on_next_workday=True)
    if CAL.is_workday(start):
        assert deemed == strict
    else:
        assert deemed == CAL.due(CAL.due(start, 1), n)
        if n:
            assert deemed == CAL.due(strict, 1)


@given(starts, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=40))
def test_late_by_is_the_smallest_extension_that_meets_the_deadline(start, n, days_after):
    deadline = CAL.due(start, n)
    done = deadline + timedelta(days=days_after)
    k = CAL.late_by(deadline, done)
    assert k >= 1
    assert CAL.due(start, n + k) >= done
    assert k == 1 or CAL.due(start, n + k - 1) < done


@given(starts, starts)
def test_count_workdays_matches_counting_one_by_one(a, b):
    a, b = min(a, b), max(a, b)
    b = min(b, a + timedelta(days=120))
    expected = sum(CAL.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
    assert CAL.count_workdays(a, b) == expected
