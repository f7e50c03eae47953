"""Both cores on a big export: split it at record boundaries, tally the parts in parallel,
merge the summaries. (Formats that list every row stream from one process, in file order.)

A boundary is a line break outside quotes: an even number of quote characters before it.
The byte ``"`` never occurs inside a multi-byte character in UTF-8 or GB18030, so counting
bytes is enough; UTF-16 files are not split.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

from gaozhi_cli.calendar import WorkCalendar
from gaozhi_cli.deadlines.evaluate import DeadlineReport
from gaozhi_cli.deadlines.model import Options
from gaozhi_cli.deadlines.reader import Span
from gaozhi_cli.deadlines.rules import Rule
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.files import UTF16, sniff_encoding

MIN_PART = 16 * 1024**2  # below this a part is not worth a process
_BLOCK = 1 << 20


def split(path: Path, parts: int) -> list[Span]:
    """Up to ``parts`` spans of about equal size covering the file, each starting a record."""
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        if parts < 2 or size < 2 * MIN_PART or sniff_encoding(f.read(65536)) == UTF16:
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
    path: Path,
    rules: list[Rule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None = None,
    *,
    jobs: int = 2,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """The summary of the whole file; parts after the first go to other processes while this
    one reads the first (``progress`` follows the first part, scaled to the whole file)."""
    spans = split(path, jobs)
    first = DeadlineReport(path, rules, calendar, options, columns, span=spans[0])
    if len(spans) == 1:
        return first.tally(progress)
    scale = (lambda done: progress(done * first.export.size // spans[0].end)) if progress else None
    with ProcessPoolExecutor(len(spans) - 1, mp_context=get_context("spawn")) as pool:
        others = [pool.submit(_tally_span, path, rules, calendar, options, columns, s) for s in spans[1:]]
        summary = first.tally(scale)
        for future in others:
            summary.merge(future.result())
    return summary


def _tally_span(
    path: Path,
    rules: list[Rule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None,
    span: Span,
) -> Summary:
    return DeadlineReport(path, rules, calendar, options, columns, span=span).tally()
