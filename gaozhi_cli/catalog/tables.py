"""Read the tables of a .docx, .xlsx or .csv file as grids of text cells.

Merged cells are spread over every grid position they cover, and each position remembers
which merged cell it came from, so that the importer can tell one item written over two rows
(its 序号 cell merged) from two items that share a name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import NotTextError, decode_bytes, display_path, os_reason
from gaozhi_cli.formats.csvout import FORMULA_START

SUFFIXES = (".docx", ".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    origin: object = None  # the same object for every position of one merged cell


@dataclass(slots=True)
class Grid:
    """One table: its rows of cells, where it is, and the text just above it."""

    where: str  # 第 2 个表格, 工作表“司法局”, or "" for a CSV file
    rows: list[list[Cell]]
    above: list[str] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # as the user sees them, 1-based


class TableReadError(GaozhiError):
    pass


def read_grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TableReadError(
            f"{display_path(path)}：只能导入 .docx、.xlsx 或 .csv 文件（旧版 .doc、.xls 请先另存为新格式）"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableReadError(f"无法读取 {display_path(path)}：{os_reason(exc)}") from exc
    readers = {".docx": _docx, ".xlsx": _xlsx, ".xlsm": _xlsx, ".csv": _csv}
    try:
        return readers[suffix](data)
    except TableReadError:
        raise
    except Exception as exc:  # a damaged or mislabelled file: zip, XML or CSV errors
        kind = suffix.lstrip(".")
        raise TableReadError(
            f"{display_path(path)} 不是有效的 {kind} 文件，无法读取（{type(exc).__name__}）"
        ) from exc


def _docx(data: bytes) -> list[Grid]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    grids: list[Grid] = []
    above: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                above = [*above[-4:], text]
        elif tag == "tbl":
            table = Table(child, document)
            rows = []
            for row in table.rows:
                cells = [Cell("") for _ in range(row.grid_cols_before)]
                cells += [Cell(c.text, c._tc) for c in row.cells]
                cells += [Cell("") for _ in range(row.grid_cols_after)]
                rows.append(cells)
            grids.append(Grid(f"第 {len(grids) + 1} 个表格", rows, above, list(range(1, len(rows) + 1))))
            above = []
    return grids


def _xlsx(data: bytes) -> list[Grid]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    grids = []
    for sheet in book.worksheets:
        spans = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    spans[(r, c)] = merged
        rows = []
        numbers = []
        for r, row in enumerate(sheet.iter_rows(), start=1):
            cells = []
            for c, cell in enumerate(row, start=1):
                merged = spans.get((r, c))
                source = sheet.cell(merged.min_row, merged.min_col) if merged else cell
                cells.append(Cell(_xlsx_text(source.value), merged))
            rows.append(cells)
            numbers.append(r)
        grids.append(Grid(f"工作表“{sheet.title}”", rows, [], numbers))
    return grids


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n")


def _csv(data: bytes) -> list[Grid]:
    try:
        text = decode_bytes(data).text.lstrip("\ufeff")
    except NotTextError as exc:
        raise TableReadError(f"CSV 文件{exc.message}") from exc
    rows = [[Cell(unneutralise(v)) for v in row] for row in csv.reader(io.StringIO(text, newline=""))]
    return [Grid("", rows, [], list(range(1, len(rows) + 1)))]


def unneutralise(text: str) -> str:
    """Undo the apostrophe that formats.csvout puts before a cell Excel would run as a formula."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
