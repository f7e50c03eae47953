"""Excel and OpenDocument workbooks (.xlsx, .xlsm, .xls, .ods) read as rows of cell values;
a web page's tables (htmltable) and Excel 2003's XML Spreadsheet (xmlsheet) saved as .xls are
read as worksheets.

python-calamine (Rust) reads all four formats, ten times faster than openpyxl's read-only
mode on a million-row export (12.8 s against 145 s here), but it builds a sheet's whole
rectangle in memory before giving one row. So before calamine sees a file it is checked:
the zip package by ``zipguard``, and the cell extent each sheet would take, found in the
same pass over the bytes (xlsx: the cell references and row numbers; ods: the repeated rows
and columns that hold a value). A cell at XFD1048576, a merged range over the whole sheet or
a package that inflates to gigabytes is refused with a message, never a memory blow-up.
An .xls sheet cannot exceed 65,536 × 256 cells, within the limits.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain
from pathlib import Path
from typing import Any, cast

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import display_path, os_reason
from gaozhi_cli.zipguard import Inspector, UnsafePackage, check_zip

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".html", ".htm", ".xml")  # tables read by their bytes
MAX_COLUMNS = 1024
MAX_ROWS = 1_048_576
HTML_SNIFF = 65536  # bytes looked at for a web page's <table> or an XML Spreadsheet's namespace
MAX_CELLS = 16_777_216  # rows × columns of a sheet's rectangle: ~1.5 GB in calamine at most

Value = str | int | float | bool | date | datetime | time | timedelta | None


class WorkbookError(GaozhiError):
    """The workbook cannot be read, or would take more memory than any real export needs."""


@dataclass(frozen=True)
class Merged:
    """A merged range, 1-based and inclusive, as the sheet numbers its rows and columns."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass
class Sheet:
    name: str
    first_row: int  # the sheet's row number of the first row yielded (1-based)
    first_column: int
    height: int
    width: int
    merged: list[Merged]
    _sheet: Any
    above: list[str] = field(default_factory=list)  # a web page's lines of text before the table

    def rows(self) -> Iterator[list[Value]]:
        """The rows of the sheet's used rectangle, each ``width`` values long, the first
        being row ``first_row``. python-calamine's iter_rows starts at row 1 whatever the
        rectangle's first row (python-calamine issue #177, though its columns start at the
        rectangle's): the empty rows above the rectangle are passed over, as many as there
        are, so that a version that starts at the rectangle loses no row."""
        rows: Iterator[list[Value]] = iter(self._sheet.iter_rows())
        for _ in range(self.first_row - 1):
            row = next(rows, None)
            if row is None:
                break
            if any(v is not None and v != "" for v in row):  # the rectangle's first row
                return chain([row], rows)
        return rows


class Workbook:
    """An open workbook: ``names`` of its worksheets and ``sheet(name)``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        kind = sniff_workbook(path)
        if kind is None:
            raise WorkbookError(
                f"{self.shown}：不是 .xlsx、.xls 或 .ods 工作簿，也不是含表格的网页或 XML 电子表格"
            )
        self.kind = kind
        self._extents: dict[str, _Extent] = {}  # by worksheet part (xlsx) or sheet name (ods)
        self._parts: dict[str, str] = {}
        self._book: Any = None
        if kind in ("html", "xml"):
            self._open_grid(kind)
            return
        if self.kind != "xls":
            self._guard()
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        labelled = path.suffix.lower().lstrip(".").replace("xlsm", "xlsx") == self.kind
        try:  # calamine picks the reader by the extension of a path, by the bytes of a stream
            self._book = CalamineWorkbook.from_path(str(path)) if labelled else _from_stream(path)
        except OSError as exc:
            raise WorkbookError(f"无法读取 {self.shown}：{os_reason(exc)}") from None
        except Exception as exc:  # CalamineError, or a plain error for some damaged files
            raise WorkbookError(f"{self.shown} 不是有效的 {self.kind} 工作簿，无法读取（{exc}）") from None
        self.names = [m.name for m in self._book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        self._parts = _xlsx_parts(path) if self.kind == "xlsx" else {}

    def _open_grid(self, kind: str) -> None:
        """A web page's tables, or an XML Spreadsheet's worksheets, read by gaozhi itself."""
        from gaozhi_cli.htmltable import HtmlBook, TableFileError
        from gaozhi_cli.xmlsheet import XmlBook

        book = HtmlBook if kind == "html" else XmlBook
        try:
            self._book = book(self.path, max_columns=MAX_COLUMNS, max_cells=MAX_CELLS)
        except TableFileError as exc:
            what = "网页格式的表格" if kind == "html" else "XML 电子表格"
            raise WorkbookError(f"{self.shown}（{what}）：{exc}") from None
        self.names = self._book.names

    def _guard(self) -> None:
        try:
            check_zip(self.path, self.kind, inspect=lambda name: _scanner(self.kind, name, self._extents))
        except UnsafePackage as exc:
            raise WorkbookError(exc.message) from None
        except _Overflow as overflow:
            name = overflow.part
            if self.kind != "ods":
                name = _xlsx_parts(self.path).get(overflow.part, overflow.part)
            raise overflow.extent.refuse(self.shown, name) from None
        if self.kind == "ods":  # calamine reads every sheet of an .ods when it opens the file
            for name, extent in self._extents.items():
                if extent.too_big:
                    raise extent.refuse(self.shown, name)

    def sheet(self, name: str) -> Sheet:
        """A worksheet, checked against the limits before calamine builds it."""
        part = next((p for p, n in self._parts.items() if n == name), None)
        extent = self._extents.get(part or name)
        if extent is not None and extent.too_big:
            raise extent.refuse(self.shown, name)
        try:
            sheet = self._book.get_sheet_by_name(name)
        except Exception as exc:
            raise WorkbookError(f"{self.shown}：无法读取工作表“{name}”（{exc}）") from None
        start = sheet.start or (0, 0)
        merged = [Merged(a + 1, b + 1, c + 1, d + 1) for (a, b), (c, d) in sheet.merged_cell_ranges or []]
        for m in merged:
            rows, columns = m.last_row - m.first_row + 1, m.last_column - m.first_column + 1
            if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                where = f"{cell_name(m.first_row, m.first_column)}:{cell_name(m.last_row, m.last_column)}"
                raise WorkbookError(
                    f"{self.shown} 工作表“{name}”：合并单元格 {where}（{rows:,} 行 × {columns:,} 列）超出可读取的范围"
                    f"（最多 {MAX_COLUMNS:,} 列、{MAX_CELLS:,} 个单元格）；请取消这个合并后另存"
                )
        above = list(getattr(sheet, "above", ()))  # a web page's text before its table
        return Sheet(name, start[0] + 1, start[1] + 1, sheet.height, sheet.width, merged, sheet, above)

    def close(self) -> None:
        self._book.close()


_REL = re.compile(r"""<(?:\w+:)?Relationship\b[^>]*>""")
_SHEET = re.compile(r"""<(?:\w+:)?sheet\b[^>]*>""")
_ATTR = re.compile(r"""([\w:]+)\s*=\s*["']([^"']*)["']""")


def _xlsx_parts(path: Path) -> dict[str, str]:
    """Worksheet part → sheet name, from xl/workbook.xml and its relationships."""
    import zipfile
    from html import unescape

    try:
        with zipfile.ZipFile(path) as package:
            texts = {}
            for member in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                info = package.getinfo(member)
                if info.file_size > 16 * 1024**2:
                    return {}
                texts[member] = package.read(info).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return {}
    targets = {}
    for tag in _REL.findall(texts["xl/_rels/workbook.xml.rels"]):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get("Target", "").lstrip("/")
        targets[attrs.get("Id")] = target if target.startswith("xl/") else f"xl/{target}"
    parts = {}
    for tag in _SHEET.findall(texts["xl/workbook.xml"]):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rid in targets:
            parts[targets[rid]] = unescape(attrs.get("name", ""))
    return parts


def sniff_workbook(path: Path) -> str | None:
    """``xlsx``, ``xls``, ``ods``, ``html`` (a web page's tables saved as .xls) or ``xml`` (an
    XML Spreadsheet saved as .xls) by the file's first bytes (exports are often mislabelled: an
    .xlsx saved as .xls), None for anything else."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if head.startswith(b"\xd0\xcf\x11\xe0"):
                return "xls"
            if not head.startswith(b"PK\x03\x04"):
                from gaozhi_cli.htmltable import sniff_html
                from gaozhi_cli.xmlsheet import sniff_xml_spreadsheet

                head += f.read(HTML_SNIFF)
                return "html" if sniff_html(head) else "xml" if sniff_xml_spreadsheet(head) else None
            f.seek(30)  # a package's first member: ODF puts "mimetype" there, uncompressed
            return "ods" if b"opendocument.spreadsheet" in f.read(100) else "xlsx"
    except OSError as exc:
        raise WorkbookError(f"无法读取 {display_path(path)}：{os_reason(exc)}") from None


def _from_stream(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    with open(path, "rb") as f:
        return CalamineWorkbook.from_filelike(f)


EXACT_BELOW = 1e15  # a number Excel keeps as a number is exact to 15 digits, no further


def lost_digits(value: Value) -> bool:
    """Whether ``value`` is a number too long for Excel to keep exactly: an 18-digit ID number
    or a 21-digit case number typed into a number cell has lost its last digits."""
    return type(value) is float and not -EXACT_BELOW < value < EXACT_BELOW


def lost_digits_reason(column: str, value: Value) -> str:
    return (
        f"“{column}”是 Excel 以数字保存的长号码（{cell_text(value)}），超过 15 位的数字已丢失末几位；"
        "请把该列设为“文本”格式后重新输入号码（或在号码前加英文单引号）"
    )


def first_sheet_rows(path: Path) -> Iterator[tuple[int, list[Value]]]:
    """(sheet row number, values) of each row of a workbook's first sheet, none if it has no
    sheet: the lists people keep in Excel (a letter batch, an exclusion list). Raises
    WorkbookError."""
    book = Workbook(path)
    try:
        if book.names:
            sheet = book.sheet(book.names[0])
            yield from enumerate(sheet.rows(), sheet.first_row)
    finally:
        book.close()


def row_texts(header: list[str], row: list[Value]) -> tuple[list[str], str | None]:
    """The cells of ``row`` as text, trailing empty ones left out, and why one of them cannot
    be trusted (a long number Excel kept as a number, named by its column in ``header``)."""
    cells = [cell_text(v).strip() for v in row]
    while cells and not cells[-1]:
        cells.pop()
    lost = next((i for i, v in enumerate(row) if lost_digits(v)), None)
    column = header[lost] if lost is not None and lost < len(header) else f"第 {(lost or 0) + 1} 列"
    return cells, None if lost is None else lost_digits_reason(column, row[lost])


def cell_name(row: int, column: int) -> str:
    """``cell_name(1, 16384)`` → ``XFD1``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def column_number(letters: str) -> int:
    n = 0
    for char in letters.upper():
        n = n * 26 + ord(char) - 64
    return n


def cell_text(value: Value) -> str:
    """A cell as the text a user sees: dates ISO, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ", "seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# -- the extent of each sheet, found while zipguard inflates the package ------------------------


@dataclass
class _Extent:
    rows: int = 0
    columns: int = 0
    far: str = ""  # the reference of the cell that set the extent, for the message

    @property
    def too_big(self) -> bool:
        return self.columns > MAX_COLUMNS or self.rows * max(1, self.columns) > MAX_CELLS

    def refuse(self, shown: str, sheet: str) -> WorkbookError:
        where = f"（最远的单元格 {self.far}）" if self.far else ""
        return WorkbookError(
            f"{shown} 工作表“{sheet}”的数据区域有 {self.rows:,} 行 × {self.columns:,} 列{where}，"
            f"超出可读取的范围（最多 {MAX_COLUMNS:,} 列、{MAX_CELLS:,} 个单元格）。"
            "多半是远处有误填的单元格：请删除多余的行列后另存；数据确实这么多时请另存为 CSV"
            "（gaozhi 逐行读取 CSV，内存与文件大小无关）"
        )


class _Overflow(Exception):
    """Raised inside the zip pass as soon as a sheet is known to be too big."""

    def __init__(self, part: str, extent: _Extent) -> None:
        super().__init__(part)
        self.part = part
        self.extent = extent


_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# Attribute patterns with a literal start, which the re module searches for quickly; a file
# that puts spaces around "=" (no writer does) is read with the slower spaced forms.
_Q = rb"[\"']"
_EQ, _EQ_SPACED = rb"r=" + _Q, rb"r\s{0,8}=\s{0,8}" + _Q
_SPACED = re.compile(rb"r\s+=|r=\s")


def _scanner(kind: str, member: str, extents: dict[str, _Extent]) -> Inspector | None:
    if kind == "xlsx" and _WORKSHEET.fullmatch(member):
        return _XlsxScan(member, extents.setdefault(member, _Extent())).feed
    if kind == "ods" and member == "content.xml":
        return _OdsScan(extents).feed
    return None


def _greater_than(n: int) -> bytes:
    """A pattern for whole numbers greater than ``n`` (no leading zeros)."""
    s = str(n)
    alternatives = [rb"[1-9]\d{%d,11}" % len(s)]
    for i, digit in enumerate(s):
        if digit != "9":
            alternatives.append(s[:i].encode() + b"[%d-9]" % (int(digit) + 1) + rb"\d" * (len(s) - i - 1))
    return b"|".join(alternatives)


class _XlsxScan:
    """Rows are numbered by ``<row r="7">``, cells by ``<c r="B7">``. Row numbers are all
    read; of the cell references only those in a column past Z, or numbered beyond the rows
    seen so far, which a real file never has: so the scan stays a few C-level passes. Rows
    without a number count one each."""

    def __init__(self, part: str, extent: _Extent) -> None:
        self.part = part
        self.extent = extent
        self.pending = b""
        self.numbered = 0  # row elements with an r attribute
        self.elements = 0

    def feed(self, chunk: bytes) -> None:
        data = self.pending + chunk
        cut = data.rfind(b">") + 1  # attributes never span a tag's end
        if cut == 0 and len(data) > 1 << 20:  # a long text: keep only what a reference could need
            cut = len(data) - 64
        data, self.pending = data[:cut], data[cut:]
        eq = _EQ_SPACED if _SPACED.search(data) else _EQ
        extent = self.extent
        rows = re.findall(eq + rb"(\d{1,12})" + _Q, data)
        self.numbered += len(rows)
        self.elements += data.count(b"<row") + data.count(b":row")
        if rows:
            extent.rows = max(extent.rows, *map(int, rows))
        if self.elements > self.numbered:  # unnumbered rows follow on
            extent.rows = max(extent.rows, self.elements)
        for letters, number in set(re.findall(eq + rb"([A-Za-z]{2,8})(\d{1,12})" + _Q, data)):
            self._cell(letters, int(number))
        tall = eq + rb"([A-Za-z]{1,8})(" + _greater_than(extent.rows) + b")" + _Q
        for letters, number in re.findall(tall, data):
            self._cell(letters, int(number))
        while extent.columns < 26:  # a one-letter column past the widest seen: 26 searches at most
            beyond = chr(65 + extent.columns).encode()
            found = re.search(eq + b"([%s-Z%s-z])(\\d{1,12})" % (beyond, beyond.lower()) + _Q, data)
            if found is None:
                break
            self._cell(found.group(1), int(found.group(2)))
        if extent.too_big:
            raise _Overflow(self.part, extent)

    def _cell(self, letters: bytes, row: int) -> None:
        column = column_number(letters.decode("ascii"))
        extent = self.extent
        if row > extent.rows or column > extent.columns:
            extent.far = cell_name(row, column)
        extent.rows = max(extent.rows, row)
        extent.columns = max(extent.columns, column)


_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


class _OdsScan:
    """content.xml streamed through expat: rows and cells repeated by ``number-*-repeated``
    count only up to the last one holding a value (LibreOffice repeats empty ones to the end
    of the sheet, which calamine skips)."""

    def __init__(self, extents: dict[str, _Extent]) -> None:
        self.parser: Any = ET.XMLPullParser(("start", "end"))
        self.extents = extents
        self.stack: list[ET.Element] = []
        self.extent = _Extent()
        self.name = ""
        self.row = 0  # rows so far in the current table
        self.column = 0  # cells so far in the current row
        self.last = 0  # the column after the last cell with a value in the current row

    def feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)
        for event, element in cast(Iterator[tuple[str, ET.Element]], self.parser.read_events()):
            if event == "start":
                self.stack.append(element)
                if element.tag == f"{_TABLE_NS}table":
                    self.name = element.get(f"{_TABLE_NS}name", "")
                    self.extent = self.extents.setdefault(self.name, _Extent())
                    self.row = 0
                continue
            self.stack.pop()
            self._end(element)

    def _end(self, element: ET.Element) -> None:
        tag = element.tag
        if tag in (f"{_TABLE_NS}table-cell", f"{_TABLE_NS}covered-table-cell"):
            self.column += _repeat(element, "number-columns-repeated")
            if element.get(f"{_OFFICE_NS}value-type") or len(element):
                self.last = self.column
            element.clear()
        elif tag == f"{_TABLE_NS}table-row":
            repeat = _repeat(element, "number-rows-repeated")
            if self.last:
                extent = self.extent
                extent.rows = self.row + repeat
                if self.last > extent.columns:
                    extent.columns = self.last
                extent.far = cell_name(extent.rows, extent.columns)
                if extent.too_big:
                    raise _Overflow(self.name, extent)
            self.row += repeat
            self.column = self.last = 0
            element.clear()
            parent = self.stack[-1] if self.stack else None
            if parent is not None and len(parent) and parent[-1] is element:
                del parent[-1]  # keep memory flat over a million rows


def _repeat(element: ET.Element, name: str) -> int:
    text = element.get(f"{_TABLE_NS}{name}")
    return int(text) if text and text.isdigit() else 1
