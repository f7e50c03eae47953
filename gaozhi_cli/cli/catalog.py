"""``gaozhi catalog``: validate catalogues, explain the rules, print the schema."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from gaozhi_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ConfigOption,
    ForceOption,
    OutputOption,
    emit,
    fail,
    handles_errors,
    load_settings,
    split_codes,
)

app = typer.Typer(
    help="证明事项目录（附件3）：校验、规则说明、格式定义。",
    no_args_is_help=True,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
)


class LintFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"
    junit = "junit"


class Profile(str, Enum):
    default = "default"
    letters = "letters"


@app.command(options_metavar="[选项]")
@handles_errors
def validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="路径...", help="目录文件或文件夹（递归查找 *.yaml、*.yml）")
    ],
    output_format: Annotated[LintFormat, typer.Option("--format", "-f", help="输出格式")] = LintFormat.text,
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
    output: OutputOption = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """校验证明事项目录：依据是否为法律法规、有无模糊表述、核查有无时限等。

    退出码：0 没有问题；1 有错误（加 --strict 时警告也算）；2 用法错误或内部错误。
    """
    from gaozhi_cli.catalog.validate import validate_paths
    from gaozhi_cli.formats import lint

    settings = load_settings(config)
    changes: dict[str, object] = {}
    if select:
        changes["select"] = split_codes(select)
    if ignore:
        changes["ignore"] = [*settings.ignore, *split_codes(ignore)]
    if profile is not None:
        changes["profile"] = profile.value
    if changes:
        settings = settings.model_copy(update=changes)
    _check_codes(settings.select + settings.ignore)
    report = validate_paths(paths, settings, jobs=jobs)
    if not report.files:
        raise fail("没有找到目录文件（*.yaml、*.yml）")
    if output_format is LintFormat.text:
        color = output is None and sys.stdout.isatty()
        text = lint.render_text(report, color=color, width=_width())
    else:
        text = lint.RENDERERS[output_format.value](report)
    emit(text, output, force=force)
    raise typer.Exit(EXIT_FINDINGS if report.fails(strict=strict) else EXIT_OK)


def _width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((100, 20)).columns)


def _check_codes(selectors: list[str]) -> None:
    from gaozhi_cli.catalog.rules import all_rules

    known = all_rules()
    for s in selectors:
        if not any(code.startswith(s.upper()) for code in known):
            raise fail(f"“{s}”不是已知的规则代码或前缀（gaozhi catalog rules 可列出全部规则）")


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command(options_metavar="[选项]")
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


@app.command(options_metavar="[选项]")
@handles_errors
def schema(output: OutputOption = None, force: ForceOption = False) -> None:
    """输出目录文件的 JSON Schema（draft 7，中文键名和说明），供编辑器补全和检查。"""
    from gaozhi_cli.catalog.schema import catalog_schema_json

    emit(catalog_schema_json(), output, force=force)
