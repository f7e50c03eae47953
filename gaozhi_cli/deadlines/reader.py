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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from gaozhi_cli.deadlines.columns import clean_header
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import ENCODING_LABELS, NotTextError, display_path, sniff_encoding

Record = tuple[int, list[str], str | None]  # first line, fields, why the whole record is unusable
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


class _Window(io.RawIOBase):
    """A file read from its current position up to ``end`` only."""

    def __init__(self, raw: BinaryIO, end: int) -> None:
        self._raw = raw
        self._left = end - raw.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(memoryview(buffer)[: max(0, self._left)])  # type: ignore[attr-defined]
        self._left -= n
        return n


class Export:
    """An open export: ``header`` and ``records()``; ``position`` is the bytes read so far.

    With a ``span``, only that part's records are read (the header still comes from the top).
    """

    def __init__(self, path: Path, span: Span | None = None) -> None:
        self.path = path
        self.shown = display_path(path)
        self._raw = self._open()
        self.size = os.fstat(self._raw.fileno()).st_size
        prefix = self._raw.read(65536)
        try:
            self.encoding = sniff_encoding(prefix)
            if not prefix.strip():
                raise NotTextError("是空文件")
        except NotTextError as exc:
            self._raw.close()
            raise UsageError(f"{self.shown}：{exc.message}") from None
        first_line = prefix.decode(self.encoding, "replace").lstrip("\ufeff").splitlines()[0]
        self.delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
        start, end = (0, self.size) if span is None else (span.start, span.end)
        self.end = end
        self._line_offset = 0 if span is None or start == 0 else span.first_line - 1
        self._errors_before = _decode_errors[0]
        if start > 0:
            with self._open() as top:
                self.header = clean_header(next(self._csv(top), []))
        self._raw.seek(start)
        self._text = self._wrap(io.BufferedReader(_Window(self._raw, end)) if end < self.size else self._raw)
        self._reader = csv.reader(self._text, delimiter=self.delimiter)
        if start == 0:
            self.header = clean_header(next(self._reader, []))

    def _open(self) -> BinaryIO:
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise UsageError(f"找不到文件：{self.shown}") from None
        except OSError as exc:
            raise UsageError(f"无法读取 {self.shown}：{exc.strerror or exc}") from None

    def _wrap(self, stream: BinaryIO | io.BufferedReader) -> io.TextIOWrapper:
        return io.TextIOWrapper(stream, encoding=self.encoding, errors="gaozhi-count", newline="")

    def _csv(self, stream: BinaryIO) -> Iterator[list[str]]:
        return csv.reader(self._wrap(stream), delimiter=self.delimiter)

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS[self.encoding]

    @property
    def position(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self._text.close()
        self._raw.close()

    def records(self) -> Iterator[Record]:
        """Every non-blank record after the header; ``fields`` always has the header's length."""
        reader, width, errors_before = self._reader, len(self.header), self._errors_before
        offset = self._line_offset
        undecodable = f"含有无法按 {self.encoding_label} 解码的字节（文件可能损坏或混用了编码）"
        last = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error:
                first, last = last + 1, reader.line_num
                yield first + offset, [""] * width, "CSV 格式错误：引号未闭合或字段过长"
                continue
            first, last = last + 1, reader.line_num
            problem = None
            # Decoding runs ahead of parsing: once it has replaced bytes, look for the mark.
            if _decode_errors[0] != errors_before and any(REPLACED in f for f in fields):
                problem = undecodable
            if len(fields) != width:
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) < width or any(f.strip() for f in fields[width:]):
                    problem = problem or _width_problem(len(fields), width, last - first + 1)
                fields = (fields + [""] * width)[:width]
            yield first + offset, fields, problem


def _width_problem(found: int, width: int, lines: int) -> str:
    if lines > 1:  # a quote opened and never closed swallows the lines after it
        return f"本记录跨 {lines} 行、有 {found} 列，表头有 {width} 列（可能有未闭合的引号）"
    return f"本行有 {found} 列，表头有 {width} 列（可能有未加引号的逗号）"
