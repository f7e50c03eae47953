"""The 附件3 table as a web page, Markdown, CSV for Excel, and an Excel workbook.

Text formats return a string, xlsx returns bytes, so the command writes either whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from importlib import resources
from typing import TYPE_CHECKING

from gaozhi_cli import __version__
from gaozhi_cli.catalog.annex3 import AGENCY_LABEL, COLUMNS, NOTES, NOTES_LABEL, TITLE, Table
from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.formats.csvout import excel_csv
from gaozhi_cli.formats.markdown import md_cell, md_text

if TYPE_CHECKING:
    from gaozhi_cli.catalog.publication import Publication

CSV_HEADER = ("行政机关", *COLUMNS)


def page_title(tables: Sequence[Table]) -> str:
    return f"{tables[0].agency}{TITLE}" if len(tables) == 1 else TITLE


def render_csv(tables: Sequence[Table]) -> str:
    """A flat table for spreadsheets and other systems: one row per item, the agency first.

    The title and the 说明 row are left out: they would be read as data.
    """
    rows = [(t.agency, *row.cells()) for t in tables for row in t.rows]
    return excel_csv(CSV_HEADER, rows)


def render_markdown(tables: Sequence[Table]) -> str:
    out = [f"# {md_text(page_title(tables))}", ""]
    for table in tables:
        if len(tables) > 1:
            out += [f"## {md_text(table.agency)}", ""]
        out += [f"{AGENCY_LABEL}：{md_cell(table.agency)}", ""]
        out.append("| " + " | ".join(COLUMNS) + " |")
        out.append("|" + "|".join(":---:" if c == "序号" else "---" for c in COLUMNS) + "|")
        out += ["| " + " | ".join(md_cell(cell) for cell in row.cells()) + " |" for row in table.rows]
        out += ["", f"{NOTES_LABEL}：" + " ".join(NOTES), ""]
    return "\n".join(out)


def render_html(tables: Sequence[Table]) -> str:
    """One self-contained page (no external files, scripts or fonts) with a search box."""
    import jinja2
    from markupsafe import Markup, escape

    def lines(text: str) -> Markup:
        return Markup("<br>").join(escape(line) for line in text.splitlines())

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["lines"] = lines
    source = resources.files("gaozhi_cli.formats").joinpath("catalog_page.html.j2").read_text("utf-8")
    return env.from_string(source).render(
        tables=tables,
        columns=COLUMNS,
        notes=NOTES,
        notes_label=NOTES_LABEL,
        agency_label=AGENCY_LABEL,
        page_title=page_title(tables),
        total=sum(len(t.rows) for t in tables),
        version=__version__,
    )


# Column widths in characters, for the workbook (a landscape A4 page holds about 150).
XLSX_WIDTHS = (6, 18, 18, 46, 12, 12, 34, 16)


def render_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet per agency, laid out like the annex: title, 行政机关名称, header, rows, 说明.

    Cells are typed as text, so a value starting with ``=`` is shown, never calculated.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(COLUMNS))
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.agency, used))
        sheet.append([TITLE])
        sheet.merge_cells(f"A1:{last}1")
        sheet["A1"].font = Font(size=16, bold=True)
        sheet["A1"].alignment = Alignment(horizontal="center")
        _text_row(sheet, 2, [f"{AGENCY_LABEL}：{table.agency}"])
        sheet.merge_cells(f"A2:{last}2")
        _text_row(sheet, 3, COLUMNS)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.fill = PatternFill("solid", fgColor="EEF1F5")
            cell.border = border
        for n, row in enumerate(table.rows, start=4):
            _text_row(sheet, n, row.cells())
            sheet.row_dimensions[n].height = _row_height(row.cells())
            if row.seq.isdigit():
                sheet.cell(row=n, column=1).value = int(row.seq)  # a number, not "number stored as text"
            for cell in sheet[n]:
                cell.alignment = wrap
                cell.border = border
        notes_row = 4 + len(table.rows)
        _text_row(sheet, notes_row, [NOTES_LABEL, "\n".join(NOTES)])
        sheet.merge_cells(f"B{notes_row}:{last}{notes_row}")
        sheet.row_dimensions[notes_row].height = 36
        for cell in sheet[notes_row]:
            cell.alignment = wrap
            cell.border = border
        for i, width in enumerate(XLSX_WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A4"
        sheet.print_title_rows = "3:3"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Points per line of 11 pt text; LibreOffice Calc does not fit rows to wrapped text itself.
XLSX_LINE_HEIGHT = 15


def _row_height(values: Sequence[str]) -> float:
    """Tall enough for the longest cell once wrapped in its column (CJK counts two)."""
    from rich.cells import cell_len

    lines = 1
    for value, width in zip(values, XLSX_WIDTHS, strict=False):
        room = max(1, width - 1)
        lines = max(lines, sum(max(1, -(-cell_len(line) // room)) for line in value.splitlines()))
    return min(409, lines * XLSX_LINE_HEIGHT + 4)  # 409 pt is Excel's tallest row


def _text_row(sheet, row: int, values: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not allowed in xlsx
        cell.data_type = "s"  # openpyxl reads a leading "=" as a formula otherwise


_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(agency: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, unique in the workbook."""
    base = (agency.translate(_SHEET_FORBIDDEN).strip("'") or "目录")[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def render_publication(tables: Sequence[Table], fmt: str) -> str | bytes:
    """The 附件3 tables in ``fmt`` (docx, xlsx: bytes; html, md, csv: text)."""
    if fmt == "docx":
        from gaozhi_cli.formats.catalog_docx import render_catalog_docx

        return render_catalog_docx(tables)
    if fmt == "xlsx":
        return render_xlsx(tables)
    texts: dict[str, Callable[[Sequence[Table]], str]] = {
        "html": render_html,
        "md": render_markdown,
        "csv": render_csv,
    }
    return texts[fmt](tables)


def export_notice(publication: Publication) -> str | None:
    """What to tell the user before an export of a catalogue with findings (rich markup)."""
    errors = publication.count(Severity.ERROR)
    if errors:
        return f"[yellow]注意：[/]目录有 {errors} 个错误，已按 --allow-errors 导出，不要对外公布"
    warnings = publication.count(Severity.WARNING)
    if warnings:
        return f"注意：目录有 {warnings} 个警告（gaozhi catalog validate 可查看）"
    return None


def contents(tables: Sequence[Table]) -> str:
    """What an export holds: （5 个目录，42 个证明事项）."""
    return f"（{len(tables)} 个目录，{sum(len(t.rows) for t in tables)} 个证明事项）"
