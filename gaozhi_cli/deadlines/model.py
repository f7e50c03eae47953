"""What the report says about one row under one rule."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, NamedTuple, cast


class Status(str, Enum):
    ON_TIME = "on_time"
    LATE = "late"  # done after the deadline
    OVERDUE = "overdue"  # still open, the deadline has passed
    DUE_SOON = "due_soon"  # still open, at most warn-days working days left
    OPEN = "open"
    INVALID = "invalid"  # cannot be judged: the reason says why
    NO_CALENDAR = "no_calendar"  # needs a year without holiday data

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Status.ON_TIME: "按期完成",
    Status.LATE: "逾期完成",
    Status.OVERDUE: "超期未完成",
    Status.DUE_SOON: "即将到期",
    Status.OPEN: "办理中",
    Status.INVALID: "无法判断",
    Status.NO_CALENDAR: "缺少日历数据",
}
# Due soon with the deadline on the as-of day: the headline counts it apart, --fail-on names it.
DUE_TODAY = "今日到期"
# Statuses whose rows a report lists one by one.
FINDINGS = (Status.LATE, Status.OVERDUE, Status.DUE_SOON, Status.INVALID, Status.NO_CALENDAR)


# What a record's cells come to under a rule: start, deadline, end, status, late_workdays, reason.
Verdict = tuple[date | None, date | None, date | None, Status, int | None, str]
# The verdict on a record without any of a rule's dates: counted as blank, never made a row.
NOT_APPLICABLE = cast(Verdict, (None, None, None, None, None, ""))


class RowResult(NamedTuple):
    rule: str
    case_id: str  # ID numbers masked
    department: str
    line: int  # where the record starts in the file (the header is line 1)
    start: date | None
    deadline: date | None
    end: date | None
    status: Status
    late_workdays: int | None  # late: by how much; overdue: by how much as of the as-of date
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "case_id": self.case_id,
            "department": self.department,
            "line": self.line,
            "start": _iso(self.start),
            "deadline": _iso(self.deadline),
            "end": _iso(self.end),
            "status": self.status.value,
            "late_workdays": self.late_workdays,
            "reason": self.reason,
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True)
class Options:
    as_of: date  # open cases are judged as of this day
    warn_days: int = 1  # due_soon when at most this many working days are left
    start_on_next_workday: bool = False  # a non-working start day counts as the next working day
    limit: int = 50  # rows per finding status kept for listing in reports, the most urgent
    sheet: str | None = None  # of a workbook export: its name or 1-based number


@dataclass
class RowBatch:
    """The rows of a batch of records, column by column (case numbers and departments as
    reported: stripped, ID numbers masked), for the writers of every row."""

    rules: Sequence[str]
    case_ids: Sequence[str]
    departments: Sequence[str]
    lines: Sequence[int]
    verdicts: Sequence[Verdict]

    @classmethod
    def of(cls, rows: Sequence[RowResult]) -> RowBatch:
        return cls(
            [r.rule for r in rows],
            [r.case_id for r in rows],
            [r.department for r in rows],
            [r.line for r in rows],
            [r[4:] for r in rows],
        )

    def __len__(self) -> int:
        return len(self.lines)

    def rows(self) -> Iterator[RowResult]:
        for rule, case_id, department, line, verdict in zip(
            self.rules, self.case_ids, self.departments, self.lines, self.verdicts, strict=True
        ):
            yield RowResult(rule, case_id, department, line, *verdict)
