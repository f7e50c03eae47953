"""The 附件3 table as a web page, Markdown, CSV for Excel, and an Excel workbook.

Text formats return a string, xlsx returns bytes, so the command writes either whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import lru_cache
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

    def lines(text: str) -> Markup:  # escaped once, then split: a Markup per line costs double
        return Markup("<br>".join(str(escape(text)).splitlines()))

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
    Written as XML text (formats.xlsxstream): openpyxl's cell objects took 2.4 s for 3,000 items.
    """
    from gaozhi_cli.formats.xlsxstream import Book, column_letters

    buffer = io.BytesIO()
    book = Book(buffer)
    style = book.styles
    title = style(bold=True, size=16, horizontal="center")
    header = style(bold=True, fill="EEF1F5", border=True, horizontal="center", vertical="center", wrap=True)
    cell = style(border=True, vertical="top", wrap=True)
    last = column_letters(len(COLUMNS) - 1)
    used: set[str] = set()
    for table in tables:
        sheet = book.sheet(_sheet_name(table.agency, used), XLSX_WIDTHS, freeze=3)
        sheet.title_rows = (3, 3)
        sheet.row([TITLE], title)
        sheet.merge("A1", f"{last}1")
        sheet.row([f"{AGENCY_LABEL}：{table.agency}"])
        sheet.merge("A2", f"{last}2")
        sheet.row(COLUMNS, header)
        for row in table.rows:
            values: list[object] = list(row.cells())
            if row.seq.isdigit():
                values[0] = int(row.seq)  # a number, not "number stored as text"
            sheet.row(values, cell, height=_row_height(row.cells()))
        sheet.row([NOTES_LABEL, "\n".join(NOTES), *[""] * (len(COLUMNS) - 2)], cell, height=36)
        sheet.merge(f"B{sheet.rows}", f"{last}{sheet.rows}")
        sheet.close()
    book.close()
    return buffer.getvalue()


# Points per line of 11 pt text; LibreOffice Calc does not fit rows to wrapped text itself.
XLSX_LINE_HEIGHT = 15


def _row_height(values: Sequence[str]) -> float:
    """Tall enough for the longest cell once wrapped in its column (CJK counts two)."""
    lines = max(
        (_wrapped_lines(value, width) for value, width in zip(values, XLSX_WIDTHS, strict=False)), default=1
    )
    return min(409, max(1, lines) * XLSX_LINE_HEIGHT + 4)  # 409 pt is Excel's tallest row


@lru_cache(maxsize=4096)  # the rows of a table repeat their units, methods and time limits
def _wrapped_lines(value: str, width: int) -> int:
    from rich.cells import cell_len

    room = max(1, width - 1)
    return sum(max(1, -(-cell_len(line) // room)) for line in value.splitlines())


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
