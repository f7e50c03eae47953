"""An Excel or OpenDocument export (.xlsx, .xls, .ods) read like a CSV export: a header row
found below any title lines, records in batches, each numbered by its row in the sheet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from gaozhi_cli.deadlines.columns import clean_header, fit_header, pick_header
from gaozhi_cli.deadlines.reader import Batch
from gaozhi_cli.errors import UsageError
from gaozhi_cli.workbook import (
    Merged,
    Value,
    Workbook,
    WorkbookError,
    cell_text,
    lost_digits,
)

HEADER_ROWS = 30  # the header is looked for in this many rows at the top of a sheet


class SheetExport:
    """``header`` and ``batches()`` of one worksheet: ``sheet`` by name or 1-based number,
    else the first whose top rows name a known column."""

    def __init__(self, path: Path, known: frozenset[str], sheet: str | None = None) -> None:
        try:
            self._book = Workbook(path)
        except WorkbookError as exc:
            raise UsageError(exc.message) from None
        self.path = path
        self.shown = self._book.shown
        self.size = path.stat().st_size
        self.end = self.size
        self._read = 0
        self._carried: dict[int, tuple[int, str]] = {}  # column -> (last row, value) merged down
        try:
            self._open(sheet, known)
        except BaseException:
            self._book.close()
            raise

    def _open(self, wanted: str | None, known: frozenset[str]) -> None:
        names = self._book.names
        if not names:
            raise UsageError(f"{self.shown} 中没有工作表")
        if wanted is not None:
            name = wanted if wanted in names else None
            if name is None and wanted.isdigit() and 1 <= int(wanted) <= len(names):
                name = names[int(wanted) - 1]
            if name is None:
                raise UsageError(f"{self.shown} 中没有工作表“{wanted}”（有：{'、'.join(names)}）")
            candidates = [name]
        else:
            candidates = names
        for name in candidates:
            sheet = self._sheet(name)
            rows = sheet.rows()
            top = [_texts(r) for r in islice(rows, HEADER_ROWS)]
            index = pick_header(top, known)
            if wanted is not None or any(c in known for c in clean_header(top[index] if top else [])):
                break
        else:
            raise UsageError(
                f"{self.shown} 的工作表（{'、'.join(names)}）前 {HEADER_ROWS} 行中都找不到可识别的表头；"
                "请用 --sheet 指定工作表，列名不同时用 --columns 指定列名映射文件"
            )
        self.sheet_name = name
        kind = {"html": "网页表格", "xml": "XML 电子表格"}.get(self._book.kind, f"{self._book.kind} 工作表")
        self.encoding_label = f"{kind}“{name}”"
        self.header = fit_header(top[index], self.shown) if top else []
        self._read_columns = [i for i, name in enumerate(clean_header(self.header)) if name in known]
        self.long_numbers = LongNumbers()
        self._first = sheet.first_row + index + 1  # the sheet's row number of the first record
        self._height = sheet.height
        # a cell merged down over records (one 部门 or 收件日期 for several rows of a hand-kept
        # sheet) holds its value in its first row only: the rows below are given it, as shown
        self._merged_down = _merged_down(sheet.merged, self._first, sheet.first_column)
        self._pending = top[index + 1 :]
        self._rows = rows

    def _sheet(self, name: str):  # type: ignore[no-untyped-def]
        try:
            return self._book.sheet(name)
        except WorkbookError as exc:
            raise UsageError(exc.message) from None

    @property
    def position(self) -> int:
        done: int = self.size * self._read // max(1, self._height)
        return done

    def close(self) -> None:
        self._book.close()

    def batches(self, size: int = 2048) -> Iterator[Batch]:
        """Records of the header's width; rows with nothing in them are left out."""
        width = len(self.header)
        line = self._first
        pending: Iterator[list[str]] = iter(self._pending)
        converted = (_texts(r) for r in self._rows)
        while True:
            chunk = list(islice(pending, size)) or list(islice(converted, size))
            if not chunk:
                return
            self._read = line - self._first + len(chunk)
            if self._merged_down:
                self._spread(chunk, line)
            lines, rows = [], []
            for fields in chunk:
                if any(fields):
                    lines.append(line)
                    rows.append((fields + [""] * width)[:width] if len(fields) != width else fields)
                line += 1
            if rows:
                if _lost[0]:
                    self._count_long_numbers(lines, rows)
                yield lines, rows, {}

    def _count_long_numbers(self, lines: list[int], rows: list[list[str]]) -> None:
        """Note the long numbers Excel kept as numbers in the columns that are read."""
        for line, fields in zip(lines, rows, strict=True):
            for c in self._read_columns:
                if type(fields[c]) is LostDigits:
                    self.long_numbers.add(self.header[c], line, fields[c])

    def _spread(self, chunk: list[list[str]], line: int) -> None:
        """Give the rows of ``chunk`` (the first at sheet row ``line``) the values of the cells
        merged down over them."""
        for offset, fields in enumerate(chunk):
            row = line + offset
            for last, column in self._merged_down.get(row, ()):
                if column < len(fields):
                    self._carried[column] = (last, fields[column])
            for column, (last, value) in list(self._carried.items()):
                if row > last:
                    del self._carried[column]
                elif column < len(fields) and not fields[column]:
                    fields[column] = value


def _merged_down(merged: list[Merged], first: int, left: int) -> dict[int, list[tuple[int, int]]]:
    """By the sheet row it starts on, (last row, 0-based column) of each merged range that
    starts among the records and covers more than one row."""
    down: dict[int, list[tuple[int, int]]] = {}
    for m in merged:
        if m.first_row >= first and m.last_row > m.first_row:
            down.setdefault(m.first_row, []).append((m.last_row, m.first_column - left))
    return down


_DATES: dict[date, str] = {}


def _texts(row: list[Value]) -> list[str]:
    """Cells as text; dates (a few thousand distinct ones) formatted once each."""
    out = []
    for value in row:
        if type(value) is str:
            out.append(value.strip())
        elif type(value) is date or type(value) is datetime:
            text = _DATES.get(value)
            if text is None:
                text = cell_text(value)
                if len(_DATES) < 100_000:  # timestamps with seconds are mostly distinct
                    _DATES[value] = text
            out.append(text)
        elif lost_digits(value):
            out.append(LostDigits(cell_text(value)))
            _lost[0] += 1
        else:
            out.append(cell_text(value).strip())
    return out


class LostDigits(str):
    """The text of a number too long for Excel to keep (``workbook.lost_digits``)."""


@dataclass
class LongNumbers:
    """By column: how many rows hold a LostDigits, and the first of them (line, text)."""

    seen: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def add(self, column: str, line: int, text: str) -> None:
        n, first, example = self.seen.get(column, (0, line, text))
        self.seen[column] = (n + 1, first, example)

    def warnings(self) -> list[str]:
        return [
            f"有 {n:,} 行的“{column}”是 Excel 以数字保存的长号码（如第 {line} 行的 {text}），"
            f"超过 15 位的数字已丢失末几位：这些行显示的{column}不准，时限照常判断；"
            "请让平台把该列导出为文本，或在 Excel 中把该列设为“文本”格式后重新输入"
            for column, (n, line, text) in self.seen.items()
        ]


_lost = [0]  # LostDigits made in this process: rows are looked through for them only after one
