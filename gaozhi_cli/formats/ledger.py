"""The ledger's outputs: a case's history, the list of cases and of excluded applicants (text),
and its tables as CSV for Excel or as .xlsx (streamed, so a large ledger stays in flat memory).
Every text is masked by the caller's stream (cli.common) or here for files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gaozhi_cli.files import atomic_file, open_output
from gaozhi_cli.formats.csvout import write_excel_csv
from gaozhi_cli.identity import mask_ids_in_text

if TYPE_CHECKING:
    from gaozhi_cli.ledger.history import CaseHistory
    from gaozhi_cli.ledger.store import Case

FORM_NAMES = {
    "commitment": "告知承诺书",
    "assist-request": "申请行政协助函（一）",
    "assist-visit": "申请行政协助函（二）",
    "assist-reply": "行政协助回复函",
    "internal-check": "内部核验单",
    "onsite-check": "现场核验记录单",
    "liaison": "联络表",
}


def aligned(rows: Sequence[Sequence[str]], headings: Sequence[str]) -> list[str]:
    from rich.cells import cell_len

    table = [list(headings), *[list(r) for r in rows]]
    widths = [max(cell_len(r[i]) for r in table) for i in range(len(headings))]
    out = []
    for r in table:
        cells = [c + " " * (widths[i] - cell_len(c)) for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
    return out


def render_history(h: CaseHistory) -> str:
    c = h.case
    out = [
        f"案件 {c.number}（{c.department}）：{c.item_name}"
        + (f"（{c.item_purpose}）" if c.item_purpose else ""),
        f"  申请人：{c.applicant_name or '未记录'}"
        + (f"（{c.applicant_id_masked}）" if c.applicant_id_masked else ""),
        f"  承诺日期：{c.committed_on or '未记录'}；核查时限：{c.time_limit or '未记录'}"
        + (f"；办件编号：{c.platform_no}" if c.platform_no else ""),
        f"  状态：{h.status}",
        "",
        "文书：",
    ]
    if h.letters:
        rows = [
            (
                d or "",
                FORM_NAMES.get(form, form),
                number or "",
                file or "",
                f"已作废（{why}）" if voided else f"sha256 {sha[:12]}…" if sha else "",
            )
            for form, number, d, file, sha, voided, why in h.letters
        ]
        out += ["  " + line for line in aligned(rows, ("日期", "文书", "编号", "文件", "备注"))]
    else:
        out.append("  （无）")
    out += ["", "事件："]
    if h.events:
        out += ["  " + line for line in aligned(h.event_rows(), ("日期", "事件", "内容", "来源"))]
    else:
        out.append("  （无）")
    if h.retracted:  # kept for the audit, out of every count
        out += ["", "已撤销的事件（不计入统计）："]
        header = ("日期", "事件", "内容", "撤销日期", "原因")
        out += ["  " + line for line in aligned(h.retracted_rows(), header)]
    return "\n".join(out) + "\n"


def render_cases(cases: Sequence[CaseHistory]) -> str:
    if not cases:
        return (
            "台账中还没有案件（letter generate commitment 出具告知承诺书时自动登记，或 ledger import 导入）\n"
        )
    rows = [
        (
            h.case.key,
            h.case.department,
            h.case.item_name,
            h.case.applicant_name or "",
            h.case.committed_on or "",
            h.status,
        )
        for h in cases
    ]
    lines = aligned(rows, ("案件", "部门", "证明事项", "申请人", "承诺日期", "状态"))
    return "\n".join(lines) + f"\n共 {len(cases)} 件\n"


def render_excluded(found: Sequence[tuple[Case, str]]) -> str:
    if not found:
        return "没有因虚假承诺而不适用告知承诺制的申请人\n"
    rows = [
        (c.applicant_name or "", c.applicant_id_masked or "", c.department, c.number, c.item_name, day)
        for c, day in found
    ]
    lines = aligned(rows, ("申请人", "证件号码", "部门", "案件", "证明事项", "核查为虚假"))
    return "\n".join(lines) + f"\n共 {len(found)} 人；信用修复后用 gaozhi ledger record 信用修复 记录\n"


def write_table_csv(
    output: Path | None, header: Sequence[str], rows: Iterable[Sequence[str]], *, force: bool
) -> None:
    """CSV for Excel (BOM, formulas neutralised) to ``output`` or stdout, masked."""
    with open_output(output, force=force) as stream:
        write_excel_csv(stream, header, rows)


def write_table_xlsx(
    output: Path, sheet: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, force: bool
) -> int:
    """One sheet with a bold header and a filter; returns the rows written."""
    from gaozhi_cli.formats.xlsxstream import Book

    count = 0
    with atomic_file(output, force=force) as raw:
        book = Book(raw)
        page = book.sheet(sheet, [max(10.0, min(30.0, 2.2 * len(h))) for h in header], freeze=1)
        page.filter = (1, len(header))
        page.row(header, book.styles(bold=True))
        for row in rows:
            if page.full:
                break
            page.row([mask_ids_in_text(v) if v else v for v in row])
            count += 1
        page.close()
        book.close()
    return count
