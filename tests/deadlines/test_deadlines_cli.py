"""``gaozhi deadlines report`` end to end: formats, exit codes, masking, files, options."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from deadline_helpers import csv_text, flat, report_json

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "deadlines" / "cases-2025.csv"
ID_NUMBER = "140502199003071234"
ROWS = (
    "A1,市场监督管理局,邮寄,2025-10-01,2025-10-11",  # on time (调休 Saturday)
    "A2,市场监督管理局,邮寄,2025-10-01,2025-10-13",  # late by 1
    f"{ID_NUMBER},司法局,邮寄,2025-11-27,",  # overdue, an ID number as case number
    "A4,司法局,邮寄,2025-12-03,",  # due soon
    "A5,司法局,快递,2025-11-03,",  # invalid
    "=HYPERLINK(1),司法局,当面,2025-12-05,2025-12-05",  # a formula in a cell
)


@pytest.fixture
def cases(export) -> Path:
    return export(csv_text(*ROWS), encoding="gb18030")


def test_json_rows_and_summary(gaozhi, cases):
    data = report_json(gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "--format", "json"))
    assert set(data) == {"rows", "summary"}
    first = data["rows"][0]
    assert list(first) == [
        "rule", "case_id", "department", "line", "start", "deadline", "end", "status", "late_workdays", "reason"
    ]  # fmt: skip
    assert first == {
        "rule": "告知承诺书送达",
        "case_id": "A1",
        "department": "市场监督管理局",
        "line": 2,
        "start": "2025-10-01",
        "deadline": "2025-10-11",
        "end": "2025-10-11",
        "status": "on_time",
        "late_workdays": None,
        "reason": "",
    }
    assert [r["status"] for r in data["rows"]] == [
        "on_time",
        "late",
        "overdue",
        "due_soon",
        "invalid",
        "on_time",
    ]
    summary = data["summary"]
    assert summary["encoding"] == "GB18030/GBK" and summary["records"] == 6
    assert summary["totals"]["counts"]["late"] == 1
    assert summary["totals"]["on_time_rate"] == round(2 / 4, 4)
    rule = summary["rules"][0]
    assert rule["rule"] == "告知承诺书送达" and rule["total"] == 6
    assert {d["department"] for d in summary["departments"]} == {"市场监督管理局", "司法局"}


def test_json_rows_escape_case_numbers_that_need_it(gaozhi, export):
    """A batch whose case numbers need escaping in JSON takes the other row template."""
    plain = "B1,司法局,邮寄,2025-10-09,2025-10-10"
    odd = '"A""1\\x	y",司法局,邮寄,2025-10-09,2025-10-10'  # a quote, a backslash, a tab
    for rows in ((plain,), (plain, odd)):
        data = report_json(
            gaozhi("deadlines", "report", export(csv_text(*rows)), "--as-of", "2025-12-05", "-f", "json")
        )
        assert [r["case_id"] for r in data["rows"]] == ["B1", 'A"1\\x\ty'][: len(rows)]
        assert all(r["status"] == "on_time" and r["department"] == "司法局" for r in data["rows"])


def test_id_numbers_are_masked_in_every_format(gaozhi, cases, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the masked number must not be wrapped inside a table cell
    for fmt in ("text", "json", "csv", "markdown", "html"):
        result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", fmt)
        assert result.exit_code == 0, result.output
        assert ID_NUMBER not in result.stdout, fmt
        shown = result.stdout.replace("\n", "").replace("\\*", "*")  # markdown escapes the stars
        assert "140502********1234" in shown, fmt


def test_csv_is_excel_safe(gaozhi, cases, tmp_path):
    result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "csv", "-o", "out.csv")
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["规则", "办件编号", "部门", "行号"]
    assert rows[2][7:10] == ["逾期完成", "late", "1"]
    assert rows[-1][1] == "'=HYPERLINK(1)"


def test_terminal_lists_findings_and_counts(gaozhi, cases):
    result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "合计（告知承诺书送达" in out and "按部门" in out
    assert "逾期完成（共1条）" in out and "超期未完成（共1条）" in out and "即将到期（共1条）" in out
    assert "无法判断（共1条）" in out and "申请方式“快递”" in out
    assert "50.0%" in out  # 2 on time of 4 judged


def test_limit_caps_the_listed_rows(gaozhi, export):
    rows = [f"L{i},司法局,邮寄,2025-10-01,2025-10-13" for i in range(7)]
    out = flat(
        gaozhi("deadlines", "report", export(csv_text(*rows)), "--as-of", "2025-12-05", "--limit", "3").stdout
    )
    assert "逾期完成（共7条，列出最紧急的3条）" in out
    assert "L2" in out and "L3" not in out


def test_markdown_and_html(gaozhi, cases, export):
    md = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "markdown").stdout
    assert md.startswith("# 工作日时限执行情况")
    assert "## 合计（告知承诺书送达：按“申请方式”0 或 3 个工作日）" in md
    assert "| 6 | 1 | 1 | 1 | 2 | 1 | 50.0% |" in md  # 合计, 超期, 即将, 逾期, 按期, 无法判断, 按期率
    page = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "各部门按期率" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from outside
    assert "<script" not in page
    tricky = gaozhi(
        "deadlines", "report", export(csv_text("X,<b>局</b>,快递,2025-11-03,"), name="t.csv"), "-f", "html"
    )
    assert "&lt;b&gt;局&lt;/b&gt;" in tricky.stdout and "<b>局" not in tricky.stdout


def test_fail_on(gaozhi, cases):
    args = ("deadlines", "report", cases, "--as-of", "2025-12-05")
    assert gaozhi(*args, "--fail-on", "late,overdue").exit_code == 1
    assert gaozhi(*args, "--fail-on", "no_calendar").exit_code == 0
    assert gaozhi(*args).exit_code == 0
    bad = gaozhi(*args, "--fail-on", "tardy")
    assert bad.exit_code == 2 and "“tardy”不是状态之一" in flat(bad.stderr)


def test_output_file_is_not_overwritten_without_force(gaozhi, cases, tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "report.html").write_text("old", encoding="utf-8")
    for name in ("report.json", "report.html"):  # streamed, and rendered at the end
        result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-o", tmp_path / name)
        assert result.exit_code == 2 and "--force" in flat(result.stderr)
        assert (tmp_path / name).read_text(encoding="utf-8") == "old"
    forced = gaozhi(
        "deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "json", "-o", target, "--force"
    )
    assert forced.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["records"] == 6
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gaozhi-")] == []


def test_a_failure_mid_stream_leaves_no_file(gaozhi, export, tmp_path, monkeypatch):
    from gaozhi_cli.deadlines import judge

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(judge.Judge, "_status", broken)
    result = gaozhi(
        "deadlines", "report", export(csv_text(*ROWS)), "--as-of", "2025-12-05", "-f", "csv", "-o", "x.csv"
    )
    assert result.exit_code == 2 and "内部错误" in flat(result.stderr)
    assert not (tmp_path / "x.csv").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gaozhi-")] == []


def test_options_from_the_config_file(gaozhi, cases, tmp_path):
    (tmp_path / "gaozhi.toml").write_text(
        "[deadlines]\nwarn-days = 3\nstart-on-next-workday = true\n", encoding="utf-8"
    )
    data = report_json(gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "json"))
    assert data["summary"]["warn_days"] == 3 and data["summary"]["start_on_next_workday"] is True
    assert data["rows"][1]["status"] == "on_time"  # received on a holiday: counted from 10-09
    strict = report_json(
        gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "json", "--start-on-receipt-day")
    )
    assert strict["rows"][1]["status"] == "late"


def test_year_file_rules_and_columns_from_the_command_line(gaozhi, export, tmp_path):
    # 2003: a year chinese-calendar (2004 on) lacks, as it lacks next year until the notice
    (tmp_path / "2003.yaml").write_text(
        "年份: 2003\n文号: 测试〔2002〕1号\n节假日:\n  - 名称: 元旦\n    开始: 2003-01-01\n    结束: 2003-01-03\n",
        encoding="utf-8",
    )
    (tmp_path / "map.yaml").write_text("收件日期: 受理时间\n", encoding="utf-8")
    path = export(
        csv_text("A,司法局,邮寄,2003-01-01,", header="办件编号,部门,申请方式,受理时间,告知承诺书送达日期")
    )
    without = report_json(
        gaozhi("deadlines", "report", path, "--columns", "map.yaml", "--as-of", "2003-01-02", "-f", "json")
    )
    assert without["rows"][0]["status"] == "no_calendar"
    assert without["summary"]["missing_years"] == [2003]
    added = report_json(
        gaozhi(
            "deadlines",
            "report",
            path,
            "--columns",
            "map.yaml",
            "--calendar",
            "2003.yaml",
            "--as-of",
            "2003-01-02",
            "-f",
            "json",
        )
    )
    assert added["rows"][0]["deadline"] == "2003-01-08"  # Mon 6, Tue 7, Wed 8


def test_usage_errors_are_chinese_and_exit_2(gaozhi, export, tmp_path):
    missing = gaozhi("deadlines", "report", "nope.csv")
    assert missing.exit_code == 2 and "找不到文件" in flat(missing.stderr)
    bad_date = gaozhi("deadlines", "report", EXAMPLE, "--as-of", "昨天")
    assert bad_date.exit_code == 2 and "不是可识别的日期" in flat(bad_date.stderr)
    (tmp_path / "empty.csv").write_bytes(b"")
    empty = gaozhi("deadlines", "report", "empty.csv")
    assert empty.exit_code == 2 and "空文件" in flat(empty.stderr)
    (tmp_path / "binary.csv").write_bytes(b"\x00\x01\x02PK")
    binary = gaozhi("deadlines", "report", "binary.csv")
    assert binary.exit_code == 2 and "不是文本文件" in flat(binary.stderr)
    no_rule = gaozhi("deadlines", "report", export(csv_text("1,2", header="编号,日期")))
    assert no_rule.exit_code == 2 and "--columns" in flat(no_rule.stderr)
    for result in (missing, bad_date, empty, binary, no_rule):
        assert "Traceback" not in result.output


def test_progress_bar_on_request(gaozhi, cases):
    result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "json", "--progress")
    assert result.exit_code == 0
    assert "读取" in result.stderr
    quiet = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-f", "json")
    assert "读取" not in quiet.stderr


def test_the_example_export_end_to_end(gaozhi):
    result = gaozhi(
        "deadlines", "report", EXAMPLE, "--as-of", "2025-12-05", "-f", "json", "--fail-on", "overdue"
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["encoding"] == "GB18030/GBK"
    by_case = {r["case_id"]: r for r in data["rows"]}
    assert (
        by_case["JC2025001100"]["status"] == "on_time" and by_case["JC2025001100"]["deadline"] == "2025-10-11"
    )
    assert by_case["JC2025001101"]["late_workdays"] == 1
    assert by_case["JC2025001106"]["status"] == "invalid"  # received 2025-12-29, after the report date
    assert by_case["JC2025001106"]["reason"].startswith("收件日期 2025-12-29 晚于统计日 2025-12-05")
    assert by_case["JC2025001107"]["status"] == "due_soon"
    assert ID_NUMBER not in result.stdout
    assert {r["status"] for r in data["rows"]} >= {"on_time", "late", "overdue", "due_soon", "invalid"}
    later = report_json(gaozhi("deadlines", "report", EXAMPLE, "--as-of", "2026-01-05", "-f", "json"))
    across = next(r for r in later["rows"] if r["case_id"] == "JC2025001106")
    assert across["deadline"] == "2026-01-04"  # across New Year, a 调休上班 Sunday


def test_the_example_config_maps_another_platforms_columns(gaozhi, monkeypatch):
    monkeypatch.chdir(EXAMPLE.parent)  # examples/deadlines/gaozhi.toml names the column map
    data = report_json(
        gaozhi("deadlines", "report", "platform-export.csv", "--as-of", "2025-12-17", "-f", "json")
    )
    assert data["summary"]["warn_days"] == 2
    assert data["summary"]["records"] == 12
    assert {r["status"] for r in data["rows"]} <= {"on_time", "late", "overdue", "due_soon", "open"}
    assert data["rows"][0]["case_id"] == "YW20251200"


def test_table_titles_are_not_wrapped_to_a_narrow_table(gaozhi, cases, monkeypatch):
    """At 80 columns a table of a few numbers is narrower than its title: the title and the
    note under it keep their own lines instead of being broken to the table's width."""
    monkeypatch.setenv("COLUMNS", "80")
    result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    title = next(line for line in lines if line.startswith("合计（"))
    assert title.endswith("）"), title
    assert "按期率 = 按期完成 ÷（按期完成 + 逾期完成 + 超期未完成）" in lines
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize("width", [80, 100])
def test_the_list_of_departments_fits_the_terminal(gaozhi, export, monkeypatch, width):
    """Forty departments with overdue cases: the list is broken after a "；" so that every
    line fits the width (CJK counts two columns) and no department's counts go to a line of
    their own."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    rows = [f"C{n},晋城市第{n}局,邮寄,2025-11-{1 + n % 20:02d}," for n in range(1, 41)]
    result = gaozhi("deadlines", "report", export(csv_text(*rows)), "--as-of", "2025-12-05")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("涉及部门："))
    block = [lines[start], *(line for line in lines[start + 1 :] if line.startswith("  晋城市"))]
    assert len(block) > 2
    assert all(cell_len(line) <= width for line in block), block
    assert lines[start + len(block)].startswith(("另有", "状态")), lines[start + len(block)]
    assert sum(line.count("（超期") for line in block) == 40


def test_the_count_tables_keep_due_today_apart_from_due_soon_as_the_headline_does(gaozhi, export):
    path = export(
        csv_text(
            "B1,司法局,邮寄,2025-03-03,",  # overdue
            "B2,司法局,邮寄,2025-03-04,",  # due today
            "B3,民政局,窗口,2025-03-07,",  # due today (0 days)
            "B4,民政局,邮寄,2025-03-05,",  # due soon: 2025-03-10
            "B5,民政局,邮寄,2025-03-06,",  # open
        )
    )
    out = gaozhi("deadlines", "report", path, "--as-of", "2025-03-07", "-f", "markdown").stdout
    assert "需要处理：超期未完成 1 件 · 今日到期 2 件 · 即将到期 1 件" in out
    total = out[out.index("## 合计") : out.index("## 按部门")]
    assert "| 合计 | 超期未完成 | 今日到期 | 即将到期 | 办理中 | 按期率 |" in total
    assert "| 5 | 1 | 2 | 1 | 1 | 0.0% |" in total
    departments = out[out.index("## 按部门") :]
    assert "| 司法局 | 2 | 1 | 1 | 0 | 0 | 0.0% |" in departments
    assert "| 民政局 | 3 | 0 | 1 | 1 | 1 | — |" in departments


@pytest.mark.parametrize("name", ["时限.docx", "时限.PDF", "时限.doc", "时限.odt"])
def test_an_output_extension_the_report_cannot_write_is_refused(gaozhi, cases, tmp_path, name):
    for fmt in ((), ("-f", "text")):
        result = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", *fmt, "-o", tmp_path / name)
        assert result.exit_code == 2 and not (tmp_path / name).exists()
        message = flat(result.stderr)
        assert f"-o{name}：报告不能写成{Path(name).suffix.lower()}格式" in message
        assert (
            ".txt、.json、.csv、.md、.markdown、.html、.htm、.xlsx" in message and "-o-输出到屏幕" in message
        )
    screen = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-o", "-")
    assert screen.exit_code == 0 and screen.stdout.startswith("工作日时限执行情况")
    named = gaozhi("deadlines", "report", cases, "--as-of", "2025-12-05", "-o", tmp_path / "时限.txt")
    assert named.exit_code == 0 and (tmp_path / "时限.txt").read_text("utf-8").startswith(
        "工作日时限执行情况"
    )


def test_the_december_warning_is_in_every_format_that_has_warnings(gaozhi, export, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from gaozhi_cli.calendar import WorkCalendar
    from gaozhi_cli.calendar.sources import builtin_years
    from gaozhi_cli.deadlines import job

    # the calendar of a report run before the 2026 notice: 2025's December may still change
    calendar = WorkCalendar(y for y in builtin_years() if y.year in (2024, 2025))
    monkeypatch.setattr(job, "load_calendar", lambda paths: calendar)
    monkeypatch.setenv("COLUMNS", "300")
    path = export(
        csv_text("A,司法局,邮寄,2025-12-22,", "B,司法局,当面,2025-12-22,", "C,司法局,邮寄,2025-11-28,")
    )
    warning = (
        "有 2 件的期限经过 2025 年 12 月；2026 年节假日安排尚未收录，国务院办公厅通知可能调整 12 月的安排，"
        "届时请用 --calendar 补充后重新统计"
    )
    run = ("deadlines", "report", path, "--as-of", "2025-12-31")
    assert f"注意：{warning}" in gaozhi(*run).stdout
    assert f"> 注意：{warning}" in gaozhi(*run, "-f", "markdown").stdout.replace("\\", "")
    assert f'<p class="warn">注意：{warning}</p>' in gaozhi(*run, "-f", "html").stdout
    assert report_json(gaozhi(*run, "-f", "json"))["summary"]["warnings"] == [warning]
    assert gaozhi(*run, "-o", tmp_path / "r.xlsx").exit_code == 0
    cells = [c.value for row in load_workbook(tmp_path / "r.xlsx")["汇总"].iter_rows() for c in row]
    assert f"注意：{warning}" in cells
