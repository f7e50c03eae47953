"""Every kind, filled from its example data and the test catalogue, and as a blank form."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn

from .helpers import all_text, east_asia_missing, example, gbt_page, open_docx, underlined_gaps

# What each filled letter must say (from the kind's example data and tests/letters/data/catalog.yaml).
FILLED = {
    "commitment": [
        "证明事项告知承诺书",
        "（律师执业核准）",
        "[2021年]第15号",
        "姓名：张三",
        "证件编号：140502199001011230",
        "名称：晋城市司法局",
        "联系人：李晓梅",
        "无犯罪记录证明",
        "《中华人民共和国律师法》（中华人民共和国主席令第七十六号）第七条：申请人有下列情形之一的",
        "申请人未受过刑事处罚（过失犯罪除外）",
        "本证明事项必须由申请人作出承诺，不可代为承诺。",
        "1.依法承担由此造成的民事赔偿责任；",
        "3.涉嫌犯罪的，移送司法机关依法追究刑事责任。",
        "是否公开：是；公开范围：晋城市司法局门户网站；公开时限：作出决定之日起7个工作日内。",
        "具体是：\n申请人未受过刑事处罚（过失犯罪除外）",
        "日期：2021年3月16日",
    ],
    "internal-check": [
        "证明事项内部核验单",
        "经登录全国律师执业管理信息系统核实，申请人张三承诺的如下证明事项：",
        "1.无犯罪记录证明",
        "2.律师事务所实习满一年证明",
        "经查询，申请人无犯罪记录",
        "（姓名：赵刚）",
        "2021年4月6日",
    ],
    "onsite-check": [
        "证明事项现场核验记录单",
        "晋城市司法局",
        "申请人张三承诺的以下证明事项：",
        "经2021年4月6日现场核验，其有关情况记录如下：",
        # 2021-04-06 is a Tuesday: 7, 8, 9, 12, 13 April are the five working days after it.
        "不符合要求的事项：律师事务所实习满一年证明，请于5个工作日（即2021年4月13日前，含当日）将有关证明材料递交晋城市司法局",
        "（姓名：赵刚、钱敏）",
    ],
    "assist-request": [
        "晋市司函字〔2021〕15号",
        "申请行政协助函（一）",
        "晋城市公安局：",
        "2021年3月16日，张三（申请人）到我单位办理律师执业核准事项",
        "1.无犯罪记录证明：申请人未受过刑事处罚（过失犯罪除外）",
        "请贵单位对申请人书面承诺的真实性给予核查，在5个工作日内给予书面回复。",
        "2021年3月17日",
    ],
    "assist-reply": [
        "晋市公函〔2021〕3号",
        "行政协助回复函",
        "晋城市司法局：",
        "2021年3月17日，贵单位请我单位协助核实张三（申请人）承诺事项：",
        "根据贵单位行政协助函晋市司函字〔2021〕15号内容，经我单位核实，申请人承诺事项真实。",
        "晋城市公安局",
        "2021年3月22日",
    ],
    "liaison": [
        "推行证明事项告知承诺制联络表",
        "单位名称（盖章）：晋城市司法局",
        "行政审批科",
        "0356-2021001",
        "王建国",
        "13800000001",
        "李晓梅",
        "13800000002",
    ],
}
LETTERS = {"assist-request", "assist-reply"}  # 函: no page number on page 1


def generate(gaozhi, kind: str, catalog: Path, *extra: str) -> Path:
    example = Path(f"{kind}.yaml")
    result = gaozhi("letter", "fields", kind, "--example")
    assert result.exit_code == 0, result.output
    example.write_text(result.stdout, encoding="utf-8")
    out = Path(f"{kind}.docx")
    result = gaozhi("letter", "generate", kind, "--catalog", catalog, "--data", example, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("kind", FILLED)
def test_filled_letter_text_fonts_and_page(gaozhi, catalog: Path, kind: str) -> None:
    document = open_docx(generate(gaozhi, kind, catalog))
    text = all_text(document)
    for expected in FILLED[kind]:
        assert expected in text, expected
    assert east_asia_missing(document) == []
    assert gbt_page(document) == (210, 297, [37, 35, 28, 26])
    body = document.styles["公文正文"]
    assert body.font.size.pt == 16 and body.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert document.paragraphs[0].style.name == "公文标题"
    assert underlined_gaps(document) == 0 or kind in (
        "commitment",
        "internal-check",
        "onsite-check",
    )  # signature blanks only


@pytest.mark.parametrize("kind", sorted(FILLED))
def test_page_one_numbered_except_for_letters(gaozhi, catalog: Path, kind: str) -> None:
    section = open_docx(generate(gaozhi, kind, catalog)).sections[0]
    if kind in LETTERS:
        assert section.different_first_page_header_footer
        assert section.first_page_footer.paragraphs[0].text == ""
    else:
        assert not section.different_first_page_header_footer
    assert section.footer.paragraphs[0].text == "— 1 —"
    assert section.even_page_footer.paragraphs[0].text == "— 1 —"


def test_letter_number_stands_flush_right_below_the_title_as_in_the_annex(gaozhi, catalog: Path) -> None:
    document = open_docx(generate(gaozhi, "assist-request", catalog))
    first = document.paragraphs[1]
    assert document.paragraphs[0].text == "申请行政协助函（一）"
    assert first.text == "晋市司函字〔2021〕15号" and first.style.name == "公文居右"
    assert first.alignment is None and first.style.paragraph_format.alignment == 2  # right, from the style


@pytest.mark.parametrize("kind", sorted(FILLED))
def test_blank_forms_have_underlined_gaps_and_no_data(gaozhi, catalog: Path, kind: str) -> None:
    out = Path(f"{kind}-空白.docx")
    result = gaozhi("letter", "generate", kind, "--blank", "-o", out)
    assert result.exit_code == 0, result.output
    document = open_docx(out)
    text = all_text(document)
    assert underlined_gaps(document) >= (1 if kind == "liaison" else 3)
    assert "张三" not in text
    assert east_asia_missing(document) == []
    if kind == "assist-reply":
        assert "申请人承诺事项真实（虚假）。" in text
        assert "建议请" in text and "单位予以行政协助" in text
    if kind == "commitment":
        assert "不可（可）代为承诺" in text
    if kind == "liaison":  # a ruled form: the cells are the blanks, nothing underlined in them
        cells = [c.text for row in document.tables[0].rows for c in row.cells]
        assert cells == [
            "具体承办科室",
            "",
            "办公电话",
            "",
            "科室负责人",
            "",
            "联系电话",
            "",
            "联络员",
            "",
            "联系电话",
            "",
        ]


def test_blank_commitment_for_one_item_prints_its_notice(gaozhi, catalog: Path) -> None:
    result = gaozhi(
        "letter", "generate", "承诺书", "--blank", "--catalog", catalog, "--item", "2", "-o", "b.docx"
    )
    assert result.exit_code == 0, result.output
    document = open_docx(Path("b.docx"))
    text = all_text(document)
    assert "律师事务所实习满一年证明" in text and "第五条第一款第（三）项" in text
    assert "本证明事项必须由申请人作出承诺，可代为承诺。" in text
    assert "是否公开：否。" in text
    assert underlined_gaps(document) >= 6  # applicant's details, number, date
    # every liability of the item, numbered as on a filled letter (四(三)2: all are told)
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("（八）不实承诺的责任") + 2
    assert paragraphs[start : start + 3] == [
        "1.给他人造成损失的，依法承担民事赔偿责任；",
        "2.撤销已作出的执业核准决定，并纳入信用记录；",
        "3.涉嫌犯罪的，移送司法机关依法追究刑事责任。",
    ]


def test_assist_request_sending_two_staff(gaozhi, catalog: Path) -> None:
    generate(gaozhi, "assist-request", catalog, "--set", "协助方式=派员核实", "--set", "核查人员=王强、李丽")
    text = all_text(open_docx(Path("assist-request.docx")))
    assert "兹派我单位王强、李丽两名同志前往贵单位调查核实，请给予配合。" in text
    assert "书面回复" not in text


def test_assist_request_needs_exactly_two_staff(gaozhi, catalog: Path) -> None:
    Path("d.yaml").write_text(gaozhi("letter", "fields", "协助函", "--example").stdout, encoding="utf-8")
    result = gaozhi(
        "letter",
        "generate",
        "协助函",
        "-c",
        catalog,
        "-d",
        "d.yaml",
        "-s",
        "协助方式=派员核实",
        "-s",
        "核查人员=王强",
    )
    assert result.exit_code == 1
    assert "“核查人员”须为两名同志（附件7（二）“兹派我单位……两名同志”），实际 1 名" in result.output
    assert not list(Path().glob("*.docx"))


def test_assist_reply_when_no_help_can_be_given(gaozhi, catalog: Path) -> None:
    generate(
        gaozhi,
        "assist-reply",
        catalog,
        "--set",
        "核实结果=",
        "--set",
        "无法协助.原因=该证明事项的信息不在我单位掌握范围内",
        "--set",
        "无法协助.建议协助单位=晋城市律师协会",
    )
    text = all_text(open_docx(Path("assist-reply.docx")))
    assert "我单位无法提供协助，原因是：该证明事项的信息不在我单位掌握范围内。" in text
    assert "建议请晋城市律师协会予以行政协助。" in text
    assert "承诺事项真实" not in text


def test_item_option_naming_another_item_than_the_data_is_refused(gaozhi, catalog: Path) -> None:
    data = example(gaozhi)  # 证明事项: 1 (无犯罪记录证明)
    command = ("letter", "generate", "commitment", "-c", catalog, "-d", data, "-o", "c.docx")
    result = gaozhi(*command, "--item", "2")
    assert result.exit_code == 1, result.output
    assert (
        "数据中的“证明事项”是“1”（无犯罪记录证明），--item 是“2”（律师事务所实习满一年证明）" in result.output
    )
    assert not Path("c.docx").exists()
    result = gaozhi(*command, "--item", "无犯罪记录证明")  # the same item, by name
    assert result.exit_code == 0, result.output


def test_assist_reply_items_end_with_the_letters_own_mark_only(gaozhi, catalog: Path) -> None:
    generate(
        gaozhi,
        "assist-reply",
        catalog,
        "--set",
        "承诺事项.1=申请人未受过刑事处罚。",
        "--set",
        "承诺事项.2=申请人已实习满一年；",
        "--set",
        "承诺事项.3=申请人年满二十周岁.",
    )
    paragraphs = [p.text for p in open_docx(Path("assist-reply.docx")).paragraphs]
    start = paragraphs.index("1.申请人未受过刑事处罚；")
    assert paragraphs[start : start + 3] == [
        "1.申请人未受过刑事处罚；",
        "2.申请人已实习满一年；",
        "3.申请人年满二十周岁。",
    ]


def test_onsite_check_without_holiday_data_prints_the_period_only(gaozhi, catalog: Path) -> None:
    generate(gaozhi, "onsite-check", catalog, "--set", "核验日期=2031-04-07")
    text = all_text(open_docx(Path("onsite-check.docx")))
    assert "请于5个工作日将有关证明材料递交" in text
    assert "2031年4月7日" in text and "含当日" not in text


def test_onsite_check_without_holiday_data_names_the_ways_to_add_the_year(gaozhi, catalog: Path) -> None:
    data = example(gaozhi, "onsite-check")
    result = gaozhi(
        "letter",
        "generate",
        "onsite-check",
        "-c",
        catalog,
        "-d",
        data,
        "-s",
        "核验日期=2031-04-07",
        "-o",
        "o.docx",
    )
    assert result.exit_code == 0, result.output
    assert "缺少 2031 年节假日安排数据（gaozhi calendar template 2031 可生成模板）" in result.output
    assert "gaozhi.toml 的 [deadlines] calendar" in result.output
    assert "用 --calendar 文件 指定" in result.output  # letter generate takes it too


def test_onsite_check_takes_a_year_from_calendar(gaozhi, catalog: Path, tmp_path: Path) -> None:
    """--calendar gives letter generate a year gaozhi lacks, as it gives the deadline report;
    a broken file is said before any letter is written."""
    year = tmp_path / "2031.yaml"
    year.write_text(
        "年份: 2031\n文号: 测试〔2030〕1号\n节假日:\n  - 名称: 清明节\n    开始: 2031-04-05\n    结束: 2031-04-07\n",
        encoding="utf-8",
    )
    generate(gaozhi, "onsite-check", catalog, "--set", "核验日期=2031-04-04", "--calendar", year)
    text = all_text(open_docx(Path("onsite-check.docx")))
    # 5 working days after Friday 04-04, the holiday 04-05..07 skipped: 08, 09, 10, 11, 14
    assert "2031年4月14日" in text, text
    year.write_text("年份: 2031\n", encoding="utf-8")
    broken = gaozhi(
        "letter", "generate", "onsite-check", "-c", catalog, "-d", Path("onsite-check.yaml"), "-o", "b.docx",
        "--calendar", year,
    )  # fmt: skip
    assert broken.exit_code == 2 and "缺少“文号”" in broken.output and not Path("b.docx").exists()


def test_onsite_check_nonconforming_item_must_be_one_checked_on_the_record(gaozhi, catalog: Path) -> None:
    data = example(gaozhi, "onsite-check")  # 承诺事项: [2]
    command = ("letter", "generate", "onsite-check", "-c", catalog, "-d", data, "-o", "o.docx")
    result = gaozhi(*command, "--set", "不符合要求的事项.1=1")
    assert result.exit_code == 1, result.output
    assert "不符合要求的事项第 1 项“1”（无犯罪记录证明）不是本记录单核验的承诺事项" in result.output
    assert not Path("o.docx").exists()
    result = gaozhi(*command, "--set", "不符合要求的事项.1=律师事务所实习满一年证明")  # item 2, by name
    assert result.exit_code == 0, result.output


def test_onsite_check_all_conforming(gaozhi, catalog: Path) -> None:
    Path("d.yaml").write_text(
        "申请人: {姓名: 张三}\n承诺事项: [1, 2]\n核验日期: 2021-04-06\n核验记录: 与承诺一致。\n",
        encoding="utf-8",
    )
    result = gaozhi("letter", "generate", "现场核验记录单", "-c", catalog, "-d", "d.yaml", "-o", "o.docx")
    assert result.exit_code == 0, result.output
    text = all_text(open_docx(Path("o.docx")))
    assert "不符合要求的事项：无。" in text and "请于" not in text


def test_kinds_lists_every_form_with_its_chinese_name(gaozhi) -> None:
    out = gaozhi("letter", "kinds").stdout
    for expected in ("commitment", "承诺书", "附件4", "onsite-check", "现场核验记录单", "liaison", "附件1"):
        assert expected in out


def test_fields_lists_nested_labels(gaozhi) -> None:
    out = gaozhi("letter", "fields", "commitment").stdout
    for label in ("申请人.姓名", "申请人.证件编号", "代理人.授权书", "行政机关.联系人", "编号"):
        assert label in out
    assert "附件4 证明事项告知承诺书" in out


def test_unknown_kind_lists_the_kinds(gaozhi) -> None:
    result = gaozhi("letter", "generate", "证明书", "--blank")
    assert result.exit_code == 2
    assert "没有文书种类“证明书”" in result.output and "commitment（承诺书）" in result.output


def test_numbers_typed_loosely_come_out_in_gbt_form(gaozhi, catalog: Path) -> None:
    generate(gaozhi, "assist-request", catalog, "--set", "函号=晋市司函字[2021]007号")
    assert open_docx(Path("assist-request.docx")).paragraphs[1].text == "晋市司函字〔2021〕7号"
    generate(gaozhi, "commitment", catalog, "--set", "编号=2020-08", "--set", "日期=2021/3/6")
    text = all_text(open_docx(Path("commitment.docx")))
    assert "[2020年]第8号" in text and "日期：2021年3月6日" in text


def test_paragraph_style_runs_all_carry_east_asian_font(gaozhi, catalog: Path) -> None:
    document = open_docx(generate(gaozhi, "commitment", catalog))
    fonts = {
        r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia"))
        for r in document.element.body.iter(qn("w:r"))
    }
    assert {"方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"} <= fonts


def test_reply_from_another_agency_does_not_take_the_catalogues_letter_prefix(gaozhi, catalog: Path) -> None:
    """附件8 is numbered by the agency that replies: the 函号前缀 in the catalogue is its own
    agency's (晋市司函字), so a reply by 晋城市公安局 with a bare number must name its prefix."""
    Path("d.yaml").write_text(
        gaozhi("letter", "fields", "assist-reply", "--example").stdout, encoding="utf-8"
    )
    args = ("letter", "generate", "assist-reply", "-c", catalog, "-d", "d.yaml", "-s", "函号=15")
    refused = gaozhi(*args, "-s", "回复机关=晋城市公安局", "-o", "a.docx")
    assert refused.exit_code == 1, refused.output
    assert (
        "回复机关“晋城市公安局”不是目录的行政机关（晋城市司法局），函号不能用目录的函号前缀" in refused.output
    )
    assert not Path("a.docx").exists()
    own = gaozhi(*args, "-s", "回复机关=晋城市司法局", "-o", "b.docx")
    assert own.exit_code == 0, own.output
    assert open_docx(Path("b.docx")).paragraphs[1].text == "晋市司函字〔2021〕15号"
