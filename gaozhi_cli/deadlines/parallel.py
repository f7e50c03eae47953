"""Both cores on a big export: split it at record boundaries and judge the parts in parallel.

``tally`` merges the parts' summaries; ``write_rows`` also has each part write its rows to a
temporary file, which this process copies into the output after its own part, in file order,
while the other process is still writing it (``GrowingPart``).

A boundary is a line break outside quotes: an even number of quote characters before it.
The byte ``"`` never occurs inside a multi-byte character in UTF-8 or GB18030, so counting
bytes is enough; UTF-16 files are not split.
"""

from __future__ import annotations

import gc
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TextIO

from gaozhi_cli.calendar import WorkCalendar
from gaozhi_cli.deadlines.evaluate import DeadlineReport
from gaozhi_cli.deadlines.exports import Records, is_workbook
from gaozhi_cli.deadlines.model import Options, RowBatch
from gaozhi_cli.deadlines.reader import Span
from gaozhi_cli.deadlines.rules import DeadlineRule
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.files import UTF16, NotTextError, sniff_encoding
from gaozhi_cli.workers import start_context


class RowFormat(Protocol):
    """How every row is written, a batch of rows at a time: see formats.deadlines.JsonRows
    and CsvRows, and formats.deadline_xlsx.XlsxRows, whose stream is a workbook's detail
    sheets. A part written in another process always goes to a text file, then ``join``
    copies it (not called for a part that is empty)."""

    def head(self, stream: Any) -> None: ...
    def rows(self, stream: Any, batches: Iterable[RowBatch]) -> None: ...
    def join(self, stream: Any, part: TextIO, *, first: bool) -> None: ...
    def tail(self, stream: Any, summary: Summary) -> None: ...


MIN_PART = 16 * 1024**2  # below this a part is not worth a process
_BLOCK = 1 << 20


def split(path: Path | Records, parts: int) -> list[Span]:
    """Up to ``parts`` spans of about equal size covering the file, each starting a record."""
    if not isinstance(path, Path):
        return path.split(parts)
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        if parts < 2 or size < 2 * MIN_PART or is_workbook(path) or _utf16(f.read(65536)):
            return [Span(0, size, 1)]
        f.seek(0)
        starts = [(0, 1)]
        pos, lines, quotes = 0, 0, 0
        for k in range(1, parts):
            while pos < size * k // parts:  # count up to the target
                block = f.read(min(_BLOCK, size * k // parts - pos))
                lines, quotes, pos = lines + block.count(b"\n"), quotes + block.count(b'"'), pos + len(block)
            found = _next_boundary(f, pos, lines, quotes)
            if found is None:
                break
            pos, lines, quotes = found
            starts.append((pos, lines + 1))
    ends = [start for start, _ in starts[1:]] + [size]
    return [Span(start, end, line) for (start, line), end in zip(starts, ends, strict=True)]


def _utf16(prefix: bytes) -> bool:
    try:
        return sniff_encoding(prefix) == UTF16
    except NotTextError:
        return False  # the report says what is wrong with the file


def _next_boundary(f: BinaryIO, pos: int, lines: int, quotes: int) -> tuple[int, int, int] | None:
    """The first line break at or after ``pos`` outside quotes, with the counts up to it."""
    while block := f.read(_BLOCK):
        i = 0
        while (j := block.find(b"\n", i)) >= 0:
            quotes += block.count(b'"', i, j)
            lines += 1
            if quotes % 2 == 0:
                f.seek(pos + j + 1)
                return pos + j + 1, lines, quotes
            i = j + 1
        quotes += block.count(b'"', i)
        pos += len(block)
    return None


def tally(
    path: Path | Records,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None = None,
    *,
    jobs: int = 2,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """The summary of the whole file; parts after the first go to other processes while this
    one reads the first (``progress`` follows the first part, scaled to the whole file)."""
    with fewer_collections():
        return _tally(path, rules, calendar, options, columns, jobs=jobs, progress=progress)


def _tally(
    path: Path | Records,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None,
    *,
    jobs: int,
    progress: Callable[[int], None] | None,
) -> Summary:
    spans = split(path, jobs)
    first = DeadlineReport(path, rules, calendar, options, columns, span=spans[0])
    if len(spans) == 1:
        return first.tally(progress)
    scale = (lambda done: progress(done * first.export.size // spans[0].end)) if progress else None
    with ProcessPoolExecutor(len(spans) - 1, mp_context=start_context()) as pool:
        others = [pool.submit(_tally_span, path, rules, calendar, options, columns, s) for s in spans[1:]]
        summary = first.tally(scale)
        for future in others:
            summary.merge(future.result())
    return summary


def write_rows(
    path: Path | Records,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None = None,
    *,
    fmt: RowFormat,
    stream: Any,
    jobs: int = 2,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Every row to ``stream`` in ``fmt`` (head, rows, tail), the parts written in parallel."""
    with fewer_collections():
        return _write_rows(path, rules, calendar, options, columns, fmt, stream, jobs, progress)


def _write_rows(
    path: Path | Records,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None,
    fmt: RowFormat,
    stream: Any,
    jobs: int,
    progress: Callable[[int], None] | None,
) -> Summary:
    spans = split(path, jobs)
    first = DeadlineReport(path, rules, calendar, options, columns, span=spans[0])
    scale = (lambda done: progress(done * first.export.size // spans[0].end)) if progress else None
    with (
        tempfile.TemporaryDirectory(prefix="gaozhi-") as tmp,
        ProcessPoolExecutor(max(1, len(spans) - 1), mp_context=start_context()) as pool,
    ):
        parts = [Path(tmp) / f"{i}.part" for i in range(1, len(spans))]
        for part in parts:
            part.touch()  # to be read from while its process writes it, perhaps before it starts
        others = [
            pool.submit(_write_span, path, rules, calendar, options, columns, span, fmt, part)
            for span, part in zip(spans[1:], parts, strict=True)
        ]
        fmt.head(stream)
        fmt.rows(stream, first.batches(scale))
        summary = first.summary
        for future, part in zip(others, parts, strict=True):
            with io.BufferedReader(GrowingPart(part, future)) as written:
                if written.peek(1):  # a part without rows is empty, but for a CSV header
                    text = io.TextIOWrapper(written, encoding="utf-8", newline="")
                    fmt.join(stream, text, first=not summary.counts)
            summary.merge(future.result())
        fmt.tail(stream, summary)
    return summary


def _write_span(
    path: Path | Records,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None,
    span: Span,
    fmt: RowFormat,
    part: Path,
) -> Summary:
    report = DeadlineReport(path, rules, calendar, options, columns, span=span)
    with fewer_collections(), open(part, "w", encoding="utf-8", newline="") as text:
        fmt.rows(text, report.batches())
    return report.summary


def _tally_span(
    path: Path | Records,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None,
    span: Span,
) -> Summary:
    with fewer_collections():
        return DeadlineReport(path, rules, calendar, options, columns, span=span).tally()


class GrowingPart(io.RawIOBase):
    """A part file as its process writes it: a read that finds no new bytes waits for more
    until the process is done, then the file ends. Copied only once its process had finished,
    the 120 MB part of a million-row export in JSON kept the output waiting 0.11–0.19 s after
    both cores were done; copied as it grows, 0.01–0.02 s where this process finishes its
    own part first (where it finishes last, the copy still follows it, as before)."""

    POLL = 0.005  # seconds between looks at a part that has not grown

    def __init__(self, path: Path, writer: Future[Any]) -> None:
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 (closed with this reader)
        self._writer = writer

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            finished = self._writer.done()  # before the read: all it wrote is in the file
            n = self._file.readinto(buffer)
            if n or finished:
                return n or 0
            wait((self._writer,), timeout=self.POLL)

    def close(self) -> None:
        self._file.close()
        super().close()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector nearly idle while a file is read: the objects loaded so
    far (modules, classes, the calendar) frozen out of its scans, and a young generation
    collected after 10,000 new objects rather than 700. Records and verdicts hold no cycles
    and are freed by reference counting, but the csv module's lists triggered a collection
    every 700 rows, and every few dozen batches a full one over all that was loaded: 10–12 %
    of the CPU time of a tally (0.52–0.60 s of 5 s for 500k rows; 0.02 s with this). A cycle
    made while reading is still collected, 10,000 objects later."""
    threshold = gc.get_threshold()
    freezing = gc.get_freeze_count() == 0  # not when the caller (or a forked parent) froze
    if freezing:
        gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freezing:
            gc.unfreeze()
