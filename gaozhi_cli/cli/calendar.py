"""``gaozhi calendar``: deadlines in working days, a year's schedule, a template for a new year."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from gaozhi_cli.cli.common import (
    CalendarFilesOption,
    ConfigOption,
    ForceOption,
    OutputOption,
    command_group,
    emit,
    fail,
    handles_errors,
    load_settings,
    work_calendar,
)

if TYPE_CHECKING:
    from rich.text import Text

    from gaozhi_cli.calendar import DayInfo

app = command_group("工作日日历（国务院办公厅节假日安排）：计算期限、查看全年安排、为新的一年生成数据模板。")

WEEKDAYS = "一二三四五六日"


def _describe(info: DayInfo) -> str:
    from gaozhi_cli.dates import format_cn

    what = info.kind.label if info.name is None else f"{info.name}{info.kind.label}"
    return f"{format_cn(info.day)}（星期{WEEKDAYS[info.day.weekday()]}，{what}）"


@app.command()
@handles_errors
def due(
    start: Annotated[str, typer.Argument(metavar="日期", help="起算日期（如收到申请之日），如 2025-10-01")],
    n: Annotated[int, typer.Argument(metavar="工作日数", min=0, help="时限的工作日数；0 表示当日")],
    start_on_next_workday: Annotated[
        bool,
        typer.Option(
            "--start-on-next-workday", help="非工作日收到的，先顺延到下一个工作日再起算（部分地方的做法）"
        ),
    ] = False,
    calendar: CalendarFilesOption = None,
    config: ConfigOption = None,
) -> None:
    """计算“收到后 N 个工作日内”的截止日期：起算日不计入，列出其间跳过的休息日。"""
    from gaozhi_cli.dates import parse_date

    day = parse_date(start)
    if day is None:
        raise fail(f"“{start}”不是可识别的日期（可写 2025-10-01、2025/10/1、2025年10月1日、20251001）")
    cal = work_calendar(calendar, load_settings(config))
    deadline = cal.due(day, n, start_on_next_workday=start_on_next_workday)
    lines = [f"起算日：{_describe(cal.describe(day))}"]
    if start_on_next_workday and not cal.is_workday(day):
        moved = cal.due(day, 0, start_on_next_workday=True)
        lines.append(f"非工作日收到，视为{_describe(cal.describe(moved))}收到")
    lines.append(f"时限：{n} 个工作日（起算日不计入）" if n else "时限：0 个工作日（当日办结）")
    lines.append(f"截止日：{_describe(cal.describe(deadline))}")
    skipped = cal.days_off_between(day, deadline)
    if skipped:
        lines.append(f"其间跳过的休息日（{len(skipped)} 天）：")
        lines += [f"  {_describe(info)}" for info in skipped]
    typer.echo("\n".join(lines))


@app.command()
@handles_errors
def show(
    year: Annotated[int, typer.Argument(metavar="年份", help="如 2026")],
    calendar: CalendarFilesOption = None,
    config: ConfigOption = None,
) -> None:
    """按月显示一年的日历：标出放假日（休）和调休上班日（班），并列出各节假日。"""
    from rich.text import Text

    from gaozhi_cli.cli.common import console

    cal = work_calendar(calendar, load_settings(config))
    source = cal.source(year)
    first_day, length = date(year, 1, 1), (date(year + 1, 1, 1) - date(year, 1, 1)).days
    days = [cal.describe(first_day + timedelta(days=i)) for i in range(length)]
    out = console()
    out.print(Text(f"{year} 年工作日日历（休 = 放假，班 = 调休上班）", style="bold"))
    per_row = 3 if out.width >= 90 else 2
    for first in range(1, 13, per_row):
        blocks = [_month(year, m, days) for m in range(first, first + per_row)]
        for row in zip(*blocks, strict=True):
            out.print(Text("   ").join(row))
    out.print()
    for line in _holiday_lines(days):
        out.print(line)
    out.print(Text(f"数据来源：{source}", style="dim"))


def _month(year: int, month: int, days: list[DayInfo]) -> list[Text]:
    """Eight lines of 28 columns: title, weekday header, six weeks."""
    from rich.text import Text

    from gaozhi_cli.calendar import DayKind

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
    from gaozhi_cli.calendar import DayKind

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
        span = _md(run[0].day) + (f"—{_md(run[-1].day)}" if len(run) > 1 else "")
        lines.append(f"{names}：{span} 放假，共 {len(run)} 天")
    makeup = [d for d in days if d.kind is DayKind.MAKEUP]
    if makeup:
        shown = "、".join(f"{_md(d.day)}（星期{WEEKDAYS[d.day.weekday()]}，{d.name}）" for d in makeup)
        lines.append(f"调休上班：{shown}")
    return lines


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


@app.command()
@handles_errors
def template(
    year: Annotated[
        int, typer.Argument(metavar="年份", min=1950, max=2199, help="通知所安排的年份，如 2027")
    ],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """输出某一年节假日安排文件的模板，按国务院办公厅通知填写后用 --calendar 指定。"""
    from gaozhi_cli.calendar import year_template

    emit(year_template(year), output, force=force)
