"""Excel 2003's XML Spreadsheet (SpreadsheetML) saved as .xls: what many Java platforms export
(a template filled in and given the .xls name), read as worksheets.

Each <Worksheet> is a sheet named by its ss:Name; rows and cells are placed by ss:Index where
given, a cell spanning others (ss:MergeAcross, ss:MergeDown) holding its value in its first
position and reported as a merged range, as a real workbook's merged cells are. Numbers are
numbers and ss:Type="DateTime" dates, as calamine gives them from a workbook. The file is parsed
a block at a time by expat's callbacks (no external entities read, entity expansion limited:
expat ≥ 2.4); a sheet past the
cell limits of a workbook is refused, not built.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from xml.parsers import expat

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
        reader = _Reader(max_columns, max_cells, self._add)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.text
        parser.EntityDeclHandler = _no_entities
        try:
            with open(path, "rb") as f:
                while block := f.read(BLOCK):
                    parser.Parse(block, False)
                parser.Parse(b"", True)
        except OSError as exc:
            raise TableFileError(f"无法读取（{os_reason(exc)}）") from None
        except expat.ExpatError as exc:
            raise TableFileError(
                f"第 {exc.lineno} 行第 {exc.offset + 1} 列起不是有效的 XML：{_reason(exc)}"
            ) from None

    def _add(self, name: str, rows: list[list[Value]], merged: list[Merge]) -> None:
        if not name or name in self._sheets:
            name = f"工作表{len(self.names) + 1}"
        self.names.append(name)
        self._sheets[name] = GridSheet(rows, merged)

    def get_sheet_by_name(self, name: str) -> GridSheet:
        return self._sheets[name]

    def close(self) -> None:
        self._sheets.clear()


Merge = tuple[tuple[int, int], tuple[int, int]]
_WORKSHEET, _ROW, _CELL, _DATA = (f"{NS} {name}" for name in ("Worksheet", "Row", "Cell", "Data"))
_NAME, _INDEX, _ACROSS, _DOWN, _TYPE = (
    f"{NS} {name}" for name in ("Name", "Index", "MergeAcross", "MergeDown", "Type")
)


class _Reader:
    """Rows of each <Worksheet> from expat's callbacks; a sheet, once read, goes to ``done``."""

    def __init__(
        self, max_columns: int, max_cells: int, done: Callable[[str, list[list[Value]], list[Merge]], None]
    ) -> None:
        self.max_columns, self.max_cells, self._done = max_columns, max_cells, done
        self._name = ""
        self._rows: list[list[Value]] = []
        self._merged: list[Merge] = []
        self._covered: dict[int, int] = {}  # column -> the last row a MergeDown from above takes
        self._cells = 0
        self._row: list[Value] | None = None
        self._cell: dict[str, str] | None = None  # the attributes of the cell being read
        self._kind = ""  # its Data's ss:Type
        self._data: list[str] | None = None  # its Data's text, while inside <Data>
        self._value: Value = ""  # its Data's value, once read

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == _CELL:
            self._cell, self._kind = attrs, ""
        elif tag == _DATA:
            if self._cell is not None:
                self._kind, self._data = attrs.get(_TYPE, "String"), []
        elif tag == _ROW:
            self._start_row(attrs)
        elif tag == _WORKSHEET:
            self._name = (attrs.get(_NAME) or "").strip()
            self._rows, self._merged, self._covered, self._cells = [], [], {}, 0

    def text(self, data: str) -> None:
        if self._data is not None:
            self._data.append(data)

    def end(self, tag: str) -> None:
        if tag == _DATA:
            if self._data is not None:
                self._value = _value(self._kind, "".join(self._data))
            self._data = None
        elif tag == _CELL:
            if self._row is not None and self._cell is not None:
                self._place(self._cell, self._value if self._kind else "")
            self._cell, self._kind = None, ""
        elif tag == _ROW:
            self._end_row()
        elif tag == _WORKSHEET:
            self._done(self._name, self._rows, self._merged)

    def _start_row(self, attrs: dict[str, str]) -> None:
        at = _count(attrs.get(_INDEX)) or len(self._rows) + 1
        at = max(at, len(self._rows) + 1)
        if at > MAX_ROWS:
            raise TableFileError(f"工作表“{self._name}”的行号 {at:,} 超过 Excel 的上限（{MAX_ROWS:,} 行）")
        if at - 1 > len(self._rows):  # rows left out before this one are empty: one list for all
            self._add_cells(at - 1 - len(self._rows))
            self._rows += [_NO_CELLS] * (at - 1 - len(self._rows))
        self._row = []

    def _place(self, attrs: dict[str, str], value: Value) -> None:
        row, r = self._row, len(self._rows)
        assert row is not None
        index = _count(attrs.get(_INDEX))
        c = max(index, len(row) + 1) - 1
        if not index:  # after a merged cell Excel gives the index; else, skip what is covered
            while self._covered.get(c, -1) >= r:
                c += 1
        across, down = _count(attrs.get(_ACROSS)), _count(attrs.get(_DOWN))
        if c + across + 1 > self.max_columns:
            raise TableFileError(f"工作表“{self._name}”第 {r + 1} 行超过 {self.max_columns:,} 列")
        if c > len(row):
            row += [""] * (c - len(row))
        row.append(value)
        if across or down:
            row += [""] * across
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


def _no_entities(name: str, *_: object) -> None:
    """Excel writes no DTD: a file that declares entities (a bomb, a file to read) is refused."""
    raise TableFileError(
        f"声明了实体“{name}”（Excel 不写实体声明；疑为“XML 炸弹”或读取外部文件的企图），未读"
    )


_REASONS = {  # expat's messages, in Chinese
    "amplification": "实体展开过多（疑为“XML 炸弹”），未读",
    "undefined entity": "引用了未定义的实体",
    "unclosed token": "文件不完整（在中途截断）",
    "no element found": "文件不完整（在中途截断）",
    "mismatched tag": "开始标签与结束标签不配对",
    "junk after document element": "根元素之后还有内容",
}


def _reason(exc: expat.ExpatError) -> str:
    said = str(exc)
    return next((why for key, why in _REASONS.items() if key in said), "格式错误")


def _count(value: str | None) -> int:
    try:
        return max(0, min(int((value or "0").strip()), 1 << 31))
    except ValueError:
        return 0


def _value(kind: str, text: str) -> Value:
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
