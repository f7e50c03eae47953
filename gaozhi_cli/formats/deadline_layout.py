"""A deadline report laid out once, action first, for every renderer (terminal, markdown, html,
xlsx): the headline (what is overdue, due today, due soon, and where), the status legend, the
lists of those cases most urgent first, the summary tables, the history (late completions),
then the rows that could not be judged. Columns that carry nothing are left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gaozhi_cli.calendar import CalendarDataMissing
from gaozhi_cli.dates import format_cn
from gaozhi_cli.deadlines.model import DUE_TODAY, RowResult, Status
from gaozhi_cli.deadlines.summary import NO_DEPARTMENT, Summary, Tally

TITLE = "工作日时限执行情况"
SOON = "即将到期"
# The order of the count columns: what needs action first.
COUNTED = (
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.LATE,
    Status.ON_TIME,
    Status.OPEN,
    Status.INVALID,
    Status.NO_CALENDAR,
)

# The columns of one judged row, in the CSV and in the 明细 sheet alike.
DETAIL_HEADER = (
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

TOKEN = "token"  # dates, case numbers: never split
NAME = "name"  # department names: cut short with … rather than split
NUMBER = "number"
COUNT = "count"  # a status count: the column goes when every row is 0
TEXT = "text"


@dataclass
class Column:
    header: str
    kind: str = TEXT
    optional: bool = False  # left out where the width does not allow it (a narrow terminal)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[str]]
    note: str = ""
    statuses: list[Status | None] = field(default_factory=list)  # per row, for colour
    sheet: str = ""  # the xlsx sheet it goes on


def rate(tally: Tally) -> str:
    value = tally.on_time_rate
    return "—" if value is None else f"{value:.1%}"


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def heading(summary: Summary) -> list[str]:
    """File, records, as-of day and counting rule."""
    o = summary.options
    reading = (
        "非工作日收件顺延至下一工作日再起算" if o.start_on_next_workday else "收件当日不计入，自次日起算"
    )
    return [
        f"文件：{summary.file}（{summary.encoding}，{summary.records:,} 条记录）",
        f"统计日 {format_cn(o.as_of)} · {reading}",
    ]


def action_counts(summary: Summary) -> tuple[int, int, int]:
    """Overdue, due today, due soon (after today)."""
    today = summary.due_today()
    return summary.count(Status.OVERDUE), today, summary.count(Status.DUE_SOON) - today


def headline(summary: Summary) -> list[str]:
    """What needs doing, and in which departments."""
    overdue, today, soon = action_counts(summary)
    if not (overdue or today or soon):
        first = "需要处理：没有超期未完成、今日到期或即将到期的办件"
    else:
        first = f"需要处理：超期未完成 {overdue:,} 件 · {DUE_TODAY} {today:,} 件 · {SOON} {soon:,} 件"
    lines = [first]
    where = []
    for department, tally in summary.by_department():
        today = summary.today_of(department)
        parts = (
            ("超期", tally.counts[Status.OVERDUE]),
            ("今日", today),
            ("即将", tally.counts[Status.DUE_SOON] - today),
        )
        shown = "、".join(f"{label} {n:,}" for label, n in parts if n)
        if shown:
            where.append(f"{department}（{shown}）")
    if where:
        lines.append("涉及部门：" + "；".join(where))
    invalid = summary.count(Status.INVALID) + summary.count(Status.NO_CALENDAR)
    if invalid:
        lines.append(f"另有 {invalid:,} 条无法判断，原因列在最后")
    return lines


def legend(summary: Summary) -> str:
    warn = summary.options.warn_days
    return (
        "状态：超期未完成＝未办结，已过截止日；今日到期＝未办结，截止日就是统计日；"
        f"即将到期＝未办结，剩余不超过 {warn} 个工作日；逾期完成＝办结晚于截止日；按期完成＝不晚于截止日办结；"
        "办理中＝未办结，时间尚充裕；无法判断＝日期、时限或完成日有误（附原因）；缺少日历数据＝需要尚未公布的节假日安排"
    )


def tables(summary: Summary) -> list[Table]:
    due = summary.listed(Status.DUE_SOON)
    as_of = summary.options.as_of
    overdue, today, soon = action_counts(summary)
    found = [
        _cases(summary, "超期未完成", summary.listed(Status.OVERDUE), overdue, "超期工作日", "待办"),
        _cases(summary, DUE_TODAY, [r for r in due if r.deadline == as_of], today, "", "待办"),
        _cases(summary, SOON, [r for r in due if r.deadline != as_of], soon, "剩余", "待办"),
        *_summary_tables(summary),
        _cases(
            summary,
            "逾期完成",
            summary.listed(Status.LATE),
            summary.count(Status.LATE),
            "逾期工作日",
            "逾期完成",
        ),
        _reasons(summary, Status.INVALID),
        _reasons(summary, Status.NO_CALENDAR),
    ]
    return [prune(t) for t in found if t is not None]


def _shown(total: int, listed: int, *, urgent: bool = True) -> str:
    if listed >= total:
        return f"共 {total:,} 条"
    return f"共 {total:,} 条，列出{'最紧急的' if urgent else '前'} {listed:,} 条"


def _cases(
    summary: Summary, title: str, rows: list[RowResult], total: int, days: str, sheet: str
) -> Table | None:
    if not total:
        return None
    columns = [Column("行号", NUMBER), Column("办件编号", TOKEN), Column("部门", NAME), Column("规则")]
    columns += [
        Column("开始日期", TOKEN, optional=True),
        Column("截止日期", TOKEN),
        Column("完成日期", TOKEN),
    ]
    if days:
        columns.append(Column(days, NUMBER))
    body = []
    for r in rows:
        cells = [str(r.line), r.case_id, r.department, r.rule, day(r.start), day(r.deadline), day(r.end)]
        if days:
            left = r.reason.removeprefix("剩余 ").removesuffix(" 个工作日")
            cells.append(
                left
                if r.status is Status.DUE_SOON
                else ""
                if r.late_workdays is None
                else str(r.late_workdays)
            )
        body.append(cells)
    single_rule = len(summary.rules) == 1
    table = Table(
        f"{title}（{_shown(total, len(rows))}）",
        columns,
        body,
        statuses=[r.status for r in rows],
        sheet=sheet,
    )
    if single_rule:
        drop(table, "规则")
    if not summary.line_numbers:
        drop(table, "行号")
    return table


def _reasons(summary: Summary, status: Status) -> Table | None:
    total = summary.count(status)
    if not total:
        return None
    rows = summary.listed(status)
    columns = [Column("行号", NUMBER), Column("办件编号", TOKEN), Column("规则"), Column("原因")]
    body = [[str(r.line), r.case_id, r.rule, r.reason] for r in rows]
    table = Table(
        f"{status.label}（{_shown(total, len(rows), urgent=False)}）",
        columns,
        body,
        statuses=[status] * len(rows),
        sheet="无法判断",
    )
    if len(summary.rules) == 1:
        drop(table, "规则")
    if not summary.line_numbers:
        drop(table, "行号")
    return table


def _count_columns() -> list[Column]:
    """A column per status in COUNTED's order, 今日到期 apart from 即将到期 as in the headline."""
    columns = []
    for s in COUNTED:
        columns += (
            [Column(DUE_TODAY, COUNT), Column(SOON, COUNT)]
            if s is Status.DUE_SOON
            else [Column(s.label, COUNT)]
        )
    return columns


def _count_cells(tally: Tally, today: int) -> list[str]:
    """The counts of ``_count_columns``: ``today`` of the tally's 即将到期 are due today."""
    cells = []
    for s in COUNTED:
        n = tally.counts[s]
        cells += [f"{today:,}", f"{n - today:,}"] if s is Status.DUE_SOON else [f"{n:,}"]
    return cells


def _summary_tables(summary: Summary) -> list[Table]:
    counts = _count_columns()
    found = []
    if len(summary.rules) > 1:
        found.append(
            Table(
                "按规则",
                [Column("规则"), Column("时限"), Column("合计", NUMBER), *counts, Column("按期率", NUMBER)],
                [
                    [
                        r.name,
                        r.limit.describe(),
                        f"{t.total:,}",
                        *_count_cells(t, summary.today_of_rule(r.name)),
                        rate(t),
                    ]
                    for r, t in summary.by_rule()
                ],
                "按期率 = 按期完成 ÷（按期完成 + 逾期完成 + 超期未完成）",
                sheet="汇总",
            )
        )
    else:
        rule, tally = summary.by_rule()[0]
        found.append(
            Table(
                f"合计（{rule.name}：{rule.limit.describe()}）",
                [Column("合计", NUMBER), *counts, Column("按期率", NUMBER)],
                [[f"{tally.total:,}", *_count_cells(tally, summary.due_today()), rate(tally)]],
                "按期率 = 按期完成 ÷（按期完成 + 逾期完成 + 超期未完成）",
                sheet="汇总",
            )
        )
    departments = summary.by_department()
    if departments and [d for d, _ in departments] != [NO_DEPARTMENT]:
        found.append(
            Table(
                "按部门",
                [Column("部门", NAME), Column("合计", NUMBER), *counts, Column("按期率", NUMBER)],
                [[d, f"{t.total:,}", *_count_cells(t, summary.today_of(d)), rate(t)] for d, t in departments],
                sheet="汇总",
            )
        )
    return found


def drop(table: Table, header: str) -> None:
    index = next((i for i, c in enumerate(table.columns) if c.header == header), None)
    if index is not None:
        del table.columns[index]
        for row in table.rows:
            del row[index]


def prune(table: Table) -> Table:
    """Without the columns that carry nothing: all empty, or a count that is 0 everywhere."""
    for i in reversed(range(len(table.columns))):
        values = [row[i] for row in table.rows]
        kind = table.columns[i].kind
        if (table.rows and all(v == "" for v in values)) or (kind == COUNT and all(v == "0" for v in values)):
            drop(table, table.columns[i].header)
    return table


def notes(summary: Summary) -> list[str]:
    """What the report leaves out: in the rules' order, however the file was split to be read."""
    order = {r.name: i for i, r in enumerate(summary.rules)}
    blank = sorted(summary.blank.items(), key=lambda item: order.get(item[0], len(order)))
    lines = [f"另有 {n:,} 条记录没有“{rule}”的日期，未计入该规则。" for rule, n in blank if n]
    lines += [CalendarDataMissing(year).message for year in sorted(summary.missing_years)]
    return lines
