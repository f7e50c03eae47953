"""``gaozhi letter``: the forms of annexes 1 and 4–8 as .docx (and PDF)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gaozhi_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CalendarFilesOption,
    ConfigOption,
    ForceOption,
    command_group,
    console,
    handles_errors,
    load_settings,
    say,
)

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
    say(f"已导出 {written} 个模板到 {display_path(directory)}")


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
            help="批量：CSV 文件（UTF-8 或 GB18030）或 Excel 工作簿（第一个工作表），一行一份",
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
            "--exclude-list",
            metavar="文件",
            dir_okay=False,
            help="不适用告知承诺制的申请人名单（CSV 或 Excel 工作簿）",
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF")] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="批量时的并行进程数（默认按 CPU 数）")
    ] = None,
    calendar: CalendarFilesOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """生成一份文书（--data、--set）、一批文书（--batch）或空白表（--blank）。

    退出码：0 全部生成；1 有文书因数据问题未生成；2 用法错误或内部错误。
    """
    from gaozhi_cli.formats.letter_report import batch_progress, show_generated
    from gaozhi_cli.letters.job import LetterJob, generate_letters

    job = LetterJob(
        kind,
        catalog=catalog,
        item=item,
        data=data,
        sets=sets or (),
        batch=batch,
        out_dir=out_dir,
        output=output,
        name=name,
        blank=blank,
        templates=templates,
        base_docx=base_docx,
        exclude_list=exclude_list,
        pdf=pdf,
        jobs=jobs,
        force=force,
        calendar=tuple(calendar or ()),
    )
    err = console(stderr=True)
    with batch_progress(err) as progress:
        done = generate_letters(job, load_settings(config), progress)
    show_generated(err, done)
    raise typer.Exit(EXIT_FINDINGS if done.failed else EXIT_OK)
