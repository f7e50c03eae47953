"""A deadline report as asked for: the command line's options over ``[deadlines]`` in
gaozhi.toml, merged here once, checked, and the rules, column map and calendar loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gaozhi_cli.calendar import WorkCalendar, load_calendar
from gaozhi_cli.config import Settings
from gaozhi_cli.dates import parse_date
from gaozhi_cli.deadlines.columns import CASE_ID, CASE_STATUS, DEPARTMENT, read_column_map
from gaozhi_cli.deadlines.exports import Records
from gaozhi_cli.deadlines.model import DUE_TODAY, Options, Status
from gaozhi_cli.deadlines.parallel import RowFormat, tally, write_rows
from gaozhi_cli.deadlines.rules import DeadlineRule, load_rules
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.errors import UsageError
from gaozhi_cli.workers import worker_count


@dataclass
class Job:
    """What ``deadlines report`` reads and how it judges; ``relabel`` names the summary's
    rows after their source (the ledger's cases)."""

    path: Path | Records | None  # None until the ledger's cases are given (see ``from_ledger``)
    rules: list[DeadlineRule]
    columns: dict[str, tuple[str, ...]]
    calendar: WorkCalendar
    options: Options
    fail_on: list[Status | str]  # a status, or DUE_TODAY (due soon, the deadline the as-of day)
    workers: int
    target: float | None  # the on-time rate goal in percent, if given
    from_ledger: bool = False
    relabel: Callable[[Summary], Summary] = lambda summary: summary

    def tally(self, progress: Callable[[int], None] | None = None) -> Summary:
        assert self.path is not None
        found = tally(
            self.path,
            self.rules,
            self.calendar,
            self.options,
            self.columns,
            jobs=self.workers,
            progress=progress,
        )
        return self.relabel(found)

    def write_rows(
        self, fmt: RowFormat, stream: Any, progress: Callable[[int], None] | None = None
    ) -> Summary:
        assert self.path is not None
        found = write_rows(
            self.path,
            self.rules,
            self.calendar,
            self.options,
            self.columns,
            fmt=fmt,
            stream=stream,
            jobs=self.workers,
            progress=progress,
        )
        return self.relabel(found)

    def size(self) -> int:
        """How far the report reads: a file's bytes, or the records' own measure."""
        assert self.path is not None
        return self.path.stat().st_size if isinstance(self.path, Path) else self.path.size

    def failed(self, summary: Summary) -> bool:
        """Whether a status of ``--fail-on`` occurs."""
        return any(summary.due_today() if s == DUE_TODAY else summary.count(Status(s)) for s in self.fail_on)


def prepare(
    settings: Settings,
    path: Path | None,
    *,
    from_ledger: bool = False,
    sheet: str | None = None,
    catalog: list[Path] | None = None,
    as_of: str | None = None,
    warn_days: int | None = None,
    start_on_next_workday: bool | None = None,
    calendar: list[Path] | None = None,
    rules: Path | None = None,
    columns: Path | None = None,
    fail_on: str | None = None,
    limit: int = 50,
    jobs: int | None = None,
    target: float | None = None,
) -> Job:
    """The job of the command line's options (None: not given) over ``settings``. Raises
    UsageError on an option that cannot be used, DataFileError on a bad rules or map file."""
    statuses = _statuses(fail_on)
    options = _options(settings, as_of, warn_days, start_on_next_workday, limit, sheet)
    rule_list = _rules(settings, rules, catalog)
    column_map = _columns(settings, columns, rule_list)
    cal = load_calendar([*settings.calendar_files, *(calendar or [])])
    if from_ledger:
        if path is not None or columns is not None or sheet is not None:
            raise UsageError("--ledger 按台账统计：不能同时给出导出文件、--columns 或 --sheet")
        column_map = {}
    elif path is None:
        raise UsageError("请给出办件日志导出文件，或用 --ledger 按台账统计")
    elif not path.is_file():
        raise UsageError(f"找不到文件：{path}")
    workers = worker_count(jobs or 2, jobs)  # by default a large export is read in two parts
    goal = target if target is not None else settings.deadlines.target or None
    return Job(path, rule_list, column_map, cal, options, statuses, workers, goal, from_ledger)


def _statuses(fail_on: str | None) -> list[Status | str]:
    wanted = [
        s.strip() for s in (fail_on or "").replace("，", ",").replace("、", ",").split(",") if s.strip()
    ]
    known: dict[str, Status | str] = {"due_today": DUE_TODAY, DUE_TODAY: DUE_TODAY}  # headline's
    for status in Status:
        known[status.value] = known[status.label] = status
    for name in wanted:
        if name not in known:
            names = "、".join(f"{s.value}（{s.label}）" for s in Status)
            raise UsageError(f"--fail-on：“{name}”不是状态之一（{names}、due_today（{DUE_TODAY}））")
    return [known[name] for name in wanted]


def _options(
    settings: Settings,
    as_of: str | None,
    warn_days: int | None,
    next_workday: bool | None,
    limit: int,
    sheet: str | None,
) -> Options:
    day = date.today() if as_of is None else parse_date(as_of)
    if day is None:
        raise UsageError(f"--as-of：“{as_of}”不是可识别的日期（可写 2025-10-01、2025/10/1、2025年10月1日）")
    ds = settings.deadlines
    return Options(
        as_of=day,
        warn_days=warn_days if warn_days is not None else ds.warn_days if ds.warn_days is not None else 1,
        start_on_next_workday=next_workday if next_workday is not None else ds.start_on_next_workday,
        limit=limit,
        sheet=sheet,
    )


def _rules(settings: Settings, rules: Path | None, catalog: list[Path] | None) -> list[DeadlineRule]:
    configured = settings.resolve(settings.deadlines.rules) if settings.deadlines.rules else None
    catalogs = catalog or [settings.resolve(p) for p in settings.deadlines.catalog]
    return load_rules(rules or configured, catalogs=catalogs, max_size=settings.max_file_size)


def _columns(
    settings: Settings, columns: Path | None, rules: list[DeadlineRule]
) -> dict[str, tuple[str, ...]]:
    configured = settings.resolve(settings.deadlines.columns) if settings.deadlines.columns else None
    chosen = columns or configured
    if chosen is None:
        return {}
    return read_column_map(chosen, [c for r in rules for c in r.columns] + [CASE_ID, DEPARTMENT, CASE_STATUS])
