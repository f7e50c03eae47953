"""Events: recorded by hand, imported from exports (GB18030 CSV, .xlsx) with a column map,
shown as a case's history, exported in the deadline report's columns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .helpers import id_number


def _commit(project, name: str = "张三", n: int = 1, day: str = "2025-03-17"):  # type: ignore[no-untyped-def]
    result = project.run(
        "letter",
        "generate",
        "commitment",
        "-c",
        project.catalog,
        "-i",
        "1",
        "--set",
        f"申请人.姓名={name}",
        "--set",
        f"申请人.证件编号={id_number(n)}",
        "--set",
        f"日期={day}",
    )
    assert result.exit_code == 0, result.output
    return result


def test_recorded_events_make_the_history_of_a_case(project) -> None:
    _commit(project)
    steps = [
        ("收件", "2025-03-17", "--channel", "信函"),
        ("送达", "2025-03-19"),
        ("决定", "2025-03-20"),
        ("发函", "2025-03-21", "--to", "晋城市公安局", "--days", "5", "--ref", "晋市司函字〔2025〕9号"),
        ("回函", "2025-03-26", "--ref", "晋市司函字〔2025〕9号", "--result", "真实"),
        ("核查", "2025-03-27", "--method", "行政协助核查", "--result", "真实", "--checker", "赵刚"),
        ("投诉", "2025-04-01"),
        ("投诉答复", "2025-04-03"),
    ]
    for kind, day, *extra in steps:
        result = project.run("ledger", "record", kind, "[2025年]第1号", "--date", day, *extra)
        assert result.exit_code == 0, result.output
    shown = project.run("ledger", "show", "2025-1")
    assert shown.exit_code == 0
    for text in (
        "申请方式：信函",
        "被请求单位：晋城市公安局",
        "回复时限 5 个工作日",
        "核查人：赵刚",
        "投诉答复",
        "已核查，承诺属实",
    ):
        assert text in shown.output
    exported = project.run("ledger", "export")
    rows = list(csv.DictReader(io.StringIO(exported.output.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["收件日期"], row["申请方式"], row["告知承诺书送达日期"]) == (
        "2025-03-17",
        "信函",
        "2025-03-19",
    )
    assert (row["发函日期"], row["回复时限（工作日）"], row["回复日期"]) == ("2025-03-21", "5", "2025-03-26")
    assert (row["核查完成日期"], row["核查结果"], row["投诉受理日期"], row["处理结果告知日期"]) == (
        "2025-03-27",
        "真实",
        "2025-04-01",
        "2025-04-03",
    )


def test_show_finds_an_applicants_cases_by_the_id_number(project) -> None:
    _commit(project, "张三", 1)
    _commit(project, "李四", 2)
    _commit(project, "张三", 1, day="2025-04-20")
    both = project.run("ledger", "show", id_number(1))
    assert both.exit_code == 0, both.output
    assert "2025-1" in both.output and "2025-3" in both.output and "李四" not in both.output
    assert "共 2 件" in both.output and id_number(1) not in both.output
    one = project.run("ledger", "show", id_number(2))
    assert one.exit_code == 0 and "案件 [2025年]第2号" in one.output and "李四" in one.output
    none = project.run("ledger", "show", id_number(3))
    assert none.exit_code == 2 and "没有证件号码为" in none.output and id_number(3) not in none.output


def test_bad_events_are_refused_in_chinese(project) -> None:
    _commit(project)
    cases = [
        (("核查", "2025-1", "--date", "2025-04-01"), "须写明核查方式、核查结果"),
        (
            ("核查", "2025-1", "--date", "2025-04-01", "--method", "内部核查", "--result", "假的"),
            "真实、虚假",
        ),
        (("送达", "2025-1", "--date", "明天"), "应为日期"),
        (("签收", "2025-1", "--date", "2025-04-01"), "没有事件“签收”"),
        (("送达", "2025-99", "--date", "2025-04-01"), "台账中没有案件“2025-99”"),
        (("送达", "2025-1", "--date", "2025-01-01"), "早于案件"),
    ]
    for args, expected in cases:
        result = project.run("ledger", "record", *args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output


def _export_csv(path: Path, rows: list[list[str]], header: list[str]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    return path


def test_import_with_a_column_map_adds_events_once_and_names_bad_rows(project) -> None:
    _commit(project)
    _commit(project, "李四", 2)
    header = ["承诺书号", "业务流水号", "受理部门", "事项", "送达时间", "核查日期", "核查形式", "结论"]
    rows = [
        ["2025-1", "SQ001", "晋城市司法局", "", "2025/3/18", "2025年4月1日", "内部核查", "真实"],
        ["", "SQ002", "", "无犯罪记录证明", "2025-03-20", "", "", ""],
        ["2025-2", "", "", "", "2025-03-32", "", "", ""],
        ["2025-77", "", "", "", "2025-03-20", "", "", ""],
    ]
    export = _export_csv(project.root / "平台导出.csv", rows, header)
    mapping = project.root / "列名.yaml"
    mapping.write_text(
        "承诺书编号: 承诺书号\n办件编号: 业务流水号\n部门: 受理部门\n证明事项: 事项\n告知承诺书送达日期: 送达时间\n"
        "核查完成日期: 核查日期\n核查方式: 核查形式\n核查结果: 结论\n",
        encoding="utf-8",
    )
    result = project.run("ledger", "import", export, "--columns", mapping)
    assert result.exit_code == 1, result.output
    assert "平台导出.csv 第 4 行" in result.output and "不是可识别的日期" in result.output
    assert "平台导出.csv 第 5 行" in result.output and "2025-77" in result.output
    assert "导入事件 3 个" in result.output and "新建案件 1 个" in result.output
    again = project.run("ledger", "import", export, "--columns", mapping)
    assert "导入事件 0 个" in again.output and "已有而跳过 3 个" in again.output
    shown = project.run("ledger", "show", "SQ001")  # the 办件编号 now names case 2025-1 too
    assert "[2025年]第1号" in shown.output and "内部核查" in shown.output


def test_a_row_that_fails_counts_neither_its_case_nor_its_events(project) -> None:
    # the 收件 event has no 申请方式: the row is rolled back, the new case and the 送达 with it
    header = ["办件编号", "证明事项", "告知承诺书送达日期", "收件日期"]
    rows = [
        ["JC1", "无犯罪记录证明", "2025-03-18", "2025-03-17"],
        ["JC2", "无犯罪记录证明", "2025-03-18", ""],
    ]
    result = project.run("ledger", "import", _export_csv(project.root / "导出.csv", rows, header))
    assert result.exit_code == 1 and "导出.csv 第 2 行" in result.output and "须写明申请方式" in result.output
    assert "2 行，导入事件 1 个，已有而跳过 0 个，新建案件 1 个，有问题 1 行" in result.output
    assert project.run("ledger", "show", "JC1").exit_code != 0


def test_import_takes_a_zero_date_as_none_and_a_time_in_chinese(project) -> None:
    """A platform's database writes 0000-00-00 for a date not yet set: no event, not a bad row;
    2025年3月20日 14时22分 is the 20th."""
    _commit(project)
    header = ["承诺书编号", "告知承诺书送达日期", "核查完成日期", "核查方式", "核查结果"]
    rows = [["2025-1", "2025年3月20日 14时22分", "0000-00-00 00:00:00", "", ""]]
    result = project.run("ledger", "import", _export_csv(project.root / "导出.csv", rows, header))
    assert result.exit_code == 0, result.output
    assert "导入事件 1 个" in result.output
    shown = project.run("ledger", "show", "2025-1").output
    assert "2025-03-20" in shown and "核查" not in shown.split("送达", 1)[1]


def test_import_warns_of_a_doubled_header_and_a_mapping_to_no_column(project) -> None:
    """Both leave events out without an error; the liaison is told which column. A row that
    Excel left empty (,,,) is not a row with a problem."""
    _commit(project)
    header = ["承诺书编号", "告知承诺书送达日期", "核查完成日期", "核查完成日期"]
    rows = [["2025-1", "2025-03-20", "", "2025-04-01"], ["", "", "", ""]]
    mapping = project.root / "列名.yaml"
    mapping.write_text("投诉受理日期: 投诉日期\n", encoding="utf-8")
    path = _export_csv(project.root / "导出.csv", rows, header)
    result = project.run("ledger", "import", path, "--columns", mapping)
    assert result.exit_code == 0, result.output
    assert "表头中“核查完成日期”出现 2 次（第 3、4 列），只读第 3 列" in result.output
    assert "“投诉受理日期”映射到的“投诉日期”不在表头中" in result.output
    assert "1 行，导入事件 1 个" in result.output and "有问题 0 行" in result.output


def test_a_corrected_export_with_another_delivery_day_is_pointed_out(project) -> None:
    """A case has one delivery: an export that now says another day adds it (the earlier day
    still rules the deadline), and the import says which to retract."""
    _commit(project)
    header = ["承诺书编号", "告知承诺书送达日期"]
    assert (
        project.run(
            "ledger", "import", _export_csv(project.root / "一月.csv", [["2025-1", "2025-03-25"]], header)
        ).exit_code
        == 0
    )
    second = project.run(
        "ledger", "import", _export_csv(project.root / "二月.csv", [["2025-1", "2025-03-18"]], header)
    )
    assert second.exit_code == 0, second.output
    assert "已记录 2025-03-25 的告知承诺书送达，又导入 2025-03-18" in second.output
    assert "gaozhi ledger retract 送达 2025-1 --date 2025-03-25 --why 原因" in second.output


def test_import_reads_an_xlsx_export(project) -> None:
    import openpyxl

    _commit(project)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某市政务服务平台办件导出"])  # a title line above the header
    sheet.append(["承诺书编号", "收件日期", "申请方式", "告知承诺书送达日期"])
    sheet.append(["2025-1", "2025-03-17", "网上", "2025-03-20"])
    path = project.root / "导出.xlsx"
    book.save(path)
    result = project.run("ledger", "import", path)
    assert result.exit_code == 0, result.output
    assert "导入事件 2 个" in result.output
    assert "申请方式：网上" in project.run("ledger", "show", "2025-1").output


def test_import_refuses_a_row_whose_case_or_id_number_excel_kept_as_a_number(project) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["办件编号", "证明事项", "申请人", "证件号码", "收件日期", "申请方式"])
    sheet.append(["JC2025001", "无犯罪记录证明", "张三", float(id_number(2)), "2025-03-17", "窗口"])
    sheet.append([330382221408191000009, "无犯罪记录证明", "李四", id_number(4), "2025-03-17", "窗口"])
    sheet.append(["JC2025003", "无犯罪记录证明", "王五", id_number(3), "2025-03-17", "窗口"])
    path = project.root / "导出.xlsx"
    book.save(path)
    result = project.run("ledger", "import", path)
    assert result.exit_code == 1, result.output
    assert "导出.xlsx 第 2 行：“证件号码”是 Excel 以数字保存的长号码" in result.output
    assert (
        "导出.xlsx 第 3 行：“办件编号”是 Excel 以数字保存的长号码（330382221408190988288）" in result.output
    )
    assert "新建案件 1 个" in result.output and id_number(2)[6:14] not in result.output


def test_export_as_xlsx_is_read_back(project) -> None:
    import openpyxl

    _commit(project)
    out = project.root / "台账.xlsx"
    result = project.run("ledger", "export", "-o", out)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    header, first = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[:3] == ["办件编号", "承诺书编号", "部门"]
    assert first[:3] == ["2025-1", "[2025年]第1号", "晋城市司法局"]


def test_a_voided_assistance_letter_takes_back_the_request_it_recorded(project) -> None:
    """A 协助函 voided (sent in error) was never a request: its 发函 event leaves the case, so
    no reply is waited for in the deadline report or counted in the annual assessment."""
    _commit(project)
    request = project.run(
        "letter", "generate", "assist-request", "-c", project.catalog,
        "--set", "承诺书编号=2025-1", "--set", "被请求单位=晋城市公安局", "--set", "申请日期=2025-03-17",
        "--set", "申请人.姓名=张三", "--set", "办理事项=律师执业核准", "--set", "承诺内容=1",
        "--set", "回复期限=5", "--set", "日期=2025-03-18",
    )  # fmt: skip
    assert request.exit_code == 0, request.output

    def replies() -> list[str]:
        report = project.run(
            "deadlines", "report", "--ledger", "--as-of", "2025-04-30", "-f", "json", "-o", "-"
        )
        assert report.exit_code == 0, report.output
        return [r["status"] for r in json.loads(report.output)["rows"] if r["rule"] == "行政协助回复"]

    assert replies() == ["overdue"]
    voided = project.run("ledger", "void", "晋市司函字〔2025〕1号", "--why", "错发")
    assert voided.exit_code == 0, voided.output
    assert replies() == []
    shown = project.run("ledger", "show", "2025-1")
    assert "待核查" in shown.output and "待协助回复" not in shown.output
    assert "已撤销的事件" in shown.output and "晋市司函字〔2025〕1号 作废：错发" in shown.output
    by_hand = project.run("ledger", "retract", "发函", "2025-1", "--date", "2025-03-18", "--why", "x")
    assert by_hand.exit_code == 2 and "没有 2025年3月18日 的发函记录" in by_hand.output


def test_an_event_recorded_in_error_is_retracted_kept_and_not_imported_again(project) -> None:
    """A wrong date is taken back with its reason (it leaves the report, stays in the ledger
    for the audit), the right one recorded; the monthly export that still holds the wrong
    date does not bring it back. A 虚假 result and an event a letter recorded are refused."""
    _commit(project)
    header = ["承诺书编号", "收件日期", "申请方式", "告知承诺书送达日期"]
    export = _export_csv(project.root / "导出.csv", [["2025-1", "2025-03-17", "信函", "2025-03-25"]], header)
    assert project.run("ledger", "import", export).exit_code == 0

    def delivery() -> list[tuple[str, str]]:
        report = project.run(
            "deadlines", "report", "--ledger", "--as-of", "2025-04-30", "-f", "json", "-o", "-"
        )
        assert report.exit_code == 0, report.output
        rows = json.loads(report.output)["rows"]
        return [(r["status"], r["end"]) for r in rows if r["rule"] == "告知承诺书送达"]

    assert delivery() == [("late", "2025-03-25")]
    retracted = project.run(
        "ledger", "retract", "送达", "2025-1", "--date", "2025-03-25", "--why", "平台日期有误，实为3月18日"
    )
    assert retracted.exit_code == 0, retracted.output
    assert "已撤销：[2025年]第1号 2025-03-25 的送达记录" in retracted.output
    assert project.run("ledger", "record", "送达", "2025-1", "--date", "2025-03-18").exit_code == 0
    assert delivery() == [("on_time", "2025-03-18")]
    again = project.run("ledger", "import", export)
    assert again.exit_code == 0 and "已撤销而跳过 1 个" in again.output, again.output
    assert delivery() == [("on_time", "2025-03-18")]
    shown = project.run("ledger", "show", "2025-1").output
    assert "已撤销的事件（不计入统计）" in shown and "平台日期有误，实为3月18日" in shown
    missing = project.run("ledger", "retract", "送达", "2025-1", "--date", "2025-03-20", "--why", "x")
    assert missing.exit_code == 2 and "已记录的送达日期：2025-03-18" in missing.output
    no_reason = project.run("ledger", "retract", "送达", "2025-1", "--date", "2025-03-18", "--why", " ")
    assert no_reason.exit_code == 2 and "须用 --why 写明原因" in no_reason.output
    false = ("核查", "2025-1", "--date", "2025-04-01")
    assert project.run("ledger", "record", *false, "--method", "内部核查", "--result", "虚假").exit_code == 0
    kept = project.run("ledger", "retract", *false, "--why", "录错")
    assert kept.exit_code == 2 and "核查结果为虚假，不能撤销" in kept.output
    assert "申请人" in project.run("ledger", "excluded", "--as-of", "2025-05-01").output
    assert project.run("ledger", "record", "决定", "2025-1", "--date", "2025-03-20").exit_code == 0
    said = f"申请人 {id_number(1)} 的决定日期录错"  # an ID number in the reason is kept masked
    taken = project.run("ledger", "retract", "决定", "2025-1", "--date", "2025-03-20", "--why", said)
    assert taken.exit_code == 0 and id_number(1) not in taken.output
    checked = project.run("ledger", "check")
    assert checked.exit_code == 0, checked.output
    assert "已撤销的事件 2 个" in checked.output and "未遮盖" not in checked.output


def test_an_event_dated_after_today_or_recorded_twice_is_refused(project) -> None:
    """A day still to come is a typing slip (2099 for 2025), and the same event typed twice
    would count twice: both are refused with the case named; an import of such a row says so
    on its line and goes on."""
    _commit(project)
    later = project.run("ledger", "record", "送达", "2025-1", "--date", "2099-03-18")
    assert later.exit_code == 2 and "2099年3月18日 晚于今天" in later.output
    assert project.run("ledger", "record", "送达", "2025-1", "--date", "2025-03-18").exit_code == 0
    again = project.run("ledger", "record", "送达", "2025-1", "--date", "2025-03-18")
    assert again.exit_code == 2 and "已记录过 2025年3月18日 的" in again.output
    shown = project.run("ledger", "show", "2025-1")
    assert shown.output.count("2025-03-18") == 1, shown.output
