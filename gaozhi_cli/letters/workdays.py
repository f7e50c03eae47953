"""The last day of a correction period (附件6), from the working-day calendar."""

from __future__ import annotations

from datetime import date

from gaozhi_cli.errors import GaozhiError


def due_date(start: date, days: int) -> tuple[date | None, str | None]:
    """The ``days``-th working day strictly after ``start``, or None and the reason why not."""
    try:
        from gaozhi_cli.calendar import default_calendar
    except ImportError:  # the calendar package is not part of this build yet
        return None, "未安装工作日日历（gaozhi_cli.calendar），整改期限只写工作日数，未写截止日期"
    try:
        return default_calendar().due(start, days), None
    except GaozhiError as exc:  # CalendarDataMissing: no holiday data for that year
        return None, f"{exc.message}；整改期限只写工作日数，未写截止日期"
