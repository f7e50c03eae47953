"""Rich output rendered to a string, so that a report is printed or written in one piece."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def text_console(*, color: bool, width: int, soft_wrap: bool = False) -> tuple[Console, io.StringIO]:
    """A console writing into a buffer: colour only when asked (a terminal), fixed width."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=soft_wrap,
    )
    return console, buffer


# Never at the start of a line (GB/T 15834 and common CJK line breaking): closing marks.
_NO_LINE_START = set("，。、；：？！）》」』”’…—%％")


_UNITS = set("年月日号条款项个元时分秒")


def _glued(before: str, char: str) -> bool:
    """A number and its unit stay on one line: 2021, 第671号, 20日."""
    if before.isascii() and before.isalnum():
        return (char.isascii() and char.isalnum()) or char in _UNITS
    return False


def hang(text: str, width: int, indent: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` columns (CJK counts two), the first line
    ``indent`` columns shorter than the rest so the caller can put a label before it and
    indent the rest; a closing mark never starts a line, a number is never cut."""
    from rich.cells import cell_len

    lines: list[str] = []
    current, used = "", 0
    room = max(10, width - indent)
    for char in text:
        size = cell_len(char)
        glued = bool(current) and _glued(current[-1], char)
        if used + size > room and current and char not in _NO_LINE_START and not glued:
            lines.append(current)
            current, used = "", 0
        current += char
        used += size
    if current or not lines:
        lines.append(current)
    return lines
