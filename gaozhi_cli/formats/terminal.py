"""Rich output rendered to a string, so that a report is printed or written in one piece."""

from __future__ import annotations

import io
import re
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


Piece = tuple[str, str]  # a text and its rich style ("" for none): "dim", "bold red", …
# The SGR codes rich writes for the styles used here, in its order (attributes, then colour).
_SGR = {"bold": 1, "dim": 2, "underline": 4, "red": 31, "green": 32, "yellow": 33}
# rich drops some control characters, expands tabs and splits lines; it prints those lines itself.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def soft_wrapped(lines: list[list[Piece]], *, color: bool, width: int) -> str:
    """``lines`` as a rich console with ``soft_wrap`` prints them (standard colours when
    ``color``), each styled piece its own escape sequence; written here without rich (a
    report of 1,500 findings: 0.45 s through rich, a few ms here), by rich where a piece
    holds a control character."""
    if _CONTROL.search("".join(text for line in lines for text, _ in line)):
        from rich.text import Text

        out, buffer = text_console(color=color, width=width, soft_wrap=True)
        for line in lines:
            out.print(Text.assemble(*line))
        return buffer.getvalue()
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    codes: dict[str, str] = {}

    def sgr(style: str) -> str:
        if style not in codes:
            codes[style] = "\x1b[" + ";".join(str(c) for c in sorted(_SGR[w] for w in style.split())) + "m"
        return codes[style]

    return "".join(
        "".join(f"{sgr(style)}{text}\x1b[0m" if style and text else text for text, style in line) + "\n"
        for line in lines
    )


# Never at the start of a line (GB/T 15834 and common CJK line breaking): closing marks.
_NO_LINE_START = set("，。、；：？！）》」』”’…—%％")


# Never at the end of a line: opening marks go down with what they open, 第 with its number.
_NO_LINE_END = set("（《「『“‘第")
_UNITS = set("年月日号条款项个元时分秒")
# A run of ASCII without spaces (a word, a number, a path, an option such as --fail-on), a
# space, or any one other character: the pieces a line may break between.
_PIECES = re.compile(r"[!-~]+|\s|.", re.DOTALL)


def hang(text: str, width: int, indent: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` columns (CJK counts two), the first line
    ``indent`` columns shorter than the rest so the caller can put a label before it and
    indent the rest. A closing mark never starts a line (the character before it goes down
    with it) nor an opening one ends it; an ASCII word or number is never cut (unless longer
    than a line), nor parted from its unit (第671号); a line never starts with the space it
    broke at."""
    from rich.cells import cell_len

    lines: list[str] = []
    current: list[str] = []  # the pieces of the line being filled
    used = 0
    room = max(10, width - indent)
    for piece in _PIECES.findall(text):
        size = cell_len(piece)
        if used + size > room and current and not _glued(current[-1], piece):
            keep = _break_at(current, piece)
            if keep:
                lines.append("".join(current[:keep]).rstrip(" "))
                current = current[keep:]
                used = sum(cell_len(p) for p in current)
                if not current and piece.isspace() and piece != "\n":
                    continue
        while size > room and not current:  # longer than a line: cut, nothing else helps
            lines.append(piece[:room])
            piece = piece[room:]
            size = cell_len(piece)
        current.append(piece)
        used += size
    if current or not lines:
        lines.append("".join(current))
    return lines


def _glued(before: str, piece: str) -> bool:
    """A number and its unit stay on one line: 2021年, 第671号."""
    return before[-1].isascii() and before[-1].isalnum() and piece in _UNITS


def _break_at(current: list[str], piece: str) -> int:
    """How many pieces of ``current`` stay on the line when ``piece`` does not fit (0: none
    can be moved down, the line runs over instead)."""
    keep = len(current)
    if piece in _NO_LINE_START:  # take the character before the mark (and marks before it) down
        keep -= 1
        while keep > 0 and current[keep] in _NO_LINE_START:
            keep -= 1
    # what goes down takes along its number (671 with 号) and what may not end a line (第, （)
    while keep > 0 and (
        current[keep - 1] in _NO_LINE_END
        or (keep < len(current) and _glued(current[keep - 1], current[keep]))
    ):
        keep -= 1
    return keep
