"""The working-day calendar: a sorted index of working days, answered with bisect.

Built once from the years' schedules; every query is O(log n) and never walks day by day.
Years without data are holes in the index: a query that touches one raises
CalendarDataMissing instead of guessing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date

from gaozhi_cli.calendar.model import CalendarDataMissing, DayInfo, DayKind, YearData


class WorkCalendar:
    """Working days = Mon–Fri, minus the notices' rest days, plus their 调休上班 weekend days."""

    def __init__(self, years: Iterable[YearData], notes: tuple[str, ...] = ()) -> None:
        self.notes = notes  # what a command tells its user of the data: a year's file replacing ours
        by_year: dict[int, YearData] = {}
        for data in years:  # a later source for the same year replaces the earlier one
            by_year[data.year] = data
        self._data = dict(sorted(by_year.items()))
        self._rest: dict[date, str] = {}
        self._makeup: dict[date, str] = {}
        for data in self._data.values():
            self._rest.update(data.rest)
            self._makeup.update(data.makeup)
        self._workdays: list[int] = []  # ordinals, sorted
        self._run_end: dict[int, int] = {}  # year -> last ordinal of its unbroken run of covered years
        rest = {d.toordinal() for d in self._rest}
        makeup = {d.toordinal() for d in self._makeup}
        run: list[int] = []
        for year in self._data:
            if run and year != run[-1] + 1:
                self._close_run(run)
                run = []
            run.append(year)
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            self._workdays.extend(
                o
                for o in range(first, last + 1)
                if o in makeup or ((o - 1) % 7 < 5 and o not in rest)  # ordinal 1 is a Monday
            )
        if run:
            self._close_run(run)

    def _close_run(self, run: list[int]) -> None:
        end = date(run[-1], 12, 31).toordinal()
        for year in run:
            self._run_end[year] = end

    # -- coverage --------------------------------------------------------------------------

    def year_data(self, year: int) -> YearData | None:
        return self._data.get(year)

    def source(self, year: int) -> str:
        self._need(year)
        return self._data[year].source

    def _need(self, year: int) -> None:
        if year not in self._run_end:
            raise CalendarDataMissing(year)

    def _need_span(self, first: date, last_ordinal: int) -> None:
        """Every year from ``first`` through the day ``last_ordinal`` has data."""
        self._need(first.year)
        end = self._run_end[first.year]
        if last_ordinal > end:
            raise CalendarDataMissing(date.fromordinal(end).year + 1)

    def _workday_at(self, index: int, start: date) -> int:
        if index >= len(self._workdays):
            raise CalendarDataMissing(date.fromordinal(self._run_end[start.year]).year + 1)
        found = self._workdays[index]
        self._need_span(start, found)
        return found

    # -- queries ---------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        self._need(day.year)
        o = day.toordinal()
        i = bisect_left(self._workdays, o)
        return i < len(self._workdays) and self._workdays[i] == o

    def describe(self, day: date) -> DayInfo:
        """Why ``day`` is or is not a working day, with the holiday's name where there is one."""
        if day in self._makeup:
            self._need(day.year)
            return DayInfo(day, DayKind.MAKEUP, self._makeup[day])
        if not self.is_workday(day):
            if day in self._rest:
                return DayInfo(day, DayKind.HOLIDAY, self._rest[day])
            return DayInfo(day, DayKind.WEEKEND)
        return DayInfo(day, DayKind.WORKDAY)

    def due(self, start: date, n: int, *, start_on_next_workday: bool = False) -> date:
        """The n-th working day strictly after ``start``; ``n = 0`` is ``start`` itself.

        With ``start_on_next_workday`` a non-working start day first moves to the next working
        day (a local reading; chinese_calendar.find_workday does this).
        """
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        self._need(start.year)
        o = start.toordinal()
        if start_on_next_workday and not self.is_workday(start):
            index = bisect_right(self._workdays, o) + n
        elif n == 0:
            return start
        else:
            index = bisect_right(self._workdays, o) + n - 1
        return date.fromordinal(self._workday_at(index, start))

    def count_workdays(self, after: date, through: date) -> int:
        """How many working days lie in (after, through]."""
        if through < after:
            raise ValueError("through must not be before after")
        self._need_span(after, through.toordinal())
        w = self._workdays
        return bisect_right(w, through.toordinal()) - bisect_right(w, after.toordinal())

    def late_by(self, deadline: date, done: date) -> int:
        """Working days by which ``done`` missed ``deadline``: the smallest k such that the
        deadline moved k working days later would have been met (0 when it was met)."""
        if done <= deadline:
            return 0
        self._need_span(deadline, done.toordinal())
        w = self._workdays
        return bisect_left(w, done.toordinal()) - bisect_right(w, deadline.toordinal()) + 1

    def days_off_between(self, start: date, end: date) -> list[DayInfo]:
        """The non-working days strictly between ``start`` and ``end`` (what a count skipped)."""
        days = [date.fromordinal(o) for o in range(start.toordinal() + 1, end.toordinal())]
        return [info for info in map(self.describe, days) if not info.kind.working]
