"""Read the tables of a .docx, .xlsx, .xls, .ods or .csv file as grids of text cells.

Merged cells are spread over every grid position they cover, and each position remembers
which merged cell it came from, so that the importer can tell one item written over two rows
(its 序号 cell merged) from two items that share a name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.cellsafety import FORMULA_START
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import NotTextError, decode_bytes, display_path, os_reason
from gaozhi_cli.workbook import SUFFIXES as WORKBOOK_SUFFIXES
from gaozhi_cli.workbook import Merged, Workbook, WorkbookError, cell_text
from gaozhi_cli.zipguard import UnsafePackage, check_zip

SUFFIXES = (".docx", ".csv", *WORKBOOK_SUFFIXES)


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
            f"{display_path(path)}：只能导入 .docx、.xlsx、.xls、.ods、.csv 文件或网页（.html）（旧版 .doc 请先另存为 .docx）"
        )
    if suffix in WORKBOOK_SUFFIXES:
        try:
            return _workbook(path)
        except WorkbookError as exc:
            raise TableReadError(exc.message) from None
    try:
        if suffix == ".docx":
            check_zip(path, "docx")
        data = path.read_bytes()
    except UnsafePackage as exc:
        raise TableReadError(exc.message) from None
    except OSError as exc:
        raise TableReadError(f"无法读取 {display_path(path)}：{os_reason(exc)}") from exc
    try:
        return _docx(data) if suffix == ".docx" else _csv(data)
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


def _workbook(path: Path) -> list[Grid]:
    """Every worksheet; a merged range is spread over the positions it covers within the data."""
    book = Workbook(path)
    grids = []
    try:
        for name in book.names:
            sheet = book.sheet(name)
            top, left = sheet.first_row, sheet.first_column
            values = [[cell_text(v) for v in row] for row in sheet.rows()]
            spans: dict[tuple[int, int], tuple[Merged, str]] = {}
            for m in sheet.merged:  # clipped to the data: nothing is spread where there is none
                first = (
                    values[m.first_row - top][m.first_column - left] if _inside(m, top, left, values) else ""
                )
                for r in range(max(m.first_row, top), min(m.last_row, top + len(values) - 1) + 1):
                    for c in range(max(m.first_column, left), min(m.last_column, left + sheet.width - 1) + 1):
                        spans[(r, c)] = (m, first)
            rows = []
            for i, row in enumerate(values):
                cells = []
                for j, text in enumerate(row):
                    span = spans.get((top + i, left + j))
                    cells.append(Cell(span[1], span[0]) if span else Cell(text))
                rows.append(cells)
            grids.append(Grid(f"工作表“{name}”", rows, sheet.above, list(range(top, top + len(rows)))))
    finally:
        book.close()
    return grids


def _inside(m: Merged, top: int, left: int, values: list[list[str]]) -> bool:
    first_row, first_column = m.first_row - top, m.first_column - left
    return 0 <= first_row < len(values) and 0 <= first_column < len(values[first_row])


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
