"""Events from a platform's export (CSV, .xlsx, .xls, .ods), in the deadline report's columns or
through a column map (``--columns``, the same YAML as ``deadlines report``).

A row names its case by 承诺书编号 (2025-15, [2025年]第15号) or 办件编号; a 办件编号 the ledger
does not know opens a case when the row names its 证明事项. Each dated column is one event
(收件日期 → 收件, 核查完成日期 with 核查方式/核查结果 → 核查 …); an event already recorded (same
case, kind, day, 函号 and result) is not added again, so a monthly export can be imported
over and over. Each row is its own transaction: a bad row is reported with its line and
field and the others go in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.dates import date_hint, is_no_date, parse_date
from gaozhi_cli.deadlines.columns import doubled_headers, find_column, header_names
from gaozhi_cli.deadlines.exports import open_export
from gaozhi_cli.deadlines.sheet import LostDigits
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.identity import id_number_problem
from gaozhi_cli.ledger.model import KINDS, parse_event
from gaozhi_cli.ledger.store import Case, Ledger
from gaozhi_cli.ledger.table import COLUMNS
from gaozhi_cli.workbook import lost_digits_reason

CASE_COLUMNS = ("承诺书编号", "办件编号")
# A dated column → the event it records, and the columns whose cells go with it.
EVENTS: dict[str, tuple[str, dict[str, str]]] = {
    "收件日期": ("received", {"申请方式": "申请方式"}),
    "告知承诺书送达日期": ("delivered", {}),
    "决定日期": ("decided", {}),
    "核查完成日期": (
        "verified",
        {"核查方式": "核查方式", "核查结果": "核查结果", "核查人": "核查人", "结果生效日期": "结果生效日期"},
    ),
    "信用信息归集日期": ("credit-collected", {}),
    "发函日期": (
        "assist-sent",
        {"被请求单位": "被请求单位", "回复时限": "回复时限（工作日）", "函号": "函号"},
    ),
    "回复日期": ("assist-replied", {}),
    "投诉受理日期": ("complaint", {}),
    "处理结果告知日期": ("complaint-answered", {}),
    "信用修复日期": ("repaired", {}),
}
KNOWN = tuple(dict.fromkeys((*COLUMNS, "函号")))
ONCE = ("received", "delivered", "decided")  # a case has one of each; a second day is a correction


@dataclass
class ImportSummary:
    file: str
    rows: int = 0
    events: int = 0
    repeated: int = 0  # already in the ledger
    retracted: int = 0  # taken back before (ledger retract): not brought back
    cases: int = 0  # opened from rows with an unknown 办件编号
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the header: the rows still go in

    def counts(self) -> tuple[int, int, int, int]:
        return self.events, self.repeated, self.retracted, self.cases


def import_events(
    ledger: Ledger,
    path: Path,
    columns: Mapping[str, tuple[str, ...]] | None = None,
    *,
    sheet: str | None = None,
    department: str | None = None,
) -> ImportSummary:
    mapping = columns or {}
    export = open_export(path, None, frozenset(header_names(KNOWN, mapping)), sheet)
    summary = ImportSummary(export.shown)
    try:
        at = {name: find_column(export.header, name, mapping) for name in KNOWN}
        if all(at[c] is None for c in CASE_COLUMNS):
            raise GaozhiError(
                f"{export.shown} 的表头中没有“承诺书编号”或“办件编号”列（可用 --columns 指定列名映射）；"
                f"表头为：{'、'.join(h for h in export.header if h) or '（空）'}"
            )
        if all(at[c] is None for c in EVENTS):
            raise GaozhiError(f"{export.shown} 的表头中没有任何事件日期列（{'、'.join(EVENTS)}）")
        summary.warnings = _header_warnings(export.header, at, mapping)
        for lines, rows, problems in export.batches():
            for line, fields, index in zip(lines, rows, range(len(rows)), strict=True):
                if index not in problems and not any(map(str.strip, fields)):
                    continue  # ,,,, : a row Excel left empty
                summary.rows += 1
                where = f"{export.shown} 第 {line} 行"
                if index in problems:
                    summary.problems.append(f"{where}：{problems[index]}")
                    continue
                long = next(
                    (n for n, i in at.items() if i is not None and type(fields[i]) is LostDigits), None
                )
                if long is not None:  # a case or ID number whose last digits Excel has lost
                    summary.problems.append(f"{where}：{lost_digits_reason(long, fields[at[long] or 0])}")
                    continue
                cell = {name: fields[i].strip() if i is not None else "" for name, i in at.items()}
                counted = summary.counts()
                try:
                    with ledger.transaction():
                        _row(ledger, cell, where, department, summary)
                except GaozhiError as exc:  # the row's transaction is rolled back: so are its counts
                    summary.events, summary.repeated, summary.retracted, summary.cases = counted
                    summary.problems.append(
                        exc.message if exc.message.startswith(where) else f"{where}：{exc.message}"
                    )
    finally:
        export.close()
    return summary


def _header_warnings(
    header: Sequence[str], at: Mapping[str, int | None], mapping: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """A column read twice takes its first copy; a mapped name that is not in the header
    leaves its events out without a word."""
    warnings = doubled_headers(header, at.values())
    for name, names in mapping.items():
        if at.get(name) is None:
            warnings.append(f"列名映射：“{name}”映射到的“{'”“'.join(names)}”不在表头中，这一列没有导入")
    return warnings


def _row(
    ledger: Ledger, cell: dict[str, str], where: str, department: str | None, summary: ImportSummary
) -> None:
    case = _case(ledger, cell, where, department, summary)
    for column, (kind, extra) in EVENTS.items():
        text = cell[column]
        if not text or is_no_date(text):  # 0000-00-00, -, NULL: no date yet
            continue
        if parse_date(text) is None:
            raise GaozhiError(f"{where}：“{column}”“{text}”不是可识别的日期{date_hint(text)}")
        values = {"事件": kind, "日期": text, **{key: cell[col] for key, col in extra.items()}}
        if kind == "verified" and values.get("核查结果") != "虚假":
            values.pop("结果生效日期", None)
        event = parse_event(values, f"{where}：“{column}”一组：")
        if ledger.has_event(case.id, event):
            summary.repeated += 1
            continue
        if ledger.was_retracted(case.id, event):  # taken back as an error: the export is stale
            summary.retracted += 1
            continue
        earlier = ledger.days_of(case.id, kind) if kind in ONCE else []
        if earlier:  # a corrected export: both days now count, and the first one rules
            summary.warnings.append(
                f"{where}：案件 {case.number} 已记录 {'、'.join(earlier)} 的{column[:-2]}，又导入 {event.on.isoformat()}；"
                f"如前者记错，请用 gaozhi ledger retract {KINDS[kind].name} {case.key} --date {earlier[0]} --why 原因 撤销"
            )
        ledger.add_event(case, event, f"导入 {where}")
        summary.events += 1


def _case(
    ledger: Ledger, cell: dict[str, str], where: str, department: str | None, summary: ImportSummary
) -> Case:
    department = cell["部门"] or department
    number, platform = cell["承诺书编号"], cell["办件编号"]
    for ref in (number, platform):
        if ref:
            try:
                case = ledger.find_case(ref, department)
            except GaozhiError:
                continue
            if platform and number and case.platform_no is None:
                ledger.link_platform_no(case, platform)
            return case
    if not platform or not cell["证明事项"]:
        raise GaozhiError(f"{where}：台账中没有案件“{number or platform}”；新案件须有“办件编号”和“证明事项”")
    id_number = cell["证件号码"] or None
    if (
        id_number
        and "*" not in id_number
        and id_number_problem(id_number) is not None
        and len(id_number) == 18
    ):
        raise GaozhiError(f"{where}：“证件号码”不是有效的居民身份证号码")
    summary.cases += 1
    case_id = ledger.add_case(
        department=department or ledger.department or "",
        platform_no=platform,
        item_name=cell["证明事项"],
        item_purpose=cell["事项名称"] or None,
        applicant_name=cell["申请人"] or None,
        id_number=id_number if id_number and "*" not in id_number else None,
        committed_on=parse_date(cell["承诺日期"]),
        time_limit=cell["核查时限"] or None,
    )
    return ledger.case_by_id(case_id)
