"""The tables of a web page saved as .xls: what many platforms export ("Excel" that is HTML,
often charset=gb2312, as WPS and old Java systems write it), read as worksheets.

Each top-level <table> is a sheet, named as the page's Excel header names it (<x:Name>) or
表格1, 表格2, …; its rows and cells are laid out as a browser lays them out, a cell spanning
rows or columns (rowspan, colspan) holding its text in its first position and reported as a
merged range, as a real workbook's merged cells are. The file is decoded and parsed a block
at a time; a table past the cell limits of a workbook is refused, not built.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

from gaozhi_cli.files import os_reason

BLOCK = 1 << 20  # bytes decoded and parsed at a time
_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_SHEET_NAME = re.compile(r"<x:Name>(.*?)</x:Name>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
MAX_TAG = 16384  # characters of a tag's attributes: a "<" with no ">" this far is text
# the name cannot run into the attributes (a space or / comes between): no backtracking between them
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9:]{{0,31}})((?:[\s/][^<>]{{0,{MAX_TAG}}})?)>")
_CELL = re.compile(r"<(t[dh])(\s[^<>]*)?>([^<]*)</t[dh]\s*>", re.IGNORECASE)
_SPANS = re.compile(r"""\b(rowspan|colspan)\s*=\s*["']?\s*(\d+)""", re.IGNORECASE)
_RAW = frozenset({"style", "script", "title", "textarea", "xml"})
_BREAK = "\u2028"  # a <br> or the end of a <p> in a cell, until the cell's spaces are collapsed
MAX_ROWSPAN, MAX_COLSPAN = 65534, 1000  # as browsers clamp them
_BLOCKS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr"})
ABOVE_LINES, ABOVE_PIECES = 5, 2000  # lines of text kept before a table, and pieces read for them


def sniff_html(head: bytes) -> bool:
    """Whether the first bytes of a file are a web page with a table (not XML Spreadsheet)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = text.decode("utf-16", "ignore").encode()
    return text.startswith(b"<") and (b"<table" in text or b"<html" in text) and b"<workbook" not in text


class TableFileError(Exception):
    """A page or XML Spreadsheet cannot be read, or a table is too big; ``str`` is the reason
    in Chinese."""


class GridSheet:
    """A table read by gaozhi itself (a page's, an XML Spreadsheet's) as calamine gives a sheet:
    ``start``, ``height``, ``width``, ``merged_cell_ranges`` (0-based, inclusive), ``iter_rows()``."""

    def __init__(
        self,
        rows: list[list[Any]],
        merged: list[tuple[tuple[int, int], tuple[int, int]]],
        above: list[str] | None = None,
    ) -> None:
        self.above = above or []  # lines of a page's text just before the table
        self.width = max(map(len, rows), default=0)
        self.height = len(rows)
        self.start = (0, 0)
        self.merged_cell_ranges = merged
        self._rows = rows

    def iter_rows(self) -> Iterator[list[Any]]:
        width = self.width
        return (row + [""] * (width - len(row)) if len(row) < width else row for row in self._rows)


class HtmlBook:
    """The tables of a page: ``names`` and ``get_sheet_by_name``."""

    def __init__(self, path: Path, *, max_columns: int, max_cells: int) -> None:
        parser = _TableParser(max_columns, max_cells)
        try:
            with open(path, "rb") as f:
                head = f.read(BLOCK)
                decoder = codecs.getincrementaldecoder(_encoding(head))("replace")
                block = head
                while block:
                    parser.feed(decoder.decode(block))
                    block = f.read(BLOCK)
                parser.feed(decoder.decode(b"", final=True))
                parser.close()
        except OSError as exc:
            raise TableFileError(f"无法读取（{os_reason(exc)}）") from None
        named = _SHEET_NAME.findall(parser.comments)
        self.names: list[str] = []
        self._sheets: dict[str, GridSheet] = {}
        for i, table in enumerate(parser.tables):
            name = named[i].strip() if i < len(named) and named[i].strip() else f"表格{i + 1}"
            if name in self._sheets:
                name = f"表格{i + 1}"
            self.names.append(name)
            self._sheets[name] = GridSheet(table.rows, table.merged, table.above)

    def get_sheet_by_name(self, name: str) -> GridSheet:
        return self._sheets[name]

    def close(self) -> None:
        self._sheets.clear()


def _encoding(head: bytes) -> str:
    """The page's encoding: its byte-order mark, its <meta charset>, else UTF-8 if the first
    block decodes as UTF-8, else GB18030 (a superset of GBK and GB2312)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    found = _CHARSET.search(head[:16384])
    if found:
        name = found.group(1).decode("ascii", "ignore").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = ""
        if codec in ("gb2312", "gbk", "gb18030", "hz"):
            return "gb18030"
        if codec:
            return codec
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut by the end of the block
            return "gb18030"
    return "utf-8"


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self.covered: dict[int, int] = {}  # column -> the last row a rowspan from above takes
        self.cells = 0
        self.above: list[str] = []  # the page's last lines of text before it (a title, the agency)

    def taken(self, row: int, column: int) -> bool:
        return self.covered.get(column, -1) >= row


class _TableParser:
    """Rows and cells of each top-level table; a table inside a cell adds its text to the cell.
    A tokenizer of its own: with html.parser a 200,000-row export took 8.5 s, with this 3.0 s."""

    def __init__(self, max_columns: int, max_cells: int) -> None:
        self.max_columns, self.max_cells = max_columns, max_cells
        self.tables: list[_Table] = []
        self.comments = ""
        self._text = ""  # fed and not yet parsed: a tag or comment cut by the end of a block
        self._depth = 0  # of <table> elements open
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._loose: list[str] = []  # text outside any table since the last one

    def feed(self, text: str) -> None:
        self._text += text
        self._parse(final=False)

    def close(self) -> None:
        self._parse(final=True)
        while self._depth:
            self._end_tag("table")

    def _parse(self, *, final: bool) -> None:
        text, pos, end = self._text, 0, len(self._text)
        while pos < end:
            lt = text.find("<", pos)
            if lt < 0:
                self._data(text[pos:])
                pos = end
                break
            if lt > pos:
                self._data(text[pos:lt])
                pos = lt
            if self._row is not None and self._depth == 1:
                cell = _CELL.match(text, lt)  # most cells: <td …>text</td>, taken whole
                if cell is not None:
                    self._end_cell()
                    self._spans(cell.group(2) or "")
                    self._cell = [cell.group(3)]
                    self._end_cell()
                    pos = cell.end()
                    continue
            if text.startswith("<!--", lt):
                close = text.find("-->", lt + 4)
                if close < 0:
                    break
                if len(self.comments) < 1 << 20:  # the Excel header with the sheet names comes first
                    self.comments += text[lt + 4 : close]
                pos = close + 3
                continue
            tag = _TAG.match(text, lt)
            if tag is None:
                if not final and end - lt <= MAX_TAG + 64:
                    break  # perhaps a tag cut by the end of the block
                self._data("<")
                pos = lt + 1
                continue
            name = tag.group(2).lower()
            pos = tag.end()
            if tag.group(1):
                self._end_tag(name)
            elif name in _RAW:  # their text is not the table's: skipped to their end tag
                close = _find_close(text, name, pos)
                if close < 0:
                    pos = end if final else lt  # at the end of the file, or read on with more text
                    break
                pos = close
            else:
                self._start_tag(name, tag.group(3))
        if pos < end and final:
            self._data(text[pos:])
            pos = end
        self._text = text[pos:]

    def _data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif not self._depth and len(self._loose) < ABOVE_PIECES:
            self._loose.append(data)

    def _start_tag(self, tag: str, attrs: str) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append(_Table())
                lines = _cell_text(self._loose or [""]).split("\n")
                self.tables[-1].above = [line for line in lines if line][-ABOVE_LINES:]
                self._loose = []
        elif tag in _BLOCKS and not self._depth:
            self._loose.append(_BREAK)
        elif tag == "br":
            if self._cell is not None:
                self._cell.append(_BREAK)
        elif self._depth != 1:
            return
        elif tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            self._spans(attrs)
            self._cell = []

    def _spans(self, attrs: str) -> None:
        if "span" not in attrs.lower():
            self._span = (1, 1)
            return
        spans = {k.lower(): v for k, v in _SPANS.findall(attrs)}
        self._span = (_span(spans.get("rowspan"), MAX_ROWSPAN), _span(spans.get("colspan"), MAX_COLSPAN))

    def _end_tag(self, tag: str) -> None:
        if tag == "table":
            if self._depth == 1:
                self._end_row()
            self._depth = max(0, self._depth - 1)
        elif tag in ("p", "div"):
            if self._cell is not None:
                self._cell.append(_BREAK)
            elif not self._depth:
                self._loose.append(_BREAK)
        elif self._depth == 1:
            if tag in ("td", "th"):
                self._end_cell()
            elif tag == "tr":
                self._end_row()

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        table, row = self.tables[-1], self._row
        text = _cell_text(self._cell)
        r = len(table.rows)
        if table.covered:
            while table.taken(r, len(row)):
                row.append("")
        c = len(row)
        rows, columns = self._span
        if c + columns > self.max_columns:
            raise TableFileError(f"第 {len(self.tables)} 个表格第 {r + 1} 行超过 {self.max_columns:,} 列")
        row += [text] + [""] * (columns - 1)
        if rows > 1 or columns > 1:
            table.merged.append(((r, c), (r + rows - 1, c + columns - 1)))
            for k in range(c, c + columns):
                table.covered[k] = max(table.covered.get(k, -1), r + rows - 1)
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is None:
            return
        table, row = self.tables[-1], self._row
        r = len(table.rows)
        while table.taken(r, len(row)):  # a rowspan from above ending the row
            row.append("")
        table.rows.append(row)
        table.cells += max(len(row), 1)
        if table.cells > self.max_cells:
            raise TableFileError(f"第 {len(self.tables)} 个表格超过 {self.max_cells:,} 个单元格")
        self._row = None


def _cell_text(parts: list[str]) -> str:
    """A cell's text as shown: runs of spaces and line breaks in the source one space, <br> a
    line break, character references decoded."""
    text = parts[0] if len(parts) == 1 else "".join(parts)
    if "&" in text:
        text = unescape(text)
    if _BREAK not in text:
        return _SPACE.sub(" ", text).strip(" ")
    lines = _SPACE.sub(" ", text).split(_BREAK)
    return "\n".join(line.strip(" ") for line in lines).strip("\n")


def _find_close(text: str, name: str, start: int) -> int:
    """Where ``</name`` starts after ``start``, -1 if not in ``text`` yet."""
    found = re.compile(rf"</{name}", re.IGNORECASE).search(text, start)
    return found.start() if found else -1


def _span(value: str | None, most: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(1, n), most)
