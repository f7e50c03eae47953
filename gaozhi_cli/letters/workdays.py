"""The last day of a correction period (附件6), from the working-day calendar."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from gaozhi_cli.calendar import WorkCalendar, load_calendar


@cache
def _calendar(files: tuple[Path, ...]) -> WorkCalendar:
    return load_calendar(files)


def due_date(start: date, days: int, files: tuple[Path, ...] = ()) -> date:
    """The ``days``-th working day strictly after ``start``. ``files``: holiday notices the
    user added for years the built-in data lacks. Raises CalendarDataMissing."""
    return _calendar(files).due(start, days)
