"""Checks before anything is written: identity numbers, the exclusion list, 代为承诺."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import all_text, open_docx

GOOD_ID = "140502199001011230"
BAD_ID = "140502199001011234"  # check digit should be 0
COMPANY = "91140500MA0K1234XX"


def commitment(gaozhi, catalog: Path, *sets: str, extra: tuple[str, ...] = ()):
    Path("d.yaml").write_text(
        f"编号: 15\n证明事项: 1\n申请人: {{姓名: 张三, 证件编号: '{GOOD_ID}'}}\n日期: 2021-03-16\n",
        encoding="utf-8",
    )
    args = [a for s in sets for a in ("--set", s)]
    return gaozhi(
        "letter", "generate", "commitment", "-c", catalog, "-d", "d.yaml", "-o", "out.docx", *args, *extra
    )


def test_wrong_id_number_is_refused_masked_and_nothing_written(gaozhi, catalog: Path) -> None:
    result = commitment(gaozhi, catalog, f"申请人.证件编号={BAD_ID}")
    assert result.exit_code == 1
    assert "“申请人.证件编号”不是有效的居民身份证号码（GB 11643）：校验码应为 0，实际为 4" in result.output
    assert BAD_ID not in result.output
    assert not Path("out.docx").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_date_no_letter_can_bear_is_pointed_out(gaozhi, catalog: Path, day: str) -> None:
    """A slip of the keys in a date (0001, 9999) is said before the letter is kept; the
    letter is still made (the date is printed as given) and a real date says nothing."""
    result = commitment(gaozhi, catalog, f"日期={day}")
    assert result.exit_code == 0, result.output
    year = int(day[:4])
    assert f"“日期”为 {year}年" in result.output and "像是写错了" in result.output
    assert "像是写错了" not in commitment(gaozhi, catalog).output


def test_yaml_problem_names_the_line(gaozhi, catalog: Path) -> None:
    Path("d.yaml").write_text(
        f"证明事项: 1\n申请人:\n  姓名: 张三\n  证件编号: '{BAD_ID}'\n", encoding="utf-8"
    )
    result = gaozhi("letter", "generate", "commitment", "-c", catalog, "-d", "d.yaml", "-o", "out.docx")
    assert result.exit_code == 1
    assert "d.yaml:4：“申请人.证件编号”不是有效的居民身份证号码" in result.output


def test_company_applicant_with_credit_code(gaozhi, catalog: Path) -> None:
    ok = commitment(
        gaozhi,
        catalog,
        "申请人.姓名=晋城某律师事务所",
        "申请人.证件类型=统一社会信用代码",
        f"申请人.证件编号={COMPANY}",
    )
    assert ok.exit_code == 0, ok.output
    assert COMPANY in all_text(open_docx(Path("out.docx")))
    Path("out.docx").unlink()
    bad = commitment(
        gaozhi, catalog, "申请人.证件类型=统一社会信用代码", "申请人.证件编号=91140500MA0K1234XY"
    )
    assert bad.exit_code == 1
    assert "不是有效的统一社会信用代码（GB 32100）：校验码应为 X，实际为 Y" in bad.output
    assert not Path("out.docx").exists()


def write_exclusions(path: Path, *rows: str) -> Path:
    path.write_text("证件编号,姓名,情形,信用修复日期\n" + "\n".join(rows) + "\n", encoding="gb18030")
    return path


def test_excluded_applicant_is_refused_with_reason(gaozhi, catalog: Path) -> None:
    names = write_exclusions(
        Path("名单.csv"), f"{GOOD_ID},张三,曾作出虚假承诺,", "11010519491231002X,李四,严重失信,"
    )
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(names)))
    assert result.exit_code == 1
    assert (
        "在不适用告知承诺制的名单中（名单.csv 第 2 行，名单所列姓名：张三：曾作出虚假承诺）" in result.output
    )
    assert "信用修复前不适用告知承诺制" in result.output
    assert GOOD_ID not in result.output and "140502********1230" in result.output
    assert not Path("out.docx").exists()


def test_an_exclusion_list_kept_in_excel_refuses_the_applicant(gaozhi, catalog: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["不适用告知承诺制的申请人名单"])  # a title row above the header
    sheet.append(["证件编号", "姓名", "情形", "信用修复日期"])
    sheet.append([GOOD_ID, "张三", "曾作出虚假承诺", None])
    sheet.append(["11010519491231002X", "李四", "严重失信", datetime(2020, 1, 2)])
    book.save("名单.xlsx")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", "名单.xlsx"))
    assert result.exit_code == 1, result.output
    assert (
        "在不适用告知承诺制的名单中（名单.xlsx 第 3 行，名单所列姓名：张三：曾作出虚假承诺）" in result.output
    )
    assert not Path("out.docx").exists()


def test_an_id_number_excel_kept_as_a_number_on_the_list_stops_the_letter(gaozhi, catalog: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["失信名单"])  # a title row: the column is named by the header below it
    book.active.append(["证件编号", "姓名", "情形"])
    book.active.append([float(GOOD_ID), "张三", "曾作出虚假承诺"])  # 1.40502199001011E+17 in Excel
    book.save("名单.xlsx")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", "名单.xlsx"))
    assert result.exit_code == 2, result.output
    assert "第 3 行：“证件编号”是 Excel 以数字保存的长号码" in result.output
    assert GOOD_ID[6:14] not in result.output and not Path("out.docx").exists()


@pytest.mark.parametrize(
    "listed",
    [
        "１４０５０２１９９００１０１１２３０",  # typed in full width, as an input method in that mode does
        " 140502199001011230 ",
    ],
)
def test_an_applicant_listed_in_full_width_or_with_spaces_is_refused(
    gaozhi, catalog: Path, listed: str
) -> None:
    assert GOOD_ID == "140502199001011230"
    names = write_exclusions(Path("名单.csv"), f"{listed},张三,曾作出虚假承诺,")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(names)))
    assert result.exit_code == 1, result.output
    assert "在不适用告知承诺制的名单中" in result.output and not Path("out.docx").exists()


def test_a_number_on_the_list_that_can_match_no_one_stops_the_letter(gaozhi, catalog: Path) -> None:
    """A 17-digit number, or a wrong check digit, on the list can never match an applicant's:
    the person it stands for would get a letter. Said, with the line, before any letter."""
    names = write_exclusions(
        Path("名单.csv"),
        "14050219900101123,张三,曾作出虚假承诺,",
        "91140500MA0K12345X,某公司,严重失信,",
        "E12345678,John,严重失信,",
    )
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(names)))
    assert result.exit_code == 2, result.output
    assert (
        "第 2 行：“证件编号”" in result.output
        and "不是有效的居民身份证号码（应为 18 位，实际 17 位）" in result.output
    )
    assert "第 3 行：“证件编号”" in result.output and "统一社会信用代码" in result.output
    assert "第 4 行" not in result.output  # a passport number is not checked
    assert not Path("out.docx").exists()


def test_an_exclusion_list_over_the_size_limit_is_not_read(gaozhi, catalog: Path) -> None:
    """It is read whole and parsed: a file over max-file-size is refused before reading."""
    others = [f"11010519491231002X,李{i},严重失信," for i in range(8000)]
    names = write_exclusions(Path("名单.csv"), f"{GOOD_ID},张三,曾作出虚假承诺,", *others)
    assert names.stat().st_size > 200 * 1024 > 2 * catalog.stat().st_size
    Path("gaozhi.toml").write_text('max-file-size = "100KB"\n', encoding="utf-8")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(names)))
    assert result.exit_code == 2, result.output
    assert "名单 名单.csv 大小 0.3 MB，超过上限 0.1 MB，未读取" in result.output
    assert not Path("out.docx").exists()


def test_applicant_whose_credit_was_repaired_may_commit(gaozhi, catalog: Path) -> None:
    names = write_exclusions(Path("名单.csv"), f"{GOOD_ID},张三,严重失信,2021-01-10")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(names)))
    assert result.exit_code == 0, result.output
    repaired_later = write_exclusions(Path("名单2.csv"), f"{GOOD_ID},张三,严重失信,2021-05-01")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(repaired_later), "--force"))
    assert result.exit_code == 1 and "严重失信" in result.output


def test_unreadable_exclusion_row_stops_the_run(gaozhi, catalog: Path) -> None:
    names = write_exclusions(Path("名单.csv"), ",张三,严重失信,", f"{GOOD_ID},李四,严重失信,下个月")
    result = commitment(gaozhi, catalog, extra=("--exclude-list", str(names)))
    assert result.exit_code == 2
    assert (
        "第 2 行：“证件编号”为空" in result.output
        and "第 3 行：“信用修复日期”下个月不是有效日期" in result.output
    )
    assert not Path("out.docx").exists()


def test_proxy_refused_where_the_item_does_not_allow_it(gaozhi, catalog: Path) -> None:
    result = commitment(gaozhi, catalog, "代理人.姓名=周八", "代理人.授权书=授权委托书（2021年3月10日）")
    assert result.exit_code == 1
    assert "证明事项“无犯罪记录证明”不可代为承诺" in result.output
    assert not Path("out.docx").exists()


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (["代理人.姓名=周八"], "代为承诺须有申请人的授权（附件2 二.1）"),
        (["代理人.授权书=授权委托书"], "代为承诺须写明代理人姓名"),
        (
            ["代理人.姓名=周八", "代理人.授权书=授权委托书", "代理人.证件编号=123"],
            "“代理人.证件编号”不是有效的居民身份证号码",
        ),
    ],
)
def test_proxy_needs_name_and_authorisation(gaozhi, catalog: Path, sets: list[str], message: str) -> None:
    result = commitment(gaozhi, catalog, "证明事项=2", *sets)
    assert result.exit_code == 1
    assert message in result.output
    assert not Path("out.docx").exists()


def test_proxy_with_name_and_authorisation_is_printed(gaozhi, catalog: Path) -> None:
    result = commitment(
        gaozhi,
        catalog,
        "证明事项=律师事务所实习满一年证明",
        "代理人.姓名=周八",
        "代理人.授权书=授权委托书（2021年3月10日）",
    )
    assert result.exit_code == 0, result.output
    text = all_text(open_docx(Path("out.docx")))
    agent = text[text.index("附：代为承诺情况") :]
    assert "代理人：周八" in agent and "申请人的授权：授权委托书（2021年3月10日）" in agent
    assert "代理人签名：" in agent


def test_catalogue_is_validated_first_with_the_letters_profile(gaozhi, catalog: Path) -> None:
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("      承诺方式: 书面承诺\n", "", 1), encoding="utf-8")
    result = commitment(gaozhi, catalog)
    assert result.exit_code == 2
    assert "GZ601" in result.output and "告知缺少：承诺方式" in result.output
    assert not Path("out.docx").exists()
    # The same gap is no error for a form that does not print the notice.
    Path("d2.yaml").write_text(
        "申请人: {姓名: 张三}\n系统名称: 某系统\n承诺事项: [1]\n相关信息: 无\n", encoding="utf-8"
    )
    result = gaozhi("letter", "generate", "internal-check", "-c", catalog, "-d", "d2.yaml", "-o", "i.docx")
    assert result.exit_code == 0, result.output


def test_unknown_item_is_reported(gaozhi, catalog: Path) -> None:
    result = commitment(gaozhi, catalog, "证明事项=9")
    assert result.exit_code == 1 and "没有证明事项“9”" in result.output
    result = gaozhi("letter", "generate", "commitment", "-c", catalog, "--item", "无此证明", "--blank")
    assert result.exit_code == 2 and "没有证明事项“无此证明”" in result.output  # a bad option


def test_config_names_catalogue_and_exclusion_list(gaozhi, catalog: Path) -> None:
    write_exclusions(Path("名单.csv"), f"{GOOD_ID},张三,严重失信,")
    Path("gaozhi.toml").write_text(
        f'[letter]\ncatalog = "{catalog.name}"\nexclude-list = "名单.csv"\n', encoding="utf-8"
    )
    Path("d.yaml").write_text(
        f"证明事项: 1\n申请人: {{姓名: 张三, 证件编号: '{GOOD_ID}'}}\n", encoding="utf-8"
    )
    result = gaozhi("letter", "generate", "commitment", "-d", "d.yaml", "-o", "out.docx")
    assert result.exit_code == 1 and "在不适用告知承诺制的名单中" in result.output
