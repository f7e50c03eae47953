"""A case-log export read as a stream of records, each with the line it starts on.

The encoding is sniffed from the first 64 KB (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16);
the file is then decoded as it is read, so a gigabyte export takes as little memory as one
record, and bytes that do not decode spoil only the record they are in.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from gaozhi_cli.deadlines.columns import fit_header, pick_header
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import ENCODING_LABELS, NotTextError, display_path, os_reason, sniff_encoding

# First lines, records (each of the header's width), and why a record is unusable by its index.
Batch = tuple[Sequence[int], list[list[str]], dict[int, str]]
REPLACED = "\ufffd"
_decode_errors = [0]  # bumped by the codec error handler below; a Python codec handler is global


def _replace_and_count(exc: UnicodeError) -> tuple[str, int]:
    _decode_errors[0] += 1
    return REPLACED, exc.end  # type: ignore[attr-defined]


codecs.register_error("gaozhi-count", _replace_and_count)


@dataclass(frozen=True)
class Span:
    """A part of a file that starts at a record boundary, for reading it in parallel."""

    start: int  # byte offset; 0 is the beginning of the file, header included
    end: int  # byte offset just after the part
    first_line: int  # the line number at ``start``


LONGEST_LINE = 1 << 20  # bytes; a case log's line has a few hundred


class LineTooLong(Exception):
    """A line of more than LONGEST_LINE bytes: the csv module would make a list of all its
    cells (a 50 MB line of commas took 530 MB), so the file is not read on."""


class _Window(io.RawIOBase):
    """A file read from its current position up to ``end`` only, each block checked to end
    a line within LONGEST_LINE bytes of the last line break."""

    def __init__(self, raw: BinaryIO, end: int) -> None:
        self._raw = raw
        self._left = end - raw.tell()
        self._run = 0  # bytes since the last line break

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[: max(0, self._left)]
        n: int = self._raw.readinto(view)  # type: ignore[attr-defined]
        self._left -= n
        block = view[:n].tobytes()
        last = block.rfind(b"\n")
        if last < 0:
            last = block.rfind(b"\r")  # old Mac line breaks
        if last < 0:
            self._run += n
        else:
            if self._run + last > LONGEST_LINE:  # the first break may still be near enough
                first = min(i for i in (block.find(b"\n"), block.find(b"\r")) if i >= 0)
                if self._run + first > LONGEST_LINE:
                    raise LineTooLong
            self._run = n - last - 1
        if self._run > LONGEST_LINE:
            raise LineTooLong
        return n


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


class Export:
    """An open export: ``header`` and ``batches()`` of records; ``position`` is the bytes read.

    With a ``span``, only that part's records are read (the header still comes from the top).
    """

    def __init__(self, path: Path, span: Span | None = None, known: frozenset[str] = frozenset()) -> None:
        self.path = path
        self.shown = display_path(path)
        self._raw = self._open()
        self.size = os.fstat(self._raw.fileno()).st_size
        prefix = self._raw.read(65536)
        try:
            self.encoding = sniff_encoding(prefix)
            lines = prefix.decode(self.encoding, "replace").lstrip("\ufeff").splitlines()
            if not any(line.strip() for line in lines):
                raise NotTextError("是空文件（只有字节顺序标记或空白）" if prefix.strip() else "是空文件")
        except NotTextError as exc:
            self._raw.close()
            raise UsageError(f"{self.shown}：{exc.message}") from None
        head = "\n".join(lines[:5])
        self.delimiter = "\t" if head.count("\t") > head.count(",") else ","
        # Title lines above the header are skipped: the header is the first row naming columns
        # (each line read on its own, so a stray quote cannot join it to the next).
        self._skip = pick_header([_cells(line, self.delimiter) for line in lines[:30]], known)
        # A stray quote in the header would swallow the records after it: its quotes are text.
        self._stray_quote = self._skip < len(lines) and lines[self._skip].count('"') % 2 == 1
        start, end = (0, self.size) if span is None else (span.start, span.end)
        self.end = end
        self._line_offset = 0 if span is None or start == 0 else span.first_line - 1
        self._errors_before = _decode_errors[0]
        try:
            if start > 0:
                with self._open() as top:
                    self.header = self._read_header(self._wrap(io.BufferedReader(_Window(top, self.size))))
            self._raw.seek(start)
            self._text = self._wrap(io.BufferedReader(_Window(self._raw, end)))
            if start == 0:
                self.header = self._read_header(self._text)
                self._line_offset = self._skip + 1  # title and header lines, read before the records
        except LineTooLong:
            self._raw.close()
            raise self._too_long(self._skip + 1) from None
        except UsageError:  # a header too wide
            self._raw.close()
            raise
        self._reader = csv.reader(self._text, delimiter=self.delimiter)

    def _too_long(self, line: int) -> UsageError:
        return UsageError(
            f"{self.shown}：第 {line} 行起超过 {LONGEST_LINE // 1024**2} MB 没有换行，不像办件日志导出文件"
            "（文件可能损坏，或不是 CSV），没有读下去。请检查文件，或从平台重新导出"
        )

    def _read_header(self, text: io.TextIOWrapper) -> list[str]:
        for _ in range(self._skip):
            text.readline()
        line = text.readline().rstrip("\r\n")
        if self._stray_quote:
            return fit_header(line.replace('"', "").split(self.delimiter), self.shown)
        return fit_header(_cells(line, self.delimiter), self.shown)

    def _open(self) -> BinaryIO:
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise UsageError(f"找不到文件：{self.shown}") from None
        except OSError as exc:
            raise UsageError(f"无法读取 {self.shown}：{os_reason(exc)}") from None

    def _wrap(self, stream: BinaryIO | io.BufferedReader) -> io.TextIOWrapper:
        text = io.TextIOWrapper(stream, encoding=self.encoding, errors="gaozhi-count", newline="")
        text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]  # decoding 64 KB at a time reads ~20% faster
        return text

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS[self.encoding]

    @property
    def position(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self._text.close()
        self._raw.close()

    def batches(self, size: int = 2048) -> Iterator[Batch]:
        """The records in lists of up to ``size``, read by the csv module in one C-level loop."""
        reader, width, offset = self._reader, len(self.header), self._line_offset
        while True:
            before, rows, failed = reader.line_num, list[list[str]](), False
            try:
                rows.extend(islice(reader, size))  # on an error the rows before it stay
            except csv.Error:
                failed = True
            except LineTooLong:
                raise self._too_long(reader.line_num + 1 + offset) from None
            if not rows and not failed:
                return
            first = before + 1 + offset
            problems: dict[int, str] = {}
            lines: Sequence[int]
            if not failed and reader.line_num - before == len(rows):  # one line per record
                lines = range(first, first + len(rows))
            else:
                starts = _first_lines(rows, first)
                lines = starts[:-1]
                if failed:  # the record the csv module gave up on starts where the last one ended
                    problems[len(rows)] = "CSV 格式错误：引号未闭合或字段过长"
                    lines.append(starts[-1])
                    rows.append([""] * width)
            if _decode_errors[0] != self._errors_before or {*map(len, rows)} != {width}:
                lines, rows, problems = self._repair(lines, rows, problems, reader.line_num + offset)
            yield lines, rows, problems

    def _repair(
        self, lines: Sequence[int], rows: list[list[str]], problems: dict[int, str], end: int
    ) -> Batch:
        """Drop blank lines; pad or cut records of the wrong width to the header's and say what
        is wrong with them; flag the records that hold the mark of undecodable bytes (decoding
        runs ahead of parsing, so this is looked for once any bytes have failed)."""
        width = len(self.header)
        kept: tuple[list[int], list[list[str]], dict[int, str]] = ([], [], {})
        for i, fields in enumerate(rows):
            if i not in problems and len(fields) != width and not any(f.strip() for f in fields):
                continue  # a blank line
            problem = problems.get(i)
            if problem is None and any(REPLACED in f for f in fields):
                problem = f"含有无法按 {self.encoding_label} 解码的字节（文件可能损坏或混用了编码）"
            if problem is None and (len(fields) < width or any(f.strip() for f in fields[width:])):
                span = (lines[i + 1] if i + 1 < len(lines) else end + 1) - lines[i]
                problem = _width_problem(len(fields), width, span)
            if problem is not None:
                kept[2][len(kept[1])] = problem
            kept[0].append(lines[i])
            kept[1].append((fields + [""] * width)[:width])
        return kept


def _first_lines(rows: list[list[str]], first: int) -> list[int]:
    """The line each record starts on, counting the line breaks inside quoted cells, and the
    line after the last one."""
    lines = [first]
    for fields in rows:
        lines.append(lines[-1] + 1 + sum(f.count("\n") for f in fields))
    return lines


def _width_problem(found: int, width: int, lines: int) -> str:
    if lines > 1:  # a quote opened and never closed swallows the lines after it
        return f"本记录跨 {lines} 行、有 {found} 列，表头有 {width} 列（可能有未闭合的引号）"
    return f"本行有 {found} 列，表头有 {width} 列（可能有未加引号的逗号）"
