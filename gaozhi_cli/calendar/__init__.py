"""The working-day calendar of the State Council holiday notices, usable on its own.

from gaozhi_cli.calendar import default_calendar, load_calendar, CalendarDataMissing
cal = default_calendar()                    # chinese-calendar 2004–2026 + shipped notices
cal = load_calendar([Path("2027.yaml")])    # plus years the user added from a notice
cal.due(date(2025, 10, 1), 3)               # 2025-10-11: the 3rd working day after
cal.is_workday(date(2027, 1, 4))            # raises CalendarDataMissing: never guessed
"""

from gaozhi_cli.calendar.index import WorkCalendar
from gaozhi_cli.calendar.model import CalendarDataMissing, DayInfo, DayKind, YearData
from gaozhi_cli.calendar.sources import default_calendar, load_calendar, read_year_file, year_template

__all__ = [
    "CalendarDataMissing",
    "DayInfo",
    "DayKind",
    "WorkCalendar",
    "YearData",
    "default_calendar",
    "load_calendar",
    "read_year_file",
    "year_template",
]
