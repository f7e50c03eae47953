"""Deadline reports: terminal (formats.terminal.Printer), markdown and HTML from the summary,
laid out by ``deadline_layout``; JSON and CSV stream every row."""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from html import escape
from itertools import compress, repeat
from operator import is_
from typing import Any, TextIO, TypeGuard

from gaozhi_cli.cellsafety import FORMULA_START
from gaozhi_cli.deadlines.model import RowBatch, Status, Verdict
from gaozhi_cli.deadlines.summary import Summary, Tally
from gaozhi_cli.formats.csvout import excel_csv_line, write_excel_csv
from gaozhi_cli.formats.deadline_layout import (
    COUNT,
    DETAIL_HEADER,
    NAME,
    NUMBER,
    TEXT,
    TITLE,
    TOKEN,
    Table,
    drop,
    heading,
    headline,
    legend,
    notes,
    tables,
)
from gaozhi_cli.formats.deadline_xlsx import write_xlsx
from gaozhi_cli.formats.markdown import md_cell, md_text
from gaozhi_cli.formats.terminal import Column, Printer
from gaozhi_cli.identity import mask_ids_in_text, unmasked

__all__ = ["ROW_FORMATS", "render_html", "render_markdown", "render_text", "write_xlsx"]

DEFAULT_TARGET = 0.9  # the on-time rate a department is held to, unless configured


# -- terminal ----------------------------------------------------------------------------------

_STYLES = {
    Status.LATE: "red",
    Status.OVERDUE: "bold red",
    Status.DUE_SOON: "yellow",
    Status.INVALID: "magenta",
    Status.NO_CALENDAR: "magenta",
}


def render_text(summary: Summary, *, color: bool = False, width: int = 100) -> str:
    """Fits ``width`` columns (80 and up) without splitting a date, a case number or a
    department name: those columns never wrap, headers and reasons do."""
    from rich.cells import cell_len

    out = Printer(color=color, width=width)
    out.line(TITLE, "bold")
    for line in heading(summary):
        out.line(line)
    first, *rest = headline(summary)
    out.line(first, "bold")
    for line in rest:
        for piece in _wrap_items(line, width):
            out.line(piece)
    for line in summary.all_warnings():
        out.line(f"注意：{line}", "yellow")
    for piece in _wrap_items(legend(summary), width):
        out.line(piece, "dim")
    for table in tables(summary):
        headers = _fit(table, width)
        # title and note as lines of their own: as the table's, rich wraps them to its width
        out.line(table.title, "table.title")
        columns = []
        for i, (column, header) in enumerate(zip(table.columns, headers, strict=True)):
            # a date, number or case number fits its column whole; a name is cut short with …
            longest = max((cell_len(row[i]) for row in table.rows), default=0)
            if column.kind == NAME:
                columns.append(Column(header, min_width=min(longest, 20)))
            elif column.kind == TEXT:
                columns.append(Column(header, wrap=True))
            else:
                right = column.kind in (NUMBER, COUNT)
                columns.append(Column(header, "right" if right else "left", min_width=longest))
        styles = [_STYLES.get(s, "") if s else "" for s in table.statuses or [None] * len(table.rows)]
        out.table(columns, table.rows, styles)
        if table.note:
            out.line(table.note, "table.caption")
    for line in notes(summary):
        out.line(line, "yellow")
    return out.text()


def _fit(table: Table, width: int) -> list[str]:
    """The headers to draw: split over two lines, and optional columns left out, while the
    table is wider than ``width`` (rich would otherwise cut a date or drop a column)."""
    from rich.cells import cell_len

    def natural(headers: list[str]) -> int:
        widths = [
            max([*(cell_len(h) for h in header.split("\n")), *(cell_len(r[i]) for r in table.rows)])
            if c.kind != TEXT
            else 12
            for i, (c, header) in enumerate(zip(table.columns, headers, strict=True))
        ]
        return sum(widths) + 2 * (len(widths) - 1)

    headers = [c.header for c in table.columns]
    if natural(headers) > width:
        headers = [
            h if c.kind == TEXT or len(h) < 4 else f"{h[: len(h) // 2]}\n{h[len(h) // 2 :]}"
            for c, h in zip(table.columns, headers, strict=True)
        ]
    for column in [c for c in table.columns if c.optional]:
        if natural(headers) <= width:
            break
        index = table.columns.index(column)
        drop(table, column.header)
        del headers[index]
    return headers


def _wrap_items(line: str, width: int) -> list[str]:
    """``line`` broken after its "；" where it is too long, so no name or count is cut."""
    from rich.cells import cell_len

    pieces: list[str] = []
    items = line.split("；")
    for n, item in enumerate(items):
        ends = 0 if n == len(items) - 1 else 2  # the "；" a line ends with when the next item goes down
        if pieces and cell_len(pieces[-1]) + 2 + cell_len(item) + ends <= width:
            pieces[-1] += "；" + item
        else:
            if pieces:
                pieces[-1] += "；"
            pieces.append(item if not pieces else "  " + item)
    return pieces


# -- markdown ----------------------------------------------------------------------------------


def render_markdown(summary: Summary) -> str:
    lines = [f"# {TITLE}", "", *(f"{md_text(line)}  " for line in heading(summary)), ""]
    lines += [
        f"**{md_cell(line)}**  " if i == 0 else f"{md_text(line)}  "
        for i, line in enumerate(headline(summary))
    ]
    lines += [f"> 注意：{md_text(line)}" for line in summary.all_warnings()]
    lines += ["", md_text(legend(summary)), ""]
    for table in tables(summary):
        lines += [f"## {md_text(table.title)}", ""]
        lines.append("| " + " | ".join(md_cell(c.header) for c in table.columns) + " |")
        lines.append(
            "|" + "|".join("---:" if c.kind in (NUMBER, COUNT) else "---" for c in table.columns) + "|"
        )
        lines += ["| " + " | ".join(map(md_cell, row)) + " |" for row in table.rows]
        lines += ["", *([md_text(table.note), ""] if table.note else [])]
    lines += [f"> {md_text(line)}" for line in notes(summary)]
    return "\n".join(lines).rstrip() + "\n"


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}p.head{font-weight:bold;font-size:1.1em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .6em}
th{background:#f2f2f2}td.n{text-align:right}td.t{white-space:nowrap}p.note{color:#555;font-size:.85em}
tr.late td{color:#b00}tr.overdue td{color:#b00;font-weight:bold}tr.due_soon td{background:#fff6d5}
.warn{color:#8a5a00}p.legend{color:#555;font-size:.85em}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:10pt}h2{break-after:avoid}tr{break-inside:avoid}
thead{display:table-header-group}svg{max-width:100%}}
"""


def render_html(summary: Summary, *, target: float = DEFAULT_TARGET) -> str:
    """One self-contained page (no scripts, fonts or images from outside; the chart is SVG),
    printable on A4 landscape without a row split across pages."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{TITLE}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{TITLE}</h1>",
        *(f"<p>{escape(line)}</p>" for line in heading(summary)),
        *(
            f'<p class="{"head" if i == 0 else ""}">{escape(line)}</p>'
            for i, line in enumerate(headline(summary))
        ),
        *(f'<p class="warn">注意：{escape(line)}</p>' for line in summary.all_warnings()),
        f'<p class="legend">{escape(legend(summary))}</p>',
        f"<h2>各部门按期率（目标 {target:.0%}）</h2>",
        chart_svg(summary.by_department(), target),
    ]
    for table in tables(summary):
        parts.append(_html_table(table))
    parts += [f'<p class="warn">{escape(line)}</p>' for line in notes(summary)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_table(table: Table) -> str:
    classes = {NUMBER: ' class="n"', COUNT: ' class="n"', TOKEN: ' class="t"', NAME: ' class="t"'}
    out = [f"<h2>{escape(table.title)}</h2><table><thead><tr>"]
    out += [f"<th>{escape(c.header)}</th>" for c in table.columns]
    out.append("</tr></thead><tbody>")
    for row, status in zip(table.rows, table.statuses or [None] * len(table.rows), strict=True):
        cls = f' class="{status.value}"' if status else ""
        cells = "".join(
            f"<td{classes.get(c.kind, '')}>{escape(v)}</td>" for c, v in zip(table.columns, row, strict=True)
        )
        out.append(f"<tr{cls}>{cells}</tr>")
    out.append("</tbody></table>")
    if table.note:
        out.append(f'<p class="note">{escape(table.note)}</p>')
    return "".join(out)


def rate_colour(rate: float, target: float) -> str:
    """Green at or above the target, amber within 10 points below it, red further below."""
    return "#2e7d32" if rate >= target else "#f9a825" if rate >= target - 0.1 else "#c62828"


def chart_svg(departments: list[tuple[str, Tally]], target: float = DEFAULT_TARGET) -> str:
    """Horizontal bars of the on-time rate per department, worst first, each labelled with
    its rate and counts; a dashed line marks the target."""
    rated = sorted(
        ((t.on_time_rate, d, t) for d, t in departments if t.on_time_rate is not None),
        key=lambda x: x[0] or 0,
    )
    if not rated:
        return '<p class="note">没有已到期的办件，无法计算按期率。</p>'
    label_w, bar_w, row_h, text_w = 190, 420, 24, 190
    height = row_h * len(rated) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + text_w}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + text_w} {height}" role="img" aria-label="各部门按期率" font-size="13">'
    ]
    for i, (value, name, tally) in enumerate(rated):
        y = i * row_h + 4
        shown = name if len(name) <= 13 else name[:12] + "…"
        on_time = tally.counts[Status.ON_TIME]
        out += [
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"><title>{escape(name)}</title>{escape(shown)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{row_h - 6}" fill="#eee"/>',
            f'<rect x="{label_w}" y="{y}" width="{value * bar_w:.1f}" height="{row_h - 6}" fill="{rate_colour(value, target)}">'
            f"<title>{escape(name)}：按期 {on_time:,} / {tally.judged:,}</title></rect>",
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{value:.1%}（{on_time:,}/{tally.judged:,}）</text>',
        ]
    axis_y = len(rated) * row_h + 4
    for pct in (0, 20, 40, 60, 80, 100):
        x = label_w + bar_w * pct / 100
        out.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{axis_y}" stroke="#bbb" stroke-dasharray="2,3"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#555">{pct}%</text>')
    x = label_w + bar_w * target
    out.append(
        f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{axis_y}" stroke="#333" stroke-width="1.5"><title>目标 {target:.0%}</title></line>'
    )
    out.append("</svg>")
    return "\n".join(out)


# -- streams of every row ---------------------------------------------------------------------
# A stream is written as head, rows, tail. Parts of a big file are written in other processes
# by ``rows`` alone, and ``join`` splices a part's text in after the rows written before it.
# Rows hold no ID number when they are made: evaluate masks case numbers and departments,
# judge.invalid the reasons that quote a cell, each writer's ``text`` the rule names. So rows and
# parts go past the output's masking stream, which would scan every byte of them once more
# (most of the time of -f csv and -f json); head and tail go through it.


class JsonRows:
    """``{"rows": [...], "summary": {...}}``; the summary comes last because it is complete
    only once every row has been read. A row is ``json.dumps(row.to_json())``, put together
    a batch at a time from the rendered verdicts (100,000 rows share some 20,000)."""

    def head(self, stream: TextIO) -> None:
        stream.write('{"rows": [')

    def rows(self, stream: TextIO, batches: Iterable[RowBatch]) -> None:
        texts: Cache = {}
        verdicts: Cache = {}

        def text(value: str) -> bytes:
            return json.dumps(mask_ids_in_text(value), ensure_ascii=False).encode()

        def when(value: date | None) -> str:
            return "null" if value is None else f'"{value.isoformat()}"'

        def verdict(v: Verdict) -> bytes:  # the fields after the row's "line", as json.dumps writes them
            start, deadline, end, status, late, reason = v
            return (
                (
                    f', "start": {when(start)}, "deadline": {when(deadline)}, "end": {when(end)}, '
                    f'"status": "{status.value}", "late_workdays": {"null" if late is None else late}, '
                    '"reason": '
                ).encode()
                + once(reason, text, texts)
                + b"}"
            )

        row = b'{"rule": %s, "case_id": %s, "department": %s, "line": %d%s'
        plain_row = b'{"rule": %s, "case_id": "%s", "department": %s, "line": %d%s'
        write = byte_writer(stream)
        first = True
        for batch in batches:
            if not batch:
                continue
            cases = batch.case_ids
            if _JSON_ESCAPED.search("".join(cases)) is None:  # none needs escaping: the row quotes them
                out = row_texts(plain_row, batch, encoded(cases), text, texts, verdict, verdicts)
            else:
                out = row_texts(row, batch, list(map(text, cases)), text, texts, verdict, verdicts)
            write(b"\n  " if first else b",\n  ")
            write(b",\n  ".join(out))
            first = False

    def join(self, stream: TextIO, part: TextIO, *, first: bool) -> None:
        if not first:
            stream.write(",")
        copy_part(part, stream)

    def tail(self, stream: TextIO, summary: Summary) -> None:
        stream.write('\n], "summary": ')
        stream.write(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
        stream.write("}\n")


class CsvRows:
    """Every row as Excel-safe CSV (UTF-8 with BOM), for filtering in Excel or WPS. Each part
    is a whole CSV document; joining drops its BOM and header line.

    A row is what ``csv.writer`` writes for it after ``excel_safe``, put together a batch at
    a time: the verdict's cells (dates, status, reason) rendered once per distinct verdict,
    a case number written as it is unless it needs quoting or could be read as a formula
    (then each of the batch's is rendered like the rest)."""

    def head(self, stream: TextIO) -> None:
        pass

    def rows(self, stream: TextIO, batches: Iterable[RowBatch]) -> None:
        texts: Cache = {}
        verdicts: Cache = {}
        labels = {s: s.label for s in Status}

        def text(value: str) -> bytes:
            # csv.writer quotes a row of one empty cell
            return excel_csv_line([mask_ids_in_text(value)]).encode() if value else b""

        def verdict(v: Verdict) -> bytes:  # dates, labels and numbers need neither quotes nor an apostrophe
            start, deadline, end, status, late, reason = v
            cells = [day(start), day(deadline), day(end), labels[status], status.value]
            return f",{','.join(cells)},{'' if late is None else late},".encode() + once(reason, text, texts)

        row = b"%s,%s,%s,%d%s\r\n"
        write_excel_csv(stream, DETAIL_HEADER, ())
        write = byte_writer(stream)
        for batch in batches:
            cases = batch.case_ids
            if _CSV_SPECIAL.search("".join(cases)) or any(map(str.startswith, cases, repeat(FORMULA_START))):
                rendered_cases = list(map(text, cases))
            else:
                rendered_cases = encoded(cases)
            write(b"".join(row_texts(row, batch, rendered_cases, text, texts, verdict, verdicts)))

    def join(self, stream: TextIO, part: TextIO, *, first: bool) -> None:
        copy_part(part, stream, skip_line=True)

    def tail(self, stream: TextIO, summary: Summary) -> None:
        pass


Cache = dict[Any, bytes]
CACHE_MAX = 100_000  # rendered texts kept: departments and verdicts repeat, few others do
_CSV_SPECIAL = re.compile(r'[,"\r\n]')  # a cell holding one of these is quoted
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # json.dumps escapes these in a string


def row_texts(
    row: bytes,
    batch: RowBatch,
    cases: Sequence[bytes],
    text: Callable[[str], bytes],
    texts: Cache,
    verdict: Callable[[Verdict], bytes],
    verdicts: Cache,
) -> Iterator[bytes]:
    """Each row of ``batch`` as ``row % (rule, case, department, line, verdict)`` in UTF-8,
    the cells rendered once per distinct value; ``cases`` already rendered. (``%`` took a
    third less time than ``str.format`` on the JSON rows; on bytes, half the time of ``%`` on
    text and its encoding, the CJK text being copied as it is, measured.)"""
    return map(
        row.__mod__,
        zip(
            rendered(batch.rules, text, texts),
            cases,
            rendered(batch.departments, text, texts),
            batch.lines,
            rendered(batch.verdicts, verdict, verdicts),
            strict=True,
        ),
    )


def encoded(cells: Sequence[str]) -> list[bytes]:
    """Cells holding no line break, each in UTF-8: encoded together, then split."""
    return "\n".join(cells).encode().split(b"\n") if cells else []


def byte_writer(stream: TextIO) -> Callable[[bytes], object]:
    """How rows rendered in UTF-8 are written to ``stream``, past its masking: to the bytes
    beneath a UTF-8 text file (its text flushed first), else decoded again."""
    target = unmasked(stream)
    if _utf8_file(target):
        target.flush()
        return target.buffer.write
    return lambda data: target.write(data.decode())


def rendered(values: Sequence[Any], render: Callable[[Any], bytes], cache: Cache) -> list[bytes]:
    """``[render(v) for v in values]``, each distinct value rendered once (while the cache
    has room), the rest in C-level lookups."""
    found: list[Any] = list(map(cache.get, values))
    if None in found:  # a scan that stops at the first value not rendered yet
        for i in list(compress(range(len(found)), map(is_, found, repeat(None)))):
            found[i] = once(values[i], render, cache)
    return found


def once(value: Any, render: Callable[[Any], bytes], cache: Cache) -> bytes:
    """``render(value)``, rendered once while the cache has room."""
    text = cache.get(value)
    if text is None:
        text = render(value)
        if len(cache) < CACHE_MAX:
            cache[value] = text
    return text


def copy_part(part: TextIO, stream: TextIO, *, skip_line: bool = False) -> None:
    """A part not read from yet to ``stream``, past its masking, without its first line if
    ``skip_line``. Between two UTF-8 files the bytes are copied as they are: decoding and
    encoding again the part of a million-row export (60–120 MB) took the main process,
    while the other one waited, half a second and more."""
    target = unmasked(stream)
    if _utf8_file(part) and _utf8_file(target):
        if skip_line:
            part.buffer.readline()  # b"\n" occurs in UTF-8 only as a line break
        target.flush()
        shutil.copyfileobj(part.buffer, target.buffer)
        return
    if skip_line:
        part.readline()
    shutil.copyfileobj(part, target)


def _utf8_file(stream: object) -> TypeGuard[TextIO]:
    # where "\n" is the line separator, a text file writes its text's bytes unchanged
    return (
        isinstance(stream, io.TextIOWrapper)
        and codecs.lookup(stream.encoding).name == "utf-8"
        and os.linesep == "\n"
    )


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


ROW_FORMATS: dict[str, JsonRows | CsvRows] = {"json": JsonRows(), "csv": CsvRows()}
