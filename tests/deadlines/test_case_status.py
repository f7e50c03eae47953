"""The case-status column (办理状态 / 办件状态 / 状态): withdrawn and not-accepted cases are left
out of every rule's statistics and said so; a done case without a completion date cannot be
judged. Through the CLI, on a real GB18030 CSV and a real xlsx, counts (terminal) and rows (json)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from deadline_helpers import flat

from gaozhi_cli.deadlines import parallel

AS_OF = ("--as-of", "2025-12-01")
HEADER = "办件编号,部门,申请方式,收件日期,告知承诺书送达日期"
ROWS = [
    ("Q1", "2025-11-19", "已办结"),  # on time
    ("Q2", "", "已办结"),  # done, but no delivery date
    ("Q3", "", "撤回"),
    ("Q4", "", "不予受理"),
    ("Q5", "", "办理中"),  # overdue
    ("Q6", "", "申请人已撤回"),
    ("Q7", "", "未撤回"),  # not withdrawn: overdue
    ("Q8", "2025-11-20", "作废"),
    ("Q9", "", "受理中"),  # unknown value: overdue
]
LEFT_OUT = "另有4件办理状态为撤回、不予受理、退件或作废，未计入时限统计"
DONE_REASON = "办理状态为已办结，但没有“告知承诺书送达日期”"


def _csv(status_header: str | None = "办理状态", rows=ROWS) -> str:
    head = HEADER + (f",{status_header}" if status_header else "")
    lines = [
        f"{case},测试局,邮寄,2025-11-14,{end}" + (f",{s}" if status_header else "") for case, end, s in rows
    ]
    return "\n".join(["XX市政务服务平台办件导出", head, *lines]) + "\n"


def _json(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _check(gaozhi, path, *args: str) -> None:
    """Both paths on ``path``: the rows (json) and the counts (terminal) leave out the same cases."""
    report = _json(gaozhi("deadlines", "report", path, *AS_OF, "-f", "json", *args))
    rows = {r["case_id"]: r for r in report["rows"]}
    assert sorted(rows) == ["Q1", "Q2", "Q5", "Q7", "Q9"]
    assert (rows["Q2"]["status"], rows["Q2"]["reason"]) == ("invalid", DONE_REASON)
    assert [rows[c]["status"] for c in ("Q1", "Q5", "Q7", "Q9")] == [
        "on_time",
        "overdue",
        "overdue",
        "overdue",
    ]
    summary = report["summary"]
    assert summary["records"] == 9
    assert summary["totals"]["counts"] == {
        **dict.fromkeys(["late", "due_soon", "open", "no_calendar"], 0),
        **Counter(r["status"] for r in rows.values()),
    }
    assert summary["totals"]["on_time_rate"] == 0.25
    assert [flat(w) for w in summary["warnings"]] == [LEFT_OUT]
    text = gaozhi("deadlines", "report", path, *AS_OF, *args)
    assert text.exit_code == 0, text.output
    out = flat(text.stdout).replace("─", "")  # the tables' rules too
    assert "需要处理：超期未完成3件" in out and LEFT_OUT in out and DONE_REASON in out
    assert "合计超期未完成按期完成无法判断按期率531125.0%" in out


def test_a_gb18030_csv_leaves_withdrawn_cases_out(gaozhi, export):
    _check(gaozhi, export(_csv(), encoding="gb18030"))


@pytest.mark.parametrize("header", ["办件状态", "状态"])
def test_an_xlsx_status_column_under_its_usual_names(gaozhi, tmp_path, header):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["XX市政务服务平台办件导出"])
    sheet.append([*HEADER.split(","), header])
    for case, end, status in ROWS:
        sheet.append([case, "测试局", "邮寄", "2025-11-14", end or None, status])
    path = tmp_path / "export.xlsx"
    book.save(path)
    _check(gaozhi, path)


def test_a_mapped_status_column_and_a_file_without_one(gaozhi, export, tmp_path):
    """A column of another name counts only once the map names it; without, nothing changes."""
    path = export(_csv("办理进度"), encoding="gb18030")
    before = _json(gaozhi("deadlines", "report", path, *AS_OF, "-f", "json"))
    assert before["summary"]["totals"]["counts"]["overdue"] == 7
    assert before["summary"]["warnings"] == []
    without = _json(gaozhi("deadlines", "report", export(_csv(None), name="plain.csv"), *AS_OF, "-f", "json"))
    assert without["rows"] == before["rows"] and without["summary"]["totals"] == before["summary"]["totals"]
    columns = tmp_path / "columns.yaml"
    columns.write_text("办理状态: 办理进度\n", encoding="utf-8")
    _check(gaozhi, path, "--columns", str(columns))


def test_both_processes_count_the_cases_left_out(gaozhi, export, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PART", 1024)
    path = export(_csv(rows=ROWS * 200), encoding="gb18030")
    report = _json(gaozhi("deadlines", "report", path, *AS_OF, "-f", "json", "--jobs", "2"))
    assert len(report["rows"]) == 5 * 200 and report["summary"]["records"] == 9 * 200
    assert [flat(w) for w in report["summary"]["warnings"]] == [LEFT_OUT.replace("4件", "800件")]
    statuses = Counter(r["status"] for r in report["rows"])
    assert statuses == {"on_time": 200, "invalid": 200, "overdue": 600}
    text = flat(gaozhi("deadlines", "report", path, *AS_OF, "--jobs", "2").stdout).replace("─", "")
    assert (
        "需要处理：超期未完成600件" in text
        and "合计超期未完成按期完成无法判断按期率1,00060020020025.0%" in text
    )


def test_a_batch_with_a_broken_record_goes_record_by_record_alike(gaozhi, export):
    text = _csv() + "Q0,测试局,邮寄,2025-11-14\n"  # a field short: the batch is judged row by row
    report = _json(gaozhi("deadlines", "report", export(text, encoding="gb18030"), *AS_OF, "-f", "json"))
    rows = {r["case_id"]: r["status"] for r in report["rows"]}
    assert rows == {
        "Q0": "invalid",
        "Q1": "on_time",
        "Q2": "invalid",
        "Q5": "overdue",
        "Q7": "overdue",
        "Q9": "overdue",
    }
    assert report["rows"][1]["reason"] == DONE_REASON
    assert [flat(w) for w in report["summary"]["warnings"]] == [LEFT_OUT]
    assert report["summary"]["totals"]["counts"]["invalid"] == 2 and report["summary"]["records"] == 10
