"""GZ201–GZ206: the form of a legal basis, and the level of documents judged from 文号 and name
when the statute book does not hold them (GZ207–GZ213 and book-backed levels: test_statute_rules)."""

from __future__ import annotations

import re

import pytest

from gaozhi_cli.statutes.citation import CITATION_PATTERN, parse_citation
from gaozhi_cli.statutes.levels import guess_level

from .helpers import catalog_yaml, check, codes, only, valid_item


@pytest.mark.parametrize(
    ("title", "number", "level"),
    [
        ("《中华人民共和国律师法》", "中华人民共和国主席令第七十六号", "法律"),
        ("《中华人民共和国护照法》", "主席令第50号", "法律"),
        ("《中华人民共和国律师法》", None, "法律"),
        ("《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》", None, "法律"),
        ("《社会救助暂行办法》", "国务院令第649号", "行政法规"),
        ("《危险化学品安全管理条例》", "中华人民共和国国务院令第591号", "行政法规"),
        ("《失业保险条例》", None, "行政法规"),
        ("《国务院对确需保留的行政审批项目设定行政许可的决定》", "国务院令第412号", "国务院决定"),
        ("《国务院关于取消和下放一批行政审批项目的决定》", "国发〔2013〕19号", "国务院决定"),
        ("《国务院关于第六批取消和调整行政审批项目的决定》", None, "国务院决定"),
        ("《山西省法律援助条例》", "山西省人民代表大会常务委员会公告第12号", "地方性法规"),
        ("《湖南省法律援助条例》", None, "地方性法规"),
        ("《危险化学品经营许可证管理办法》", "国家安全生产监督管理总局令第55号", "部门规章"),
        ("《职业卫生技术服务机构管理办法》", "国家卫生健康委令第4号", "部门规章"),
        ("《〈教师资格条例〉实施办法》", "教育部令第10号", "部门规章"),
        ("《中华人民共和国中外合作办学条例实施办法》", "教育部令第20号", "部门规章"),
        ("《山西省行政规范性文件制定与备案规定》", "山西省人民政府令第280号", "地方政府规章"),
        ("《关于加强国家工作人员因私事出国（境）管理的暂行规定》", "公通字〔2003〕13号", "规范性文件"),
        (
            "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》",
            "国办发〔2020〕42号",
            "规范性文件",
        ),
        ("《关于做好社会保险待遇领取资格认证工作的通知》", None, "规范性文件"),
        ("《关于改进和规范基层群众性自治组织出具证明工作的指导意见》", "民发[2020]20号", "规范性文件"),
    ],
)
def test_judge_levels_of_real_documents(title: str, number: str | None, level: str) -> None:
    judged = guess_level(title, number)
    assert judged is not None and judged.level == level


@pytest.mark.parametrize(
    ("number", "level"),
    [
        ("公安部第69号令", "部门规章"),
        ("交通运输部令2019年第25号", "部门规章"),
        ("中国人民银行令〔2005〕第1号", "部门规章"),
        ("国家发展改革委 商务部令（第25号）", "部门规章"),
        ("建设部、卫生部令第53号", "部门规章"),
        ("国务院、中央军委令第413号", "行政法规"),
        ("国令第588号", "行政法规"),
        ("国务院第412号令", "行政法规"),
        ("晋政发〔2021〕8号", "规范性文件"),
        ("国办发[2020]42号", "规范性文件"),
        ("山西省人民政府令第280号", "地方政府规章"),
    ],
)
def test_every_order_form_ministries_have_used(number: str, level: str) -> None:
    judged = guess_level("《某某管理办法》", number)
    assert judged is not None and judged.level == level


@pytest.mark.parametrize("title", ["《小学管理规程》", "《某某管理办法》", "《保安服务管理规定》"])
def test_judge_does_not_guess_from_an_ambiguous_name(title: str) -> None:
    assert guess_level(title, None) is None


def _with_basis(**fields: str | None) -> str:
    basis = {
        k: v
        for k, v in {
            "名称": "《中华人民共和国律师法》",
            "文号": "中华人民共和国主席令第七十六号",
            "条款": "第七条",
            "内容": "不予颁发律师执业证书",
            "效力层级": "法律",
            **fields,
        }.items()
        if v is not None
    }
    return catalog_yaml(valid_item(设定依据=[basis]))


def test_ministry_order_is_not_a_basis_and_the_message_says_why() -> None:
    (d,) = only(
        check(
            _with_basis(
                名称="《危险化学品经营许可证管理办法》",
                文号="国家安全生产监督管理总局令第55号",
                效力层级=None,
            )
        ),
        "GZ201",
    )
    assert "部门规章" in d.message and "总局令第55号" in d.message
    assert d.field == "设定依据[1].文号"


def test_real_mislabelled_row_gets_both_not_law_and_mismatch() -> None:
    text = _with_basis(
        名称="《危险化学品经营许可证管理办法》", 文号="国家安全生产监督管理总局令第55号", 效力层级="行政法规"
    )
    found = codes(check(text))
    assert "GZ201" in found and "GZ204" in found


def test_declared_level_alone_can_reject_when_the_document_does_not_tell() -> None:
    (d,) = only(check(_with_basis(名称="《小学管理规程》", 文号="无", 效力层级="部门规章")), "GZ201")
    assert "声明的效力层级为部门规章" in d.message


def test_one_bad_basis_among_good_ones_is_pointed_at() -> None:
    bases = [
        {"名称": "《中华人民共和国护照法》", "文号": "主席令第50号", "条款": "第六条", "内容": "……"},
        {
            "名称": "《关于加强国家工作人员因私事出国（境）管理的暂行规定》",
            "文号": "公通字〔2003〕13号",
            "条款": "第四条",
            "内容": "……",
        },
    ]
    (d,) = only(check(catalog_yaml(valid_item(设定依据=bases))), "GZ201")
    assert d.field == "设定依据[2].文号"


@pytest.mark.parametrize("number", [None, "", "无", "—"])
def test_missing_number(number: str | None) -> None:
    assert "GZ202" in codes(check(_with_basis(文号=number)))


@pytest.mark.parametrize(
    ("title", "level", "example"),
    [
        ("《中华人民共和国律师法》", "法律", "如 中华人民共和国主席令第X号）"),
        ("《社会救助暂行办法》", "行政法规", "如 中华人民共和国国务院令第X号）"),
        ("《湖南省法律援助条例》", "地方性法规", "如 ××省人民代表大会常务委员会公告第X号）"),
    ],
)
def test_a_missing_number_is_shown_as_its_level_writes_it(title: str, level: str, example: str) -> None:
    (d,) = only(check(_with_basis(名称=title, 文号=None, 效力层级=level)), "GZ202")
    assert example in d.message


@pytest.mark.parametrize(
    "article",
    [
        "第七条",
        "第7条",
        "第十二条第一款",
        "第十一条第一款第（五）项",
        "第十一条第一款第(五)项",
        "第九条第（四）项",
        "第七条、第八条",
        "第三章第十四条",
        "第二十一条之一",
        "第五十条第一款、第二款",
        "第十六条，第十七条",
        "附件第236项",
    ],
)
def test_article_forms_accepted(article: str) -> None:
    assert "GZ203" not in codes(check(_with_basis(名称="《某某条例》", 文号="无", 条款=article)))
    assert parse_citation(article) is not None
    finder = re.compile(CITATION_PATTERN)  # what the importer uses to find citations in a cell
    assert finder.fullmatch(article.replace("(", "（").replace(")", "）")) or finder.fullmatch(article)


@pytest.mark.parametrize("article", ["第第十六条", "7", "第七款", "全文", "有关条款"])
def test_article_forms_rejected(article: str) -> None:
    (d,) = only(check(_with_basis(条款=article)), "GZ203")
    assert article in d.message


def test_missing_article_points_at_the_basis() -> None:
    (d,) = only(check(_with_basis(条款=None)), "GZ203")
    assert d.field == "设定依据[1]"


def test_declared_level_that_matches_is_fine() -> None:
    found = codes(
        check(_with_basis(名称="《社会救助暂行办法》", 文号="国务院令第649号", 效力层级="行政法规"))
    )
    assert "GZ204" not in found and "GZ201" not in found


@pytest.mark.parametrize(
    "title", ["中华人民共和国律师法", "《中华人民共和国律师法", "“中华人民共和国律师法”"]
)
def test_title_without_book_title_marks(title: str) -> None:
    assert "GZ205" in codes(check(_with_basis(名称=title)))


def test_nested_book_title_marks_are_fine() -> None:
    title = "《山西省实施〈中华人民共和国残疾人保障法〉办法》"
    assert "GZ205" not in codes(check(_with_basis(名称=title, 文号="山西省人民代表大会常务委员会公告第1号")))


def test_book_title_marks_nested_in_book_title_marks_are_named_with_the_right_form() -> None:
    title = "《实施《中华人民共和国反外国制裁法》的规定》"
    (d,) = only(check(_with_basis(名称=title, 文号="国务院令第803号", 效力层级="行政法规")), "GZ205")
    assert "套用的书名号应改为单书名号〈〉" in d.message
    assert d.message.endswith("如《实施〈中华人民共和国反外国制裁法〉的规定》")


def test_a_title_without_marks_is_suggested_with_inner_marks_nested() -> None:
    (d,) = only(check(_with_basis(名称="实施《中华人民共和国反外国制裁法》的规定")), "GZ205")
    assert "应写在书名号内，如《实施〈中华人民共和国反外国制裁法〉的规定》" in d.message


def test_an_edition_note_after_the_book_title_marks_is_fine() -> None:
    for title in ("《中华人民共和国律师法》（2017年修正）", "《律师法》(2017年修正)"):
        assert "GZ205" not in codes(check(_with_basis(名称=title)))


def test_an_article_after_the_book_title_marks_is_not_part_of_the_name() -> None:
    (d,) = only(check(_with_basis(名称="《中华人民共和国律师法》第七条")), "GZ205")
    assert "书名号后的“第七条”不是名称的一部分（条款写在“条款”中），如《中华人民共和国律师法》" in d.message


def test_missing_text_is_a_warning() -> None:
    (d,) = only(check(_with_basis(内容=None)), "GZ206")
    assert d.severity.value == "warning"


@pytest.mark.parametrize(
    "text", ["……", "......", "…… ……。", "第七条规定：……", "《中华人民共和国律师法》第七条"]
)
def test_text_of_omission_marks_or_a_label_alone_quotes_nothing(text: str) -> None:
    """Such a 内容 is no extract: it is GZ206 (no text), not GZ210 (a wrong text, with the
    article printed back as if something had been misquoted)."""
    found = check(_with_basis(内容=text))
    (d,) = only(found, "GZ206")
    assert "只有省略号或条款号，没有摘录条文" in d.message and d.field.endswith("内容")
    assert "GZ210" not in codes(found)


@pytest.mark.parametrize(("text", "shown"), [("将", "将"), ("……受……", "受")])
def test_a_text_too_short_to_check_is_named_as_such(text: str, shown: str) -> None:
    found = check(_with_basis(内容=text))
    (d,) = only(found, "GZ206")
    assert f"过短（“{shown}”），无法与原文核对" in d.message and "GZ210" not in codes(found)
