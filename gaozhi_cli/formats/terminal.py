"""Terminal output rendered to a string, so that a report is printed or written in one piece:
as rich prints it, written here where that is simple (styled lines, tables that fit), by rich
where it is not (wrapping)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


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
# The SGR codes rich writes for the styles used here, in its order (attributes, then colour);
# the theme's names as the default theme spells them.
_SGR = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "red": 31, "green": 32, "yellow": 33, "magenta": 35}
_THEME = {"table.header": "bold", "table.title": "italic", "table.caption": "dim italic"}
# Text rich would not print as it stands: control characters (it drops some, expands tabs),
# line separators (it splits lines at them); and in a header markup and emoji codes.
_UNPLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKUP = re.compile(r"[\[\]:]")


def soft_wrapped(lines: list[list[Piece]], *, color: bool, width: int) -> str:
    """``lines`` as a rich console with ``soft_wrap`` prints them (standard colours when
    ``color``), each styled piece its own escape sequence; written here without rich (a
    report of 1,500 findings: 0.45 s through rich, a few ms here), by rich where a piece
    holds a character rich treats apart or a style not known here."""
    if _UNPLAIN.search("".join(text for line in lines for text, _ in line)) or not all(
        _known(style) for line in lines for _, style in line
    ):
        from rich.text import Text

        out, buffer = text_console(color=color, width=width, soft_wrap=True)
        for line in lines:
            out.print(Text.assemble(*line))
        return buffer.getvalue()
    return styled(lines, color=color)


def styled(lines: list[list[Piece]], *, color: bool) -> str:
    """``lines`` as rich writes their segments: each styled piece in its own escape sequence
    when ``color``, the text alone otherwise."""
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    codes: dict[str, str] = {}

    def sgr(style: str) -> str:
        if style not in codes:
            words = " ".join(_THEME.get(w, w) for w in style.split()).split()
            codes[style] = "\x1b[" + ";".join(str(c) for c in sorted({_SGR[w] for w in words})) + "m"
        return codes[style]

    return "".join(
        "".join(f"{sgr(style)}{text}\x1b[0m" if style and text else text for text, style in line) + "\n"
        for line in lines
    )


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a ``Printer`` table: a cell that wraps (``wrap``) folds its text over lines
    when the table is too wide; any other is kept on one line and cut short with …"""

    header: str  # "\n" splits it over two lines
    justify: Literal["left", "right"] = "left"
    min_width: int | None = None
    wrap: bool = False


class Printer:
    """Lines and tables as a rich console of ``width`` columns prints them: the lines that
    fit and the tables that fit (rich's SIMPLE_HEAD, no edge, collapsed padding, one line a
    cell) are written here, byte for byte as rich writes them, plain or in standard colours
    (a deadline report's tables: 0.2 s through rich, a few ms here); whatever must wrap,
    rich prints."""

    def __init__(self, *, color: bool, width: int) -> None:
        self.color = color
        self.width = width
        self._parts: list[str] = []
        self._rich: tuple[Console, io.StringIO] | None = None

    def line(self, text: str, style: str = "") -> None:
        from rich.cells import cell_len

        if not _UNPLAIN.search(text) and cell_len(text) <= self.width and _known(style):
            self._parts.append(styled([[(text, style)]], color=self.color))
            return
        from rich.text import Text

        self._print(Text(text, style=style))

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], styles: Sequence[str]) -> None:
        """``rows`` under ``columns``, each row in its style of ``styles`` ("" for none)."""
        lines = table_lines(columns, rows, styles, self.width)
        if lines is not None:
            self._parts.append(styled(lines, color=self.color))
            return
        self._print(rich_table(columns, rows, styles))

    def _print(self, renderable: object) -> None:
        if self._rich is None:
            self._rich = text_console(color=self.color, width=self.width)
        console, buffer = self._rich
        console.print(renderable)
        self._parts.append(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    def text(self) -> str:
        return "".join(self._parts)


def rich_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], styles: Sequence[str]) -> Table:
    """``Printer.table``'s table as rich lays it out."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True)
    for c in columns:
        table.add_column(
            c.header, justify=c.justify, min_width=c.min_width, overflow="fold" if c.wrap else "ellipsis"
        )
    for row, style in zip(rows, styles, strict=True):
        cells = [
            Text(v) if c.wrap else Text(v, no_wrap=True, overflow="ellipsis")
            for c, v in zip(columns, row, strict=True)
        ]
        table.add_row(*cells, style=style or None)
    return table


def _known(style: str) -> bool:
    """Whether ``styled`` writes ``style`` as rich does ("" too)."""
    return all(w in _SGR or w in _THEME for w in style.split())


def table_lines(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], styles: Sequence[str], width: int
) -> list[list[Piece]] | None:
    """The segments rich prints for ``Printer.table``'s table, line by line, when it fits
    ``width`` with every cell on one line; None when rich must lay it out (too wide, a cell
    of more than one line or with a control character, a header with markup, a style not
    known here)."""
    from rich.cells import cell_len

    headers = [c.header.split("\n") for c in columns]
    if any(_MARKUP.search(c.header) or _UNPLAIN.search(c.header.replace("\n", "")) for c in columns):
        return None
    if any(_UNPLAIN.search(cell) for row in rows for cell in row) or not all(map(_known, styles)):
        return None
    # rich's widths: each cell's with its padding (the first column's 1 + 1, the others' 0 + 1;
    # collapsed), at least the column's min_width plus 1 (rich counts padding 1 there)
    widths = []
    for i, (c, header) in enumerate(zip(columns, headers, strict=True)):
        longest = max([*map(cell_len, header), *(cell_len(row[i]) for row in rows)])
        widths.append(max(longest + (2 if i == 0 else 1), (c.min_width or 0) + 1))
    if sum(widths) + len(columns) - 1 > width:
        return None

    def line(cells: Sequence[str | None], style: str) -> list[Piece]:
        """A line of the table: each cell padded, its text justified (None: a blank cell)."""
        pieces: list[Piece] = []
        for i, (c, text) in enumerate(zip(columns, cells, strict=True)):
            if i:
                pieces.append((" ", ""))
            if text is None:
                pieces.append((" " * widths[i], style))
                continue
            room = widths[i] - (2 if i == 0 else 1)
            if c.justify == "right":
                text = text.rstrip()
                body = " " * (room - cell_len(text)) + text
            else:
                body = text + " " * (room - cell_len(text))
            if i == 0:
                pieces.append((" ", style))
            pieces += [(body, style), (" ", style)]
        return pieces

    height = max(map(len, headers))
    header_style = "table.header"
    # headers sit on the bottom lines, as rich aligns them
    lines = [
        line([h[n - height + len(h)] if n >= height - len(h) else None for h in headers], header_style)
        for n in range(height)
    ]
    lines.append([("─" * (sum(widths) + len(columns) - 1), "")])
    lines += [line(row, style) for row, style in zip(rows, styles, strict=True)]
    return lines


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
