"""The annual assessment (``ledger report``): tables on the terminal (readable at 80 columns),
an .xlsx sheet, and a GB/T 9704 document — 年度证明事项告知承诺制实施情况统计表, A4 landscape."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gaozhi_cli import dockind
from gaozhi_cli.dates import format_cn
from gaozhi_cli.files import atomic_write
from gaozhi_cli.formats.terminal import text_console
from gaozhi_cli.identity import mask_ids_in_text

if TYPE_CHECKING:
    from gaozhi_cli.ledger.assessment import Assessment, Figures, Timely

TIMELY = (("verification", "核查"), ("credit", "信用信息归集"), ("assistance", "行政协助回复"))
TIMELY_PARTS = ("按期", "逾期", "未到期", "按期率")
SHORT = {
    "内部核查": "内部",
    "在线核查": "在线",
    "现场核查": "现场",
    "行政协助核查": "协助",
    "未注明方式": "未注明",
}


def title(found: Assessment) -> str:
    return f"{found.year}年度证明事项告知承诺制实施情况统计表"


def notes(found: Assessment) -> list[str]:
    """How the figures are counted, said under every table."""
    lines = [
        f"统计对象：{found.year}年作出的告知承诺（不含已作废的）；统计截至{format_cn(found.as_of)}，"
        "此后记录的事件不计入。",
        "已核查按每件承诺的第一次核查计，核查方式取该次核查的方式；虚假承诺为核查结果为虚假的承诺件数。",
        "核查按各事项登记时目录的核查时限，信用信息归集为结果生效后7个工作日内（实施方案四(七)），"
        "行政协助回复为协助函所定的工作日内；逾期含逾期完成和超期未完成；未到期指截至统计日尚未完成、"
        "也未超过时限的，不计为逾期，也不计入按期率；按期率＝按期÷（按期＋逾期）。",
    ]
    if found.missing_years:
        years = "、".join(str(y) for y in sorted(found.missing_years))
        lines.append(f"缺少{years}年的节假日安排，涉及的时限无法判断，未计入。")
    return lines


def header(found: Assessment) -> tuple[list[str], list[str]]:
    """The two header rows of the full table (spanned headings over their columns)."""
    methods = list(found.methods)
    top = ["部门", "承诺件数", "核查情况", *[""] * len(methods), "虚假承诺"]
    below = ["", "", "已核查", *methods, ""]
    for _, name in TIMELY:
        top += [f"{name}时限", "", "", ""]
        below += list(TIMELY_PARTS)
    return top, below


def values(found: Assessment, f: Figures) -> list[str | int | float | None]:
    """A department's row: counts, and each rate as a fraction (None without a base)."""
    cells: list[str | int | float | None] = [mask_ids_in_text(f.department), f.committed, f.verified]
    cells += [f.methods[m] for m in found.methods]
    cells.append(f.false_found)
    for attr, _ in TIMELY:
        t = getattr(f, attr)
        cells += [t.on_time, t.late, t.pending, t.rate]
    return cells


def row(found: Assessment, f: Figures) -> list[str]:
    return [_percent(v) if isinstance(v, float) or v is None else str(v) for v in values(found, f)]


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def table_rows(found: Assessment) -> list[list[str]]:
    return [row(found, f) for f in [*found.departments, found.total]]


# -- terminal ----------------------------------------------------------------------------------


def render_text(found: Assessment, *, color: bool = False, width: int = 80) -> str:
    """Two tables that fit 80 columns: the commitments and their verification, then the three
    deadlines as 按期/应办 with the rate and what is still pending."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out, buffer = text_console(color=color, width=width)
    out.print(Text(title(found), style="bold"))
    if not found.departments:
        out.print(f"台账中没有{found.year}年作出的告知承诺（截至{format_cn(found.as_of)}）")
        return buffer.getvalue()
    first = Table(
        title="承诺与核查（件；按第一次核查的方式）",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    first.add_column("部门", overflow="fold", min_width=min(20, _longest(found)))
    for name in ("承诺", "已核查", *(SHORT.get(m, m) for m in found.methods), "虚假"):
        first.add_column(name, justify="right")
    second = Table(
        title="时限执行（按期/应办 按期率；未到期不计入）",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    second.add_column("部门", overflow="fold", min_width=min(20, _longest(found)))
    for _, name in TIMELY:
        second.add_column(name, justify="right")
    for f in [*found.departments, found.total]:
        style = "bold" if f is found.total else None
        figures = [f.committed, f.verified, *(f.methods[m] for m in found.methods), f.false_found]
        first.add_row(mask_ids_in_text(f.department), *map(str, figures), style=style)
        second.add_row(
            mask_ids_in_text(f.department), *(_timely(getattr(f, a)) for a, _ in TIMELY), style=style
        )
    out.print(first)
    out.print(second)
    for line in notes(found):
        out.print(Text(line, style="dim"))
    return buffer.getvalue()


def _longest(found: Assessment) -> int:
    from rich.cells import cell_len

    return max(cell_len(f.department) for f in [*found.departments, found.total])


def _timely(t: Timely) -> str:
    shown = f"{t.on_time}/{t.due} {_percent(t.rate)}" if t.due else "—"
    extra = [f"未到期{t.pending}" if t.pending else "", f"无法判断{t.unjudged}" if t.unjudged else ""]
    return "\n".join([shown, *(e for e in extra if e)])


# -- xlsx --------------------------------------------------------------------------------------


def write(found: Assessment, fmt: str, output: Path, *, force: bool) -> None:
    """The .xlsx or .docx file, written whole or not at all."""
    data = render_docx(found) if fmt == "docx" else render_xlsx(found)
    atomic_write(output, data, force=force)


def render_xlsx(found: Assessment) -> bytes:
    """One sheet: the title, the two header rows (merged over their columns), a row per
    department, the total, and the notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "实施情况统计"
    top, below = header(found)
    last = get_column_letter(len(top))
    sheet.append([title(found)])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(top)
    sheet.append(below)
    for first, count in _spans(top, below):
        sheet.merge_cells(
            start_row=2, start_column=first + 1, end_row=2 if count > 1 else 3, end_column=first + count
        )
    for cells in sheet.iter_rows(min_row=2, max_row=3):
        for cell in cells:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for f in [*found.departments, found.total]:
        sheet.append(values(found, f))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.0%"
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in notes(found):
        sheet.append([line])
        sheet.merge_cells(f"A{sheet.max_row}:{last}{sheet.max_row}")
    sheet.column_dimensions["A"].width = 24
    for n in range(2, len(top) + 1):
        sheet.column_dimensions[get_column_letter(n)].width = 9
    sheet.freeze_panes = "B4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _spans(top: Sequence[str], below: Sequence[str]) -> list[tuple[int, int]]:
    """(first column, columns) of each heading of the top row: a heading with nothing below
    runs down both rows; one with sub-headings runs across them."""
    spans = []
    for i, name in enumerate(top):
        if name:
            count = 1
            while i + count < len(top) and not top[i + count] and below[i + count]:
                count += 1
            spans.append((i, count if below[i] else 1))
    return spans


# -- docx (GB/T 9704) --------------------------------------------------------------------------

TABLE_PT = 10.5  # 五号: thirteen columns of numbers across the page
DEPARTMENT_MM = 35.0
TYPE_AREA_MM = 225  # the landscape type area's width


def render_docx(found: Assessment) -> bytes:
    """A4 landscape: the title in 小标宋, then 一、承诺与核查情况 and 二、时限执行情况, each a
    table whose header repeats on every page, the notes, page numbers ``— n —``."""
    from gaozhi_cli.formats.gbt9704 import new_document

    doc = new_document(landscape=True, kind=dockind.ASSESSMENT, title=title(found))
    doc.title(title(found))
    doc.paragraph(f"统计截至{format_cn(found.as_of)}", "center")
    rows = table_rows(found)
    counts = 3 + len(found.methods) + 1  # 部门, 承诺件数, 已核查, the methods, 虚假承诺
    doc.heading("一、承诺与核查情况（件）")
    first = ["部门", "承诺件数", "已核查", *found.methods, "虚假承诺"]
    _grid(doc, [first], [r[:counts] for r in rows])
    doc.heading("二、时限执行情况（件）")
    top, below = header(found)
    _grid(doc, [[top[0], *top[counts:]], [below[0], *below[counts:]]], [[r[0], *r[counts:]] for r in rows])
    doc.heading("三、说明")
    for n, line in enumerate(notes(found), start=1):
        doc.paragraph(f"{n}. {line}", "body")
    doc.page_numbers()
    return doc.to_bytes()


def _grid(doc, head: list[list[str]], rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    """A table of the full width: the department, then equal columns of numbers; a heading
    over sub-headings spans them, a heading without runs down the header rows."""
    columns = len(head[0])
    rest = (TYPE_AREA_MM - DEPARTMENT_MM) / (columns - 1)
    grid = doc.table(
        [*head, *rows],
        header_rows=len(head),
        repeat_header=True,
        widths_mm=[DEPARTMENT_MM, *[rest] * (columns - 1)],
        size_pt=TABLE_PT,
        align=["left", *["center"] * (columns - 1)],
    )
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for cells in grid.rows[: len(head)]:
        for cell in cells.cells:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if len(head) == 2:
        for first, count in _spans(*head):
            if count > 1:
                grid.cell(0, first).merge(grid.cell(0, first + count - 1))
            else:
                grid.cell(0, first).merge(grid.cell(1, first))
        for cell in grid.rows[0].cells:  # merging keeps the empty paragraphs of the cells merged
            for p in cell.paragraphs[1:]:
                if not p.text.strip():
                    p._p.getparent().remove(p._p)
