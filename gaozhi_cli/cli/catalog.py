"""``gaozhi catalog``: validate, export, import, format and diff catalogues; rules and schema."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from gaozhi_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
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
)

app = command_group(
    "证明事项目录（附件3）：校验、导出（docx、html、md、csv、xlsx）、从表格导入、格式化、比较两个版本、"
    "规则说明、JSON Schema。"
)


class LintFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"
    junit = "junit"


_LINT_SUFFIXES = {
    ".json": (LintFormat.json, LintFormat.gitlab, LintFormat.sarif),
    ".sarif": (LintFormat.sarif,),
    ".xml": (LintFormat.junit,),
    ".txt": (LintFormat.text, LintFormat.concise),
}


class Profile(str, Enum):
    default = "default"
    letters = "letters"


@app.command()
@handles_errors
def validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="路径...", help="目录文件或文件夹（递归查找 *.yaml、*.yml）")
    ],
    output_format: Annotated[
        LintFormat | None,
        typer.Option("--format", "-f", help="输出格式；不写时按 -o 文件的扩展名决定，默认 text"),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也返回退出码 1")] = False,
    profile: Annotated[
        Profile | None,
        typer.Option("--profile", help="letters：按打印告知承诺书的要求检查（GZ6xx 升为错误）"),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="代码", help="只运行这些规则（代码或前缀，逗号分隔）"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="代码", help="不运行这些规则（代码或前缀，逗号分隔）"),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数（默认按文件量自动决定）")
    ] = None,
    show_bases: Annotated[
        bool,
        typer.Option("--show-bases", help="列出每条设定依据在法规库中对应的文件、层级和版本（text 格式）"),
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """校验证明事项目录：依据是否为现行法律法规、文号条款是否对得上原文、有无模糊表述、核查有无时限等。

    退出码：0 没有问题；1 有错误（加 --strict 时警告也算）；2 用法错误或内部错误。
    """
    from gaozhi_cli.catalog.rules import unknown_selectors
    from gaozhi_cli.catalog.validate import validate_paths
    from gaozhi_cli.formats import lint

    output_format = format_for_output(output_format, output, _LINT_SUFFIXES, LintFormat.text)
    settings = load_settings(config).with_rule_options(
        select=select, ignore=ignore, profile=profile.value if profile else None
    )
    unknown = unknown_selectors(settings.select + settings.ignore)
    if unknown:
        raise fail(f"“{unknown[0]}”不是已知的规则代码或前缀（gaozhi catalog rules 可列出全部规则）")
    report = validate_paths(paths, settings, jobs=jobs)
    if not report.files:
        raise fail("没有找到目录文件（*.yaml、*.yml）")
    if output_format is LintFormat.text:
        color = output is None and sys.stdout.isatty()
        text = lint.render_text(report, color=color, width=terminal_width(), show_bases=show_bases)
    else:
        text = lint.RENDERERS[output_format.value](report)
    emit(text, output, force=force)
    raise typer.Exit(EXIT_FINDINGS if report.fails(strict=strict) else EXIT_OK)


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
@handles_errors
def rules(
    code: Annotated[str | None, typer.Argument(metavar="[代码]", help="只说明这一条规则，如 GZ201")] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="输出格式")] = RulesFormat.text,
) -> None:
    """列出全部规则，或详细说明一条规则（内容、原因、依据、反例和正例）。"""
    from gaozhi_cli.catalog.rules import all_rules
    from gaozhi_cli.formats import ruledocs

    known = all_rules()
    chosen = list(known.values())
    if code is not None:
        wanted = code.strip().upper()
        by_name = {r.name: r for r in chosen}
        if wanted in known:
            chosen = [known[wanted]]
        elif code.strip().lower() in by_name:
            chosen = [by_name[code.strip().lower()]]
        else:
            raise fail(f"没有规则“{code}”（gaozhi catalog rules 可列出全部规则）")
    if output_format is RulesFormat.json:
        emit(ruledocs.rules_json(chosen), None, force=False)
    elif output_format is RulesFormat.markdown:
        emit(ruledocs.rules_markdown(chosen), None, force=False)
    elif code is None:
        ruledocs.print_table(chosen)
    else:
        ruledocs.print_rule(chosen[0])


@app.command()
@handles_errors
def schema(output: OutputOption = None, force: ForceOption = False) -> None:
    """输出目录文件的 JSON Schema（draft 7，中文键名和说明），供编辑器补全和检查。"""
    from gaozhi_cli.catalog.schema import catalog_schema_json

    emit(catalog_schema_json(), output, force=force)


class ExportFormat(str, Enum):
    docx = "docx"
    html = "html"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"


_BINARY_FORMATS = (ExportFormat.docx, ExportFormat.xlsx)


@app.command()
@handles_errors
def export(
    paths: Annotated[
        list[Path], typer.Argument(metavar="路径...", help="目录文件或文件夹（文件夹中每个目录一张表）")
    ],
    output_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="输出格式；不写时按 -o 文件的扩展名决定，输出到屏幕时默认 md"),
    ] = None,
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help="目录有错误也导出（仅供内部审阅，不要对外公布）")
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """导出附件3目录表：docx、html（可离线搜索）、md、csv、xlsx。

    docx 为 A4 横向公文格式，表头在每页重复；html 是一个可离线搜索的网页；csv 可用 Excel 直接打开。

    有错误的目录拒绝导出（退出码 2），先用 gaozhi catalog validate 修正。
    """
    from gaozhi_cli.catalog.publication import load_publication
    from gaozhi_cli.formats import catalog_table

    chosen = _export_format(output_format, output)
    if chosen in _BINARY_FORMATS and output is None:
        raise fail(f"{chosen.value} 是二进制文件，请用 -o 指定输出文件，如 -o 目录.{chosen.value}")
    publication = load_publication(paths, load_settings(config), allow_errors=allow_errors)
    notice = catalog_table.export_notice(publication)
    if notice:
        console(stderr=True).print(notice, soft_wrap=True)
    rendered = catalog_table.render_publication(publication.tables, chosen.value)
    emit(rendered, output, force=force, what=catalog_table.contents(publication.tables))


_EXPORT_SUFFIXES = {
    ".docx": (ExportFormat.docx,),
    ".html": (ExportFormat.html,),
    ".htm": (ExportFormat.html,),
    ".md": (ExportFormat.md,),
    ".markdown": (ExportFormat.md,),
    ".csv": (ExportFormat.csv,),
    ".xlsx": (ExportFormat.xlsx,),
}


def _export_format(chosen: ExportFormat | None, output: Path | None) -> ExportFormat:
    if chosen is None and output is not None and output.suffix.lower() not in _EXPORT_SUFFIXES:
        raise fail(
            f"无法从文件名 {output.name} 判断输出格式，请用 --format 指定（docx、html、md、csv、xlsx）"
        )
    return format_for_output(chosen, output, _EXPORT_SUFFIXES, ExportFormat.md)


@app.command("import")
@handles_errors
def import_(
    table: Annotated[
        Path,
        typer.Argument(
            metavar="表格",
            help="附件3 样式的表格：.docx、.xlsx、.xls、.ods、.csv 或网页 .html",
            dir_okay=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="文件", dir_okay=False, help="写入的目录文件（.yaml）")
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency", metavar="机关", help="行政机关名称：表格里没有时填写；文件含多个机关的表格时选择其一"
        ),
    ] = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """把已有的附件3表格（Word、Excel、CSV）导入为目录文件。

    表头可以跨两行、有合并单元格，单元格内可以换行，序号可以不连续（会重新编号）。
    设定依据尽量拆成 名称、文号、条款、内容；拆不开的原样保留并在 YAML 中加注释。
    写入后立即校验并报告错误和警告数，详情用 gaozhi catalog validate 查看。
    """
    from gaozhi_cli.catalog.fmt import dump
    from gaozhi_cli.catalog.importer import import_table
    from gaozhi_cli.catalog.validate import validate_text
    from gaozhi_cli.files import atomic_write, display_path

    imported = import_table(table, agency)
    text = f"# 由 gaozhi catalog import 从 {table.name} 导入；请用 gaozhi catalog validate 检查\n" + dump(
        imported.data
    )
    atomic_write(output, text.encode("utf-8"), force=force)
    err = console(stderr=True)
    for note in imported.notes:
        err.print(f"[yellow]提示：[/]{_markup_escape(note)}", soft_wrap=True)
    result = validate_text(text, load_settings(config), file=display_path(output))
    errors = sum(1 for d in result.diagnostics if d.severity.rank >= 2)
    warnings = len(result.diagnostics) - errors
    err.print(
        f"已写入 {display_path(output)}：{imported.items} 个证明事项；校验结果 {errors} 个错误、{warnings} 个警告"
        + (f"（gaozhi catalog validate {display_path(output)} 查看详情）" if result.diagnostics else ""),
        soft_wrap=True,
    )


def _markup_escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
@handles_errors
def fmt(
    paths: Annotated[list[Path], typer.Argument(metavar="路径...", help="目录文件或文件夹")],
    check: Annotated[
        bool, typer.Option("--check", help="只检查不改写：有文件需要格式化时退出码为 1（用于 CI）")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="只显示会做的改动（统一 diff 格式），不改写")] = False,
    fill_basis: Annotated[
        bool,
        typer.Option(
            "--fill-basis", help="从法规库填入空着的条文内容，并把依据名称改为全称（可先用 --diff 查看）"
        ),
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数（默认按文件量自动决定）")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """格式化目录文件：重新编号序号、排列键的顺序，保留注释和引号；--fill-basis 从法规库填入条文。

    退出码：0 没有需要改动的文件（或已改写）；1 加 --check/--diff 时有文件需要格式化；2 有文件无法读取或解析。
    """
    from gaozhi_cli.catalog.fmt import format_paths
    from gaozhi_cli.formats.catalog_fmt import report_format_run

    settings = load_settings(config)
    run = format_paths(
        paths,
        max_size=settings.max_file_size,
        check=check,
        diff=diff,
        fill_from=settings.statute_folders if fill_basis else None,
        jobs=jobs,
    )
    report_format_run(run, console(stderr=True), sys.stdout, list_changed=check)
    if run.broken:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if run.changed and not run.writes else EXIT_OK)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    docx = "docx"


@app.command()
@handles_errors
def diff(
    versions: Annotated[
        list[str],
        typer.Argument(
            metavar="旧版 新版",
            help="两个版本：文件、文件夹，或 git 中的版本（修订:路径，如 HEAD~1:catalogs/司法局.yaml）",
        ),
    ],
    rev: Annotated[
        list[str] | None,
        typer.Option(
            "--rev",
            metavar="修订",
            help="与 git 修订比较：--rev 修订 路径（旧版取该修订，新版为工作区）；--rev 旧 --rev 新 路径",
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format", "-f", help="输出格式：text、json，或 docx 调整说明（须用 -o；-o 以 .docx 结尾时默认）"
        ),
    ] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="有变化时退出码为 1（用于 CI）")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """比较目录的两个版本：新增、取消和调整的证明事项，逐字段列出。

    按“证明事项＋证明用途”对应，而不是按序号。可输出 docx 调整说明，作为公布通知的附件。
    """
    from gaozhi_cli.catalog.diff import diff_versions, load_version
    from gaozhi_cli.formats import catalog_diff

    old_spec, new_spec = _diff_specs(versions, rev or [])
    settings = load_settings(config)
    report = diff_versions(load_version(old_spec, settings), load_version(new_spec, settings))
    suffixes = {".docx": (DiffFormat.docx,), ".json": (DiffFormat.json,), ".txt": (DiffFormat.text,)}
    chosen = format_for_output(output_format, output, suffixes, DiffFormat.text)
    if chosen is DiffFormat.docx and output is None:
        raise fail("docx 调整说明是二进制文件，请用 -o 指定输出文件，如 -o 调整说明.docx")
    emit(catalog_diff.render_report(report, chosen.value), output, force=force)
    for warning in report.warnings if chosen is DiffFormat.docx else ():
        say(f"注意：{warning}")
    raise typer.Exit(EXIT_FINDINGS if exit_code and report.has_changes else EXIT_OK)


def _diff_specs(versions: list[str], revs: list[str]) -> tuple[str, str]:
    """(old, new) from ``OLD NEW``, ``--rev R PATH`` or ``--rev A --rev B PATH``."""
    if not revs:
        if len(versions) != 2:
            raise fail("请给出两个版本：gaozhi catalog diff 旧版 新版（或 --rev 修订 路径）")
        return versions[0], versions[1]
    if len(versions) != 1 or len(revs) > 2:
        raise fail("用 --rev 时只给一个路径：--rev 修订 路径，或 --rev 旧修订 --rev 新修订 路径")
    path = versions[0]
    # git reads "REV:./path" relative to the working directory, as the user typed the path.
    spec = path if path.startswith(("/", "./", "../")) else f"./{path}"
    old = f"{revs[0]}:{spec}"
    return old, (f"{revs[1]}:{spec}" if len(revs) == 2 else path)
