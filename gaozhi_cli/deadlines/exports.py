"""Open an export by what its bytes are, not its name: CSV (or tab-separated text saved as
.xls), an Excel or OpenDocument workbook, or the HTML table or XML Spreadsheet some platforms
save as .xls."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from gaozhi_cli.deadlines.reader import Batch, Export, Span
from gaozhi_cli.deadlines.sheet import SheetExport
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path
from gaozhi_cli.workbook import WorkbookError, sniff_workbook


class OpenRecords(Protocol):
    """Records read like an export's (reader.Export): a header, batches, progress."""

    @property
    def header(self) -> Sequence[str]: ...
    @property
    def shown(self) -> str: ...
    @property
    def encoding_label(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int: ...
    def batches(self) -> Iterator[Batch]: ...
    def close(self) -> None: ...


class Records(Protocol):
    """Records that are not a file (the ledger's cases, ledger.deadlines.LedgerCases):
    ``split`` into spans of its own kind for the processes of a report, each ``open``ed
    there; picklable."""

    @property
    def size(self) -> int: ...
    def split(self, parts: int) -> list[Span]: ...
    def open(self, span: Span | None = None) -> OpenRecords: ...


AnyExport = Export | SheetExport | OpenRecords


def is_workbook(path: Path) -> bool:
    try:
        return sniff_workbook(path) is not None
    except WorkbookError:
        return False


def open_export(
    path: Path | Records,
    span: Span | None = None,
    known: frozenset[str] = frozenset(),
    sheet: str | None = None,
) -> AnyExport:
    if not isinstance(path, Path):
        return path.open(span)
    try:
        kind = sniff_workbook(path)
    except WorkbookError as exc:
        raise UsageError(exc.message) from None
    if kind is not None:
        return SheetExport(path, known, sheet)
    if sheet is not None:
        raise UsageError(f"--sheet 只用于 Excel 或 ODS 工作簿，{display_path(path)} 是文本文件")
    _refuse_xml(path)
    return Export(path, span, known)


def _refuse_xml(path: Path) -> None:
    """An XML file that is no XML Spreadsheet (those are workbooks) is not read as CSV."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return  # Export says why it cannot be read
    if head.startswith(b"<?xml"):
        raise UsageError(
            f"{display_path(path)} 是 XML 文件，不是 Excel 工作簿，也不是 Excel 的 XML 电子表格；"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV 再统计"
        )
