"""``ledger report --year``: the annual assessment (六(四)) per department, counted from the
ledger as it stood at the year's end, on the terminal, in .xlsx and in a GB/T 9704 .docx."""

from __future__ import annotations

import csv
import io

from .helpers import id_number

HEADER = [
    "办件编号", "部门", "证明事项", "申请人", "证件号码", "承诺日期", "核查时限", "决定日期", "核查方式",
    "核查结果", "核查完成日期", "结果生效日期", "信用信息归集日期", "发函日期", "被请求单位", "回复时限（工作日）", "回复日期",
]  # fmt: skip
A, B = "晋城市民政局", "晋城市人力资源和社会保障局"
LIMIT = "作出决定后5个工作日内"
CLEAR_ID = id_number(3)
# Decided on Monday 2025-03-03, the verification is due on 2025-03-10 (5 working days).
ROWS = [
    # on time (内部核查); an assistance reply due 2025-03-07 (3 working days after 03-04), on time
    ["A1", A, "无犯罪记录证明", "张三", CLEAR_ID, "2025-03-03", LIMIT, "2025-03-03", "内部核查", "真实",
     "2025-03-07", "", "", "2025-03-04", "晋城市公安局", "3", "2025-03-06"],
    # verified late and false; credit due 7 working days after Friday 03-14: 03-25, on time
    ["A2", A, "无犯罪记录证明", "李四", "", "2025-03-03", LIMIT, "2025-03-03", "现场核查", "虚假",
     "2025-03-14", "2025-03-14", "2025-03-25", "", "", "", ""],
    # decided 12-29: at the year's end still within its deadline; verified in January
    ["A3", A, "无犯罪记录证明", "王五", "", "2025-12-29", LIMIT, "2025-12-29", "", "", "", "", "", "", "", "", ""],
    # never verified (overdue), its assistance request never answered (overdue)
    ["A4", A, "无犯罪记录证明", "赵六", "", "2025-06-02", LIMIT, "2025-06-02", "", "", "", "", "",
     "2025-06-03", "晋城市公安局", "3", ""],
    # a commitment of 2024: not in 2025's figures
    ["A5", A, "无犯罪记录证明", "钱七", "", "2024-12-30", LIMIT, "2024-12-30", "内部核查", "真实",
     "2025-01-02", "", "", "", "", "", ""],
    ["B1", B, "社保缴纳证明", "孙八", "", "2025-05-06", LIMIT, "2025-05-06", "行政协助核查", "真实",
     "2025-05-08", "", "", "", "", "", ""],
    # false on 12-30: credit information due in January, pending at the year's end
    ["B2", B, "社保缴纳证明", "周九", "", "2025-12-30", LIMIT, "2025-12-30", "在线核查", "虚假",
     "2025-12-30", "2025-12-30", "", "", "", "", ""],
]  # fmt: skip


def _ledger(project) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *ROWS])
    path = project.root / "导出.csv"
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    result = project.run("ledger", "import", path)
    assert result.exit_code == 0, result.output
    late = project.run("ledger", "record", "核查", "A3", "--date", "2026-01-05", "--method", "内部核查",
                       "--result", "真实")  # fmt: skip
    assert late.exit_code == 0, late.output


def _sheet_rows(path) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    return {
        str(r[0].value): [c.value for c in r] for r in sheet.iter_rows(min_row=4) if r[1].value is not None
    }


def test_the_year_counted_at_its_end(project) -> None:
    _ledger(project)
    out = project.root / "统计.xlsx"
    result = project.run("ledger", "report", "--year", "2025", "-o", out)
    assert result.exit_code == 0, result.output
    rows = _sheet_rows(out)
    # 部门, 承诺件数, 已核查, 内部, 在线, 现场, 协助, 虚假, then 按期/逾期/未到期/按期率 for
    # 核查, 信用信息归集, 行政协助回复
    assert rows[A] == [A, 4, 2, 1, 0, 1, 0, 1, 1, 2, 1, 1 / 3, 1, 0, 0, 1.0, 1, 1, 0, 0.5]
    assert rows[B] == [B, 2, 2, 0, 1, 0, 1, 1, 2, 0, 0, 1.0, 0, 0, 1, None, 0, 0, 0, None]
    assert rows["合计"] == ["合计", 6, 4, 1, 1, 1, 1, 2, 3, 2, 1, 0.6, 1, 0, 1, 1.0, 1, 1, 0, 0.5]
    assert CLEAR_ID.encode() not in out.read_bytes()


def test_a_later_cut_off_counts_what_came_after(project) -> None:
    _ledger(project)
    out = project.root / "统计.xlsx"
    result = project.run("ledger", "report", "--year", "2025", "--as-of", "2026-01-31", "-o", out)
    assert result.exit_code == 0, result.output
    rows = _sheet_rows(out)
    assert rows[A][1:12] == [4, 3, 2, 0, 1, 0, 1, 2, 2, 0, 0.5]  # A3 verified on time in January
    assert rows[B][12:16] == [0, 1, 0, 0.0]  # B2's credit information is overdue by then


def test_terminal_and_docx(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import docx
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")

    _ledger(project)
    screen = project.run("ledger", "report", "--year", "2025", "--department", A)
    assert screen.exit_code == 0, screen.output
    text = screen.output
    assert "2025年度证明事项告知承诺制实施情况统计表" in text and B not in text
    assert "1/3 33.3%" in text and "未到期1" in text  # 核查: A1 on time of A1, A2, A4
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    out = project.root / "统计.docx"
    result = project.run("ledger", "report", "--year", "2025", "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "2025年度证明事项告知承诺制实施情况统计表"
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape for the wide table
    counts, deadlines = document.tables
    assert [c.text for c in counts.rows[-1].cells] == ["合计", "6", "4", "1", "1", "1", "1", "2"]
    assert [c.text for c in deadlines.rows[-1].cells][:5] == ["合计", "3", "2", "1", "60.0%"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "未到期指截至统计日尚未完成、也未超过时限的" in body
    again = project.run("ledger", "report", "--year", "2025", "-o", out)
    assert again.exit_code == 2 and "--force" in again.output


def test_usage_errors(project) -> None:
    for args, expected in (
        (("--year", "2025", "-f", "docx"), "-o"),
        (("--year", "2025", "--as-of", "2024-06-30"), "早于"),
        (("--year", "2025", "--as-of", "昨天"), "不是可识别的日期"),
    ):
        result = project.run("ledger", "report", *args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
