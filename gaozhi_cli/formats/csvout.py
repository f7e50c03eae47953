"""CSV that Chinese Excel and WPS open correctly, and that cannot run formulas.

UTF-8 with a BOM (without it, Excel on a Chinese Windows reads UTF-8 as GBK and shows
mojibake); cells that look like formulas neutralised (``cellsafety.excel_safe``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from gaozhi_cli.cellsafety import FORMULA_START, excel_safe

BOM = "\ufeff"
_FORMULA_CHARS = frozenset(FORMULA_START)


def write_excel_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Stream a CSV document (BOM first) to a text stream opened with encoding utf-8."""
    stream.write(BOM)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([excel_safe(h) for h in header])
    writer.writerows(map(_safe, rows))


def excel_csv_line(row: Sequence[object]) -> str:
    """One row as ``write_excel_csv`` writes it, without the line break."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(_safe(row))
    return buffer.getvalue()[:-2]


def _safe(row: Sequence[object]) -> list[object]:
    # Per-cell work is the cost of a million-row export: only text can be a formula (the csv
    # module writes None as "" and numbers as themselves), so test strings inline.
    return [("'" + v) if type(v) is str and v[:1] in _FORMULA_CHARS else v for v in row]


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV document (starting with the BOM) as a string."""
    buffer = io.StringIO()
    write_excel_csv(buffer, header, rows)
    return buffer.getvalue()
