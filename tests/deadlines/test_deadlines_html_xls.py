"""Exports that are web pages saved as .xls (the HTML table WPS and older platforms write,
often charset=gb2312) or Excel 2003 XML Spreadsheets saved as .xls (what Java platforms fill in
from a template): read as a worksheet, with the same results as the same rows in a CSV export;
spans and merges placed as Excel places them; hostile files end with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaozhi_cli.htmltable import HtmlBook, TableFileError

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
    with pytest.raises(TableFileError, match="超过 40 个单元格"):
        HtmlBook(path, max_columns=10, max_cells=40)
    wide = tmp_path / "宽.xls"
    wide.write_text('<table><tr><td colspan="999999">x</td></tr></table>', encoding="utf-8")
    with pytest.raises(TableFileError, match="超过 10 列"):
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


XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">'
)


def _xml_cell(value: str, kind: str = "String", attrs: str = "") -> str:
    return f'<Cell{attrs}><Data ss:Type="{kind}">{value}</Data></Cell>'


def test_an_xml_spreadsheet_saved_as_xls_is_read_like_the_same_rows_in_csv(gaozhi, tmp_path):
    rows = ['<Row><Cell ss:MergeAcross="4"><Data ss:Type="String">办件导出</Data></Cell></Row>']
    rows.append('<Row ss:Index="3">' + "".join(map(_xml_cell, HEADER)) + "</Row>")
    for case, department, channel, start, end in ROWS:
        number = case.endswith("10")  # a 21-digit number written in full: kept as written
        cells = [_xml_cell(case, "Number" if number else "String"), _xml_cell(department), _xml_cell(channel)]
        moment = start.replace(" ", "T") if " " in start else f"{start}T00:00:00"
        cells.append(_xml_cell(f"{moment}.000", "DateTime") if start[4] == "-" else _xml_cell(start))
        cells.append(_xml_cell(end) if end else "")
        rows.append("<Row>" + "".join(cells) + "</Row>")
    page = (
        XML_HEAD + '<Worksheet ss:Name="办件明细"><Table>' + "".join(rows) + "</Table></Worksheet></Workbook>"
    )
    xml = tmp_path / "办件导出.xls"
    xml.write_text(page, encoding="utf-8")
    csv = tmp_path / "办件导出.csv"
    csv.write_bytes(("\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n").encode("gb18030"))
    from_xml, from_csv = _report(gaozhi, xml), _report(gaozhi, csv)
    assert _verdicts(from_xml) == _verdicts(from_csv)
    assert [r["line"] for r in from_xml["rows"]] == [4, 5, 6, 7]
    assert from_xml["summary"]["encoding"] == "XML 电子表格“办件明细”"
    assert not [w for w in from_xml["summary"]["warnings"] if "长号码" in w]


def test_xml_spreadsheet_merges_and_indexes_place_the_cells(gaozhi, tmp_path):
    rows = [
        "<Row>" + "".join(map(_xml_cell, HEADER)) + "</Row>",
        "<Row>" + _xml_cell("A1") + _xml_cell("晋城市司法局", attrs=' ss:MergeDown="1"') + _xml_cell("窗口")
        + _xml_cell("2025-11-03") + _xml_cell("2025-11-03") + "</Row>",
        "<Row>" + _xml_cell("A2") + _xml_cell("邮寄", attrs=' ss:Index="3"') + _xml_cell("2025-11-03")
        + _xml_cell("<html:Font>2025-11-06</html:Font>") + "</Row>",
    ]  # fmt: skip
    path = tmp_path / "合并.xls"
    path.write_text(
        XML_HEAD + "<Worksheet><Table>" + "".join(rows) + "</Table></Worksheet></Workbook>", "utf-8"
    )
    got = {r["case_id"]: (r["department"], r["end"], r["status"]) for r in _report(gaozhi, path)["rows"]}
    assert got == {
        "A1": ("晋城市司法局", "2025-11-03", "on_time"),
        "A2": ("晋城市司法局", "2025-11-06", "on_time"),
    }


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
         '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
         '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
         + XML_HEAD.split("?>", 2)[2] + '<Worksheet><Table><Row><Cell><Data ss:Type="String">&h;</Data></Cell>'
         "</Row></Table></Worksheet></Workbook>", "声明了实体“a”"),
        ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + XML_HEAD.split("?>", 2)[2]
         + '<Worksheet><Table><Row><Cell><Data ss:Type="String">&e;</Data></Cell></Row></Table></Worksheet></Workbook>',
         "声明了实体“e”"),
        (XML_HEAD + '<Worksheet ss:Name="a"><Table><Row ss:Index="2000000"></Row></Table></Worksheet></Workbook>',
         "行号 2,000,000 超过 Excel 的上限"),
        (XML_HEAD + "<Worksheet><Table><Row><Cell><Data", "文件不完整"),
    ],
)  # fmt: skip
def test_hostile_xml_spreadsheets_end_with_a_message(gaozhi, tmp_path, body, said):
    path = tmp_path / "怪.xls"
    path.write_text(body if body.startswith("<?xml") else '<?xml version="1.0"?>' + body, encoding="utf-8")
    result = gaozhi("deadlines", "report", path, *AS_OF)
    assert result.exit_code == 2 and said in result.stderr and "Traceback" not in result.output
    assert "root:" not in result.output  # /etc/passwd was not read


def test_other_xml_saved_as_xls_gets_told_to_resave(gaozhi, tmp_path):
    fake = tmp_path / "导出.xls"
    fake.write_text('<?xml version="1.0"?><rows><row><case>A1</case></row></rows>', "utf-8")
    result = gaozhi("deadlines", "report", fake)
    assert result.exit_code == 2 and "另存为 .xlsx 或 CSV" in result.stderr


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
