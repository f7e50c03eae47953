"""A batch kept in Excel: the first sheet's first row of text is the header, a row is a letter,
Excel dates are dates; a long number Excel kept as a number (its last digits lost) fails its
row with the reason; a web page saved as .xls is read as well."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from .helpers import all_text, open_docx

ID = "140525198512034565"


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "申请人名单"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _run(gaozhi, catalog: Path, batch: Path, *extra: str):
    return gaozhi("letter", "generate", "commitment", "-c", catalog, "-b", batch, "--out-dir", "out", *extra)


def test_an_xlsx_batch_makes_a_letter_a_row_with_excel_dates(gaozhi, catalog: Path) -> None:
    path = _book(
        Path("名单.xlsx"),
        [
            ["证明事项", "申请人.姓名", "申请人.证件编号", "日期"],
            [1, "张三", ID, datetime(2021, 3, 16)],
            [None, None, None, None],  # an empty row is no letter
            [1, "李四", ID, "2021-03-17"],
        ],
    )
    result = _run(gaozhi, catalog, path, "--name", "{申请人.姓名}")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("out").glob("*.docx")) == ["张三.docx", "李四.docx"]
    text = all_text(open_docx(Path("out/张三.docx")))
    assert "2021年3月16日" in text and "张三" in text


def test_an_id_number_excel_kept_as_a_number_fails_its_row_alone(gaozhi, catalog: Path) -> None:
    path = _book(
        Path("名单.xlsx"),
        [
            ["证明事项", "申请人.姓名", "申请人.证件编号", "日期"],
            [1, "张三", int(ID), "2021-03-16"],  # Excel holds it as 1.40525198512035E+17
            [1, "李四", ID, "2021-03-16"],
        ],
    )
    result = _run(gaozhi, catalog, path, "--name", "{申请人.姓名}")
    assert result.exit_code == 1, result.output
    assert "名单.xlsx 第 2 行：“申请人.证件编号”是 Excel 以数字保存的长号码" in result.output
    assert "请把该列设为“文本”格式" in result.output
    assert [p.name for p in Path("out").glob("*.docx")] == ["李四.docx"]


def test_a_title_row_above_is_not_needed_but_rows_are_numbered_as_the_sheet_does(
    gaozhi, catalog: Path
) -> None:
    path = _book(
        Path("名单.xlsx"),
        [
            [],
            ["证明事项", "申请人.姓名", "申请人.证件编号", "日期"],
            [1, "张三", ID, "2021-03-16", "多余"],
        ],
    )
    result = _run(gaozhi, catalog, path)
    assert result.exit_code == 1 and "名单.xlsx 第 3 行：单元格比表头多（多出 1 个）" in result.output


def test_a_web_page_saved_as_xls_is_a_batch_too(gaozhi, catalog: Path) -> None:
    cells = [["证明事项", "申请人.姓名", "申请人.证件编号", "日期"], ["1", "王五", ID, "2021-03-16"]]
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in cells)
    page = f'<html><head><meta charset="gb2312"></head><body><table>{rows}</table></body></html>'
    Path("名单.xls").write_bytes(page.encode("gb18030"))
    result = _run(gaozhi, catalog, Path("名单.xls"), "--name", "{申请人.姓名}")
    assert result.exit_code == 0, result.output
    assert "王五" in all_text(open_docx(Path("out/王五.docx")))


def test_a_doubled_header_in_a_sheet_is_named_with_its_row(gaozhi, catalog: Path) -> None:
    path = _book(Path("名单.xlsx"), [["证明事项", "申请人.姓名", "申请人.姓名"], [1, "张三", "李四"]])
    result = _run(gaozhi, catalog, path)
    assert result.exit_code == 2 and "名单.xlsx 第 1 行（表头）：列“申请人.姓名”出现了两次" in result.output
