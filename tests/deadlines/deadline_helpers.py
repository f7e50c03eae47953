"""Shared by the deadline tests: a header, row builders, and running the library on a file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from gaozhi_cli.calendar import default_calendar
from gaozhi_cli.deadlines import DeadlineReport, Options, RowResult, load_rules

HEADER = "办件编号,部门,申请方式,收件日期,告知承诺书送达日期"
AS_OF = date(2025, 12, 5)  # a Friday


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def judge(path: Path, **options: object) -> list[RowResult]:
    """Every row of the report on ``path`` (as of AS_OF unless given)."""
    settings = {"as_of": AS_OF, **options}
    report = DeadlineReport(path, load_rules(), default_calendar(), Options(**settings))  # type: ignore[arg-type]
    return list(report.results())


def only(path: Path, **options: object) -> RowResult:
    rows = judge(path, **options)
    assert len(rows) == 1, rows
    return rows[0]


def report_json(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def flat(text: str) -> str:
    """Terminal output without the line breaks and padding that wrapping adds."""
    return "".join(text.split())
