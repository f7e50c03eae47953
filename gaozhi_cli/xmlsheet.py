"""Excel 2003's XML Spreadsheet (SpreadsheetML) saved as .xls: what many Java platforms export
(a template filled in and given the .xls name), read as worksheets.

Each <Worksheet> is a sheet named by its ss:Name; rows and cells are placed by ss:Index where
given, a cell spanning others (ss:MergeAcross, ss:MergeDown) holding its value in its first
position and reported as a merged range, as a real workbook's merged cells are. Numbers are
numbers and ss:Type="DateTime" dates, as calamine gives them from a workbook. The file is parsed
a block at a time (expat: no external entities, entity expansion limited); a sheet past the
cell limits of a workbook is refused, not built.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gaozhi_cli.files import os_reason
from gaozhi_cli.htmltable import BLOCK, GridSheet, TableFileError

NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{NS}}}"
Value = str | float | bool | date | datetime
MAX_ROWS = 1_048_576  # an Excel sheet's
_NO_CELLS: list[Value] = []  # an empty row, shared: never changed


def sniff_xml_spreadsheet(head: bytes) -> bool:
    """Whether the first bytes of a file are an XML Spreadsheet."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") and NS.encode() in text and b"Workbook" in text


class XmlBook:
    """The worksheets of an XML Spreadsheet: ``names`` and ``get_sheet_by_name``."""

    def __init__(self, path: Path, *, max_columns: int, max_cells: int) -> None:
        self.names: list[str] = []
        self._sheets: dict[str, GridSheet] = {}
        parser: ET.XMLPullParser[Any] = ET.XMLPullParser(events=("start", "end"))
        reader = _Reader(max_columns, max_cells)
        try:
            with open(path, "rb") as f:
                while block := f.read(BLOCK):
                    parser.feed(block)
                    self._take(reader, parser.read_events())
                parser.close()
                self._take(reader, parser.read_events())
        except OSError as exc:
            raise TableFileError(f"无法读取（{os_reason(exc)}）") from None
        except ET.ParseError as exc:
            line, column = exc.position
            raise TableFileError(f"第 {line} 行第 {column + 1} 列起不是有效的 XML：{_reason(exc)}") from None

    def _take(self, reader: _Reader, events: Iterator[Any]) -> None:
        for event, element in events:  # ("start" | "end", element): the only events asked for
            sheet = reader.event(event, element)
            if sheet is not None:
                name, rows, merged = sheet
                if not name or name in self._sheets:
                    name = f"工作表{len(self.names) + 1}"
                self.names.append(name)
                self._sheets[name] = GridSheet(rows, merged)

    def get_sheet_by_name(self, name: str) -> GridSheet:
        return self._sheets[name]

    def close(self) -> None:
        self._sheets.clear()


Merge = tuple[tuple[int, int], tuple[int, int]]


class _Reader:
    """Rows of each <Worksheet> as the pull parser reads them; elements dropped once read."""

    def __init__(self, max_columns: int, max_cells: int) -> None:
        self.max_columns, self.max_cells = max_columns, max_cells
        self._name = ""
        self._rows: list[list[Value]] = []
        self._merged: list[Merge] = []
        self._covered: dict[int, int] = {}  # column -> the last row a MergeDown from above takes
        self._cells = 0
        self._row: list[Value] | None = None
        self._table: ET.Element | None = None

    def event(self, event: str, element: ET.Element) -> tuple[str, list[list[Value]], list[Merge]] | None:
        tag = element.tag
        if event == "start":
            if tag == f"{_SS}Worksheet":
                self._name = (element.get(f"{_SS}Name") or "").strip()
                self._rows, self._merged, self._covered, self._cells = [], [], {}, 0
            elif tag == f"{_SS}Table":
                self._table = element
            elif tag == f"{_SS}Row":
                self._start_row(element)
            return None
        if tag == f"{_SS}Cell" and self._row is not None:
            self._cell(element)
            element.clear()
        elif tag == f"{_SS}Row":
            self._end_row()
            if self._table is not None:  # read: the tree need not hold it (a million rows)
                del self._table[:]
        elif tag == f"{_SS}Worksheet":
            element.clear()
            return self._name, self._rows, self._merged
        return None

    def _start_row(self, element: ET.Element) -> None:
        at = _index(element, len(self._rows) + 1)
        if at > MAX_ROWS:
            raise TableFileError(f"工作表“{self._name}”的行号 {at:,} 超过 Excel 的上限（{MAX_ROWS:,} 行）")
        if at - 1 > len(self._rows):  # rows left out before this one are empty: one list for all
            self._add_cells(at - 1 - len(self._rows))
            self._rows += [_NO_CELLS] * (at - 1 - len(self._rows))
        self._row = []

    def _cell(self, element: ET.Element) -> None:
        row, r = self._row, len(self._rows)
        assert row is not None
        c = _index(element, len(row) + 1) - 1
        if element.get(f"{_SS}Index") is None:  # after a merged cell Excel gives the index; else, skip
            while self._covered.get(c, -1) >= r:
                c += 1
        across = _count(element.get(f"{_SS}MergeAcross"))
        down = _count(element.get(f"{_SS}MergeDown"))
        if c + across + 1 > self.max_columns:
            raise TableFileError(f"工作表“{self._name}”第 {r + 1} 行超过 {self.max_columns:,} 列")
        row += [""] * (c - len(row))
        row.append(_value(element))
        row += [""] * across
        if across or down:
            self._merged.append(((r, c), (r + down, c + across)))
            for k in range(c, c + across + 1):
                self._covered[k] = max(self._covered.get(k, -1), r + down)

    def _end_row(self) -> None:
        if self._row is None:
            return
        self._add_cells(max(len(self._row), 1))
        self._rows.append(self._row)
        self._row = None

    def _add_cells(self, n: int) -> None:
        self._cells += n
        if self._cells > self.max_cells:
            raise TableFileError(f"工作表“{self._name}”超过 {self.max_cells:,} 个单元格")


_REASONS = {  # expat's messages, in Chinese
    "amplification": "实体展开过多（疑为“XML 炸弹”），未读",
    "undefined entity": "引用了未定义的实体",
    "unclosed token": "文件不完整（在中途截断）",
    "no element found": "文件不完整（在中途截断）",
    "mismatched tag": "开始标签与结束标签不配对",
    "junk after document element": "根元素之后还有内容",
}


def _reason(exc: ET.ParseError) -> str:
    said = str(exc)
    return next((why for key, why in _REASONS.items() if key in said), "格式错误")


def _index(element: ET.Element, default: int) -> int:
    """ss:Index, 1-based: where a row or cell is, when it does not follow the one before."""
    n = _count(element.get(f"{_SS}Index"))
    return n if n >= default else default


def _count(value: str | None) -> int:
    try:
        return max(0, min(int((value or "0").strip()), 1 << 31))
    except ValueError:
        return 0


def _value(cell: ET.Element) -> Value:
    data = cell.find(f"{_SS}Data")
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    if kind == "Number":
        digits = text.strip()
        if digits.isdigit() and len(digits) > 15:  # written in full: kept, where Excel would lose it
            return digits
        try:
            return float(digits)
        except ValueError:
            return digits
    if kind == "DateTime":
        try:
            moment = datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text.strip()
        return moment if moment.time() != datetime.min.time() else moment.date()
    if kind == "Boolean":
        return text.strip() in ("1", "true", "True")
    return text
