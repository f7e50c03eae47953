"""The verdict on one record's cells under one rule, and the caches that make it cheap.

A city's year of cases repeats the same few thousand dates: a cell's date is parsed once per
distinct text (``DateCells``), and a verdict computed once per distinct combination of start,
end, limit and start column (``BoundRule.verdicts``).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import compress, repeat
from operator import ge, gt, itemgetter, ne

from gaozhi_cli.calendar import CalendarDataMissing, WorkCalendar
from gaozhi_cli.catalog.timelimit import DAYS, WORKDAYS, YEARS, Period
from gaozhi_cli.dates import PLAUSIBLE_YEARS, date_hint
from gaozhi_cli.deadlines.bind import CACHE_MAX, BoundRule
from gaozhi_cli.deadlines.cells import BLANK, DateCells
from gaozhi_cli.deadlines.model import DUE_TODAY, NOT_APPLICABLE, Options, Status, Verdict
from gaozhi_cli.deadlines.rules import DeadlineRule
from gaozhi_cli.identity import mask_ids_in_text

# The years a case's dates can be in, from what the calendar can ever hold: the State
# Council's yearly notices (chinese-calendar has them from 2004) and next year's, published
# weeks before it. A date before 2000, or more than two years from now, is a slip or Excel's
# empty date (1899-12-30, 1900-01-01): no notice will ever come for it.
_EXCEL_ZERO = (date(1899, 12, 30), date(1900, 1, 1))  # Excel's day 0 as readers give it


class Judge:
    """``judge(bound, fields)``: the verdict, NOT_APPLICABLE when the record is blank for the rule.
    Years found missing from the calendar are added to ``missing_years``; years Y whose December
    a deadline was counted through while Y+1 has no data (its notice may still move December
    days, as 2019's moved 2018-12-29 and 12-31) to ``unsettled``."""

    def __init__(self, calendar: WorkCalendar, options: Options, missing_years: set[int]) -> None:
        self.calendar = calendar
        self.options = options
        self.missing_years = missing_years
        self.unsettled: set[int] = set()
        self.dates = DateCells()
        self._deadlines: dict[tuple[date, int | Period], date | CalendarDataMissing] = {}
        self._next_year_known: dict[int, bool] = {}

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
            return invalid(f"{bad}“{text.strip()}”不是可识别的日期{date_hint(text)}", *known)
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
        odd = _implausible(start_name, start, rule.end, done)
        if odd is not None:
            return odd
        if done is not None and done < start:
            return invalid(f"{rule.end} {done} 早于{start_name} {start}", start, done)
        as_of = self.options.as_of
        if start > as_of or (done is not None and done > as_of):  # a typo, or the wrong --as-of
            name, day = (start_name, start) if start > as_of else (rule.end, done)
            return invalid(
                f"{name} {day} 晚于统计日 {as_of}（请核对日期，或用 --as-of 指定导出之日）", start, done
            )
        if isinstance(limit, str):
            return invalid(limit, start, done)
        deadline = self._deadline(start, limit)
        if isinstance(deadline, CalendarDataMissing):
            self.missing_years.add(deadline.year)
            return start, None, done, Status.NO_CALENDAR, None, deadline.short
        if deadline.month == 12 and self._counts_december(start, deadline):
            self.unsettled.add(deadline.year)
        return (start, deadline, done, *self._status(deadline, done))

    def _counts_december(self, start: date, deadline: date) -> bool:
        """Whether a deadline in December was found from the calendar (not the day itself,
        当场) while the next year, whose notice may still change December, has no data."""
        if deadline == start and not self.options.start_on_next_workday:
            return False
        known = self._next_year_known.get(deadline.year)
        if known is None:
            try:
                self.calendar.source(deadline.year + 1)
                known = True
            except CalendarDataMissing:
                known = False
            self._next_year_known[deadline.year] = known
        return not known

    def unsettled_in(self, verdicts: Sequence[Verdict]) -> Counter[int]:
        """How many of a batch's verdicts have a deadline counted through a December of
        ``unsettled``, by year, in C-level loops: a record costs a comparison or two (its
        deadline is not its start, as 当场's is, and falls in such a December). Called only
        once ``unsettled`` has a year: most reports never pay for it."""
        deadlines = list(map(itemgetter(1), verdicts))
        counted: Iterable[date | None] = deadlines
        if not self.options.start_on_next_workday:
            counted = compress(deadlines, map(ne, map(itemgetter(0), verdicts), deadlines))
        dated = list(filter(None, counted))  # None: no deadline
        found: Counter[int] = Counter()
        for year in self.unsettled:
            first, last = date(year, 12, 1), date(year, 12, 31)
            found[year] = sum(map(ge, dated, repeat(first))) - sum(map(gt, dated, repeat(last)))
        return +found

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
            return Status.DUE_SOON, None, f"剩余 {left} 个工作日" if left else DUE_TODAY
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
            if year > date.max.year:  # 9999年: a typo; no notice covers it, and no date holds it
                raise CalendarDataMissing(year)
            last = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        return last if self.calendar.is_workday(last) else self.calendar.due(last, 1)


def _implausible(start_name: str, start: date, end_name: str, done: date | None) -> Verdict | None:
    """The verdict on a record with a date outside PLAUSIBLE_YEARS, else None."""
    odd_start = start.year not in PLAUSIBLE_YEARS
    odd_done = done is not None and done.year not in PLAUSIBLE_YEARS
    if not odd_start and not odd_done:
        return None
    name, day = (start_name, start) if odd_start else (end_name, done)
    zero = "；多是 Excel 中值为 0 的日期单元格" if day and _EXCEL_ZERO[0] <= day <= _EXCEL_ZERO[1] else ""
    span = f"应在 {PLAUSIBLE_YEARS[0]} 至 {PLAUSIBLE_YEARS[-1]} 年间{zero}"
    known = (None if odd_start else start, None if odd_done else done)
    return invalid(f"{name} {day} 不是合理的日期（{span}），请核对原始记录", *known)


def invalid(reason: str, start: date | None = None, end: date | None = None) -> Verdict:
    return start, None, end, Status.INVALID, None, mask_ids_in_text(reason)
