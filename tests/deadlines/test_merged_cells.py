"""A hand-kept sheet merges a cell down over several records (one 部门, one 收件日期 for a
group of cases): every record under the merge is judged with the value the sheet shows it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl


def _sheet(path: Path, *, title: bool) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    if title:
        sheet.append(["2025年办件台账"])
        sheet.merge_cells("A1:E1")
    sheet.append(["办件编号", "部门", "申请方式", "收件日期", "告知承诺书送达日期"])
    top = sheet.max_row + 1
    sheet.append(["MG1", "市场监督管理局", "邮寄", date(2025, 11, 14), None])
    sheet.append(["MG2", None, "邮寄", None, None])
    sheet.append(["MG3", None, "邮寄", None, date(2025, 11, 18)])
    sheet.append(["MG4", "司法局", "邮寄", date(2025, 11, 17), None])
    sheet.merge_cells(f"B{top}:B{top + 2}")
    sheet.merge_cells(f"D{top}:D{top + 2}")
    book.save(path)
    return path


def test_records_under_a_cell_merged_down_take_its_value(gaozhi, tmp_path: Path) -> None:
    for title in (False, True):
        path = _sheet(tmp_path / f"台账{int(title)}.xlsx", title=title)
        result = gaozhi("deadlines", "report", path.name, "--as-of", "2025-12-01", "-f", "json", "-o", "-")
        assert result.exit_code == 0, result.output
        rows = {r["case_id"]: r for r in json.loads(result.output)["rows"]}
        assert {k: (r["department"], r["start"], r["status"]) for k, r in rows.items()} == {
            "MG1": ("市场监督管理局", "2025-11-14", "overdue"),
            "MG2": ("市场监督管理局", "2025-11-14", "overdue"),
            "MG3": ("市场监督管理局", "2025-11-14", "on_time"),
            "MG4": ("司法局", "2025-11-17", "overdue"),
        }, title
