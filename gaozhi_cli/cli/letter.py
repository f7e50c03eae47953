"""``gaozhi letter``: the forms of annexes 1 and 4–8 as .docx (and PDF)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gaozhi_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ConfigOption,
    ForceOption,
    command_group,
    console,
    fail,
    handles_errors,
    load_settings,
)

if TYPE_CHECKING:
    from gaozhi_cli.letters.batch import BatchSummary
    from gaozhi_cli.letters.generate import LetterMaker

app = command_group("告知承诺制文书（附件1、4—8）：告知承诺书、核验单、协助函、回复函、联络表。")
templates_app = command_group("文书模板：导出默认模板，修改后用 --templates 使用。")
app.add_typer(templates_app, name="templates")

KindArgument = Annotated[
    str,
    typer.Argument(
        metavar="种类",
        help="liaison 联络表（附件1）、commitment 承诺书（附件4）、internal-check 内部核验单（附件5）、"
        "onsite-check 现场核验记录单（附件6）、assist-request 协助函·书面回复（附件7（一））、"
        "assist-visit 协助函·派员核实（附件7（二））、assist-reply 回复函（附件8）",
    ),
]


@app.command()
@handles_errors
def kinds() -> None:
    """列出可生成的文书种类。"""
    from gaozhi_cli.formats.letters import kinds_table

    console().print(kinds_table())


@app.command()
@handles_errors
def fields(
    kind: KindArgument,
    example: Annotated[
        bool, typer.Option("--example", help="只输出示例数据（YAML），可保存后用 --data 读入")
    ] = False,
) -> None:
    """列出一种文书需要的数据字段，并给出示例数据文件。"""
    from gaozhi_cli.letters.forms import find_form

    chosen = find_form(kind)
    if example:  # a data file to save and fill in: its sample ID number must stay valid
        from gaozhi_cli.identity import unmasked
        from gaozhi_cli.letters.fieldlist import example_yaml

        unmasked(sys.stdout).write(example_yaml(chosen))
        return
    from gaozhi_cli.formats.letters import fields_view

    console().print(fields_view(chosen))


@templates_app.command("export")
@handles_errors
def export_templates(
    directory: Annotated[Path, typer.Argument(metavar="目录", file_okay=False, help="导出到这个目录")],
    force: ForceOption = False,
) -> None:
    """把默认模板复制到目录中；修改后用 generate --templates 目录 使用。"""
    from gaozhi_cli.files import atomic_write, display_path
    from gaozhi_cli.letters.render import default_templates_dir

    written = 0
    for template in sorted(default_templates_dir().glob("*.j2")):
        atomic_write(directory / template.name, template.read_bytes(), force=force)
        written += 1
    console(stderr=True).print(f"已导出 {written} 个模板到 {display_path(directory)}")


@app.command()
@handles_errors
def generate(
    kind: KindArgument,
    catalog: Annotated[
        Path | None,
        typer.Option("--catalog", "-c", metavar="文件", dir_okay=False, help="证明事项目录（YAML）"),
    ] = None,
    item: Annotated[
        str | None,
        typer.Option("--item", "-i", metavar="序号或名称", help="告知承诺书的证明事项（目录序号或名称）"),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", "-d", metavar="文件", dir_okay=False, help="数据文件（YAML 或 JSON）"),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", "-s", metavar="字段=值", help="设置或覆盖一个字段，如 申请人.姓名=张三"),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            "-b",
            metavar="文件",
            dir_okay=False,
            help="批量：CSV 文件（UTF-8 或 GB18030），一行一份",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", metavar="目录", file_okay=False, help="输出目录（默认当前目录）"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="文件", dir_okay=False, help="单份文书的输出文件（.docx）"),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", metavar="模式", help="文件名模式，如 {编号}-{申请人.姓名}")
    ] = None,
    blank: Annotated[bool, typer.Option("--blank", help="生成留有下划线空格的空白表，供手写填写")] = False,
    templates: Annotated[
        Path | None, typer.Option("--templates", metavar="目录", file_okay=False, help="自定义模板目录")
    ] = None,
    base_docx: Annotated[
        Path | None,
        typer.Option("--base-docx", metavar="文件", dir_okay=False, help="底稿 .docx（信头、样式）"),
    ] = None,
    exclude_list: Annotated[
        Path | None,
        typer.Option(
            "--exclude-list", metavar="文件", dir_okay=False, help="不适用告知承诺制的申请人名单（CSV）"
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF")] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="批量时的并行进程数（默认按 CPU 数）")
    ] = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """生成一份文书（--data、--set）、一批文书（--batch）或空白表（--blank）。

    退出码：0 全部生成；1 有文书因数据问题未生成；2 用法错误或内部错误。
    """
    from gaozhi_cli.letters.data import apply_sets
    from gaozhi_cli.letters.forms import find_form
    from gaozhi_cli.letters.generate import LetterMaker, LetterRequest, blank_form

    chosen = find_form(kind)
    modes = [m for m, on in (("--batch", batch is not None), ("--blank", blank)) if on]
    if len(modes) > 1 or (batch is not None and (data is not None or sets)) or (blank and data is not None):
        raise fail("--batch、--blank 与 --data/--set 只能选一种（空白表可用 --set 选择协助方式）")
    if batch is not None and output is not None:
        raise fail("批量生成时用 --out-dir 指定目录，不能用 --output")
    if blank:
        chosen = blank_form(chosen, apply_sets({}, sets or []))
    output = _output_target(output, pdf=pdf)
    if pdf:
        from gaozhi_cli.letters.pdf import soffice

        soffice()  # no LibreOffice: say so before anything is written
    request = LetterRequest.from_options(
        chosen.id,
        load_settings(config),
        catalog=catalog,
        item=item,
        templates=templates,
        base_docx=base_docx,
        exclude_list=exclude_list,
        blank=blank,
    )
    maker = LetterMaker.prepare(request)
    err = console(stderr=True)
    for warning in maker.warnings:
        err.print(f"[yellow]提示：[/]{_escape(warning)}", soft_wrap=True)
    directory = out_dir or Path(".")
    if batch is not None:
        raise typer.Exit(_batch(maker, batch, directory, name, force=force, pdf=pdf, jobs=jobs))
    raise typer.Exit(
        _single(
            maker,
            data,
            [] if blank else sets or [],
            output,
            directory,
            name,
            force=force,
            pdf=pdf,
            blank=blank,
        )
    )


def _output_target(output: Path | None, *, pdf: bool) -> Path | None:
    """The .docx to write for ``-o``: a letter is a .docx; ``-o x.pdf`` needs ``--pdf`` and
    then writes x.docx beside it."""
    if output is None:
        return None
    suffix = output.suffix.lower()
    if suffix == ".pdf":
        if not pdf:
            raise fail(
                f"输出文件 {output.name} 是 .pdf，但文书生成为 Word 文件（.docx）：请加 --pdf 同时生成 PDF，"
                "或把输出文件名改为 .docx"
            )
        return output.with_suffix(".docx")
    if suffix != ".docx":
        raise fail(f"输出文件 {output.name} 应以 .docx 结尾（文书为 Word 文件；加 --pdf 另生成同名 .pdf）")
    return output


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _single(
    maker: LetterMaker,
    data: Path | None,
    sets: list[str],
    output: Path | None,
    directory: Path,
    name: str | None,
    *,
    force: bool,
    pdf: bool,
    blank: bool,
) -> int:
    from gaozhi_cli.files import display_path
    from gaozhi_cli.letters.data import DataProblem, Source, apply_sets, read_letter_data
    from gaozhi_cli.letters.issue import write_letter

    source = None
    if not blank:
        source = read_letter_data(data) if data is not None else Source({})
        if sets:
            source = Source(
                apply_sets(source.data, sets), source.file if data is None else f"{source.file}（含 --set）"
            )
    err = console(stderr=True)
    try:
        issued = write_letter(
            maker, source, output=output, directory=directory, pattern=name, force=force, pdf=pdf
        )
    except DataProblem as exc:
        err.print(f"[bold red]未生成：[/]{_escape(exc.message)}", soft_wrap=True)
        return EXIT_FINDINGS
    target = issued.path
    for warning in issued.made.warnings:
        err.print(f"[yellow]提示：[/]{_escape(warning)}", soft_wrap=True)
    registered = f"（{issued.number}，已登记到台账）" if issued.number else ""
    err.print(f"已生成：{_escape(display_path(target))}{_escape(registered)}", soft_wrap=True)
    if pdf:
        from gaozhi_cli.letters.pdf import to_pdf

        problem = to_pdf([target], force=force)[target]
        if problem:
            err.print(f"[bold red]PDF 未生成：[/]{_escape(problem)}", soft_wrap=True)
            return EXIT_FINDINGS
        err.print(f"已生成：{_escape(display_path(target.with_suffix('.pdf')))}", soft_wrap=True)
    return EXIT_OK


def _batch(
    maker: LetterMaker,
    csv_path: Path,
    directory: Path,
    name: str | None,
    *,
    force: bool,
    pdf: bool,
    jobs: int | None,
) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from gaozhi_cli.files import display_path
    from gaozhi_cli.letters import batch
    from gaozhi_cli.letters.data import read_batch

    sources = list(read_batch(csv_path))
    if not sources:
        raise fail(f"批量文件 {display_path(csv_path)} 没有数据行")
    tasks, settled = batch.plan(maker, sources, directory, name, force=force, pdf=pdf)
    err = console(stderr=True)
    # Refreshed by hand: no refresh thread is running while the batch forks its workers.
    with Progress(
        TextColumn("生成文书"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        auto_refresh=False,
    ) as bar:
        job = bar.add_task("", total=len(tasks))

        def advance(_: object) -> None:
            bar.advance(job)
            bar.refresh()

        results = batch.run(maker, tasks, force=force, jobs=jobs, progress=advance)
    summary = batch.BatchSummary(sorted([*settled, *results], key=lambda r: r.line))
    if pdf and summary.written():
        from gaozhi_cli.letters.pdf import to_pdf

        with err.status("用 LibreOffice 生成 PDF……"):
            problems = to_pdf(summary.written(), force=force)
        summary.results = [
            batch.LetterOutcome(
                r.where, r.line, "failed", r.path, f"已生成 .docx，但 PDF 未生成：{problems[r.path]}"
            )
            if r.path is not None and problems.get(r.path)
            else r
            for r in summary.results
        ]
    _report(summary, directory)
    return EXIT_FINDINGS if summary.count("failed") else EXIT_OK


def _report(summary: BatchSummary, directory: Path) -> None:
    from gaozhi_cli.files import display_path

    err = console(stderr=True)
    for r in summary.results:
        if r.status == "failed":
            err.print(f"[bold red]失败[/] {_escape(r.where)}：{_escape(r.message)}", soft_wrap=True)
        elif r.status == "skipped":
            err.print(f"[yellow]跳过[/] {_escape(r.where)}：{_escape(r.message)}", soft_wrap=True)
        elif r.message:
            err.print(f"[yellow]提示[/] {_escape(r.where)}：{_escape(r.message)}", soft_wrap=True)
    err.print(
        f"共 {len(summary.results)} 行：已生成 {summary.count('written')} 份，跳过 {summary.count('skipped')} 行，"
        f"失败 {summary.count('failed')} 行（输出目录 {_escape(display_path(directory))}）",
        soft_wrap=True,
    )
