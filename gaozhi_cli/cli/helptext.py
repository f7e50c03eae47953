"""``--help`` laid out for Chinese text: every word shown, wrapped by display width.

Typer's help tables cut Chinese option texts with "…" (a run of Chinese has no space to wrap
at) and read brackets in help texts as Rich markup. This renderer puts each option on its own
line and its text below or beside it, wrapped by formats/terminal.hang, and prints every text
as written.
"""

from __future__ import annotations

import inspect
import re
import shutil
from typing import Any

from gaozhi_cli.formats.terminal import hang

TERM_COLUMN = 26  # where option texts start; longer option names put their text below
MAX_WIDTH = 100

_RANGES = [
    (re.compile(r"(\S+)<=x<=(\S+)"), r"\1 到 \2"),
    (re.compile(r"x>=(\S+)"), r"不小于 \1"),
    (re.compile(r"x<=(\S+)"), r"不大于 \1"),
    (re.compile(r"(\S+)<x<(\S+)"), r"大于 \1、小于 \2"),
    (re.compile(r"x>(\S+)"), r"大于 \1"),
    (re.compile(r"x<(\S+)"), r"小于 \1"),
]


def width() -> int:
    return min(MAX_WIDTH, max(60, shutil.get_terminal_size((80, 20)).columns))


def format_help(*, obj: Any, ctx: Any, markup_mode: Any = None) -> None:
    """Print the help of a command or group (stands in for typer.rich_utils.rich_format_help)."""
    import typer

    typer.echo(render(obj, ctx, width()), nl=False)


def render(obj: Any, ctx: Any, columns: int) -> str:
    out = [obj.get_usage(ctx).strip(), ""]
    if obj.help:
        for line in inspect.cleandoc(obj.help).splitlines():
            out += hang(line, columns - 2, 0) if line.strip() else [""]
        out.append("")
    arguments, options = [], []
    for param in obj.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        text = _with_extras(param.help or "", record[1])
        if param.param_type_name == "argument":
            arguments.append((param.metavar or param.human_readable_name, text))
        else:
            options.append((_option_names(param, ctx), text))
    for heading, rows in (("参数：", arguments), ("选项：", options), ("命令：", _commands(obj, ctx))):
        if rows:
            out.append(heading)
            for term, text in rows:
                out += _entry(term, text, columns)
            out.append("")
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def _option_names(param: Any, ctx: Any) -> str:
    names = ", ".join(sorted(param.opts, key=len))
    if param.secondary_opts:
        names += " / " + ", ".join(sorted(param.secondary_opts, key=len))
    if not param.is_flag and not getattr(param, "count", False):
        shown = param.display_type_rich(ctx) if hasattr(param, "display_type_rich") else param.metavar
        if shown:
            names += f" {shown}"
    return names


def _with_extras(help: str, record: str) -> str:
    """``help`` and the extras Click appends to it (``[默认：text; x>=1; 必填]``), in Chinese."""
    extra = record[len(help) :].strip() if record.startswith(help) else ""
    if not (extra.startswith("[") and extra.endswith("]")):
        return help
    parts = [p.strip() for p in extra[1:-1].split(";")]
    for pattern, replacement in _RANGES:
        parts = [pattern.sub(replacement, p) for p in parts]
    shown = f"（{'；'.join(parts)}）"
    return f"{help}{shown}" if help else shown


def _commands(obj: Any, ctx: Any) -> list[tuple[str, str]]:
    if not hasattr(obj, "list_commands"):
        return []
    rows = []
    summary_of = getattr(obj, "summary", None)  # the root's sub-apps: their help, not built
    for name in obj.list_commands(ctx):
        text = summary_of(name) if summary_of is not None else None
        if text is None:
            command = obj.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = command.short_help or command.help
        summary = inspect.cleandoc(text or "").split("\n\n")[0]
        rows.append((name, " ".join(summary.splitlines())))
    return rows


def _entry(term: str, text: str, columns: int) -> list[str]:
    from rich.cells import cell_len

    room = columns - TERM_COLUMN - 2  # a closing mark may hang one column past the room
    lines = hang(text, room, 0) if text else []
    head = f"  {term}"
    if cell_len(head) + 2 > TERM_COLUMN or not lines:
        return [head, *(" " * TERM_COLUMN + line for line in lines)]
    first = head + " " * (TERM_COLUMN - cell_len(head)) + lines[0]
    return [first, *(" " * TERM_COLUMN + line for line in lines[1:])]
