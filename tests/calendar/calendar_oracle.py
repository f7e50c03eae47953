"""The oracle of the calendar tests: the State Council notices 2021–2026 as typed from
/work/shared/reference/workdays.md §4, independent of chinese-calendar and holidays."""

from __future__ import annotations

from datetime import date, timedelta

# (first, last) days off by the notice, and its 调休上班 weekend days.
REST_RANGES = {
    2021: [
        "01-01/01-03",
        "02-11/02-17",
        "04-03/04-05",
        "05-01/05-05",
        "06-12/06-14",
        "09-19/09-21",
        "10-01/10-07",
    ],
    2022: [
        "01-01/01-03",
        "01-31/02-06",
        "04-03/04-05",
        "04-30/05-04",
        "06-03/06-05",
        "09-10/09-12",
        "10-01/10-07",
    ],
    2023: [
        "2022-12-31/2023-01-02",
        "01-21/01-27",
        "04-05/04-05",
        "04-29/05-03",
        "06-22/06-24",
        "09-29/10-06",
    ],
    2024: [
        "01-01/01-01",
        "02-10/02-17",
        "04-04/04-06",
        "05-01/05-05",
        "06-10/06-10",
        "09-15/09-17",
        "10-01/10-07",
    ],
    2025: ["01-01/01-01", "01-28/02-04", "04-04/04-06", "05-01/05-05", "05-31/06-02", "10-01/10-08"],
    2026: [
        "01-01/01-03",
        "02-15/02-23",
        "04-04/04-06",
        "05-01/05-05",
        "06-19/06-21",
        "09-25/09-27",
        "10-01/10-07",
    ],
}
MAKEUP_DAYS = {
    2021: ["02-07", "02-20", "04-25", "05-08", "09-18", "09-26", "10-09"],
    2022: ["01-29", "01-30", "04-02", "04-24", "05-07", "10-08", "10-09"],
    2023: ["01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"],
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}


def _day(year: int, text: str) -> date:
    """``MM-DD`` in the notice's year, or a full ISO date where it reaches into another year."""
    if text.count("-") == 2:
        return date.fromisoformat(text)
    month, day = text.split("-")
    return date(year, int(month), int(day))


def oracle_rest_days() -> set[date]:
    days = set()
    for year, ranges in REST_RANGES.items():
        for span in ranges:
            first, last = (_day(year, part) for part in span.split("/"))
            days |= {first + timedelta(days=i) for i in range((last - first).days + 1)}
    return days


def oracle_makeup_days() -> set[date]:
    return {_day(year, md) for year, days in MAKEUP_DAYS.items() for md in days}


def oracle_is_workday(day: date, rest: set[date], makeup: set[date]) -> bool:
    return day in makeup or (day.weekday() < 5 and day not in rest)


def flat(text: str) -> str:
    """Terminal output without the line breaks and padding that wrapping adds."""
    return "".join(text.split())
