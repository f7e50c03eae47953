"""What ``catalog fmt`` says: errors, what was (or would be) changed, and a one-line total."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape

from gaozhi_cli.catalog.fmt import FormatRun
from gaozhi_cli.files import display_path


def report_format_run(run: FormatRun, err: Console, out: TextIO, *, list_changed: bool) -> None:
    """Diffs to ``out``; messages to ``err``; ``list_changed`` names each file to format (--check)."""
    will = "已" if run.writes else "将"
    for outcome in run.outcomes:
        shown = escape(display_path(outcome.path))
        if outcome.error is not None:
            err.print(f"[bold red]错误：[/]{shown}：{escape(outcome.error)}", soft_wrap=True)
            continue
        out.write(outcome.diff)
        if outcome.recoded:
            err.print(f"{shown}：编码{will}改为 UTF-8", soft_wrap=True)
        if outcome.filled or outcome.titled:
            err.print(
                f"{shown}：{will}从法规库填入 {outcome.filled} 处条文内容、改写 {outcome.titled} 个依据名称为全称",
                soft_wrap=True,
            )
    verb = "已格式化" if run.writes else "需要格式化"
    for outcome in run.changed if list_changed else []:
        err.print(f"{verb}：{escape(display_path(outcome.path))}", soft_wrap=True)
    summary = f"{len(run.changed)} 个文件{verb}，{run.unchanged} 个文件无需改动"
    err.print(summary + (f"，{run.broken} 个文件无法格式化" if run.broken else ""), soft_wrap=True)
