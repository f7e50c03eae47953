"""The verdict on one record's cells under one rule, and the caches that make it cheap.

A city's year of cases repeats the same few thousand dates: a cell's date is parsed once per
distinct text (``DateCells``), and a verdict computed once per distinct combination of start,
end, limit and start column (``BoundRule.verdicts``).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from gaozhi_cli.calendar import CalendarDataMissing, WorkCalendar
from gaozhi_cli.catalog.timelimit import DAYS, WORKDAYS, YEARS, Period
from gaozhi_cli.dates import excel_serial_hint
from gaozhi_cli.deadlines.bind import CACHE_MAX, BoundRule
from gaozhi_cli.deadlines.cells import BLANK, DateCells
from gaozhi_cli.deadlines.model import NOT_APPLICABLE, Options, Status, Verdict
from gaozhi_cli.deadlines.rules import DeadlineRule
from gaozhi_cli.identity import mask_ids_in_text


class Judge:
    """``judge(bound, fields)``: the verdict, NOT_APPLICABLE when the record is blank for the rule.
    Years found missing from the calendar are added to ``missing_years``."""

    def __init__(self, calendar: WorkCalendar, options: Options, missing_years: set[int]) -> None:
        self.calendar = calendar
        self.options = options
        self.missing_years = missing_years
        self.dates = DateCells()
        self._deadlines: dict[tuple[date, int | Period], date | CalendarDataMissing] = {}

    def __call__(self, b: BoundRule, fields: list[str]) -> Verdict:
        problem = b.problem(fields)
        if problem is not None:
            return invalid(problem)
        start_name, start_text = b.start_cell(fields)
        end_text = fields[b.end]
        start, end = self.dates[start_text], self.dates[end_text]
        if start is None or end is None:
            bad, text = (start_name, start_text) if start is None else (b.rule.end, end_text)
            known = [None if d is BLANK else d for d in (start, end)]
            return invalid(f"{bad}“{text.strip()}”不是可识别的日期{excel_serial_hint(text)}", *known)
        key = (start, end, b.limit(fields), start_name)
        verdict = b.verdicts.get(key)
        if verdict is None:
            verdict = self._verdict(b.rule, *key)
            if len(b.verdicts) < CACHE_MAX:
                b.verdicts[key] = verdict
        return verdict

    def _verdict(
        self, rule: DeadlineRule, start: date, end: date, limit: int | Period | str, start_name: str
    ) -> Verdict:
        if start is BLANK:
            return NOT_APPLICABLE if end is BLANK else invalid(f"缺少{start_name}（{rule.end}为 {end}）")
        done = None if end is BLANK else end
        if done is not None and done < start:
            return invalid(f"{rule.end} {done} 早于{start_name} {start}", start, done)
        if done is not None and done > self.options.as_of:  # not counted as done on a day still to come
            return invalid(
                f"{rule.end} {done} 晚于统计日 {self.options.as_of}（请核对日期，或用 --as-of 指定导出之日）",
                start,
                done,
            )
        if isinstance(limit, str):
            return invalid(limit, start, done)
        deadline = self._deadline(start, limit)
        if isinstance(deadline, CalendarDataMissing):
            self.missing_years.add(deadline.year)
            return start, None, done, Status.NO_CALENDAR, None, deadline.short
        return (start, deadline, done, *self._status(deadline, done))

    def _status(self, deadline: date, end: date | None) -> tuple[Status, int | None, str]:
        cal, as_of = self.calendar, self.options.as_of
        if end is not None and end <= deadline:
            return Status.ON_TIME, None, ""
        if end is not None or as_of > deadline:
            status = Status.LATE if end is not None else Status.OVERDUE
            try:
                return status, cal.late_by(deadline, end or as_of), ""
            except CalendarDataMissing as missing:
                self.missing_years.add(missing.year)
                return status, None, f"逾期工作日数无法计算：{missing.short}"
        try:
            left = cal.count_workdays(as_of, deadline)
        except CalendarDataMissing as missing:
            self.missing_years.add(missing.year)
            return Status.NO_CALENDAR, None, missing.short
        if left <= self.options.warn_days:
            return Status.DUE_SOON, None, f"剩余 {left} 个工作日" if left else "今日到期"
        return Status.OPEN, None, ""

    def _deadline(self, start: date, n: int | Period) -> date | CalendarDataMissing:
        key = (start, n)
        found = self._deadlines.get(key)
        if found is None:
            try:
                if isinstance(n, Period) and n.unit != WORKDAYS:
                    found = self._calendar_period(start, n)
                else:
                    days = n.count if isinstance(n, Period) else n
                    found = self.calendar.due(
                        start, days, start_on_next_workday=self.options.start_on_next_workday
                    )
            except CalendarDataMissing as missing:
                found = missing
            self._deadlines[key] = found
        return found

    def _calendar_period(self, start: date, period: Period) -> date:
        """Days, months or years counted from the day after ``start`` (民法典 第二百零一条、
        第二百零二条); a last day that is not a working day moves to the next working day
        (第二百零三条: 法定休假日, weekends included)."""
        if period.unit == DAYS:
            last = start + timedelta(days=period.count)
        else:
            months = period.count * (12 if period.unit == YEARS else 1)
            year, month = divmod(start.month - 1 + months, 12)
            year, month = start.year + year, month + 1
            last = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        return last if self.calendar.is_workday(last) else self.calendar.due(last, 1)


def invalid(reason: str, start: date | None = None, end: date | None = None) -> Verdict:
    return start, None, end, Status.INVALID, None, mask_ids_in_text(reason)
