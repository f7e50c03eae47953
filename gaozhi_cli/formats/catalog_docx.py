"""The 附件3 table and the 调整说明 of a comparison as GB/T 9704 documents (formats.gbt9704):
A4 landscape, East Asian fonts on every run, the header row repeated on every page, page
numbers ``— n —``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from gaozhi_cli import dockind
from gaozhi_cli.catalog.annex3 import AGENCY_LABEL, COLUMNS, NOTES, NOTES_LABEL, TITLE, Table, basis_cell
from gaozhi_cli.catalog.diff import CatalogDiff, DiffReport, FieldChange, ItemChange
from gaozhi_cli.catalog.model import Item
from gaozhi_cli.formats.gbt9704 import GbtDocument, Prototype, new_document
from gaozhi_cli.identity import mask_ids_in_text

if TYPE_CHECKING:
    from docx.table import Table as DocxTable

Align = Literal["left", "center", "right", "both"]
# Widths in mm: the landscape type area is 225 mm wide (297 − 37 − 35).
ANNEX_WIDTHS = (14, 24, 24, 58, 18, 20, 40, 27)
ANNEX_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "left", "left", "left")
TABLE_PT = 10.5  # 五号: eight columns of legal text do not fit in the 4号 of body tables
CN_NUMBERS = "一二三四五六七八九十"


def render_catalog_docx(tables: Sequence[Table]) -> bytes:
    """One document; each agency's table starts on a new page under the title.

    The body is written as text into a prepared document (gbt9704.Prototype): parsing 3,000
    rows into lxml and moving them into the document took 5.5 s; this takes a tenth of it."""
    doc = new_document(landscape=True, kind=dockind.CATALOG, title=TITLE)
    doc.page_numbers()
    body = Prototype(doc).fresh()
    for n, table in enumerate(tables):
        if n:
            body.page_break()
        body.paragraph(TITLE, "title")
        body.paragraph(f"{AGENCY_LABEL}：{table.agency}", "plain")
        rows = [list(COLUMNS), *(list(row.cells()) for row in table.rows), [NOTES_LABEL, " ".join(NOTES)]]
        body.table(
            rows,
            header_rows=1,
            repeat_header=True,
            widths_mm=ANNEX_WIDTHS,
            size_pt=TABLE_PT,
            align=ANNEX_ALIGN,
            flowing=True,
            span_short_rows=True,
        )
    return body.to_bytes()


# -- 调整说明 ------------------------------------------------------------------------------------


def render_adjustment_docx(report: DiffReport) -> bytes:
    """调整说明: what was added, removed and changed, for the notice that publishes the new list."""
    doc = new_document(landscape=True, kind=dockind.CATALOG_CHANGES, title=f"{TITLE}调整说明")
    changed = [c for c in report.catalogs if c.has_changes]
    single = len(report.catalogs) == 1
    agency = mask_ids_in_text(report.catalogs[0].agency) if single else ""
    doc.title(f"{agency}{TITLE}调整说明")
    if not changed:
        doc.paragraph("与原目录相比，目录没有变化。")
    for n, c in enumerate(changed):
        if not single:
            doc.heading(mask_ids_in_text(f"{CN_NUMBERS[n] if n < 10 else n + 1}、{c.agency}"), 1)
        doc.paragraph(_summary(c))
        _sections(doc, c, level=2 if not single else 1)
    same = [c.agency for c in report.catalogs if not c.has_changes]
    if changed and same:
        doc.paragraph(mask_ids_in_text(f"{'、'.join(same)}的目录没有变化。"))
    doc.page_numbers()
    return doc.to_bytes()


def _summary(c: CatalogDiff) -> str:
    if c.old_file is None:
        return f"新制定目录，共{len(c.added)}项证明事项。"
    if c.new_file is None:
        return f"目录整体废止，原有{len(c.removed)}项证明事项。"
    total = len(c.added) + len(c.changed) + c.unchanged
    return (
        f"与原目录相比，本次调整新增证明事项{len(c.added)}项，取消{len(c.removed)}项，"
        f"调整{len(c.changed)}项；调整后目录共{total}项。"
    )


def _sections(doc: GbtDocument, c: CatalogDiff, *, level: Literal[1, 2]) -> None:
    def heading(n: int, name: str) -> None:
        number = f"{CN_NUMBERS[n]}、" if level == 1 else f"（{CN_NUMBERS[n]}）"
        doc.heading(number + name, level)

    heading(0, f"新增证明事项（{len(c.added)}项）")
    if c.added:
        _item_table(doc, "序号", c.added)
    else:
        doc.paragraph("无。")
    heading(1, f"取消证明事项（{len(c.removed)}项）")
    if c.removed:
        _item_table(doc, "原序号", c.removed)
    else:
        doc.paragraph("无。")
    heading(2, f"调整证明事项（{len(c.changed)}项）")
    if c.changed:
        _changed_table(doc, c.changed)
    else:
        doc.paragraph("无。")
    if c.header:
        heading(3, "目录信息变更")
        _header_table(doc, c.header)


def _item_table(doc: GbtDocument, seq_label: str, items: list[Item]) -> None:
    rows = [[seq_label, "证明事项", "证明用途", "设定依据", "开具单位"]]
    rows += [[str(i.seq), i.name, i.purpose, basis_cell(i.bases), i.issuing_unit] for i in items]
    _table(doc, rows, (14, 36, 36, 104, 35))


def _changed_table(doc: GbtDocument, changes: list[ItemChange]) -> None:
    header = ["序号", "证明事项", "证明用途", "调整项目", "调整前", "调整后"]
    rows: list[list[str]] = [header]
    spans: list[tuple[int, int]] = []
    for change in changes:
        seq = str(change.new.seq) + (f"\n（原{change.old.seq}）" if change.old.seq != change.new.seq else "")
        item = [seq, change.new.name, change.new.purpose]
        first = len(rows)
        for n, f in enumerate(change.changes):
            rows.append(
                [*(item if n == 0 else ["", "", ""]), field_label(f), f.old or "（无）", f.new or "（删除）"]
            )
        spans.append((first, len(rows) - 1))
    table = _table(doc, rows, (14, 30, 30, 35, 58, 58))
    for first, last in spans:  # one item, several changed fields: its cells run down
        if last > first:
            for column in range(3):
                table.cell(first, column).merge(table.cell(last, column))


def _header_table(doc: GbtDocument, changes: list[FieldChange]) -> None:
    rows = [
        ["项目", "调整前", "调整后"],
        *([field_label(f), f.old or "（无）", f.new or "（删除）"] for f in changes),
    ]
    _table(doc, rows, (45, 90, 90))


def field_label(change: FieldChange) -> str:
    """监管措施.核查时限 → 监管措施·核查时限."""
    return change.field.replace(".", "·")


def _table(doc: GbtDocument, rows: list[list[str]], widths: Sequence[float]) -> DocxTable:
    align: list[Align] = ["left"] * len(widths)
    align[0] = "center"
    rows = [[mask_ids_in_text(cell) for cell in row] for row in rows]  # the values compared are data
    return doc.table(
        rows,
        header_rows=1,
        repeat_header=True,
        widths_mm=widths,
        size_pt=TABLE_PT,
        align=align,
        flowing=True,
    )
