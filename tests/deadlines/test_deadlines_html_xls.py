"""Exports that are web pages saved as .xls (the HTML table WPS and older platforms write,
often charset=gb2312): read as a worksheet, with the same results as the same rows in a CSV
export; spans laid out as a browser lays them out; XML Spreadsheet still refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaozhi_cli.htmltable import HtmlBook, HtmlTableError

AS_OF = ("--as-of", "2025-11-07")
ROWS = [
    ("330382221408191000009", "晋城市司法局", "窗口", "2025-11-03", "2025-11-03"),
    ("330382221408191000010", "晋城市司法局", "邮寄", "2025-11-03 09:30:00", ""),
    ("330382221408191000011", "晋城市民政局", "信函", "2025年11月4日", "2025/11/10"),
    ("330382221408191000012", "晋城市民政局", "网上申请", "2025-11-05", ""),
]
HEADER = ("办件编号", "部门", "申请方式", "收件日期", "告知承诺书送达日期")


def _page(body: str, charset: str = "gb2312") -> str:
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head>'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>"
        "<x:Name>办件明细</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->"
        "<style>td { mso-number-format:\\@; } .x { color: red }</style><title>导出</title></head>\n"
        f"<body>{body}</body></html>"
    )


def _row(cells: tuple[str, ...], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>\n"


def _report(gaozhi, path: Path) -> dict:
    result = gaozhi("deadlines", "report", path, *AS_OF, "-f", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _verdicts(report: dict) -> list[tuple]:
    return [
        (r["case_id"], r["department"], r["start"], r["deadline"], r["end"], r["status"])
        for r in report["rows"]
    ]


def test_a_gb2312_web_page_saved_as_xls_is_read_like_the_same_rows_in_csv(gaozhi, tmp_path):
    title = '<tr><td colspan="5">晋城市政务服务办件明细（导出）</td></tr>\n'
    page = _page('<table border="1">' + title + _row(HEADER, "th") + "".join(map(_row, ROWS)) + "</table>")
    xls = tmp_path / "办件导出.xls"
    xls.write_bytes(page.encode("gb18030"))
    csv = tmp_path / "办件导出.csv"
    csv.write_bytes(("\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n").encode("gb18030"))

    from_page, from_csv = _report(gaozhi, xls), _report(gaozhi, csv)
    assert _verdicts(from_page) == _verdicts(from_csv)
    assert [r["case_id"] for r in from_page["rows"]] == [r[0] for r in ROWS]  # 21 digits kept as text
    assert [r["line"] for r in from_page["rows"]] == [3, 4, 5, 6]  # the table's rows, title row first
    text = gaozhi("deadlines", "report", xls, *AS_OF).stdout
    assert "网页表格“办件明细”" in text and "4 条记录" in text


def test_cells_spanning_rows_give_the_rows_below_their_value_and_columns_stay_in_place(gaozhi, tmp_path):
    body = (
        "<table>"
        + _row(HEADER)
        + '<tr><td>A1</td><td rowspan="2">晋城市&nbsp;司法局</td><td>窗口</td><td>2025-11-03</td><td>2025-11-03</td></tr>'
        + "<tr><td>A2</td><td>邮寄</td><td>2025-11-03</td><td><span>2025-11-06</span></td></tr>"
        + '<tr><td>A3</td><td>晋城市民政局</td><td colspan="2">信函</td><td>2025-11-12</td></tr>'
        + "<tr><td>A4</td><td>晋城市<br>民政局</td><td>网上</td><td>2025-11-04</td><td></td></tr>"
        + "</table>"
    )
    path = tmp_path / "合并.xls"
    path.write_text(_page(body, "utf-8"), encoding="utf-8")
    rows = {r["case_id"]: r for r in _report(gaozhi, path)["rows"]}
    assert rows["A2"]["department"] == "晋城市 司法局" and rows["A2"]["status"] == "on_time"
    # 信函 spans 申请方式 and 收件日期: 收件日期 is empty, 2025-11-12 stays the 送达日期
    assert (
        rows["A3"]["status"] == "invalid"
        and "缺少收件日期（告知承诺书送达日期为 2025-11-12）" in rows["A3"]["reason"]
    )
    assert rows["A4"]["department"] == "晋城市\n民政局" and rows["A4"]["deadline"] == "2025-11-07"


def test_a_web_page_is_read_by_ledger_import_too(gaozhi, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
    assert gaozhi("ledger", "init").exit_code == 0
    body = (
        "<table>"
        + _row((*HEADER, "证明事项"))
        + _row((*ROWS[0], "无犯罪记录证明"))
        + _row((*ROWS[2], "无犯罪记录证明"))
        + "</table>"
    )
    Path("导出.xls").write_bytes(_page(body).encode("gb18030"))
    result = gaozhi("ledger", "import", "导出.xls")
    assert result.exit_code == 0, result.output
    assert "新建案件 2 个" in result.output
    shown = gaozhi("ledger", "show", ROWS[2][0])
    assert shown.exit_code == 0 and "2025-11-10" in shown.stdout


def test_a_table_past_the_limits_is_refused_before_it_is_built(tmp_path):
    path = tmp_path / "大.xls"
    path.write_text("<table>" + "<tr><td>1</td><td>2</td></tr>" * 50 + "</table>", encoding="utf-8")
    with pytest.raises(HtmlTableError, match="超过 40 个单元格"):
        HtmlBook(path, max_columns=10, max_cells=40)
    wide = tmp_path / "宽.xls"
    wide.write_text('<table><tr><td colspan="999999">x</td></tr></table>', encoding="utf-8")
    with pytest.raises(HtmlTableError, match="超过 10 列"):
        HtmlBook(wide, max_columns=10, max_cells=40)


def test_a_huge_rowspan_costs_no_memory_and_a_cli_run_says_what_is_wrong(gaozhi, tmp_path):
    path = tmp_path / "跨行.xls"
    path.write_text(
        "<table>" + _row(HEADER) + '<tr><td rowspan="2000000000">X</td><td>司法局</td><td>窗口</td>'
        "<td>2025-11-03</td><td>2025-11-03</td></tr></table>",
        encoding="utf-8",
    )
    result = gaozhi("deadlines", "report", path, *AS_OF, "-f", "json")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert [r["case_id"] for r in json.loads(result.stdout)["rows"]] == ["X"]


def test_an_xml_spreadsheet_saved_as_xls_gets_told_to_resave(gaozhi, tmp_path):
    fake = tmp_path / "导出.xls"
    fake.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        "<Worksheet><Table><Row><Cell><Data>办件编号</Data></Cell></Row></Table></Worksheet></Workbook>",
        "utf-8",
    )
    result = gaozhi("deadlines", "report", fake)
    assert (
        result.exit_code == 2
        and "XML 电子表格 2003" in result.stderr
        and "另存为 .xlsx 或 CSV" in result.stderr
    )


@pytest.mark.parametrize(
    "body",
    [
        b"<table><tr><td>" + (b"<" + b"a" * 9000) * 400 + b"</td></tr></table>",  # "<" and no ">"
        b"<html><table>" + b"<a" * 1_000_000 + b"<!--" + b"x" * 1000,  # a comment never closed
        b"<table><tr><td><style>" + b"y" * 2_000_000,  # a style never closed
    ],
)
def test_hostile_pages_end_with_a_message(gaozhi, tmp_path, body):
    path = tmp_path / "怪.xls"
    path.write_bytes(body)
    result = gaozhi("deadlines", "report", path, *AS_OF)
    assert (
        result.exit_code == 2 and "找不到可识别的表头" in result.stderr and "Traceback" not in result.output
    )
