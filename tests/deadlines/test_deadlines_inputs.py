"""What real exports contain: encodings, date forms, broken rows with their line numbers,
other platforms' column names, user rules."""

from __future__ import annotations

from datetime import date

import pytest
from deadline_helpers import HEADER, csv_text, flat, judge, only, report_json

from gaozhi_cli.calendar import default_calendar
from gaozhi_cli.datafile import DataFileError
from gaozhi_cli.dates import date_hint, parse_date
from gaozhi_cli.deadlines import DeadlineReport, Options, Status, load_rules, read_column_map, read_rules
from gaozhi_cli.errors import UsageError

ROWS = ("A,市场监督管理局,邮寄,2025-10-01,2025-10-11", "B,司法局,网上,2025-11-03,2025-11-07")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings(export, encoding):
    rows = judge(export(csv_text(*ROWS), encoding=encoding))
    assert [(r.department, r.status) for r in rows] == [
        ("市场监督管理局", Status.ON_TIME),
        ("司法局", Status.LATE),
    ]


def test_utf16_tab_separated_from_excel(export):
    text = csv_text(*ROWS).replace(",", "\t")
    rows = judge(export(text, encoding="utf-16"))
    assert [r.status for r in rows] == [Status.ON_TIME, Status.LATE]


@pytest.mark.parametrize(
    "start",
    [
        "2025-10-01",
        "2025/10/1",
        "2025年10月1日",
        "20251001",
        "2025-10-01 08:15:00",
        "2025/10/1 8:15",
        "2025-10-01T08:15:00",
        "2025年10月1日星期三",  # Chinese Excel's long date format
        "2025-10-01（周三） 08:15",
    ],
)
def test_date_forms_with_and_without_time(export, start):
    result = only(export(csv_text(f"A,司法局,邮寄,{start},2025年10月11日 17:59")))
    assert (result.start, result.deadline, result.status) == (
        date(2025, 10, 1),
        date(2025, 10, 11),
        Status.ON_TIME,
    )


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("A,司法局,邮寄,2025-13-01,", "收件日期“2025-13-01”不是可识别的日期"),
        ("A,司法局,邮寄,2025-11-31,", "收件日期“2025-11-31”不是可识别的日期"),
        ("A,司法局,邮寄,2025-11-03,明天", "告知承诺书送达日期“明天”不是可识别的日期"),
        ("A,司法局,邮寄,2025-11-03 下午,", "收件日期“2025-11-03 下午”不是可识别的日期"),
        ("A,司法局,邮寄,45719,", "收件日期“45719”不是可识别的日期（像是 Excel 的日期序号，即 2025-03-03："),
        (
            "A,司法局,邮寄,2025-03-03,45723.6875",
            "“45723.6875”不是可识别的日期（像是 Excel 的日期序号，即 2025-03-07：",
        ),
        ("A,司法局,邮寄,2025-03-03,12345", "告知承诺书送达日期“12345”不是可识别的日期"),
        ("A,司法局,邮寄,2025-11-05,2025-11-03", "告知承诺书送达日期 2025-11-03 早于收件日期 2025-11-05"),
        ("A,司法局,,2025-11-03,", "缺少申请方式"),
        ("A,司法局,快递,2025-11-03,", "申请方式“快递”不在规则“告知承诺书送达”的时限表中"),
        ("A,司法局,现场及邮寄,2025-11-03,", "申请方式“现场及邮寄”不在规则"),
        ("A,司法局,邮寄,,2025-11-05", "缺少收件日期"),
        ("A,司法局,邮寄,2025-11-03,2025-11-05,多出来的", "本行有 6 列，表头有 5 列"),
        ("A,司法局,邮寄,2025-11-03", "本行有 4 列，表头有 5 列"),
    ],
)
def test_every_invalid_reason(export, row, reason):
    result = only(export(csv_text(row)))
    assert result.status is Status.INVALID
    assert reason in result.reason
    assert result.line == 2


def test_the_run_goes_on_after_invalid_rows_and_lines_are_physical(export):
    text = csv_text(
        "A,司法局,邮寄,2025-13-01,",
        '"B\n续行",司法局,邮寄,2025-11-03,2025-11-05',  # a quoted line break: the record spans 3–4
        "",
        "C,司法局,快递,2025-11-03,",
        ",,,,",  # a row without any date: counted as blank, not judged
        "D,司法局,邮寄,2025-11-03,2025-11-06",
    )
    rows = judge(export(text))
    assert [(r.case_id, r.line, r.status) for r in rows] == [
        ("A", 2, Status.INVALID),
        ("B\r\n续行", 3, Status.ON_TIME),
        ("C", 6, Status.INVALID),
        ("D", 8, Status.ON_TIME),
    ]


def test_an_unclosed_quote_is_reported_at_its_line(export):
    rows = judge(
        export(
            csv_text(
                "A,司法局,邮寄,2025-11-03,2025-11-05", '"B,司法局,邮寄,2025-11-03,', "C,x,邮寄,2025-11-03,"
            )
        )
    )
    assert rows[0].status is Status.ON_TIME
    assert (rows[1].line, rows[1].status) == (3, Status.INVALID)
    assert "未闭合的引号" in rows[1].reason


def test_bytes_that_do_not_decode_spoil_only_their_row(export, tmp_path):
    good = "".join(f"A{i},司法局,邮寄,2025-11-03,2025-11-05\n" for i in range(3000))  # > 64 KB of UTF-8
    path = tmp_path / "mixed.csv"
    path.write_bytes((HEADER + "\n" + good).encode() + b"Z,\xff\xfe,\n")
    rows = judge(path)
    assert len(rows) == 3001
    assert {r.status for r in rows[:3000]} == {Status.ON_TIME}
    assert rows[-1].status is Status.INVALID and "无法按 UTF-8 解码" in rows[-1].reason
    assert rows[-1].line == 3002


def test_header_with_spaces_and_a_bom_inside(export):
    header = " 办件编号 ,\ufeff部门,申请方式 ,收件日期,告知承诺书送达日期"
    assert only(export(csv_text(ROWS[0], header=header))).status is Status.ON_TIME


def test_a_column_map_for_another_platform(export, tmp_path):
    header = "业务流水号,承办单位,办理渠道,受理时间,文书送达时间"
    path = export(csv_text("YW1,司法局,网上申请,2025-11-03 09:12:00,2025-11-07 16:00:00", header=header))
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(
        "办件编号: 业务流水号\n部门: [主办部门, 承办单位]\n申请方式: 办理渠道\n收件日期: 受理时间\n告知承诺书送达日期: 文书送达时间\n",
        encoding="utf-8",
    )
    rules = load_rules()
    mapping = read_column_map(mapping_file, [c for r in rules for c in r.columns] + ["办件编号", "部门"])
    report = DeadlineReport(path, rules, default_calendar(), Options(as_of=date(2025, 12, 5)), mapping)
    (row,) = report.results()
    assert (row.case_id, row.department, row.status, row.late_workdays) == ("YW1", "司法局", Status.LATE, 1)


def test_a_column_map_with_a_typo_is_refused_with_its_line(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("办件编号: 业务流水号\n收件日: 受理时间\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_column_map(path, ["办件编号", "收件日期"])
    assert caught.value.problems[0][0].line == 2
    assert "“收件日”不是规则用到的列名" in caught.value.problems[0][1]


def test_no_rule_applies(export):
    path = export(csv_text("A,B", header="编号,日期"))
    with pytest.raises(UsageError, match="没有任何规则的开始列"):
        DeadlineReport(path, load_rules(), default_calendar(), Options(as_of=date(2025, 12, 5)))


def test_a_rule_that_applies_but_misses_its_end_column(export):
    path = export(csv_text("A,司法局,邮寄,2025-11-03", header="办件编号,部门,申请方式,收件日期"))
    with pytest.raises(UsageError, match="告知承诺书送达日期"):
        DeadlineReport(path, load_rules(), default_calendar(), Options(as_of=date(2025, 12, 5)))


USER_RULES = """\
规则:
  - 名称: 告知承诺书送达
    开始列: 收件日期
    结束列: 告知承诺书送达日期
    时限:
      列: 申请方式
      取值: {当面: 0, 邮寄: 5, 快递: 5}
  - 名称: 承诺书公示
    开始列: 决定日期
    结束列: 公示日期
    时限: 7
    依据: 本地规定
"""


def test_user_rules_replace_and_add(tmp_path, export):
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(USER_RULES, encoding="utf-8")
    rules = load_rules(rules_file)
    assert [r.name for r in rules][-1] == "承诺书公示"
    assert len([r for r in rules if r.name == "告知承诺书送达"]) == 1
    path = export(csv_text("A,司法局,快递,2025-11-03,2025-11-10"))
    report = DeadlineReport(path, rules, default_calendar(), Options(as_of=date(2025, 12, 5)))
    (row,) = report.results()
    assert (row.status, row.deadline) == (Status.ON_TIME, date(2025, 11, 10))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("规则:\n  - 名称: X\n    开始列: a\n    结束列: b\n", 2, "缺少“时限”"),
        ("规则:\n  - 名称: X\n    开始列: a\n    结束列: b\n    时限: -1\n", 5, "不小于 0"),
        ("规则:\n  - 名称: X\n    开始列: a\n    结束列: b\n    时限: {取值: {a: 1}}\n", 5, "缺少“列”"),
        (
            "规则:\n  - 名称: X\n    开始列: a\n    结束列: b\n    时限: {列: c, 取值: {a: 三}}\n",
            5,
            "“a”的时限",
        ),
        ("规则:\n  - 名称: X\n    开始: a\n    结束列: b\n    时限: 1\n", 3, "未知字段“开始”"),
        (
            "规则:\n  - {名称: X, 开始列: a, 结束列: b, 时限: 1}\n  - {名称: X, 开始列: a, 结束列: b, 时限: 1}\n",
            3,
            "重复",
        ),
    ],
)
def test_bad_rules_files(tmp_path, text, line, words):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_rules(path)
    assert any(pos.line == line and words in message for pos, message in caught.value.problems), (
        caught.value.problems
    )


def test_a_quote_that_swallows_more_than_the_csv_field_limit(export):
    # the csv module gives up on a field over 128 KB: that record is invalid, reading goes on
    swallowed = [f"S{i},司法局,邮寄,2025-11-03,2025-11-05" for i in range(4000)]  # ~160 KB
    text = csv_text("A,司法局,邮寄,2025-11-03,2025-11-05", '"B,司法局,邮寄,2025-11-03,', *swallowed)
    rows = judge(export(text))
    assert rows[0].status is Status.ON_TIME
    assert (rows[1].line, rows[1].status) == (3, Status.INVALID)
    assert "CSV 格式错误" in rows[1].reason
    assert rows[-1].case_id == "S3999" and rows[-1].status is Status.ON_TIME
    assert rows[-1].line == 4003


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("45719", "2025-03-03"),
        (" 45719.395833 ", "2025-03-03"),
        ("36526", "2000-01-01"),
        ("73050", "2099-12-31"),
        ("36525", None),  # before 2000: not a day an export of these years holds
        ("73051", None),
        ("12345", None),
        ("4571", None),
        ("457190", None),
        ("45719号", None),
    ],
)
def test_a_number_that_reads_as_an_excel_day_is_named_not_taken(text, day):
    hint = date_hint(text)
    assert (hint != "") is (day is not None)
    if day is not None:
        assert f"即 {day}" in hint and "设为日期格式" in hint
    assert parse_date(text) is None  # never taken as that day


def test_days_in_a_limit_column_follow_its_header(tmp_path, export):
    """10天 in a column headed in working days is 10 working days; in a column whose header
    and rule name no unit it stays 10 calendar days (自然日 is calendar days everywhere)."""
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(
        "规则:\n  - 名称: 整改\n    开始列: 通知日期\n    结束列: 整改日期\n    时限: {列: 整改期限}\n",
        encoding="utf-8",
    )
    rules = load_rules(rules_file)
    options = Options(as_of=date(2025, 12, 5))
    rows = "A,司法局,2025-09-22,2025-10-10,10天\nB,司法局,2025-09-22,2025-10-10,10个工作日\n"
    plain = export("办件编号,部门,通知日期,整改日期,整改期限\n" + rows, name="plain.csv")
    stated = export("办件编号,部门,通知日期,整改日期,整改期限（工作日）\n" + rows, name="stated.csv")
    columns = {"整改期限": ("整改期限（工作日）",)}
    found = {
        name: [
            (r.status, r.deadline)
            for r in DeadlineReport(path, rules, default_calendar(), options, cols).results()
        ]
        for name, path, cols in (("plain", plain, None), ("stated", stated, columns))
    }
    # calendar: 10-02 is a holiday, so the next working day 10-09; working days: 10-11 (调休)
    assert found["plain"] == [(Status.LATE, date(2025, 10, 9)), (Status.ON_TIME, date(2025, 10, 11))]
    assert found["stated"] == [(Status.ON_TIME, date(2025, 10, 11)), (Status.ON_TIME, date(2025, 10, 11))]


def test_zero_dates_are_empty_and_chinese_times_are_read(gaozhi, export):
    """0000-00-00 (a database's empty date), a dash or NULL in a completion column is a case
    still open, not an unreadable date; 2025年11月3日 9时30分 and 下午2:30 carry a time in the
    platform's words."""
    path = export(
        csv_text(
            "A,司法局,邮寄,2025年11月3日 9时30分,0000-00-00 00:00:00",  # open: overdue since 11-06
            "B,司法局,邮寄,2025-11-03 下午2:30,2025年11月5日14时22分05秒",  # on time
            "C,司法局,邮寄,0000-00-00,",  # no dates at all: blank under the rule
            "D,司法局,邮寄,00000000,2025-11-05",  # done without a receipt date
            "E,司法局,邮寄,2025-11-03,-",  # a dash, NULL, 无: no date either
            "F,司法局,邮寄,NULL,NULL",
            "G,司法局,邮寄,无,2025-11-05",
        )
    )
    report = report_json(gaozhi("deadlines", "report", path, "--as-of", "2025-12-05", "-f", "json"))
    rows = {r["case_id"]: r for r in report["rows"]}
    assert (rows["A"]["status"], rows["A"]["deadline"]) == ("overdue", "2025-11-06")
    assert (rows["B"]["status"], rows["B"]["end"]) == ("on_time", "2025-11-05")
    assert "C" not in rows
    assert rows["D"]["status"] == "invalid" and "缺少收件日期" in rows["D"]["reason"]
    assert (rows["E"]["status"], rows["E"]["deadline"]) == ("overdue", "2025-11-06")
    assert "F" not in rows
    assert rows["G"]["status"] == "invalid" and "缺少收件日期" in rows["G"]["reason"]


ZJ_RULES = "规则:\n  - 名称: 承诺办结\n    开始列: 受理时间\n    结束列: 办结时间\n    时限: {列: 承诺期限, 单位列: 期限单位}\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_limit_with_its_unit_in_another_column(gaozhi, export, tmp_path, jobs):
    """Zhejiang's exchange format: 承诺期限 holds the number, 期限单位 its unit as a code
    (1 工作日, 2 月, 3 年, 4 天) or a word; a unit the number contradicts is named."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(ZJ_RULES, encoding="utf-8")
    rows = [
        "A,司法局,2025-09-22 09:00:00,2025-10-11 10:00:00,10,1",  # working days: 10-11 (调休)
        "B,司法局,2025-09-22,2025-10-10,10,4",  # calendar: 10-02 → after the holiday, 10-09
        "C,司法局,2025-09-22,2025-10-22,1,2",  # one month
        "D,司法局,2025-09-22,2025-12-01,1,3",  # one year
        "E,司法局,2025-09-22,2025-10-11,10,工作日",
        "F,司法局,2025-09-22,2025-10-11,10,5",
        "G,司法局,2025-09-22,2025-10-11,10个工作日,1",
        "H,司法局,2025-09-22,2025-10-11,10个工作日,2",
        "I,司法局,2025-09-22,2025-10-11,十,天",
        "J,司法局,2025-09-22,,999999,3",  # a slip of the keys: past any date, not a crash
        "K,司法局,2025-09-22,,-5,1",
    ]
    header = "申报号,收件部门名称,受理时间,办结时间,承诺期限,期限单位\n"
    path = export(header + "\n".join(rows) + "\n", encoding="gb18030")
    result = gaozhi(
        "deadlines", "report", path, "--rules", rules, "--as-of", "2025-12-05", "-f", "json", "-j", jobs
    )
    found = {r["case_id"]: (r["status"], r["deadline"]) for r in report_json(result)["rows"]}
    assert found == {
        "A": ("on_time", "2025-10-11"),
        "B": ("late", "2025-10-09"),
        "C": ("on_time", "2025-10-22"),
        "D": ("on_time", "2026-09-22"),
        "E": ("on_time", "2025-10-11"),
        "F": ("invalid", None),
        "G": ("on_time", "2025-10-11"),
        "H": ("invalid", None),
        "I": ("late", "2025-10-09"),
        "J": ("invalid", None),
        "K": ("invalid", None),
    }
    assert {r["department"] for r in report_json(result)["rows"]} == {"司法局"}  # 收件部门名称
    reasons = {r["case_id"]: r["reason"] for r in report_json(result)["rows"] if r["status"] == "invalid"}
    assert "期限单位“5”不是时限单位" in reasons["F"]
    assert reasons["H"] == "承诺期限“10个工作日”与期限单位“2（个月）”不一致（应为数字，如 5）"
    assert reasons["J"] == "承诺期限“999999”过长（超过 100 年），请核对"
    assert reasons["K"] == "承诺期限“-5”不是时限（应为不小于 0 的数，如 5）"
    terminal = gaozhi("deadlines", "report", path, "--rules", rules, "--as-of", "2025-12-05")
    assert "按“承诺期限”列的数和“期限单位”列的单位" in flat(terminal.output)


def test_a_unit_column_missing_from_the_export_or_beside_a_lookup(gaozhi, export, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(ZJ_RULES, encoding="utf-8")
    path = export("申报号,收件部门名称,受理时间,办结时间,承诺期限\nA,司法局,2025-09-22,,10\n")
    result = gaozhi("deadlines", "report", path, "--rules", rules, "--as-of", "2025-12-05")
    assert result.exit_code == 2 and "需要的列“期限单位”在表头中找不到" in flat(result.output)
    rules.write_text(
        ZJ_RULES.replace("单位列: 期限单位", "单位列: 期限单位, 取值: {当面: 0}"), encoding="utf-8"
    )
    result = gaozhi("deadlines", "report", path, "--rules", rules, "--as-of", "2025-12-05")
    assert result.exit_code == 2 and "“取值”和“单位列”不能同时使用" in flat(result.output)


@pytest.mark.parametrize("limit", ["9999年", "9999个月", "101年"])
def test_a_limit_past_a_century_is_a_slip_not_a_crash(export, tmp_path, limit):
    """9999年 once ended the run with an internal error (no date holds the year 12024)."""
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(
        "规则:\n  - 名称: 整改\n    开始列: 通知日期\n    结束列: 整改日期\n    时限: {列: 整改期限}\n",
        encoding="utf-8",
    )
    rules = load_rules(rules_file)
    path = export(f"办件编号,部门,通知日期,整改日期,整改期限\nA,司法局,2025-09-22,,{limit}\n")
    (result,) = DeadlineReport(path, rules, default_calendar(), Options(as_of=date(2025, 12, 5))).results()
    assert (
        result.status is Status.INVALID and result.reason == f"整改期限“{limit}”过长（超过 100 年），请核对"
    )


def test_a_doubled_header_is_said_once_with_the_copy_read(gaozhi, export):
    """Two 收件日期 columns: the first is read, and the report says so (once, workers or not)."""
    rows = "".join(f"A{i},司法局,邮寄,2025-11-03,2025-11-05,2025-01-01\n" for i in range(3))
    path = export("办件编号,部门,申请方式,收件日期,告知承诺书送达日期,收件日期\n" + rows)
    for jobs in ("1", "2"):
        result = gaozhi("deadlines", "report", path, "--as-of", "2025-12-05", "-f", "json", "-j", jobs)
        summary = report_json(result)["summary"]
        assert summary["warnings"] == ["表头中“收件日期”出现 2 次（第 4、6 列），只读第 4 列"]
        assert [r["status"] for r in report_json(result)["rows"]] == ["on_time"] * 3
    plain = export(
        "办件编号,部门,申请方式,收件日期,告知承诺书送达日期,备注,备注\nA,司法局,邮寄,2025-11-03,2025-11-05,,\n"
    )
    assert (
        report_json(gaozhi("deadlines", "report", plain, "--as-of", "2025-12-05", "-f", "json"))["summary"][
            "warnings"
        ]
        == []
    )  # a column no rule reads may be doubled


def test_a_weekday_that_contradicts_its_date_is_no_date(export):
    """2025年10月1日 was a Wednesday: 星期四 beside it leaves the date in doubt."""
    result = only(export(csv_text("A,司法局,邮寄,2025年10月1日星期四,2025-10-11")))
    assert result.status is Status.INVALID and "“2025年10月1日星期四”不是可识别的日期" in result.reason
    assert result.reason.endswith("（2025年10月1日是星期三，与所写的星期不符）")
