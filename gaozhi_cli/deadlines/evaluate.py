"""Judge every record of an export under every rule that applies to the file.

Results stream out one by one (``results()``), or are only counted (``tally()``); either way
they are tallied into ``summary``, so memory stays flat however long the file is. A city's
year of cases repeats the same few thousand dates, so a cell's date is parsed once per
distinct text and a verdict computed once per distinct combination of dates and limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

from gaozhi_cli.calendar import CalendarDataMissing, WorkCalendar
from gaozhi_cli.deadlines.bind import CACHE_MAX, BoundRule, bind
from gaozhi_cli.deadlines.cells import BLANK, DateCells
from gaozhi_cli.deadlines.columns import CASE_ID, DEPARTMENT, find_column
from gaozhi_cli.deadlines.model import Options, RowResult, Status, Verdict
from gaozhi_cli.deadlines.reader import Export, Span
from gaozhi_cli.deadlines.rules import Rule
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.errors import UsageError
from gaozhi_cli.identity import mask_ids_in_text

PROGRESS_EVERY = 16384  # records between progress callbacks


class DeadlineReport:
    """Open ``path`` and bind the rules to its header. Raises UsageError when no rule applies
    or an applicable rule misses a column it needs."""

    def __init__(
        self,
        path: Path,
        rules: list[Rule],
        calendar: WorkCalendar,
        options: Options,
        columns: Mapping[str, tuple[str, ...]] | None = None,
        *,
        span: Span | None = None,
    ) -> None:
        self.export = Export(path, span)
        try:
            self._bound = bind(self.export, rules, columns or {})
        except UsageError:
            self.export.close()
            raise
        self.calendar = calendar
        self.options = options
        applied = [b.rule for b in self._bound]
        self.summary = Summary(self.export.shown, self.export.encoding_label, options, applied)
        self._case_id = find_column(self.export.header, CASE_ID, columns or {})
        self._department = find_column(self.export.header, DEPARTMENT, columns or {})
        self._deadlines: dict[tuple[date, int], date | CalendarDataMissing] = {}
        self._dates = DateCells()

    def results(self, progress: Callable[[int], None] | None = None) -> Iterator[RowResult]:
        """Every judgement, in file order; ``progress`` gets the bytes read now and then."""
        return self._run(progress, every_row=True)

    def tally(self, progress: Callable[[int], None] | None = None) -> Summary:
        """Read the whole file for the summary alone (rows are made only for the findings kept)."""
        for _ in self._run(progress, every_row=False):
            pass
        return self.summary

    def _run(self, progress: Callable[[int], None] | None, *, every_row: bool) -> Iterator[RowResult]:
        # Runs once per record of files with millions: tallies inline, and makes a row object
        # only when one is wanted (every row, or a finding still to be kept for listing).
        summary, judge, blank = self.summary, self._judge, self.summary.blank
        counts, findings, limit = summary.counts, summary.findings, self.options.limit
        dept_col = self._department
        count = 0
        try:
            for count, (line, fields, problem) in enumerate(self.export.records(), 1):
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(self.export.position)
                department = "" if dept_col is None else fields[dept_col].strip()
                if len(department) >= 18:  # long enough to hold an ID number
                    department = mask_ids_in_text(department)
                judged = False
                for bound in self._bound:
                    if problem is None:
                        verdict = judge(bound, fields)
                    else:  # a record that cannot be read right is invalid where it has cells
                        verdict = _invalid(problem) if bound.has_cells(fields) else None
                    if verdict is None:
                        if problem is None:
                            blank[bound.name] += 1
                        continue
                    judged = True
                    status = verdict[3]
                    counts[bound.name, department, status] += 1
                    if every_row or (status in findings and len(findings[status]) < limit):
                        row = RowResult(bound.name, self._case(fields), department, line, *verdict)
                        summary.keep(row)
                        yield row
                if problem is not None and not judged:  # broken and blank for every rule
                    name = self._bound[0].name
                    row = RowResult(name, self._case(fields), department, line, *_invalid(problem))
                    counts[name, department, Status.INVALID] += 1
                    summary.keep(row)
                    yield row
            if progress is not None:
                progress(self.export.end)
        finally:
            summary.records = count
            self.export.close()

    def _case(self, fields: list[str]) -> str:
        return "" if self._case_id is None else mask_ids_in_text(fields[self._case_id].strip())

    def _judge(self, b: BoundRule, fields: list[str]) -> Verdict | None:
        """The verdict on a record's cells under one rule; None when they are blank."""
        if len(b.starts) == 1:
            start_name, start_text = b.starts[0][1], fields[b.starts[0][0]]
        else:
            start_name, start_text = b.start_cell(fields)
        end_text = fields[b.end]
        start, end = self._dates[start_text], self._dates[end_text]
        if start is None or end is None:
            bad, text = (start_name, start_text) if start is None else (b.rule.end, end_text)
            known = [None if d is BLANK else d for d in (start, end)]
            return _invalid(f"{bad}“{text.strip()}”不是可识别的日期", *known)
        if start is BLANK:
            return None if end is BLANK else _invalid(f"缺少{start_name}（{b.rule.end}为 {end}）")
        key = (start, end, b.limit(fields), start_name)
        verdict = b.verdicts.get(key)
        if verdict is None:
            verdict = self._verdict(b.rule, *key)
            if len(b.verdicts) < CACHE_MAX:
                b.verdicts[key] = verdict
        return verdict

    def _verdict(self, rule: Rule, start: date, end: date, limit: int | str, start_name: str) -> Verdict:
        done = None if end is BLANK else end
        if done is not None and done < start:
            return _invalid(f"{rule.end} {done} 早于{start_name} {start}", start, done)
        if isinstance(limit, str):
            return _invalid(limit, start, done)
        deadline = self._deadline(start, limit)
        if isinstance(deadline, CalendarDataMissing):
            self.summary.missing_years.add(deadline.year)
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
                self.summary.missing_years.add(missing.year)
                return status, None, f"逾期工作日数无法计算：{missing.short}"
        try:
            left = cal.count_workdays(as_of, deadline)
        except CalendarDataMissing as missing:
            self.summary.missing_years.add(missing.year)
            return Status.NO_CALENDAR, None, missing.short
        if left <= self.options.warn_days:
            return Status.DUE_SOON, None, f"剩余 {left} 个工作日" if left else "今日到期"
        return Status.OPEN, None, ""

    def _deadline(self, start: date, n: int) -> date | CalendarDataMissing:
        key = (start, n)
        found = self._deadlines.get(key)
        if found is None:
            try:
                found = self.calendar.due(start, n, start_on_next_workday=self.options.start_on_next_workday)
            except CalendarDataMissing as missing:
                found = missing
            self._deadlines[key] = found
        return found


def _invalid(reason: str, start: date | None = None, end: date | None = None) -> Verdict:
    return start, None, end, Status.INVALID, None, mask_ids_in_text(reason)
