"""From a rendered template to a GB/T 9704 document.

The template text is read line by line; the start of a line says what it is:

    # 标题                 title, 2号小标宋, centred
    ## 一、一级标题         heading in 黑体
    ### （一）二级标题      heading in 楷体
    ^ 文字                 centred line (副标题, 编号)
    > 文字                 flush-left line (主送机关：)
    >> 文字                署名 and date: right-aligned, 4 characters in, centred on one another
    >>> 文字               flush right (函号 in a 信函)
    | 单元格 | 单元格 |     table row; consecutive rows make one table
    @无框                  the next table has no borders
    @列宽 30 48 30 48      column widths of the next table, in millimetres
    @行高 12               minimum row height of the next table, in millimetres
    @分页                  page break
    \\文字                 body text even if it starts like a mark above
    (empty line)           an empty line
    anything else          body paragraph, indented two characters

Values from the data are tokens until here (``letters.render``): marks are recognised in the
template's own text only, and tokens become text runs or underlined gaps afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.formats.gbt9704 import BODY_PT, Copy, Role
from gaozhi_cli.formtext import Gap, Segment
from gaozhi_cli.letters.render import TOKEN, Rendered, Value

_MARKS: list[tuple[str, Role]] = [
    ("### ", "heading2"),
    ("## ", "heading1"),
    ("# ", "title"),
    ("^ ", "center"),
    (">>> ", "right"),
    ("> ", "plain"),
]
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


class LayoutProblem(GaozhiError):
    pass


@dataclass(slots=True)
class _TableOptions:
    borders: bool = True
    widths: list[float] | None = None
    row_height: float | None = None


@dataclass(slots=True)
class _State:
    doc: Copy
    values: Sequence[Value]
    table_rows: list[list[list[Segment]]] = field(default_factory=list)
    table: _TableOptions = field(default_factory=_TableOptions)
    signature: list[list[Segment]] = field(default_factory=list)
    keep_following: bool = False  # after a 落款: empty lines stay with the 附注 below


def lay_out(doc: Copy, rendered: Rendered, *, template: str = "") -> None:
    """Append the rendered letter to the body of ``doc``, a copy of the form's document."""
    state = _State(doc, rendered.values)
    for number, raw in enumerate(rendered.text.splitlines(), 1):
        line = raw.strip(" \t")
        if not line.startswith("|"):
            _flush_table(state)
        signature = line.startswith(">> ")
        if not signature:
            _flush_signature(state)
        if line.startswith("@"):
            _directive(state, line, template, number)
        elif line.startswith("|"):
            state.table_rows.append([_segments(state, cell.strip(" \t")) for cell in _cells(line)])
        elif signature:
            state.signature.append(_segments(state, line[3:]))
        elif line.startswith("\\"):
            _paragraphs(state, line[1:], "body")
        else:
            role: Role = "body"
            for mark, marked in _MARKS:
                if line.startswith(mark):
                    role, line = marked, line[len(mark) :]
                    break
            _paragraphs(state, line, "plain" if not line else role)
    _flush_table(state)
    _flush_signature(state)


def _cells(line: str) -> list[str]:
    inner = line[1:-1] if line.endswith("|") and len(line) > 1 else line[1:]
    return inner.split("|")


def _segments(state: _State, text: str) -> list[Segment]:
    """Text with tokens → literal text and values, in order."""
    out: list[Segment] = []
    position = 0
    for m in TOKEN.finditer(text):
        if m.start() > position:
            out.append(text[position : m.start()])
        out.append(state.values[int(m.group(1))])
        position = m.end()
    if position < len(text):
        out.append(text[position:])
    return out


def _paragraphs(state: _State, text: str, role: Role) -> None:
    """One paragraph, or several when a value holds line breaks (each keeps its indent)."""
    lines: list[list[Segment]] = [[]]
    for seg in _segments(state, text):
        if not isinstance(seg, str) or "\n" not in seg:
            lines[-1].append(seg)
            continue
        first, *rest = seg.split("\n")
        lines[-1].append(first)
        lines.extend([part] for part in rest)
    for segments in lines:
        empty = not any(segments)
        state.doc.paragraph(segments, role, keep_next=state.keep_following and empty)
        state.keep_following = state.keep_following and empty


def _directive(state: _State, line: str, template: str, number: int) -> None:
    name, _, argument = line[1:].partition(" ")
    if name == "分页":
        state.doc.page_break()
    elif name == "无框":
        state.table.borders = False
    elif name == "列宽":
        state.table.widths = [float(n) for n in _NUMBERS.findall(argument)]
    elif name == "行高":
        heights = _NUMBERS.findall(argument)
        state.table.row_height = float(heights[0]) if heights else None
    else:
        raise LayoutProblem(
            f"模板 {template} 渲染结果第 {number} 行：不认识的排版指令“@{name}”（可用：@分页、@无框、@列宽、@行高）"
        )


def _flush_table(state: _State) -> None:
    if not state.table_rows:
        return
    columns = max(len(r) for r in state.table_rows)
    if state.table.borders:  # in a ruled form the cell itself is the blank: no underline in it
        state.table_rows = [
            [[s for s in cell if not isinstance(s, Gap)] for cell in row] for row in state.table_rows
        ]
    widths = state.table.widths if state.table.widths and len(state.table.widths) == columns else None
    borderless = not state.table.borders  # a layout grid (signature blocks): body text, flush left
    if borderless:
        state.doc.keep_with_next()
    state.doc.table(
        state.table_rows,
        borders=state.table.borders,
        widths_mm=widths,
        min_row_height_mm=state.table.row_height,
        size_pt=BODY_PT if borderless else None,
        align=["left"] * columns if borderless else None,
        keep_together=borderless,
    )
    state.table_rows = []
    state.table = _TableOptions()
    state.keep_following = borderless


def _flush_signature(state: _State) -> None:
    if state.signature:
        state.doc.keep_with_next()
        state.doc.signature(state.signature)
        state.keep_following = True
        state.signature = []
