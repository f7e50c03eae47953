"""deadlines report --ledger: the ledger's events judged by the same rules as a platform's
export — row for row the same as the same events written as a CSV export by hand."""

from __future__ import annotations

import csv
import io

import pytest

from .helpers import id_number

AS_OF = "2025-06-30"
# case: (commitment date, events as `ledger record` arguments)
EVENTS = {
    1: (
        "2025-03-14",
        [
            ("收件", "2025-03-14", "--channel", "信函"),
            ("送达", "2025-03-20"),  # 3 working days after Fri 14 March is Wed 19: late by one
            ("决定", "2025-03-21"),
            ("发函", "2025-03-24", "--to", "晋城市公安局", "--days", "5"),
            ("回函", "2025-03-28"),
            ("核查", "2025-04-10", "--method", "行政协助核查", "--result", "虚假"),
            ("信用归集", "2025-04-25"),  # 7 working days after 10 April is 21 April: late
            ("投诉", "2025-05-06"),
            ("投诉答复", "2025-05-09"),
        ],
    ),
    2: (
        "2025-03-17",
        [
            ("收件", "2025-03-17", "--channel", "当面"),
            ("送达", "2025-03-17"),
            ("决定", "2025-03-18"),
        ],
    ),  # never verified: 20 working days after 18 March have passed
    3: ("2025-06-27", [("收件", "2025-06-27", "--channel", "网上")]),  # delivery still open, due soon
}
CSV_HEADER = [
    "办件编号",
    "部门",
    "证明事项",
    "事项名称",
    "收件日期",
    "申请方式",
    "告知承诺书送达日期",
    "决定日期",
    "核查完成日期",
    "结果生效日期",
    "信用信息归集日期",
    "发函日期",
    "回复时限（工作日）",
    "回复日期",
    "投诉受理日期",
    "处理结果告知日期",
]
CSV_ROWS = [
    [
        "2025-1",
        "晋城市司法局",
        "无犯罪记录证明",
        "律师执业核准",
        "2025-03-14",
        "信函",
        "2025-03-20",
        "2025-03-21",
        "2025-04-10",
        "2025-04-10",
        "2025-04-25",
        "2025-03-24",
        "5",
        "2025-03-28",
        "2025-05-06",
        "2025-05-09",
    ],
    [
        "2025-2",
        "晋城市司法局",
        "无犯罪记录证明",
        "律师执业核准",
        "2025-03-17",
        "当面",
        "2025-03-17",
        "2025-03-18",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "2025-3",
        "晋城市司法局",
        "无犯罪记录证明",
        "律师执业核准",
        "2025-06-27",
        "网上",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def _judgements(text: str) -> list[tuple[str, str, str, str, str]]:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return sorted((r["办件编号"], r["规则"], r["状态"], r["截止日期"], r["完成日期"]) for r in rows)


def _fill(project) -> None:  # type: ignore[no-untyped-def]
    for n, (day, events) in EVENTS.items():
        made = project.run(
            "letter",
            "generate",
            "commitment",
            "-c",
            project.catalog,
            "-i",
            "1",
            "--set",
            f"申请人.姓名=申请人{n}",
            "--set",
            f"申请人.证件编号={id_number(n)}",
            "--set",
            f"日期={day}",
        )
        assert made.exit_code == 0, made.output
        for kind, on, *extra in events:
            result = project.run("ledger", "record", kind, f"2025-{n}", "--date", on, *extra)
            assert result.exit_code == 0, result.output


def test_the_report_from_the_ledger_agrees_with_the_same_events_as_a_csv_export(project) -> None:
    _fill(project)
    export = project.root / "平台导出.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([CSV_HEADER, *CSV_ROWS])
    export.write_bytes(buffer.getvalue().encode("gb18030"))
    from_ledger = project.run("deadlines", "report", "--ledger", "-f", "csv", "--as-of", AS_OF)
    from_csv = project.run(
        "deadlines", "report", export, "-f", "csv", "--as-of", AS_OF, "--catalog", project.catalog
    )
    assert from_ledger.exit_code == 0, from_ledger.output
    assert from_csv.exit_code == 0, from_csv.output
    ledger_rows, csv_rows = _judgements(from_ledger.stdout), _judgements(from_csv.stdout)
    assert ledger_rows == csv_rows
    statuses = {(case, rule): status for case, rule, status, _, _ in ledger_rows}
    assert statuses[("2025-1", "告知承诺书送达")] == "逾期完成"
    assert statuses[("2025-1", "信用信息归集")] == "逾期完成"
    assert statuses[("2025-1", "行政协助回复")] == "按期完成"
    assert statuses[("2025-1", "投诉举报处理")] == "按期完成"
    assert statuses[("2025-2", "核查时限")] == "超期未完成"
    assert statuses[("2025-3", "告知承诺书送达")] in ("办理中", "即将到期", "今日到期")


def test_the_text_report_names_the_ledger_and_the_commitments_never_verified(project) -> None:
    _fill(project)
    result = project.run("deadlines", "report", "--ledger", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "（台账，" in result.output
    assert (
        "从未记录核查结果的承诺" in result.output and "2025-2" in result.output and "2025-3" in result.output
    )
    both = project.run("deadlines", "report", "x.csv", "--ledger")
    assert both.exit_code == 2 and "--ledger" in both.output


def test_the_listed_cases_are_named_by_case_not_by_a_temporary_file_line(project) -> None:
    _fill(project)
    result = project.run("deadlines", "report", "--ledger", "--as-of", AS_OF, "-f", "markdown")
    assert result.exit_code == 0, result.output
    overdue = [line for line in result.output.splitlines() if "2025-2" in line and "核查时限" in line]
    assert overdue, result.output  # 2025-2 is listed as overdue, by its case number
    assert "行号" not in result.output


# Cases beyond one row each: three requests (two answered by 函号, one by date), two
# complaints, a false result found on a second verification then repaired, credit collected
# before and after it took effect, a checker's name on two lines, events after the as-of day.
MORE = {
    4: (
        "2025-04-01",
        [
            ("发函", "2025-04-02", "--to", "晋城市公安局", "--days", "5", "--ref", "晋司函〔2025〕1号"),
            ("发函", "2025-04-03", "--to", "晋城市民政局", "--days", "10", "--ref", "晋司函〔2025〕2号"),
            ("发函", "2025-04-07", "--to", "晋城市人社局", "--days", "3"),
            ("回函", "2025-04-21", "--ref", "晋司函〔2025〕2号"),
            ("回函", "2025-04-08"),
            ("回函", "2025-04-10", "--ref", "晋司函〔2025〕1号"),
            ("投诉", "2025-05-12"),
            ("投诉", "2025-04-14"),
            ("投诉答复", "2025-04-16"),
            ("核查", "2025-04-20", "--method", "现场核查", "--result", "真实", "--checker", "王五\n李四"),
        ],
    ),
    5: (
        "2025-04-02",
        [
            ("收件", "2025-04-02", "--channel", "网上"),
            ("核查", "2025-04-10", "--method", "内部核查", "--result", "真实"),
            ("核查", "2025-04-24", "--method", "现场核查", "--result", "虚假", "--effective", "2025-04-28"),
            ("信用归集", "2025-04-25"),
            ("信用归集", "2025-05-12"),
            ("信用修复", "2025-06-20"),
            ("投诉", "2025-07-01"),  # after the as-of day
        ],
    ),
}


def _report_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _more(project) -> None:  # type: ignore[no-untyped-def]
    _fill(project)
    for n, (day, events) in MORE.items():
        made = project.run(
            "letter", "generate", "commitment", "-c", project.catalog, "-i", "1",
            "--set", f"申请人.姓名=申请人{n}", "--set", f"申请人.证件编号={id_number(n)}", "--set", f"日期={day}",
        )  # fmt: skip
        assert made.exit_code == 0, made.output
        for kind, on, *extra in events:
            result = project.run("ledger", "record", kind, f"2025-{n}", "--date", on, *extra)
            assert result.exit_code == 0, result.output


def test_every_row_and_line_is_the_one_a_report_of_the_ledgers_export_gives(project) -> None:
    """The ledger's cases fed to the report directly give, row for row and line for line, the
    report of the same ledger exported to CSV (``ledger export``) — multi-row cases and a
    cell on two lines included."""
    _more(project)
    exported = project.run("ledger", "export", "-o", "导出.csv")
    assert exported.exit_code == 0, exported.output
    assert "王五\n李四" in (project.root / "导出.csv").read_text(encoding="utf-8-sig")
    common = ("-f", "csv", "--as-of", AS_OF, "--catalog", project.catalog)
    from_ledger = project.run("deadlines", "report", "--ledger", *common)
    from_csv = project.run("deadlines", "report", project.root / "导出.csv", *common)
    assert from_ledger.exit_code == from_csv.exit_code, from_ledger.output + from_csv.output
    ledger_rows, csv_rows = _report_rows(from_ledger.stdout), _report_rows(from_csv.stdout)
    assert len(ledger_rows) > 15  # every judgement, the header first
    assert ledger_rows == csv_rows
    case, line = ledger_rows[0].index("办件编号"), ledger_rows[0].index("行号")
    lines: dict[str, int] = {}
    for row in ledger_rows[1:]:
        lines[row[case]] = min(int(row[line]), lines.get(row[case], 10**6))
    assert lines["2025-5"] == lines["2025-4"] + 4  # 2025-4: three rows, its first on two lines


def test_a_large_ledger_judged_in_two_processes_gives_the_same_report(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gaozhi_cli.ledger import deadlines

    _more(project)
    reports = {}
    for parallel in (10**9, 2):  # one process; two from two cases on
        monkeypatch.setattr(deadlines, "PARALLEL_FROM", parallel)
        for fmt in ("csv", "json", "text"):
            result = project.run(
                "deadlines", "report", "--ledger", "-f", fmt, "--as-of", AS_OF, "--jobs", "2"
            )
            assert result.exit_code in (0, 1), result.output
            reports[parallel, fmt] = result.stdout
    for fmt in ("csv", "json", "text"):
        assert reports[2, fmt] == reports[10**9, fmt], fmt
    with project.ledger() as ledger:
        spans = deadlines.LedgerCases.of(ledger).split(2)
    assert len(spans) == 2 and spans[1].first_line == 0  # the second process counts its lines


def _first_lines(cases) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The line each case's first row starts on, read as the report reads it."""
    records, firsts = cases.open(), dict[str, int]()
    try:
        for lines, rows, _ in records.batches(size=2):  # small batches: a case across two
            for line, row in zip(lines, rows, strict=True):
                firsts.setdefault(row[0], line)
    finally:
        records.close()
    return firsts


def test_the_line_a_part_starts_on_counts_every_row_and_line_break(project) -> None:
    from gaozhi_cli.ledger.deadlines import LedgerCases, lines_before

    _more(project)
    with project.ledger() as ledger:
        cases = LedgerCases.of(ledger)
        firsts = _first_lines(cases)
        # 2025-1 has one request and one complaint (one row); 2025-4 has three rows, the
        # first on two lines (the checker's name)
        assert firsts == {"2025-1": 2, "2025-2": 3, "2025-3": 4, "2025-4": 5, "2025-5": 9}
        ids = [row[0] for row in ledger.db.rows("SELECT id FROM cases ORDER BY id")]
        before = [lines_before(ledger.db, cases.selection, i) for i in ids[:-1]]
    assert before == list(firsts.values())[1:]


@pytest.mark.parametrize("line_break", ["\r", "\r\n", "\u2028"])
def test_a_cell_broken_by_other_line_breaks_keeps_both_paths_on_the_same_lines(
    project, monkeypatch, line_break
) -> None:  # type: ignore[no-untyped-def]
    """A carriage return (alone or before a line feed) or U+2028 in a cell: the lines the
    ledger's rows are given are still the lines the report of its CSV export counts."""
    day, events = MORE[4]
    monkeypatch.setitem(MORE, 4, (day, [tuple(a.replace("\n", line_break) for a in e) for e in events]))
    _more(project)
    assert project.run("ledger", "export", "-o", "导出.csv").exit_code == 0
    common = ("-f", "csv", "--as-of", AS_OF, "--catalog", project.catalog)
    from_ledger = project.run("deadlines", "report", "--ledger", *common)
    from_csv = project.run("deadlines", "report", project.root / "导出.csv", *common)
    assert _report_rows(from_ledger.stdout) == _report_rows(from_csv.stdout)
