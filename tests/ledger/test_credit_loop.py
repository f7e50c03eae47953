"""The credit loop: a 虚假 result bars the applicant from further commitments until credit
repair (实施方案 四(二)); --exclude-list files still work beside it."""

from __future__ import annotations

import json

from .helpers import batch_csv, id_number


def _letter(project, n: int, day: str, *extra: str):  # type: ignore[no-untyped-def]
    return project.run(
        "letter",
        "generate",
        "commitment",
        "-c",
        project.catalog,
        "-i",
        "2",
        "--set",
        f"申请人.姓名=申请人{n}",
        "--set",
        f"申请人.证件编号={id_number(n)}",
        "--set",
        f"日期={day}",
        *extra,
    )


def test_a_false_result_blocks_the_next_letter_until_credit_repair(project) -> None:
    assert _letter(project, 1, "2025-03-17").exit_code == 0
    false = project.run(
        "ledger",
        "record",
        "核查",
        "2025-1",
        "--date",
        "2025-04-01",
        "--method",
        "现场核查",
        "--result",
        "虚假",
    )
    assert false.exit_code == 0 and "信用修复前不适用告知承诺制" in false.output
    before = _letter(
        project, 1, "2025-03-30", "--set", "申请事项=另一事项"
    )  # dated before the result: allowed
    assert before.exit_code == 0, before.output
    refused = _letter(project, 1, "2025-05-06")
    assert refused.exit_code == 1
    assert "有虚假承诺" in refused.output and "[2025年]第1号" in refused.output
    assert id_number(1) not in refused.output and "140502********" in refused.output
    others = _letter(project, 2, "2025-05-06")
    assert others.exit_code == 0
    batch = batch_csv(project.root / "批量.csv", 3, day="2025-05-07")  # 申请人1 is its first row
    result = project.run(
        "letter", "generate", "commitment", "-c", project.catalog, "--batch", batch, "--out-dir", "out"
    )
    assert result.exit_code == 1 and "失败 1 行" in result.output and "有虚假承诺" in result.output
    listed = project.run("ledger", "excluded")
    assert "申请人1" in listed.output and "申请人2" not in listed.output
    assert project.run("ledger", "record", "信用修复", "2025-1", "--date", "2025-06-01").exit_code == 0
    assert _letter(project, 1, "2025-05-20", "--set", "申请事项=修复前").exit_code == 1
    assert _letter(project, 1, "2025-06-02", "--set", "申请事项=修复后").exit_code == 0


def test_a_corrected_result_lifts_the_bar(project) -> None:
    assert _letter(project, 1, "2025-03-17").exit_code == 0
    project.run(
        "ledger",
        "record",
        "核查",
        "2025-1",
        "--date",
        "2025-04-01",
        "--method",
        "内部核查",
        "--result",
        "虚假",
    )
    project.run(
        "ledger",
        "record",
        "核查",
        "2025-1",
        "--date",
        "2025-04-02",
        "--method",
        "内部核查",
        "--result",
        "真实",
        "--note",
        "复核后更正",
    )
    assert _letter(project, 1, "2025-05-06").exit_code == 0


def test_an_exclusion_file_still_works_beside_the_ledger(project) -> None:
    listed = project.root / "名单.csv"
    listed.write_text(f"证件编号,姓名,情形\n{id_number(3)},申请人3,严重失信\n", encoding="utf-8")
    result = _letter(project, 3, "2025-03-17", "--exclude-list", str(listed))
    assert result.exit_code == 1 and "严重失信" in result.output
    assert _letter(project, 4, "2025-03-17", "--exclude-list", str(listed)).exit_code == 0


def _false(project, case: str = "2025-1"):  # type: ignore[no-untyped-def]
    return project.run(
        "ledger", "record", "核查", case, "--date", "2025-04-01", "--method", "内部核查", "--result", "虚假"
    )


def test_voiding_the_letter_of_a_commitment_found_false_is_refused(project) -> None:
    """Voiding would take the applicant off the exclusion list and the false commitment out of
    the annual figures: only credit repair lifts the bar (四(二))."""
    assert _letter(project, 1, "2025-03-17").exit_code == 0
    assert _false(project).exit_code == 0
    result = project.run("ledger", "void", "2025-1", "--why", "撤销")
    assert result.exit_code == 2, result.output
    assert "已于 2025年4月1日核查为虚假，作废不能撤销失信记录" in result.output
    assert "申请人1" in project.run("ledger", "excluded").output
    assert _letter(project, 1, "2025-05-06").exit_code == 1
    report = project.run("ledger", "report", "--year", "2025", "-o", "年度.csv")
    assert report.exit_code == 0, report.output


def test_a_corrected_result_is_the_result_in_the_reports_too(project) -> None:
    """The exclusion list takes a case's latest check (a 虚假 corrected on review is lifted):
    the export and the deadline report say the same, and ask no credit information."""
    assert _letter(project, 1, "2025-03-17").exit_code == 0
    assert _false(project).exit_code == 0
    corrected = project.run(
        "ledger", "record", "核查", "2025-1", "--date", "2025-04-02", "--method", "内部核查",
        "--result", "真实", "--note", "复核后更正",
    )  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    assert "申请人1" not in project.run("ledger", "excluded").output
    exported = project.run("ledger", "export", "-o", "-", "-f", "csv")
    assert exported.exit_code == 0, exported.output
    row = next(line for line in exported.output.splitlines() if line.startswith("2025-1,"))
    assert "真实" in row and "虚假" not in row
    report = project.run("deadlines", "report", "--ledger", "--as-of", "2025-06-30", "-f", "json", "-o", "-")
    assert report.exit_code == 0, report.output
    credit = [r for r in json.loads(report.output)["rows"] if r["rule"] == "信用信息归集"]
    assert credit == []  # no false result: no 7 working days to collect credit information


def test_each_false_commitment_is_repaired_on_its_own(project) -> None:
    """Two false commitments are two credit records: repairing one leaves the applicant barred
    by the other, as ``ledger show`` tells each case."""
    assert _letter(project, 1, "2025-03-17").exit_code == 0
    assert _letter(project, 1, "2025-03-18", "--set", "申请事项=另一事项").exit_code == 0
    assert _false(project, "2025-1").exit_code == 0 and _false(project, "2025-2").exit_code == 0
    repair = ("ledger", "record", "信用修复", "--date", "2025-06-01")
    assert project.run(*repair[:3], "2025-1", *repair[3:]).exit_code == 0
    assert "已信用修复" in project.run("ledger", "show", "2025-1").output
    second = project.run("ledger", "show", "2025-2").output
    assert "状态：核查为虚假" in second and "已信用修复" not in second
    refused = _letter(project, 1, "2025-06-02")
    assert refused.exit_code == 1 and "[2025年]第2号" in refused.output, refused.output
    assert "申请人1" in project.run("ledger", "excluded", "--as-of", "2025-06-02").output
    assert project.run(*repair[:3], "2025-2", *repair[3:]).exit_code == 0
    assert _letter(project, 1, "2025-06-02").exit_code == 0
