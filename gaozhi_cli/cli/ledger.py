"""``gaozhi ledger``: the commitment ledger (告知承诺台账) of [ledger] in gaozhi.toml."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gaozhi_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CalendarFilesOption,
    ConfigOption,
    ForceOption,
    OutputOption,
    command_group,
    console,
    emit,
    fail,
    format_for_output,
    handles_errors,
    load_settings,
    say,
    terminal_width,
    work_calendar,
    wrote,
)

if TYPE_CHECKING:
    from gaozhi_cli.ledger import Ledger

TODAY = date.min  # the default of _day: today, looked up when called

app = command_group(
    "告知承诺台账：文书编号与登记、送达与核查等事件、虚假承诺的信用闭环、公开、年度统计、导出、备份与检查。"
)

CaseArgument = Annotated[
    str, typer.Argument(metavar="案件", help="承诺书编号（2025-15 或 [2025年]第15号）或办件编号")
]
DepartmentOption = Annotated[
    str | None,
    typer.Option(
        "--department", metavar="部门", help="部门（共用台账中编号重复时；默认 [ledger] department）"
    ),
]


@contextmanager
def _opened(config: Path | None) -> Iterator[Ledger]:
    from gaozhi_cli.ledger import Ledger

    ledger = Ledger.open(load_settings(config))
    try:
        yield ledger
    finally:
        ledger.close()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
@handles_errors
def init(config: ConfigOption = None) -> None:
    """建立台账（[ledger] path 的 SQLite 文件或 url 的 PostgreSQL 数据库）和它的密钥文件。

    已建立的台账不会被清空：再次运行只检查并升级其结构。
    """
    from gaozhi_cli.ledger import Ledger
    from gaozhi_cli.ledger.store import ledger_location
    from gaozhi_cli.ledger.upkeep import before_init

    settings = load_settings(config)
    before_init(settings)
    with Ledger.open(settings, create=True) as ledger:
        console(stderr=True).print(
            f"台账：{_escape(ledger_location(settings) or ledger.shown)}（结构版本 {ledger.version}）\n"
            f"密钥文件：{_escape(ledger.secret.file)}（仅本人可读，600）。证件号码只以遮盖形式和"
            "密钥散列保存；请把密钥文件与台账一起备份，丢失后无法再比对申请人",
            soft_wrap=True,
        )


@app.command()
@handles_errors
def record(
    event: Annotated[
        str,
        typer.Argument(
            metavar="事件",
            help="收件、送达、决定、核查、发函、回函、信用归集、投诉、投诉答复、信用修复（或英文名）",
        ),
    ],
    case: CaseArgument,
    on: Annotated[str, typer.Option("--date", "-d", metavar="日期", help="事件日期，如 2025-03-17")],
    channel: Annotated[
        str | None, typer.Option("--channel", metavar="方式", help="收件：申请方式（当面、信函、网上等）")
    ] = None,
    method: Annotated[
        str | None,
        typer.Option("--method", metavar="方式", help="核查：内部核查、在线核查、现场核查、行政协助核查"),
    ] = None,
    result: Annotated[
        str | None, typer.Option("--result", metavar="结果", help="核查、回函：真实 或 虚假")
    ] = None,
    checker: Annotated[str | None, typer.Option("--checker", metavar="姓名", help="核查：核查人")] = None,
    to: Annotated[str | None, typer.Option("--to", metavar="单位", help="发函：被请求单位")] = None,
    days: Annotated[
        int | None, typer.Option("--days", metavar="天数", help="发函：书面回复期限（工作日）")
    ] = None,
    ref: Annotated[str | None, typer.Option("--ref", metavar="函号", help="发函、回函：协助函的函号")] = None,
    effective: Annotated[
        str | None,
        typer.Option("--effective", metavar="日期", help="核查为虚假：结果生效日期（默认核查日期）"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="文字", help="备注")] = None,
    department: DepartmentOption = None,
    config: ConfigOption = None,
) -> None:
    """记录案件的一个事件。核查结果为虚假的申请人，信用修复前不能再出具告知承诺书。"""
    from gaozhi_cli.ledger.model import FALSE, KINDS, event_from_fields

    parsed = event_from_fields(
        kind=event, on=on, channel=channel, method=method, result=result, checker=checker, addressee=to,
        reply_days=days, ref=ref, effective_on=effective, note=note,
    )  # fmt: skip
    with _opened(config) as ledger:
        found = ledger.record(case, parsed, department=department)
    err = console(stderr=True)
    err.print(
        f"已记录：{_escape(found.number)} {KINDS[parsed.kind].name} {parsed.on.isoformat()}", soft_wrap=True
    )
    if parsed.kind == "verified" and parsed.result == FALSE:
        err.print(FALSE_FOUND, soft_wrap=True)


FALSE_FOUND = (
    "[yellow]提示：[/]核查结果为虚假：申请人信用修复前不适用告知承诺制（letter generate 会拒绝）；"
    "请在结果生效后 7 个工作日内归集信用信息，并用 ledger record 信用归集 记录"
)


@app.command()
@handles_errors
def show(
    case: Annotated[
        str | None,
        typer.Argument(metavar="案件", help="承诺书编号、办件编号或申请人的证件号码；不写则列出全部案件"),
    ] = None,
    department: DepartmentOption = None,
    config: ConfigOption = None,
) -> None:
    """显示一个案件的文书和事件经过（写证件号码时为该申请人的案件），或列出全部案件及其状态。"""
    from gaozhi_cli.formats import ledger as fmt
    from gaozhi_cli.ledger.history import all_cases, lookup

    with _opened(config) as ledger:
        found = all_cases(ledger, department) if case is None else lookup(ledger, case, department)
        text = fmt.render_cases(found) if isinstance(found, list) else fmt.render_history(found)
    emit(text, None, force=False)


@app.command()
@handles_errors
def void(
    number: Annotated[
        str, typer.Argument(metavar="编号", help="2025-15、[2025年]第15号 或 晋市司函字〔2025〕3号")
    ],
    why: Annotated[str, typer.Option("--why", metavar="原因", help="作废原因")],
    department: DepartmentOption = None,
    config: ConfigOption = None,
) -> None:
    """作废一个已出具的编号：编号保留不再使用，是编号中唯一允许的空号；承诺书作废则其案件一并作废（已核查为虚假的不能作废），函作废则其所记的发函、回函事件一并撤销。"""
    with _opened(config) as ledger:
        shown = ledger.void(number, why, department=department)
    say(f"已作废：{shown}（{why.strip()}）")


@app.command()
@handles_errors
def retract(
    event: Annotated[str, typer.Argument(metavar="事件", help="记错的事件：送达、核查、发函等（同 record）")],
    case: CaseArgument,
    on: Annotated[str, typer.Option("--date", "-d", metavar="日期", help="记错的事件所记的日期")],
    why: Annotated[str, typer.Option("--why", metavar="原因", help="撤销原因")],
    department: DepartmentOption = None,
    config: ConfigOption = None,
) -> None:
    """撤销记错的事件：移出统计和时限，但连同原因留在台账中（ledger show 列出），再导入同一事件也不会恢复；改正时先撤销，再用 record 记录正确的。核查为虚假的不能撤销，由文书记下的随文书作废。"""
    from gaozhi_cli.ledger.model import find_kind, unknown_kind

    kind = find_kind(event)
    if kind is None:
        raise fail(unknown_kind(event))
    day = _day(on)
    assert day is not None  # --date is required
    with _opened(config) as ledger:
        found, count = ledger.retract(case, kind.id, day, why, department=department)
    say(
        f"已撤销：{found.number} {day.isoformat()} 的{kind.name}记录{f' {count} 个' if count > 1 else ''}（{why.strip()}）"
    )


@app.command()
@handles_errors
def excluded(
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="日期", help="统计日（默认今天）")] = None,
    config: ConfigOption = None,
) -> None:
    """列出因虚假承诺、尚未信用修复而不适用告知承诺制的申请人（证件号码已遮盖）。"""
    from gaozhi_cli.formats import ledger as fmt

    with _opened(config) as ledger:
        found = ledger.excluded(_day(as_of) or date.today())
    emit(fmt.render_excluded(found), None, force=False)


def _day(text: str | None, *, default: date | None = TODAY) -> date | None:
    """The date the user wrote; ``default`` (today) when none."""
    from gaozhi_cli.dates import parse_date

    if text is None:
        return date.today() if default is TODAY else default
    day = parse_date(text)
    if day is None:
        raise fail(f"“{text}”不是可识别的日期（可写 2025-10-01、2025年10月1日）")
    return day


@app.command("import")
@handles_errors
def import_(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="文件", dir_okay=False, help="导出文件：CSV、.xlsx、.xls（含网页、XML 格式）、.ods"
        ),
    ],
    columns: Annotated[
        Path | None,
        typer.Option(
            "--columns", metavar="文件", dir_okay=False, help="列名映射 YAML：标准列名 → 导出文件的列名"
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="工作表", help="工作表（名称或序号）")
    ] = None,
    department: DepartmentOption = None,
    config: ConfigOption = None,
) -> None:
    """从平台导出文件导入事件（收件、送达、核查等）；已记录的事件不重复导入。

    退出码：0 全部导入；1 有行未导入；2 用法错误。
    """
    from gaozhi_cli.deadlines import read_column_map
    from gaozhi_cli.ledger.importer import KNOWN, import_events

    settings = load_settings(config)
    chosen = columns or (settings.resolve(settings.deadlines.columns) if settings.deadlines.columns else None)
    mapping = read_column_map(chosen, KNOWN) if chosen else None
    with _opened(config) as ledger:
        summary = import_events(ledger, path, mapping, sheet=sheet, department=department)
    err = console(stderr=True)
    for warning in summary.warnings:
        err.print(f"[yellow]注意[/] {_escape(summary.file)}：{_escape(warning)}", soft_wrap=True)
    for problem in summary.problems:
        err.print(f"[bold red]未导入[/] {_escape(problem)}", soft_wrap=True)
    err.print(
        f"{_escape(summary.file)}：{summary.rows} 行，导入事件 {summary.events} 个，已有而跳过 {summary.repeated} 个，"
        + (f"已撤销而跳过 {summary.retracted} 个，" if summary.retracted else "")
        + f"新建案件 {summary.cases} 个，有问题 {len(summary.problems)} 行",
        soft_wrap=True,
    )
    raise typer.Exit(EXIT_FINDINGS if summary.problems else EXIT_OK)


class TableFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


_TABLE_SUFFIXES = {".csv": (TableFormat.csv,), ".xlsx": (TableFormat.xlsx,)}


@app.command()
@handles_errors
def export(
    output: OutputOption = None,
    output_format: Annotated[
        TableFormat | None, typer.Option("--format", "-f", help="csv（默认）或 xlsx；不写时按 -o 的扩展名")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", min=1900, max=2999, help="只导出这一年的承诺")] = None,
    department: DepartmentOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """导出全部案件：一行一件，列名与 deadlines report 的标准列名相同（可直接统计时限）。"""
    from gaozhi_cli.formats import ledger as fmt
    from gaozhi_cli.ledger import table
    from gaozhi_cli.ledger.upkeep import refuse_own_file

    chosen = format_for_output(output_format, output, _TABLE_SUFFIXES, TableFormat.csv)
    if chosen is TableFormat.xlsx and output is None:
        raise fail("xlsx 是二进制文件，请用 -o 指定输出文件，如 -o 台账.xlsx")
    with _opened(config) as ledger:
        refuse_own_file(ledger, output)
        rows = table.rows(ledger.db, department, year)
        if chosen is TableFormat.xlsx:
            assert output is not None
            fmt.write_table_xlsx(output, "台账", table.COLUMNS, rows, force=force)
            wrote(output)
        elif output is None:
            _csv_to_screen(table.COLUMNS, rows)
        else:
            fmt.write_table_csv(output, table.COLUMNS, rows, force=force)
            wrote(output)


def _csv_to_screen(header: tuple[str, ...], rows: Iterator[list[str]]) -> None:
    """The whole table read before any of it is shown: a ledger that cannot be read to the
    end (a damaged file) shows an error, not a header and part of the cases. Beyond a few
    megabytes the table waits in a temporary file (removed when closed)."""
    import tempfile
    from typing import TextIO, cast

    from gaozhi_cli.formats.csvout import write_excel_csv

    with tempfile.SpooledTemporaryFile(8 << 20, "w+", encoding="utf-8", newline="") as table:
        write_excel_csv(cast(TextIO, table), header, rows)
        table.seek(0)
        for line in table:  # a line a write, as the rows were: stdout masks each write whole
            sys.stdout.write(line)
    sys.stdout.flush()


class PublishFormat(str, Enum):
    text = "text"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


_PUBLISH_SUFFIXES = {
    ".csv": (PublishFormat.csv,),
    ".xlsx": (PublishFormat.xlsx,),
    ".html": (PublishFormat.html,),
    ".htm": (PublishFormat.html,),
}
DepartmentFilter = Annotated[
    str | None, typer.Option("--department", metavar="部门", help="只含这个部门的（默认全部部门）")
]
YearOption = Annotated[int | None, typer.Option("--year", min=1900, max=2999, help="承诺日期在这一年的")]
FromOption = Annotated[str | None, typer.Option("--from", metavar="日期", help="承诺日期不早于此日")]
ToOption = Annotated[str | None, typer.Option("--to", metavar="日期", help="承诺日期不晚于此日")]


@app.command()
@handles_errors
def publish(
    output: OutputOption = None,
    output_format: Annotated[
        PublishFormat | None,
        typer.Option("--format", "-f", help="text（屏幕，默认）、csv、xlsx 或 html；不写时按 -o 的扩展名"),
    ] = None,
    year: YearOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="日期", help="只列出这一天仍在公开期内的（按目录“公开时限”中的公开期）"
        ),
    ] = None,
    department: DepartmentFilter = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """列出应当公开的告知承诺书（目录“公开”为是的事项，实施方案 四(八)），供门户网站、服务场所公示。

    申请人为单位的公开名称；为自然人的只公开姓氏（个人信息保护法），不公开证件号码。
    """
    from gaozhi_cli.formats import ledger_publication as fmt
    from gaozhi_cli.ledger.publication import Window, publication
    from gaozhi_cli.ledger.upkeep import refuse_own_file

    chosen = format_for_output(output_format, output, _PUBLISH_SUFFIXES, PublishFormat.text)
    if chosen is PublishFormat.xlsx and output is None:
        raise fail("xlsx 是二进制文件，请用 -o 指定输出文件，如 -o 公开.xlsx")
    window = Window.parse(year, start, end, department, as_of)
    with _opened(config) as ledger:
        refuse_own_file(ledger, output)
        found = publication(ledger, window)
    if chosen is PublishFormat.xlsx:
        assert output is not None
        fmt.write_xlsx(found, output, force=force)
        wrote(output, f"（{len(found.rows)} 件）")
    else:
        emit(fmt.render(found, chosen.value), output, force=force, what=f"（{len(found.rows)} 件）")


class ReportFormat(str, Enum):
    text = "text"
    xlsx = "xlsx"
    docx = "docx"


_REPORT_SUFFIXES = {
    ".txt": (ReportFormat.text,),
    ".xlsx": (ReportFormat.xlsx,),
    ".docx": (ReportFormat.docx,),
}


@app.command()
@handles_errors
def report(
    year: Annotated[int, typer.Option("--year", min=1900, max=2999, help="统计这一年作出的承诺")],
    output: OutputOption = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", help="text（屏幕，默认）、xlsx 或 docx（公文格式）；不写时按 -o 的扩展名"
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="日期", help="统计截止日（默认该年12月31日，年内为今天）")
    ] = None,
    department: DepartmentFilter = None,
    calendar: CalendarFilesOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """年度实施情况统计（实施方案 六(四)）：各部门承诺件数、核查（按方式）、核查按期、虚假承诺、信用信息归集按期、行政协助回复按期，及合计。

    截至统计日尚未完成、也未超过时限的，计为“未到期”：不算逾期，也不计入按期率。
    """
    from gaozhi_cli.formats import assessment as fmt
    from gaozhi_cli.ledger.assessment import assess
    from gaozhi_cli.ledger.upkeep import refuse_own_file

    chosen = format_for_output(output_format, output, _REPORT_SUFFIXES, ReportFormat.text)
    if chosen is not ReportFormat.text and output is None:
        raise fail(f"{chosen.value} 是二进制文件，请用 -o 指定输出文件，如 -o 实施情况.{chosen.value}")
    settings, day = load_settings(config), _day(as_of, default=None)
    cal, later = work_calendar(calendar, settings), settings.deadlines.start_on_next_workday
    with _opened(config) as ledger:
        refuse_own_file(ledger, output)
        found = assess(ledger, year, cal, as_of=day, department=department, start_on_next_workday=later)
    if chosen is ReportFormat.text:
        color = output is None and sys.stdout.isatty()
        emit(fmt.render_text(found, color=color, width=terminal_width()), output, force=force)
        return
    assert output is not None
    fmt.write(found, chosen.value, output, force=force)
    wrote(output)


@app.command()
@handles_errors
def backup(
    target: Annotated[
        Path, typer.Argument(metavar="文件", dir_okay=False, help="备份文件（SQLite），如 台账-备份.db")
    ],
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """备份台账到一个 SQLite 文件（运行中也可备份；PostgreSQL 台账同样备份为 SQLite 文件）。

    备份文件仅本人可读（600），用同一个密钥文件即可打开；请另行保存密钥文件。
    """
    from gaozhi_cli.ledger.upkeep import backup as copy

    with _opened(config) as ledger:
        cases = copy(ledger, target, force=force)
    wrote(target, f"（案件 {cases} 件）")


@app.command()
@handles_errors
def check(
    files: Annotated[
        Path | None,
        typer.Option(
            "--files", metavar="目录", file_okay=False, help="文书所在目录：逐个核对文件是否存在、是否被改动"
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """检查台账：文件完整性、结构版本、编号连续、无明文证件号码，以及文书文件的 sha256。

    退出码：0 无问题；1 发现问题（台账文件损坏也是）；2 无法打开台账。
    """
    from gaozhi_cli.ledger.db import LedgerDamaged
    from gaozhi_cli.ledger.upkeep import CheckReport
    from gaozhi_cli.ledger.upkeep import check as run_check

    settings = load_settings(config)
    path = settings.resolve(settings.ledger.path) if settings.ledger.path else None
    try:
        with _opened(config) as ledger:
            report = run_check(ledger, files, ledger_file=path)
    except LedgerDamaged as exc:  # too damaged to open: that is what the check finds
        report = CheckReport(problems=[exc.message])
    out = console()
    for note in report.notes:
        out.print(f"  {_escape(note)}", soft_wrap=True)
    for problem in report.problems:
        out.print(f"[bold red]问题[/] {_escape(problem)}", soft_wrap=True)
    out.print("检查完毕：" + (f"发现 {len(report.problems)} 个问题" if report.problems else "未发现问题"))
    raise typer.Exit(EXIT_FINDINGS if report.problems else EXIT_OK)
