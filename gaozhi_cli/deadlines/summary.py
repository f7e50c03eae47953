"""Counts per rule and per department, and the most urgent rows of each finding, in bounded
memory: overdue and late rows by working days past the deadline, due-soon rows by deadline,
rows that cannot be judged in file order."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gaozhi_cli.deadlines.model import FINDINGS, Options, RowResult, Status
from gaozhi_cli.deadlines.rules import DeadlineRule

NO_DEPARTMENT = "（未填部门）"
Key = tuple[Any, ...]


def urgency(status: Status, late_workdays: int | None, deadline: date | None, line: int) -> Key:
    """Smaller is more urgent."""
    if status in (Status.OVERDUE, Status.LATE):
        return (-(late_workdays or 0), line)
    if status is Status.DUE_SOON:
        return (deadline or date.max, line)
    return (line,)


def row_urgency(row: RowResult) -> Key:
    return (*urgency(row.status, row.late_workdays, row.deadline, row.line), row.rule)


@dataclass
class Tally:
    """The counts of one group of rows."""

    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def judged(self) -> int:
        """Rows whose deadline has been met or missed: the base of the on-time rate."""
        return self.counts[Status.ON_TIME] + self.counts[Status.LATE] + self.counts[Status.OVERDUE]

    @property
    def on_time_rate(self) -> float | None:
        return self.counts[Status.ON_TIME] / self.judged if self.judged else None

    def to_json(self) -> dict[str, Any]:
        rate = self.on_time_rate
        return {
            "counts": {s.value: n for s, n in self.counts.items()},
            "total": self.total,
            "on_time_rate": None if rate is None else round(rate, 4),
        }


@dataclass
class Summary:
    file: str
    encoding: str
    options: Options
    rules: list[DeadlineRule]
    records: int = 0
    blank: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))  # records without dates
    missing_years: set[int] = field(default_factory=set)
    # year Y -> rows whose deadline was counted through December Y while Y+1 has no data
    unsettled: Counter[int] = field(default_factory=Counter)
    findings: dict[Status, list[RowResult]] = field(default_factory=lambda: {s: [] for s in FINDINGS})
    # (rule, department, status) -> records; status None while a batch counts blank records
    counts: Counter[tuple[str, str, Status | None]] = field(default_factory=Counter)
    case_column: str | None = "办件编号"  # None: the export has none, rows are known by line
    line_numbers: bool = True  # False: the file was made for the report (a ledger's), its lines mean nothing
    warnings: list[str] = field(default_factory=list)  # about the file as a whole, said once
    today: Counter[tuple[str, str]] = field(default_factory=Counter)  # (rule, department): due today
    withdrawn: int = 0  # records left out of every rule: withdrawn or not accepted (casestatus)
    # findings with rows kept since their list was last sorted (``cutoff`` asks every batch)
    _unsorted: set[Status] = field(default_factory=set, repr=False, compare=False)

    def wants(self, status: Status | None) -> bool:
        """Whether rows of this status are listed at all."""
        return status in self.findings and self.options.limit > 0

    def cutoff(self, status: Status) -> Key | None:
        """The urgency a row must beat to be kept, once the status's list is full."""
        kept = self._trim(status)
        return None if len(kept) < self.options.limit else row_urgency(kept[-1])[:-1]

    def keep(self, row: RowResult) -> None:
        """Keep the row for listing if it is a finding and among the most urgent so far."""
        kept = self.findings.get(row.status)
        if kept is not None and self.options.limit > 0:
            kept.append(row)
            self._unsorted.add(row.status)
            if len(kept) >= 2 * self.options.limit + 64:
                self._trim(row.status)

    def _trim(self, status: Status) -> list[RowResult]:
        kept = self.findings[status]
        if status in self._unsorted:
            kept.sort(key=row_urgency)
            del kept[self.options.limit :]
            self._unsorted.discard(status)
        return kept

    def trim(self) -> None:
        """Keep only the listed rows of every status, most urgent first."""
        for status in self.findings:
            self._trim(status)

    def listed(self, status: Status) -> list[RowResult]:
        """The kept rows of a status, most urgent first."""
        return list(self._trim(status))

    def fold_blanks(self) -> None:
        """Move the blank records a batch counted under status None to ``blank``."""
        for key in [k for k in self.counts if k[2] is None]:
            self.blank[key[0]] += self.counts.pop(key)

    def merge(self, other: Summary) -> None:
        """Add the summary of the part of the file that follows this one's."""
        self.records += other.records
        self.withdrawn += other.withdrawn
        for key, n in other.counts.items():
            self.counts[key] += n
        for name, n in other.today.items():
            self.today[name] += n
        for rule, n in other.blank.items():
            self.blank[rule] += n
        self.missing_years |= other.missing_years
        self.unsettled.update(other.unsettled)
        for rows in other.findings.values():
            for row in rows:
                self.keep(row)
        self.trim()

    def all_warnings(self) -> list[str]:
        """The warnings about the file, then the ones its counts call for, worked out once the
        parts of the file are merged: the cases left out, deadlines a notice not yet out may
        still move."""
        left_out = (
            [f"另有 {self.withdrawn:,} 件办理状态为撤回、不予受理、退件或作废，未计入时限统计"]
            if self.withdrawn
            else []
        )
        unsettled = [
            f"有 {n:,} 件的期限经过 {year} 年 12 月；{year + 1} 年节假日安排尚未收录，国务院办公厅通知"
            "可能调整 12 月的安排，届时请用 --calendar 补充后重新统计"
            for year, n in sorted(self.unsettled.items())
        ]
        return [*self.warnings, *left_out, *unsettled]

    def due_today(self) -> int:
        return sum(self.today.values())

    def _tallies(self, key: int) -> dict[str, Tally]:
        groups: dict[str, Tally] = {}
        for parts, n in self.counts.items():
            name = parts[key] or NO_DEPARTMENT
            groups.setdefault(name, Tally()).counts[parts[2]] += n  # type: ignore[index]
        return groups

    def by_rule(self) -> list[tuple[DeadlineRule, Tally]]:
        tallies = self._tallies(0)
        return [(r, tallies.get(r.name, Tally())) for r in self.rules]

    def by_department(self) -> list[tuple[str, Tally]]:
        """Departments with the most to act on first, then by name."""
        return sorted(
            self._tallies(1).items(), key=lambda x: (-x[1].counts[Status.OVERDUE], -self.today_of(x[0]), x[0])
        )

    def today_of(self, department: str) -> int:
        return sum(n for (_, d), n in self.today.items() if (d or NO_DEPARTMENT) == department)

    def today_of_rule(self, rule: str) -> int:
        return sum(n for (r, _), n in self.today.items() if r == rule)

    def total(self) -> Tally:
        tally = Tally()
        for (_, _, status), n in self.counts.items():
            tally.counts[status] += n  # type: ignore[index]
        return tally

    def count(self, status: Status) -> int:
        return self.total().counts[status]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "encoding": self.encoding,
            "as_of": self.options.as_of.isoformat(),
            "warn_days": self.options.warn_days,
            "start_on_next_workday": self.options.start_on_next_workday,
            "records": self.records,
            "rules": [
                {"rule": r.name, "source": r.source, "blank": self.blank.get(r.name, 0), **t.to_json()}
                for r, t in self.by_rule()
            ],
            "departments": [{"department": d, **t.to_json()} for d, t in self.by_department()],
            "totals": self.total().to_json(),
            "due_today": self.due_today(),
            "warnings": self.all_warnings(),
            "missing_years": sorted(self.missing_years),
        }
