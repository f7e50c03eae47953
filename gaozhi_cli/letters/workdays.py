"""The last day of a correction period (附件6), from the working-day calendar."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from gaozhi_cli.calendar import CalendarDataMissing, WorkCalendar, load_calendar


@cache
def _calendar(files: tuple[Path, ...]) -> WorkCalendar:
    return load_calendar(files)


def due_date(start: date, days: int, files: tuple[Path, ...] = ()) -> tuple[date | None, str | None]:
    """The ``days``-th working day strictly after ``start``, or None and why it is unknown.
    ``files``: holiday notices the user added for years the built-in data lacks."""
    try:
        return _calendar(files).due(start, days), None
    except CalendarDataMissing as exc:
        return None, f"{exc.message}。本记录单只写整改期限的工作日数，未写截止日期"
