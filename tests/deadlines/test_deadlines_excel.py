"""Excel in and out: real workbooks (title rows, Excel dates, text dates), .xls and .ods made by
LibreOffice, the xlsx report opened by openpyxl and converted by LibreOffice, the catalogue's
verification deadlines on the example in examples/deadlines/."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from deadline_helpers import csv_text, flat
from workbook_files import soffice_convert

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "deadlines"
EXPORT = EXAMPLES / "verification-export.xlsx"
CATALOG = EXAMPLES / "catalog-justice.yaml"
AS_OF = ("--as-of", "2025-12-05")


def _rows(result) -> dict[str, dict]:
    assert result.exit_code in (0, 1), result.output
    return {r["case_id"]: r for r in json.loads(result.stdout)["rows"]}


def test_the_catalogue_gives_each_item_its_verification_deadline(gaozhi):
    rows = _rows(gaozhi("deadlines", "report", EXPORT, "--catalog", CATALOG, *AS_OF, "-f", "json"))
    got = {case: (r["status"], r["deadline"], r["line"]) for case, r in rows.items()}
    assert got["SF2025110001"] == ("on_time", "2025-11-17", 4)  # 受理之日起10个工作日内; sheet row 4
    assert got["SF2025110002"][:2] == ("late", "2025-11-17") and rows["SF2025110002"]["late_workdays"] == 3
    assert got["SF2025110003"][:2] == ("overdue", "2025-11-24")
    assert got["SF2025110004"][:2] == ("due_soon", "2025-12-05")  # due today
    assert got["SF2025110005"][:2] == ("due_soon", "2025-12-08")  # a text date in the sheet
    assert got["SF2025110006"][:2] == ("late", "2025-11-18")  # 作出准予设立决定后30个工作日内: from 决定日期
    assert got["SF2025110007"][:2] == ("on_time", "2025-12-05")  # 7日内: calendar days
    assert got["SF2025110008"][:2] == ("late", "2025-11-21")
    assert (
        got["SF2025110009"][0] == "invalid"
        and "目录中没有证明事项“律师执业证明”" in rows["SF2025110009"]["reason"]
    )
    assert got["SF2025110011"][0] == "invalid"


def test_calendar_days_end_on_a_working_day(gaozhi, tmp_path):
    # 7 日 from Fri 2025-09-26 is Fri 10-03, inside the National Day holiday: the period ends on
    # the next working day, Thu 10-09 (民法典 第二百零三条)
    path = tmp_path / "e.csv"
    path.write_text(
        csv_text(
            "X,司法局,经济困难证明,,2025-09-26,2025-10-09",
            header="办件编号,部门,证明事项,事项名称,受理日期,核查完成日期",
        ),
        "utf-8",
    )
    (row,) = _rows(
        gaozhi("deadlines", "report", path, "--catalog", CATALOG, "--as-of", "2025-10-31", "-f", "json")
    ).values()
    assert (row["deadline"], row["status"]) == ("2025-10-09", "on_time")


def test_without_the_item_column_the_catalogue_says_what_is_missing(gaozhi, export):
    result = gaozhi(
        "deadlines",
        "report",
        export(csv_text("A,司法局,2025-11-03,", header="办件编号,部门,受理日期,核查完成日期")),
        "--catalog",
        CATALOG,
    )
    assert result.exit_code == 2 and "证明事项" in result.stderr


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_xls_and_ods_exports_read_like_the_xlsx(gaozhi, tmp_path, suffix):
    source = tmp_path / "export.xlsx"
    source.write_bytes(EXPORT.read_bytes())
    converted = soffice_convert(source, suffix)
    want = _rows(gaozhi("deadlines", "report", EXPORT, "--catalog", CATALOG, *AS_OF, "-f", "json"))
    got = _rows(gaozhi("deadlines", "report", converted, "--catalog", CATALOG, *AS_OF, "-f", "json"))
    assert got == want


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_a_table_below_empty_rows_and_right_of_an_empty_column_has_the_sheet_s_row_numbers(
    gaozhi, tmp_path, suffix
):
    # python-calamine gives the rows from row 1 but the columns from the table's first: the
    # records of a table at B3 are rows 4 and 5 of the sheet, not 6 and 7
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    table = [
        ["办件编号", "部门", "申请方式", "收件日期", "告知承诺书送达日期"],
        ["A1", "司法局", "窗口", "2025-11-03", "2025-11-05"],
        ["A2", "司法局", "邮寄", "2025-11-03", "2025-11-05"],
    ]
    for i, row in enumerate(table):
        for j, value in enumerate(row):
            sheet.cell(3 + i, 2 + j, value)
    path = tmp_path / "export.xlsx"
    book.save(path)
    if suffix != "xlsx":
        path = soffice_convert(path, suffix)
    rows = _rows(gaozhi("deadlines", "report", path, *AS_OF, "-f", "json"))
    assert {case: (r["line"], r["status"]) for case, r in rows.items()} == {
        "A1": (4, "late"),
        "A2": (5, "on_time"),
    }


def test_a_sheet_is_chosen_by_name_and_a_missing_one_named(gaozhi):
    assert (
        gaozhi("deadlines", "report", EXPORT, "--catalog", CATALOG, *AS_OF, "--sheet", "核查台账").exit_code
        == 0
    )
    result = gaozhi("deadlines", "report", EXPORT, "--catalog", CATALOG, "--sheet", "台账2")
    assert result.exit_code == 2 and "没有工作表“台账2”" in result.stderr and "核查台账" in result.stderr


def test_a_title_line_above_a_csv_header_is_skipped(gaozhi, export):
    text = "2025年告知承诺书送达台账\n" + csv_text("A1,司法局,邮寄,2025-11-03,2025-11-05")
    (row,) = _rows(gaozhi("deadlines", "report", export(text), *AS_OF, "-f", "json")).values()
    assert (row["line"], row["status"]) == (3, "on_time")


def test_the_xlsx_report(gaozhi, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "时限.xlsx"
    result = gaozhi("deadlines", "report", EXPORT, "--catalog", CATALOG, *AS_OF, "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "待办", "逾期完成", "无法判断", "明细"]
    todo = book["待办"]
    assert todo.freeze_panes == "A2" and todo.auto_filter.ref == "A1:J4"
    assert [todo.cell(r, 1).value for r in (2, 3, 4)] == ["超期未完成", "今日到期", "即将到期"]
    assert todo.cell(2, 7).value.date().isoformat() == "2025-11-24"  # a real date
    assert todo.cell(2, 1).fill.fgColor.rgb.endswith("F8CBAD")  # overdue's colour
    detail = book["明细"]
    assert detail.max_row == 12 and detail.auto_filter.ref == "A1:K12"
    assert [c.value for c in detail[1]][:3] == ["规则", "办件编号", "部门"]
    summary = [c.value for row in book["汇总"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("需要处理：超期未完成 1 件") for v in summary)
    pdf = soffice_convert(out, "pdf")
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "SF2025110003" in text and "需要处理" in text


def test_the_detail_continues_on_a_second_sheet(gaozhi, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from gaozhi_cli.formats import xlsxstream

    monkeypatch.setattr(xlsxstream, "MAX_ROWS", 5)  # a header and four rows a sheet
    out = tmp_path / "r.xlsx"
    assert (
        gaozhi("deadlines", "report", EXPORT, "--catalog", CATALOG, *AS_OF, "-f", "xlsx", "-o", out).exit_code
        == 0
    )
    book = load_workbook(out)
    assert book.sheetnames[4:] == ["明细", "明细2", "明细3"]
    cases = [book[n].cell(r, 2).value for n in book.sheetnames[4:] for r in range(2, book[n].max_row + 1)]
    assert len(cases) == 11 and cases[0] == "SF2025110001" and cases[-1] == "SF2025110011"
    assert book["明细2"].cell(1, 1).value == "规则"


def test_output_format_follows_the_extension(gaozhi, export, tmp_path):
    path = export(csv_text("A1,司法局,邮寄,2025-11-03,2025-11-05"))
    assert gaozhi("deadlines", "report", path, *AS_OF, "-o", tmp_path / "r.html").exit_code == 0
    assert (tmp_path / "r.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    bad = gaozhi("deadlines", "report", path, *AS_OF, "-f", "json", "-o", tmp_path / "r.md")
    assert bad.exit_code == 2 and "矛盾" in bad.stderr and not (tmp_path / "r.md").exists()
    assert gaozhi("deadlines", "report", path, "-o", tmp_path / "r.xls").exit_code == 2


def test_the_most_urgent_rows_come_first_and_limit_keeps_them(gaozhi, export):
    rows = [
        "A,司法局,邮寄,2025-11-24,",  # overdue 5
        "B,民政局,邮寄,2025-10-09,",  # overdue 35
        "C,司法局,邮寄,2025-11-10,",  # overdue 15
        "D,司法局,邮寄,2025-12-02,",  # due today
    ]
    out = gaozhi(
        "deadlines", "report", export(csv_text(*rows)), *AS_OF, "--limit", "2", "-f", "markdown"
    ).stdout
    overdue = out[out.index("## 超期未完成") : out.index("## 今日到期")]
    assert "列出最紧急的 2 条" in overdue
    assert overdue.index("| B |") < overdue.index("| C |") and "| A |" not in overdue
    assert out.index("需要处理") < out.index("## 超期未完成") < out.index("## 合计") < out.index("## 按部门")
    assert "涉及部门：司法局（超期 2、今日 1）；民政局（超期 1）" in out  # most overdue first
    assert "状态：超期未完成＝" in out


def test_a_missing_case_number_column_is_said_once_and_aliases_are_known(gaozhi, export):
    text = csv_text("司法局,邮寄,2025-11-03,2025-11-10", header="部门,申请方式,收件日期,告知承诺书送达日期")
    result = gaozhi("deadlines", "report", export(text), *AS_OF)
    assert flat(result.stdout).count("没有找到办件编号列") == 1
    assert "表头为：部门、申请方式、收件日期、告知承诺书送达日期" in flat(result.stdout)
    aliased = csv_text(
        "T-9,司法局,邮寄,2025-11-03,2025-11-10",
        header="投诉编号,承办单位,申请方式,收件日期,告知承诺书送达日期",
    )
    (row,) = _rows(
        gaozhi("deadlines", "report", export(aliased, name="b.csv"), *AS_OF, "-f", "json")
    ).values()
    assert (row["case_id"], row["department"]) == ("T-9", "司法局")


def test_fail_on_takes_chinese_status_names(gaozhi, export):
    path = export(csv_text("A,司法局,邮寄,2025-11-03,2025-11-10"))  # late
    assert gaozhi("deadlines", "report", path, *AS_OF, "--fail-on", "逾期完成").exit_code == 1
    assert gaozhi("deadlines", "report", path, *AS_OF, "--fail-on", "超期未完成，无法判断").exit_code == 0


def test_fail_on_due_today(gaozhi, export):
    """今日到期 (due soon, the deadline on the as-of day) can fail a run apart from 即将到期."""
    today = export(csv_text("A,司法局,当面,2025-12-05,"), name="today.csv")  # in person: due 12-05
    soon = export(csv_text("A,司法局,邮寄,2025-12-03,"), name="soon.csv")  # by post: due 12-08
    for name in ("今日到期", "due_today"):
        assert gaozhi("deadlines", "report", today, *AS_OF, "--fail-on", name).exit_code == 1
        assert gaozhi("deadlines", "report", soon, *AS_OF, "--fail-on", name).exit_code == 0
    assert gaozhi("deadlines", "report", soon, *AS_OF, "--fail-on", "即将到期").exit_code == 1
    bad = gaozhi("deadlines", "report", soon, *AS_OF, "--fail-on", "明日到期")
    assert bad.exit_code == 2 and "due_today（今日到期）" in flat(bad.output)


def test_a_completion_after_the_as_of_day_is_flagged(gaozhi, export):
    (row,) = _rows(
        gaozhi(
            "deadlines",
            "report",
            export(csv_text("A,司法局,邮寄,2025-11-03,2025-12-09")),
            *AS_OF,
            "-f",
            "json",
        )
    ).values()
    assert row["status"] == "invalid" and "晚于统计日" in row["reason"]


def test_markdown_keeps_data_as_text(gaozhi, export):
    out = gaozhi(
        "deadlines",
        "report",
        export(csv_text("A,<script>x</script>,快递,2025-11-03,")),
        *AS_OF,
        "-f",
        "markdown",
    ).stdout
    assert "<script>" not in out and "&lt;script" in out


def test_html_bars_carry_counts_and_the_target_colour(gaozhi, export):
    path = export(csv_text("A,司法局,邮寄,2025-11-03,2025-11-05", "B,司法局,邮寄,2025-11-03,2025-11-20"))
    page = gaozhi("deadlines", "report", path, *AS_OF, "-f", "html", "--target", "40").stdout
    assert "50.0%（1/2）" in page and "#2e7d32" in page  # 50% meets a 40% target: green
    strict = gaozhi("deadlines", "report", path, *AS_OF, "-f", "html", "--target", "95").stdout
    assert "#c62828" in strict and "@page{size:A4 landscape" in strict


def test_eighty_columns_never_split_a_date_a_case_number_or_a_department(gaozhi, monkeypatch):
    import csv

    monkeypatch.setenv("COLUMNS", "80")
    example = EXAMPLES / "cases-2025.csv"
    out = gaozhi("deadlines", "report", example, *AS_OF).stdout
    from rich.cells import cell_len

    lines = out.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
    with open(example, encoding="gb18030", newline="") as f:
        records = list(csv.DictReader(f))
    tokens = {r["部门"] for r in records} | {r["办件编号"] for r in records if len(r["办件编号"]) < 18}
    tokens |= {"2025-10-04", "2025-11-24", "人力资源和社会保障局"}
    shown = [t for t in tokens if t in out.replace("\n", "")]
    assert shown, "nothing of the example was shown"
    for token in shown:  # whatever is shown is shown whole on one line
        assert any(token in line for line in lines), token


def test_a_hostile_workbook_is_refused_with_a_message(gaozhi, tmp_path):
    from workbook_files import declare_size, raw_xlsx, text_cell

    far = raw_xlsx(
        tmp_path / "远处.xlsx",
        f'<row r="1">{text_cell("A1", "办件编号")}</row><row r="1048576">{text_cell("XFD1048576", "x")}</row>',
    )
    result = gaozhi("deadlines", "report", far)
    assert result.exit_code == 2 and "XFD1048576" in result.stderr and "Traceback" not in result.output
    bomb = declare_size(
        raw_xlsx(tmp_path / "炸弹.xlsx", "<row/>" + " " * 5_000_000), "xl/worksheets/sheet1.xml", 100
    )
    result = gaozhi("deadlines", "report", bomb)
    assert result.exit_code == 2 and "超过了它声明的" in result.stderr


def test_text_longer_than_an_excel_cell_is_cut_to_fit(gaozhi, export, tmp_path):
    from openpyxl import load_workbook

    long_case = "C" + "长" * 40_000
    path = export(csv_text(f"{long_case},司法局,邮寄,2025-11-03,2025-11-05"))
    assert gaozhi("deadlines", "report", path, *AS_OF, "-o", tmp_path / "r.xlsx").exit_code == 0
    assert len(load_workbook(tmp_path / "r.xlsx")["明细"].cell(2, 2).value) == 32_767


def test_excels_zero_date_in_a_date_cell_is_no_date_to_count_from(gaozhi, tmp_path):
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["办件编号", "部门", "申请方式", "收件日期", "告知承诺书送达日期"])
    sheet.append(["Z1", "司法局", "邮寄", date(1900, 1, 1), None])  # the day a 0 or blank date shows
    sheet.append(["Z2", "司法局", "邮寄", date(2025, 11, 14), date(1900, 1, 1)])
    book.save(tmp_path / "导出.xlsx")
    result = gaozhi("deadlines", "report", tmp_path / "导出.xlsx", *AS_OF, "-f", "json")
    data = json.loads(result.stdout)
    assert [(r["status"], r["start"], r["reason"].split("（")[0]) for r in data["rows"]] == [
        ("invalid", None, "收件日期 1900-01-01 不是合理的日期"),
        ("invalid", "2025-11-14", "告知承诺书送达日期 1900-01-01 不是合理的日期"),
    ]
    assert all("Excel 中值为 0 的日期单元格" in r["reason"] for r in data["rows"])
    assert data["summary"]["missing_years"] == []
    assert "1900年部分节假日" not in gaozhi("deadlines", "report", tmp_path / "导出.xlsx", *AS_OF).stdout


def test_a_long_case_number_excel_kept_as_a_number_is_pointed_out_and_the_row_still_judged(gaozhi, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["办件编号", "部门", "申请方式", "收件日期", "告知承诺书送达日期", "收费金额"])
    sheet.append([330382221408191000009, "司法局", "窗口", "2025-11-03", "2025-11-05", 1e16])  # typed in
    sheet.append(["330382221408191000010", "司法局", "窗口", "2025-11-03", "2025-11-03", 1e16])
    sheet.append([330382221408191000011, "司法局", "窗口", "2025-11-03", "2025-11-03", 0])
    book.save(tmp_path / "export.xlsx")
    report = json.loads(gaozhi("deadlines", "report", tmp_path / "export.xlsx", *AS_OF, "-f", "json").stdout)
    assert [r["status"] for r in report["rows"]] == ["late", "on_time", "on_time"]
    (warning,) = [w for w in report["summary"]["warnings"] if "长号码" in w]
    assert "有 2 行的“办件编号”是 Excel 以数字保存的长号码（如第 2 行的 330382221408190988288）" in warning
    assert "收费金额" not in warning  # a column the report does not read is not looked at
