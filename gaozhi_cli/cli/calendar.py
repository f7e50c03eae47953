"""``gaozhi calendar``: deadlines in working days, a year's schedule, a template for a new year."""

from __future__ import annotations

from typing import Annotated

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

app = command_group("工作日日历（国务院办公厅节假日安排）：计算期限、查看全年安排、为新的一年生成数据模板。")


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
    from gaozhi_cli.formats.calendar import due_text

    day = parse_date(start)
    if day is None:
        raise fail(f"“{start}”不是可识别的日期（可写 2025-10-01、2025/10/1、2025年10月1日、20251001）")
    cal = work_calendar(calendar, load_settings(config))
    typer.echo(due_text(cal, day, n, start_on_next_workday=start_on_next_workday))


@app.command()
@handles_errors
def show(
    year: Annotated[int, typer.Argument(metavar="年份", min=1950, max=2199, help="如 2026")],
    calendar: CalendarFilesOption = None,
    config: ConfigOption = None,
) -> None:
    """按月显示一年的日历：标出放假日（休）和调休上班日（班），并列出各节假日。"""
    from gaozhi_cli.cli.common import console
    from gaozhi_cli.formats.calendar import year_view

    out = console()
    for line in year_view(work_calendar(calendar, load_settings(config)), year, out.width):
        out.print(line)


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
