"""The shared workbook reader and zip guard: real exports read, hostile files refused quickly
with a message naming the file (through catalog import, and the base-document reader)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from workbook_files import declare_size, ods_cell, raw_ods, raw_xlsx, soffice_convert, text_cell

from gaozhi_cli.workbook import Workbook, WorkbookError, cell_name, cell_text


def _export(path: Path) -> Path:
    from openpyxl import Workbook as OpenpyxlBook

    book = OpenpyxlBook()
    sheet = book.active
    sheet.title = "办件"
    sheet.append(["2025年告知承诺办件统计表"])
    sheet.merge_cells("A1:C1")
    sheet.append(["办件编号", "收件日期", "件数"])
    sheet.append(["JC001", datetime(2025, 10, 1), 3])
    sheet.append(["JC002", "2025年10月9日", 2.5])
    book.save(path)
    return path


def test_an_export_reads_with_its_row_numbers_dates_and_merges(tmp_path: Path) -> None:
    book = Workbook(_export(tmp_path / "导出.xlsx"))
    sheet = book.sheet("办件")
    rows = [[cell_text(v) for v in row] for row in sheet.rows()]
    assert sheet.first_row == 1 and book.names == ["办件"]
    assert rows[2] == ["JC001", "2025-10-01", "3"]
    assert rows[3] == ["JC002", "2025年10月9日", "2.5"]
    assert [(m.first_row, m.first_column, m.last_row, m.last_column) for m in sheet.merged] == [(1, 1, 1, 3)]


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_xls_and_ods_read_like_xlsx(tmp_path: Path, suffix: str) -> None:
    converted = soffice_convert(_export(tmp_path / "导出.xlsx"), suffix)
    sheet = Workbook(converted).sheet("办件")
    rows = [[cell_text(v) for v in row] for row in sheet.rows()]
    assert rows[2][:2] == ["JC001", "2025-10-01"]
    assert isinstance(next(iter(sheet.rows()))[0], str)


def test_cell_names() -> None:
    assert cell_name(1048576, 16384) == "XFD1048576" and cell_name(3, 27) == "AA3"
    assert cell_text(date(2025, 1, 2)) == "2025-01-02" and cell_text(None) == ""


def _refused(path: Path, words: str) -> None:
    with pytest.raises(WorkbookError) as caught:
        Workbook(path).sheet("办件")
    assert words in caught.value.message and path.name in caught.value.message


def test_a_cell_at_xfd1048576_is_refused_before_calamine_builds_the_sheet(tmp_path: Path) -> None:
    data = (
        f'<row r="1">{text_cell("A1", "办件编号")}</row><row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    )
    _refused(raw_xlsx(tmp_path / "远处.xlsx", data), "XFD1048576")


def test_a_far_cell_numbered_past_its_row_is_seen(tmp_path: Path) -> None:
    # the row says 2, the cell says row 900000 in column AZ: calamine would place it there
    data = f'<row r="1">{text_cell("A1", "办件编号")}</row><row r="2">{text_cell("ZZ900000", "x")}</row>'
    _refused(raw_xlsx(tmp_path / "错号.xlsx", data), "ZZ900000")


def test_a_long_narrow_export_is_within_the_limits(tmp_path: Path) -> None:
    data = "".join(
        f'<row r="{r}">{text_cell(f"A{r}", "x")}{text_cell(f"F{r}", "y")}</row>' for r in (1, 2, 3)
    )
    data += f'<row r="1000000">{text_cell("F1000000", "z")}</row>'
    assert Workbook(raw_xlsx(tmp_path / "长.xlsx", data)).sheet("办件").height == 1000000


def test_a_merged_range_over_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "合并.xlsx",
        f'<row r="1">{text_cell("A1", "办件编号")}</row>',
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )
    _refused(path, "合并单元格 A1:XFD1048576")


def test_ods_repeated_cells_count_only_where_they_hold_values(tmp_path: Path) -> None:
    empty_tail = '<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    fine = raw_ods(
        tmp_path / "正常.ods", f"<table:table-row>{ods_cell('办件编号')}</table:table-row>{empty_tail}"
    )
    assert Workbook(fine).sheet("办件").height == 1
    full = f'<table:table-row>{ods_cell("办件编号")}</table:table-row><table:table-row table:number-rows-repeated="1048575">{ods_cell("x", 16384)}</table:table-row>'
    with pytest.raises(WorkbookError) as caught:
        Workbook(raw_ods(tmp_path / "重复.ods", full))
    assert "1,048,576 行 × 16,384 列" in caught.value.message


def test_a_member_inflating_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    data = f'<row r="1">{text_cell("A1", "办件编号")}</row>' + " " * 20_000_000
    path = declare_size(raw_xlsx(tmp_path / "炸弹.xlsx", data), "xl/worksheets/sheet1.xml", 5000)
    _refused(path, "超过了它声明的")


def test_a_member_declaring_gigabytes_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = declare_size(raw_xlsx(tmp_path / "巨大.xlsx", "<row/>"), "xl/worksheets/sheet1.xml", 3 * 1024**3)
    _refused(path, "超过上限")


def test_catalog_import_refuses_a_hostile_workbook_and_document(gaozhi, tmp_path: Path) -> None:
    data = (
        f'<row r="1">{text_cell("A1", "证明事项")}</row><row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    )
    raw_xlsx(tmp_path / "目录.xlsx", data)
    result = gaozhi("catalog", "import", "目录.xlsx", "-o", "x.yaml")
    assert result.exit_code == 2 and "XFD1048576" in result.stderr and "Traceback" not in result.output
    with zipfile.ZipFile(tmp_path / "目录.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", " " * 10_000_000)
    declare_size(tmp_path / "目录.docx", "word/document.xml", 100)
    result = gaozhi("catalog", "import", "目录.docx", "-o", "x.yaml")
    assert result.exit_code == 2 and "超过了它声明的" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_a_base_document_that_is_a_bomb_is_refused(tmp_path: Path) -> None:
    from gaozhi_cli.formats.gbt9704 import BaseDocxError, new_document

    base = tmp_path / "信头.docx"
    with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w/>")
    declare_size(base, "word/document.xml", 3 * 1024**3)
    with pytest.raises(BaseDocxError) as caught:
        new_document(base)
    assert "超过上限" in caught.value.message
