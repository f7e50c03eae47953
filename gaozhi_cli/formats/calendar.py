"""The calendar for people: a deadline explained (``calendar due``), a year by month (``show``)."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from gaozhi_cli.calendar import DayInfo, DayKind, WorkCalendar
from gaozhi_cli.dates import format_cn

WEEKDAYS = "一二三四五六日"


def describe_day(info: DayInfo) -> str:
    """2025年10月8日（星期三，国庆节放假）."""
    what = info.kind.label if info.name is None else f"{info.name}{info.kind.label}"
    return f"{format_cn(info.day)}（星期{WEEKDAYS[info.day.weekday()]}，{what}）"


def due_text(cal: WorkCalendar, start: date, n: int, *, start_on_next_workday: bool = False) -> str:
    """The deadline of "收到后 N 个工作日内" and how it was reached: the days off it skips."""
    deadline = cal.due(start, n, start_on_next_workday=start_on_next_workday)
    lines = [f"起算日：{describe_day(cal.describe(start))}"]
    if start_on_next_workday and not cal.is_workday(start):
        moved = cal.due(start, 0, start_on_next_workday=True)
        lines.append(f"非工作日收到，视为{describe_day(cal.describe(moved))}收到")
    lines.append(f"时限：{n} 个工作日（起算日不计入）" if n else "时限：0 个工作日（当日办结）")
    lines.append(f"截止日：{describe_day(cal.describe(deadline))}")
    skipped = cal.days_off_between(start, deadline)
    if skipped:
        lines.append(f"其间跳过的休息日（{len(skipped)} 天）：")
        lines += [f"  {describe_day(info)}" for info in skipped]
    return "\n".join(lines)


def year_view(cal: WorkCalendar, year: int, width: int) -> list[Text]:
    """A year's months side by side (three at 90 columns, else two), then its holidays."""
    first_day, length = date(year, 1, 1), (date(year + 1, 1, 1) - date(year, 1, 1)).days
    days = [cal.describe(first_day + timedelta(days=i)) for i in range(length)]
    out = [Text(f"{year} 年工作日日历（休 = 放假，班 = 调休上班）", style="bold")]
    per_row = 3 if width >= 90 else 2
    for first in range(1, 13, per_row):
        blocks = [_month(m, days) for m in range(first, first + per_row)]
        out += [Text("   ").join(row) for row in zip(*blocks, strict=True)]
    out.append(Text())
    out += [Text(line) for line in _holiday_lines(days)]
    out.append(Text(f"数据来源：{cal.source(year)}", style="dim"))
    return out


def _month(month: int, days: list[DayInfo]) -> list[Text]:
    """Eight lines of 28 columns: title, weekday header, six weeks."""
    month_days = [d for d in days if d.day.month == month]
    lines = [Text(f"{month}月".center(27)), Text("".join(f" {w} " for w in WEEKDAYS))]
    cells = [Text("    ")] * month_days[0].day.weekday()
    for info in month_days:
        mark, style = {
            DayKind.HOLIDAY: ("休", "bold red"),
            DayKind.MAKEUP: ("班", "bold blue"),
            DayKind.WEEKEND: ("  ", "red"),
        }.get(info.kind, ("  ", ""))
        cells.append(Text(f"{info.day.day:>2}{mark}", style=style))
    cells += [Text("    ")] * (42 - len(cells))
    lines += [Text("").join(cells[i : i + 7]) for i in range(0, 42, 7)]
    return lines


def _holiday_lines(days: list[DayInfo]) -> list[str]:
    """Runs of consecutive days off set by the notice, then the make-up working days."""
    runs: list[list[DayInfo]] = []
    for info in days:
        if info.kind is not DayKind.HOLIDAY:
            continue
        if runs and info.day - runs[-1][-1].day == timedelta(days=1):
            runs[-1].append(info)
        else:
            runs.append([info])
    lines = []
    for run in runs:
        names = "、".join(dict.fromkeys(d.name or "" for d in run))
        span = _month_day(run[0].day) + (f"—{_month_day(run[-1].day)}" if len(run) > 1 else "")
        lines.append(f"{names}：{span} 放假，共 {len(run)} 天")
    makeup = [d for d in days if d.kind is DayKind.MAKEUP]
    if makeup:
        shown = "、".join(f"{_month_day(d.day)}（星期{WEEKDAYS[d.day.weekday()]}，{d.name}）" for d in makeup)
        lines.append(f"调休上班：{shown}")
    return lines


def _month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"
