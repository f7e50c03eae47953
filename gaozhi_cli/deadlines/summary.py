"""Counts per rule and per department, and the first rows of each finding, in bounded memory."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from gaozhi_cli.deadlines.model import FINDINGS, Options, RowResult, Status
from gaozhi_cli.deadlines.rules import Rule

NO_DEPARTMENT = "（未填部门）"


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
    rules: list[Rule]
    records: int = 0
    blank: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))  # records without dates
    missing_years: set[int] = field(default_factory=set)
    findings: dict[Status, list[RowResult]] = field(default_factory=lambda: {s: [] for s in FINDINGS})
    # (rule, department, status) -> records; status None while a batch counts blank records
    counts: Counter[tuple[str, str, Status | None]] = field(default_factory=Counter)

    def wants(self, status: Status | None) -> bool:
        """Whether a row of this status would still be kept for listing."""
        kept = self.findings.get(status)  # type: ignore[arg-type]
        return kept is not None and len(kept) < self.options.limit

    def keep(self, row: RowResult) -> None:
        """Keep the row for listing if it is a finding and its status's list is not full."""
        if self.wants(row.status):
            self.findings[row.status].append(row)

    def fold_blanks(self) -> None:
        """Move the blank records a batch counted under status None to ``blank``."""
        for key in [k for k in self.counts if k[2] is None]:
            self.blank[key[0]] += self.counts.pop(key)

    def merge(self, other: Summary) -> None:
        """Add the summary of the part of the file that follows this one's."""
        self.records += other.records
        for key, n in other.counts.items():
            self.counts[key] += n
        for rule, n in other.blank.items():
            self.blank[rule] += n
        self.missing_years |= other.missing_years
        for status, rows in other.findings.items():
            kept = self.findings[status]
            kept += rows[: max(0, self.options.limit - len(kept))]

    def _tallies(self, key: int) -> dict[str, Tally]:
        groups: dict[str, Tally] = {}
        for parts, n in self.counts.items():
            name = parts[key] or NO_DEPARTMENT
            groups.setdefault(name, Tally()).counts[parts[2]] += n  # type: ignore[index]
        return groups

    def by_rule(self) -> list[tuple[Rule, Tally]]:
        tallies = self._tallies(0)
        return [(r, tallies.get(r.name, Tally())) for r in self.rules]

    def by_department(self) -> list[tuple[str, Tally]]:
        return sorted(self._tallies(1).items())

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
            "missing_years": sorted(self.missing_years),
        }
