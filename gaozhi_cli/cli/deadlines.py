"""``gaozhi deadlines report``: working-day deadline compliance from an exported case log."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
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
    emit,
    fail,
    format_for_output,
    handles_errors,
    load_settings,
    say_calendar_notes,
    wrote,
)

if TYPE_CHECKING:
    from gaozhi_cli.config import Settings
    from gaozhi_cli.deadlines import Summary
    from gaozhi_cli.deadlines.job import Job

app = command_group("工作日时限统计：从办件日志导出文件统计告知承诺书送达、投诉举报处理等时限的执行情况。")

PROGRESS_FROM = 8 * 1024**2  # files at least this big get a progress bar on a terminal
CASES_FROM = 50_000  # and ledgers of at least this many cases


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"


_SUFFIXES = {
    ".txt": (ReportFormat.text,),
    ".json": (ReportFormat.json,),
    ".csv": (ReportFormat.csv,),
    ".md": (ReportFormat.markdown,),
    ".markdown": (ReportFormat.markdown,),
    ".html": (ReportFormat.html,),
    ".htm": (ReportFormat.html,),
    ".xlsx": (ReportFormat.xlsx,),
}
_STREAMED = (ReportFormat.json, ReportFormat.csv, ReportFormat.xlsx)  # every row, written as read


@app.command()
@handles_errors
def report(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="文件",
            dir_okay=False,
            help="办件日志导出文件：CSV（UTF-8 或 GB18030/GBK）、.xlsx、.xls（含网页、XML 格式）、.ods（用 --ledger 时不写）",
        ),
    ] = None,
    from_ledger: Annotated[
        bool,
        typer.Option(
            "--ledger",
            help="按台账（[ledger]）记录的事件统计，不用导出文件；核查时限取各承诺登记时目录的规定",
        ),
    ] = False,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", help="输出格式；不写时按 -o 的扩展名决定，默认 text；json、csv、xlsx 列出每一行"
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", metavar="工作表", help="Excel/ODS 文件中的工作表（名称或序号），默认第一个有表头的"
        ),
    ] = None,
    catalog: Annotated[
        list[Path] | None,
        typer.Option(
            "--catalog",
            metavar="文件或文件夹",
            help="证明事项目录：按各事项的“核查时限”判断核查是否按期（办件须有“证明事项”列）",
        ),
    ] = None,
    target: Annotated[
        float | None,
        typer.Option(
            "--target", min=0, max=100, metavar="百分数", help="按期率目标，html 条形图据此着色（默认 90）"
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="日期", help="统计日：据此判断未办结的是否超期，默认今天")
    ] = None,
    warn_days: Annotated[
        int | None,
        typer.Option(
            "--warn-days", min=0, metavar="天数", help="剩余不超过这么多个工作日的列为即将到期（默认 1）"
        ),
    ] = None,
    start_on_next_workday: Annotated[
        bool | None,
        typer.Option(
            "--start-on-next-workday/--start-on-receipt-day",
            help="非工作日收件的，先顺延到下一个工作日再起算（部分地方的做法）；默认收件次日起算",
            show_default=False,
        ),
    ] = None,
    calendar: CalendarFilesOption = None,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", metavar="文件", dir_okay=False, help="时限规则 YAML：替换或补充内置规则"),
    ] = None,
    columns: Annotated[
        Path | None,
        typer.Option(
            "--columns", metavar="文件", dir_okay=False, help="列名映射 YAML：标准列名 → 导出文件的列名"
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="状态",
            help="出现这些状态时退出码为 1，如 late,overdue 或 逾期完成,超期未完成,今日到期（逗号分隔）",
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", min=0, metavar="行数", help="每种情况最多列出的行数，保留最紧急的"),
    ] = 50,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数（默认：大文件用 2 个）")
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress", help="显示读取进度（默认：终端上的大文件显示）", show_default=False
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """统计每个办件是否在规定的工作日内办结：按期、逾期、超期未办结、即将到期。

    工作日按国务院办公厅节假日安排计算（含调休上班），收件当日不计入。
    退出码：0 完成；1 出现 --fail-on 所列状态；2 用法错误或内部错误。
    """

    from gaozhi_cli.deadlines.job import prepare

    _check_suffix(output)
    output_format = format_for_output(output_format, output, _SUFFIXES, ReportFormat.text)
    if output_format is ReportFormat.xlsx and output is None:
        raise fail("xlsx 是二进制文件，请用 -o 指定输出文件，如 -o 时限.xlsx")
    settings = load_settings(config)
    job = prepare(
        settings, path, from_ledger=from_ledger, sheet=sheet, catalog=catalog, as_of=as_of, warn_days=warn_days,
        start_on_next_workday=start_on_next_workday, calendar=calendar, rules=rules, columns=columns,
        fail_on=fail_on, limit=limit, jobs=jobs, target=target,
    )  # fmt: skip
    say_calendar_notes(job.calendar)
    with _ledger_export(settings, job, catalog, output) if from_ledger else nullcontext(job):
        summary = _report(job, output_format, output, force, progress)
    raise typer.Exit(EXIT_FINDINGS if job.failed(summary) else EXIT_OK)


def _check_suffix(output: Path | None) -> None:
    """Refuse an extension the report cannot write (.docx, .pdf): text under such a name
    would not open. A name without one takes the format of -f, text by default."""
    if output is None or not output.suffix or output.suffix.lower() in _SUFFIXES:
        return
    suffix = output.suffix.lower()
    if suffix in (".xls", ".ods"):
        raise fail(f"-o {output.name}：Excel 报告只写 .xlsx 格式，请把文件名改为 .xlsx")
    raise fail(
        f"-o {output.name}：报告不能写成 {suffix} 格式；可写的扩展名为 {'、'.join(_SUFFIXES)}"
        "（格式随扩展名），或用 -o - 输出到屏幕"
    )


@contextmanager
def _ledger_export(
    settings: Settings, job: Job, catalog: list[Path] | None, output: Path | None
) -> Iterator[Job]:
    """The job reading the ledger's cases as an export's records (all its events, as
    ``ledger export`` writes them: the report judges a later one as a CSV export's), with
    the verification rule of its cases (unless catalogues are given) and the summary
    relabelled after its cases. Never written over the ledger's own files."""
    from gaozhi_cli.ledger import Ledger
    from gaozhi_cli.ledger.deadlines import LedgerCases, relabel, verification_rule
    from gaozhi_cli.ledger.upkeep import refuse_own_file

    with Ledger.open(settings) as ledger:
        refuse_own_file(ledger, output)
        if not (catalog or settings.deadlines.catalog):
            job.rules.append(verification_rule(ledger))
        job.path, job.relabel = LedgerCases.of(ledger), lambda summary: relabel(summary, ledger)
        yield job


def _report(
    job: Job, output_format: ReportFormat, output: Path | None, force: bool, progress: bool | None
) -> Summary:
    """Run the job and write what it found in ``output_format``."""
    from gaozhi_cli.files import FileExistsError_, open_output
    from gaozhi_cli.formats import deadlines as fmt

    size = job.size()
    big = size >= (CASES_FROM if job.from_ledger else PROGRESS_FROM)
    show = progress if progress is not None else sys.stderr.isatty() and big
    if output_format in _STREAMED:
        with _progress(show, size, cases=job.from_ledger) as step:
            if output_format is ReportFormat.xlsx:
                assert output is not None
                summary = fmt.write_xlsx(
                    output, force=force, write=lambda rows, stream: job.write_rows(rows, stream, step)
                )
            else:
                with open_output(output, force=force) as stream:
                    summary = job.write_rows(fmt.ROW_FORMATS[output_format.value], stream, step)
        if output is not None:
            wrote(output)
        return summary
    if output is not None and output.exists() and not force:  # refuse before the long read
        raise FileExistsError_(output)
    with _progress(show, size, cases=job.from_ledger) as step:
        summary = job.tally(step)
    if output_format is ReportFormat.text:
        text = fmt.render_text(summary, color=output is None and sys.stdout.isatty(), width=_width())
    elif output_format is ReportFormat.markdown:
        text = fmt.render_markdown(summary)
    else:
        goal = (job.target if job.target is not None else fmt.DEFAULT_TARGET * 100) / 100
        text = fmt.render_html(summary, target=goal)
    emit(text, output, force=force)
    return summary


@contextmanager
def _progress(show: bool, total: int, *, cases: bool = False) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr fed with bytes read (or the ledger's cases), or None."""
    if not show:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from gaozhi_cli.cli.common import console

    done = MofNCompleteColumn() if cases else DownloadColumn()
    with Progress(
        TextColumn("读取"), BarColumn(), done, TimeRemainingColumn(), console=console(stderr=True)
    ) as bar:
        task = bar.add_task("读取", total=total)
        yield lambda done: bar.update(task, completed=done)


def _width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((120, 20)).columns)
