"""The deadline report as a workbook: 汇总 (headline and tables), 待办 (overdue, due today,
due soon), 逾期完成, 无法判断, and 明细 with every row, streamed (continued on 明细2 … past a
sheet's 1,048,576 rows). Headers frozen, filters on, real dates, a colour per status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TextIO

from gaozhi_cli.deadlines.model import DUE_TODAY, RowBatch, RowResult, Status
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.files import atomic_file
from gaozhi_cli.formats.deadline_layout import (
    COUNT,
    DETAIL_HEADER,
    NUMBER,
    TITLE,
    Table,
    heading,
    headline,
    legend,
    notes,
    tables,
)
from gaozhi_cli.formats.xlsxstream import Book, Sheet, Styles, serial, xml_text

SHEETS = ("汇总", "待办", "逾期完成", "无法判断", "明细")
DETAIL_WIDTHS = (16, 22, 20, 8, 12, 12, 12, 12, 12, 10, 48)
FILLS = {
    Status.OVERDUE: "F8CBAD",
    Status.LATE: "FCE4D6",
    Status.DUE_SOON: "FFE699",
    Status.INVALID: "E4DFEC",
    Status.NO_CALENDAR: "E4DFEC",
    Status.ON_TIME: "E2EFDA",
}
DATE = "yyyy-mm-dd"


@dataclass(frozen=True)
class Ids:
    """Style numbers, registered in the same order in every process, so rows formatted in a
    worker process carry the numbers the main process's styles.xml gives them."""

    header: int
    title: int
    bold: int
    date: int
    percent: int
    status: dict[Status, int]
    status_date: dict[Status, int]


def register(styles: Styles) -> Ids:
    return Ids(
        header=styles(fill="D9E1F2", bold=True),
        title=styles(bold=True, size=14),
        bold=styles(bold=True),
        date=styles(number=DATE),
        percent=styles(number="0.0%"),
        status={s: styles(fill=FILLS.get(s)) for s in Status},
        status_date={s: styles(fill=FILLS.get(s), number=DATE) for s in Status},
    )


class XlsxRows:
    """The 明细 rows as a row format of ``deadlines.write_rows``: each row one line of sheet
    XML with its row number left as Sheet.MARK, written to a DetailSink here or to a part
    file in another process (joined in file order)."""

    def __init__(self) -> None:
        self.ids = register(Styles())

    def head(self, stream: DetailSink) -> None:
        pass

    def rows(self, stream: TextIO | DetailSink, batches: Iterable[RowBatch]) -> None:
        ids, mark = self.ids, Sheet.MARK
        texts: dict[str, str] = {}
        days: dict[date | None, int | None] = {None: None}
        labels = {s: (s.label, s.value) for s in Status}

        def text(value: str) -> str:
            found = texts.get(value)
            if found is None:
                found = xml_text(value)
                if len(texts) < 100_000:
                    texts[value] = found
            return found

        def cell(column: str, value: str, style: int) -> str:
            if not value:
                return f'<c r="{column}{mark}" s="{style}"/>' if style else ""
            return f'<c r="{column}{mark}" s="{style}" t="inlineStr"><is><t>{value}</t></is></c>'

        def day(column: str, value: date | None, style: int) -> str:
            n = days.get(value)
            if n is None and value is not None:
                n = days[value] = serial(value)
            return (
                f'<c r="{column}{mark}" s="{style}"/>'
                if n is None
                else f'<c r="{column}{mark}" s="{style}"><v>{n}</v></c>'
            )

        batch: list[str] = []
        for r in chain.from_iterable(b.rows() for b in batches):
            plain, dated = ids.status[r.status], ids.status_date[r.status]
            label, code = labels[r.status]
            late = (
                "" if r.late_workdays is None else f'<c r="J{mark}" s="{plain}"><v>{r.late_workdays}</v></c>'
            )
            batch.append(
                f'<row r="{mark}">{cell("A", text(r.rule), plain)}{cell("B", text(r.case_id), plain)}'
                f'{cell("C", text(r.department), plain)}<c r="D{mark}" s="{plain}"><v>{r.line}</v></c>'
                f"{day('E', r.start, dated)}{day('F', r.deadline, dated)}{day('G', r.end, dated)}"
                f"{cell('H', label, plain)}{cell('I', code, plain)}{late}{cell('K', text(r.reason), plain)}</row>\n"
            )
            if len(batch) >= 4096:
                stream.write("".join(batch))
                batch.clear()
        stream.write("".join(batch))

    def join(self, stream: DetailSink, part: TextIO, *, first: bool) -> None:
        while block := part.read(1 << 20):
            cut = block.rfind("\n") + 1
            if cut < len(block):  # finish the last line of the block
                block += part.readline()
            stream.write(block)

    def tail(self, stream: DetailSink, summary: Summary) -> None:
        pass


class DetailSink:
    """Where 明细 rows go: the current detail sheet, a new one when it is full."""

    def __init__(self, book: Book, ids: Ids) -> None:
        self.book, self.ids = book, ids
        self.sheets: list[Sheet] = []
        self._new()

    def _new(self) -> None:
        if self.sheets:
            self.sheets[-1].close()  # a zip takes one member at a time
        name = "明细" if not self.sheets else f"明细{len(self.sheets) + 1}"
        sheet = self.book.sheet(name, DETAIL_WIDTHS, freeze=1)
        sheet.row(DETAIL_HEADER, self.ids.header)
        sheet.filter = (1, len(DETAIL_HEADER))
        self.sheets.append(sheet)

    def write(self, text: str) -> None:
        while text:
            text = self.sheets[-1].lines(text)
            if text:
                self._new()

    def close(self) -> None:
        self.sheets[-1].close()


def write_xlsx(output: Path, *, force: bool, write: Callable[[XlsxRows, DetailSink], Summary]) -> Summary:
    """The whole report to ``output`` (whole or not at all): ``write(rows, sink)`` streams the
    detail rows and returns the summary, from which the other sheets are made."""
    with atomic_file(output, force=force) as raw:
        book = Book(raw)
        rows = XlsxRows()
        ids = register(book.styles)
        sink = DetailSink(book, ids)
        summary = write(rows, sink)
        sink.close()
        _overview(book, summary, ids)
        _lists(book, summary, ids)
        book.close(order=[*SHEETS, *(s.name for s in sink.sheets)])
    return summary


def _overview(book: Book, summary: Summary, ids: Ids) -> None:
    found = [t for t in tables(summary) if t.sheet == "汇总"]
    columns = max((len(t.columns) for t in found), default=1)
    widths = [
        max([10.0, *(_width(t.rows, k, t.columns[k].header) for t in found if k < len(t.columns))])
        for k in range(columns)
    ]
    sheet = book.sheet("汇总", widths)
    sheet.row([TITLE], ids.title)
    for line in heading(summary):
        sheet.row([line])
    for i, line in enumerate(headline(summary)):
        sheet.row([line], ids.bold if i == 0 else 0)
    for line in summary.all_warnings():
        sheet.row([f"注意：{line}"])
    for i, part in enumerate(legend(summary).removeprefix("状态：").split("；")):
        sheet.row(["状态：" if i == 0 else "", part])  # one status a row: a long line would run off the page
    for table in found:
        sheet.row([])
        _table(sheet, table, ids)
    for line in notes(summary):
        sheet.row([line])
    sheet.close()


def _table(sheet: Sheet, table: Table, ids: Ids) -> None:
    sheet.row([table.title], ids.bold)
    sheet.row([c.header for c in table.columns], ids.header)
    for row in table.rows:
        values: list[object] = []
        styles: list[int] = []
        for column, value in zip(table.columns, row, strict=True):
            if column.kind in (NUMBER, COUNT) and value.endswith("%"):
                values.append(float(value[:-1]) / 100)
                styles.append(ids.percent)
            elif column.kind in (NUMBER, COUNT) and value.replace(",", "").isdigit():
                values.append(int(value.replace(",", "")))
                styles.append(0)
            else:
                values.append(value)
                styles.append(0)
        sheet.row(values, styles)
    if table.note:
        sheet.row([table.note])


_LIST = (
    "状态",
    "行号",
    "办件编号",
    "部门",
    "规则",
    "开始日期",
    "截止日期",
    "完成日期",
    "超期/剩余工作日",
    "说明",
)


def _lists(book: Book, summary: Summary, ids: Ids) -> None:
    as_of = summary.options.as_of
    due = summary.listed(Status.DUE_SOON)
    groups = {
        "待办": [
            *summary.listed(Status.OVERDUE),
            *(r for r in due if r.deadline == as_of),
            *(r for r in due if r.deadline != as_of),
        ],
        "逾期完成": summary.listed(Status.LATE),
        "无法判断": [*summary.listed(Status.INVALID), *summary.listed(Status.NO_CALENDAR)],
    }
    totals = {
        "待办": summary.count(Status.OVERDUE) + summary.count(Status.DUE_SOON),
        "逾期完成": summary.count(Status.LATE),
        "无法判断": summary.count(Status.INVALID) + summary.count(Status.NO_CALENDAR),
    }
    for name, rows in groups.items():
        body = [_list_row(r, as_of) for r in rows]
        sheet = book.sheet(name, [_width(body, i, h) for i, h in enumerate(_LIST)], freeze=1)
        sheet.row(_LIST, ids.header)
        sheet.filter = (1, len(_LIST))
        for r, values in zip(rows, body, strict=True):
            plain, dated = ids.status[r.status], ids.status_date[r.status]
            sheet.row(
                values,
                [dated if isinstance(v, date) or i in (5, 6, 7) else plain for i, v in enumerate(values)],
            )
        if not rows:
            sheet.row(["（无）"])
        elif len(rows) < totals[name]:
            sheet.row(
                [
                    f"共 {totals[name]:,} 条，这里列出最紧急的 {len(rows):,} 条（--limit）；全部见“明细”工作表，可筛选"
                ]
            )
        sheet.close()


def _list_row(r: RowResult, as_of: date) -> list[object]:
    label = DUE_TODAY if r.status is Status.DUE_SOON and r.deadline == as_of else r.status.label
    days: object = r.late_workdays
    if r.status is Status.DUE_SOON:
        left = r.reason.removeprefix("剩余 ").removesuffix(" 个工作日")
        days = int(left) if left.isdigit() else 0
    reason = r.reason if r.status in (Status.INVALID, Status.NO_CALENDAR) else ""
    return [label, r.line, r.case_id, r.department, r.rule, r.start, r.deadline, r.end, days, reason]


def _width(rows: list[list[object]] | list[list[str]], index: int, header: str) -> float:
    from rich.cells import cell_len

    def shown(value: object) -> int:
        return 10 if isinstance(value, date) else cell_len(str(value if value is not None else ""))

    longest = max([cell_len(header), *(shown(r[index]) for r in rows if index < len(r))])
    return float(min(60, longest + 2))
