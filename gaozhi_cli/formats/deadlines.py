"""Deadline reports: terminal (rich), markdown and HTML from the summary; JSON and CSV stream
every row. The summary is laid out once as titled tables, which each renderer draws."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import TextIO

from gaozhi_cli.calendar import CalendarDataMissing
from gaozhi_cli.dates import format_cn
from gaozhi_cli.deadlines.model import FINDINGS, RowResult, Status
from gaozhi_cli.deadlines.summary import Summary, Tally
from gaozhi_cli.formats.csvout import write_excel_csv
from gaozhi_cli.formats.markdown import md_cell, md_text
from gaozhi_cli.formats.terminal import text_console

TITLE = "工作日时限执行情况"
COUNTED = tuple(Status)
CSV_HEADER = (
    "规则",
    "办件编号",
    "部门",
    "行号",
    "开始日期",
    "截止日期",
    "完成日期",
    "状态",
    "状态代码",
    "逾期工作日",
    "说明",
)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    statuses: list[Status | None] = field(default_factory=list)  # per row, for colour


# -- layout ------------------------------------------------------------------------------------


def _rate(tally: Tally) -> str:
    rate = tally.on_time_rate
    return "—" if rate is None else f"{rate:.1%}"


def _day(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def heading(summary: Summary) -> list[str]:
    """The lines above the tables: file, counts, as-of day and counting rule."""
    o = summary.options
    reading = (
        "非工作日收件顺延至下一工作日再起算" if o.start_on_next_workday else "收件当日不计入，自次日起算"
    )
    return [
        f"文件：{summary.file}（{summary.encoding}，{summary.records:,} 条记录）",
        f"统计日 {format_cn(o.as_of)} · 剩余不超过 {o.warn_days} 个工作日为“即将到期” · {reading}",
    ]


def tables(summary: Summary) -> list[Table]:
    counts = [s.label for s in COUNTED]
    by_rule = Table(
        "按规则",
        ["规则", "时限", "合计", *counts, "按期率"],
        [
            [r.name, r.limit.describe(), f"{t.total:,}", *(f"{t.counts[s]:,}" for s in COUNTED), _rate(t)]
            for r, t in summary.by_rule()
        ],
        "按期率 = 按期完成 ÷（按期完成 + 逾期完成 + 超期未完成）",
    )
    by_department = Table(
        "按部门",
        ["部门", "合计", *counts, "按期率"],
        [
            [d, f"{t.total:,}", *(f"{t.counts[s]:,}" for s in COUNTED), _rate(t)]
            for d, t in summary.by_department()
        ],
    )
    return [by_rule, by_department, *(_finding_table(summary, s) for s in FINDINGS if summary.count(s))]


def _finding_table(summary: Summary, status: Status) -> Table:
    rows = summary.findings[status]
    total = summary.count(status)
    shown = f"共 {total:,} 条" + (f"，列出前 {len(rows)} 条" if len(rows) < total else "")
    title = f"{status.label}（{shown}）"
    if status in (Status.INVALID, Status.NO_CALENDAR):
        return Table(
            title,
            ["行号", "规则", "办件编号", "原因"],
            [[str(r.line), r.rule, r.case_id, r.reason] for r in rows],
        )
    late = "逾期工作日" if status is not Status.DUE_SOON else "剩余"
    return Table(
        title,
        ["行号", "规则", "办件编号", "部门", "开始日期", "截止日期", "完成日期", late],
        [
            [
                str(r.line),
                r.rule,
                r.case_id,
                r.department,
                _day(r.start),
                _day(r.deadline),
                _day(r.end),
                r.reason
                if status is Status.DUE_SOON
                else ("" if r.late_workdays is None else str(r.late_workdays)),
            ]
            for r in rows
        ],
        statuses=[status] * len(rows),
    )


def notes(summary: Summary) -> list[str]:
    lines = [f"另有 {n:,} 条记录没有“{rule}”的日期，未计入该规则。" for rule, n in summary.blank.items() if n]
    lines += [CalendarDataMissing(year).message for year in sorted(summary.missing_years)]
    return lines


# -- terminal ----------------------------------------------------------------------------------

_STYLES = {
    Status.LATE: "red",
    Status.OVERDUE: "bold red",
    Status.DUE_SOON: "yellow",
    Status.INVALID: "magenta",
    Status.NO_CALENDAR: "magenta",
}


def render_text(summary: Summary, *, color: bool = False, width: int = 100) -> str:
    from rich.table import Table as RichTable
    from rich.text import Text

    out, buffer = text_console(color=color, width=width)
    out.print(Text(TITLE, style="bold"))
    for line in heading(summary):
        out.print(Text(line))
    for table in tables(summary):
        rich = RichTable(
            title=table.title, title_justify="left", caption=table.note or None, caption_justify="left"
        )
        for i, header in enumerate(table.headers):
            numeric = bool(table.rows) and all(_numeric(row[i]) or row[i] in ("", "—") for row in table.rows)
            rich.add_column(header, justify="right" if numeric else "left", overflow="fold")
        for row, status in zip(table.rows, table.statuses or [None] * len(table.rows), strict=True):
            rich.add_row(*row, style=_STYLES.get(status) if status else None)
        out.print(rich)
    for line in notes(summary):
        out.print(Text(line, style="yellow"))
    return buffer.getvalue()


# -- markdown ----------------------------------------------------------------------------------


def render_markdown(summary: Summary) -> str:
    lines = [f"# {TITLE}", "", *(f"{md_text(line)}  " for line in heading(summary)), ""]
    for table in tables(summary):
        lines += [f"## {md_text(table.title)}", ""]
        lines.append("| " + " | ".join(map(md_cell, table.headers)) + " |")
        lines.append("|" + "|".join("---" for _ in table.headers) + "|")
        lines += ["| " + " | ".join(map(md_cell, row)) + " |" for row in table.rows]
        lines += ["", *([md_text(table.note), ""] if table.note else [])]
    lines += [f"> {md_text(line)}" for line in notes(summary)]
    return "\n".join(lines).rstrip() + "\n"


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .6em}
th{background:#f2f2f2}td.n{text-align:right}p.note{color:#555;font-size:.85em}
tr.late td{color:#b00}tr.overdue td{color:#b00;font-weight:bold}tr.due_soon td{background:#fff6d5}
.warn{color:#8a5a00}
"""


def render_html(summary: Summary) -> str:
    """One self-contained page: no scripts, fonts or images from outside; the chart is SVG."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{TITLE}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{TITLE}</h1>",
        *(f"<p>{escape(line)}</p>" for line in heading(summary)),
        "<h2>各部门按期率</h2>",
        chart_svg(summary.by_department()),
    ]
    for table in tables(summary):
        parts.append(f"<h2>{escape(table.title)}</h2><table><thead><tr>")
        parts += [f"<th>{escape(h)}</th>" for h in table.headers]
        parts.append("</tr></thead><tbody>")
        for row, status in zip(table.rows, table.statuses or [None] * len(table.rows), strict=True):
            cls = f' class="{status.value}"' if status else ""
            cells = "".join(
                f'<td class="n">{escape(c)}</td>' if _numeric(c) else f"<td>{escape(c)}</td>" for c in row
            )
            parts.append(f"<tr{cls}>{cells}</tr>")
        parts.append("</tbody></table>")
        if table.note:
            parts.append(f'<p class="note">{escape(table.note)}</p>')
    parts += [f'<p class="warn">{escape(line)}</p>' for line in notes(summary)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("%", "").isdigit()


def chart_svg(departments: list[tuple[str, Tally]]) -> str:
    """Horizontal bars of the on-time rate per department, worst first."""
    rated = sorted(
        ((t.on_time_rate, d, t) for d, t in departments if t.on_time_rate is not None),
        key=lambda x: x[0] or 0,
    )
    if not rated:
        return '<p class="note">没有已到期的办件，无法计算按期率。</p>'
    label_w, bar_w, row_h = 190, 420, 24
    height = row_h * len(rated) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" height="{height}" '
        f'role="img" aria-label="各部门按期率" font-size="13">'
    ]
    for i, (rate, name, tally) in enumerate(rated):
        y = i * row_h + 4
        colour = "#2e7d32" if rate >= 0.95 else "#f9a825" if rate >= 0.8 else "#c62828"
        shown = name if len(name) <= 13 else name[:12] + "…"
        out += [
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"><title>{escape(name)}</title>{escape(shown)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{row_h - 6}" fill="#eee"/>',
            f'<rect x="{label_w}" y="{y}" width="{rate * bar_w:.1f}" height="{row_h - 6}" fill="{colour}">'
            f"<title>{escape(name)}：按期 {tally.counts[Status.ON_TIME]:,} / {tally.judged:,}</title></rect>",
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{rate:.1%}</text>',
        ]
    axis_y = len(rated) * row_h + 4
    for pct in (0, 20, 40, 60, 80, 100):
        x = label_w + bar_w * pct / 100
        out.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{axis_y}" stroke="#999" stroke-dasharray="2,3"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#555">{pct}%</text>')
    out.append("</svg>")
    return "\n".join(out)


# -- streams of every row ---------------------------------------------------------------------
# A stream is written as head, rows, tail. Parts of a big file are written in other processes
# by ``rows`` alone, and ``join`` splices a part's text in after the rows written before it.


class JsonRows:
    """``{"rows": [...], "summary": {...}}``; the summary comes last because it is complete
    only once every row has been read."""

    def head(self, stream: TextIO) -> None:
        stream.write('{"rows": [')

    def rows(self, stream: TextIO, rows: Iterable[RowResult]) -> None:
        for i, row in enumerate(rows):
            stream.write(("\n  " if i == 0 else ",\n  ") + json.dumps(row.to_json(), ensure_ascii=False))

    def join(self, stream: TextIO, part: TextIO, *, first: bool) -> None:
        if not first:
            stream.write(",")
        shutil.copyfileobj(part, stream)

    def tail(self, stream: TextIO, summary: Summary) -> None:
        stream.write('\n], "summary": ')
        stream.write(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
        stream.write("}\n")


class CsvRows:
    """Every row as Excel-safe CSV (UTF-8 with BOM), for filtering in Excel or WPS. Each part
    is a whole CSV document; joining drops its BOM and header line."""

    def head(self, stream: TextIO) -> None:
        pass

    def rows(self, stream: TextIO, rows: Iterable[RowResult]) -> None:
        labels = {s: s.label for s in Status}
        days: dict[date | None, str] = {None: ""}  # a million rows share a few thousand dates

        def day(d: date | None) -> str:
            text = days.get(d)
            if text is None:
                text = days[d] = d.isoformat()  # type: ignore[union-attr]
            return text

        write_excel_csv(
            stream,
            CSV_HEADER,
            (
                (
                    r.rule,
                    r.case_id,
                    r.department,
                    r.line,
                    day(r.start),
                    day(r.deadline),
                    day(r.end),
                    labels[r.status],
                    r.status.value,
                    "" if r.late_workdays is None else r.late_workdays,
                    r.reason,
                )
                for r in rows
            ),
        )

    def join(self, stream: TextIO, part: TextIO, *, first: bool) -> None:
        part.readline()
        shutil.copyfileobj(part, stream)

    def tail(self, stream: TextIO, summary: Summary) -> None:
        pass


ROW_FORMATS: dict[str, JsonRows | CsvRows] = {"json": JsonRows(), "csv": CsvRows()}
