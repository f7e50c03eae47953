"""GZ201, GZ204, GZ207–GZ213: each 设定依据 checked against the statute book."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import catalog_yaml, check, codes, only, valid_item

DATA = Path(__file__).parent / "data"

LAWYERS = {
    "名称": "《中华人民共和国律师法》",
    "文号": "中华人民共和国主席令第七十六号",
    "条款": "第七条第（二）项",
    "内容": "申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；",
    "效力层级": "法律",
}
ASSISTANCE = {
    "名称": "《社会救助暂行办法》",
    "文号": "中华人民共和国国务院令第649号",
    "条款": "第十一条",
    "内容": "申请最低生活保障，按照下列程序办理：（一）由共同生活的家庭成员向户籍所在地的乡镇人民政府、街道办事处提出书面申请",
    "效力层级": "行政法规",
}

DECISION = {
    "名称": "《国务院对确需保留的行政审批项目设定行政许可的决定》",
    "文号": "国务院令第412号",
    "条款": "附件第204项",
    "内容": "供水单位卫生许可",
    "效力层级": "国务院决定",
}


def _basis(base: dict[str, str], **changes: str | None) -> str:
    basis = {k: v for k, v in {**base, **changes}.items() if v is not None}
    return catalog_yaml(valid_item(设定依据=[basis]))


def _book_codes(text: str) -> list[str]:
    return [c for c in codes(check(text)) if c.startswith("GZ2")]


def test_the_reference_bases_are_clean() -> None:
    assert _book_codes(_basis(LAWYERS)) == []
    assert _book_codes(_basis(ASSISTANCE)) == []
    assert _book_codes(_basis(DECISION)) == []


# -- level from the book (GZ201, GZ204) ------------------------------------------------------------


def test_a_joint_state_council_cmc_regulation_is_a_basis() -> None:
    text = _basis(
        ASSISTANCE,
        名称="《军人抚恤优待条例》",
        文号="中华人民共和国国务院、中华人民共和国中央军事委员会令第788号",
        条款="第二条第（五）项",
        内容="本条例所称抚恤优待对象包括：……（五）退役军人。",
    )
    assert _book_codes(text) == []


def test_a_regulation_issued_by_a_ministry_order_is_still_a_regulation() -> None:
    # approved by the State Council, issued by the Ministry of Public Security (1986)
    text = _basis(
        ASSISTANCE,
        名称="《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》",
        文号="公安部令（1986年12月25日发布）",
        条款="第九条",
        内容=None,
    )
    assert "GZ201" not in codes(check(text)) and "GZ204" not in codes(check(text))


def test_a_ministry_rule_in_the_book_is_not_a_basis_whatever_its_number_says() -> None:
    text = _basis(
        ASSISTANCE, 名称="《机动车登记规定》", 文号="国务院令第164号", 条款="第十条", 内容=None, 效力层级=None
    )
    (d,) = only(check(text), "GZ201")
    assert "法规库（2025年4月19日）收录的《机动车登记规定》是部门规章" in d.message


def test_the_constitution_is_no_basis_and_the_laws_under_it_are_named_instead() -> None:
    text = _basis(
        LAWYERS,
        名称="《中华人民共和国宪法》",
        条款="第三十三条",
        内容="中华人民共和国公民在法律面前一律平等。",
    )
    (d,) = only(check(text), "GZ201")
    assert "是宪法" in d.message and "请改引实施它的法律、法规" in d.message and "上位" not in d.message


def test_a_decision_declared_a_regulation_is_a_level_mismatch() -> None:
    text = _basis(DECISION, 效力层级="行政法规")
    (d,) = only(check(text), "GZ204")
    assert "是国务院决定" in d.message
    assert _book_codes(text) == ["GZ204"]


@pytest.mark.parametrize(
    "number",
    [
        "国家卫生健康委员会第4号令",
        "国家发展改革委 商务部令2019年第25号",
        "财政部 国家税务总局令〔2010〕第1号",
    ],
)
def test_documents_not_in_the_book_are_judged_by_their_number_and_say_so(number: str) -> None:
    text = _basis(
        ASSISTANCE, 名称="《某某管理办法》", 文号=number, 条款="第十条", 内容="x", 效力层级="行政法规"
    )
    (d,) = only(check(text), "GZ201")
    assert "部门规章" in d.message and "法规库（2025年4月19日）中没有这份文件" in d.message


def test_local_regulations_not_in_the_book_raise_nothing() -> None:
    text = _basis(
        ASSISTANCE,
        名称="《山西省法律援助条例》",
        文号="山西省人民代表大会常务委员会公告第12号",
        条款="第十三条",
        内容="申请法律援助应当提交下列材料",
        效力层级="地方性法规",
    )
    assert _book_codes(text) == []


# -- in force (GZ207) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "by"),
    [
        ("《中华人民共和国婚姻法》", "《中华人民共和国民法典》第一千二百六十条"),
        ("《中华人民共和国收养法》", "《中华人民共和国民法典》第一千二百六十条"),
        ("《个体工商户条例》", "《促进个体工商户发展条例》第三十九条"),
        ("《中华人民共和国执业医师法》", "《中华人民共和国医师法》第六十七条"),
        ("《退役士兵安置条例》", "《退役军人安置条例》第九十三条"),
    ],
)
def test_repealed_documents(title: str, by: str) -> None:
    (d,) = only(
        check(_basis(LAWYERS, 名称=title, 文号="无", 条款="第八条", 内容=None, 效力层级=None)), "GZ207"
    )
    assert by in d.message and d.field == "设定依据[1].名称"


def test_a_document_the_database_marks_expired_is_repealed() -> None:
    text = _basis(ASSISTANCE, 名称="《信访条例》", 文号="国务院令第431号", 条款="第十条", 内容=None)
    (d,) = only(check(text), "GZ207")
    assert "国家法律法规数据库标注为已失效" in d.message


def test_a_law_repealed_by_an_article_later_amendments_dropped_is_still_known_repealed() -> None:
    text = _basis(
        LAWYERS,
        名称="《中华人民共和国食品卫生法》",
        文号="中华人民共和国主席令第五十九号",
        条款="第九条",
        内容=None,
    )
    (d,) = only(check(text), "GZ207")
    assert (
        "自2009年6月1日起已由《中华人民共和国食品安全法》（2009年2月28日公布）第一百零四条废止" in d.message
    )


# -- order numbers (GZ208) ----------------------------------------------------------------------------


def test_a_number_of_another_regulation_names_it_and_the_right_ones() -> None:
    (d,) = only(check(_basis(ASSISTANCE, 文号="中华人民共和国国务院令第712号")), "GZ208")
    assert "公布的是《政府投资条例》" in d.message
    assert "第649号（2014年2月21日公布）" in d.message and "第709号（2019年3月2日修订）" in d.message


@pytest.mark.parametrize("number", ["国务院令第649号", "国令第709号", "中华人民共和国国务院令第709号"])
def test_the_promulgating_and_amending_orders_are_both_right(number: str) -> None:
    assert "GZ208" not in codes(check(_basis(ASSISTANCE, 文号=number)))


def test_a_law_promulgated_by_a_state_council_order_is_wrong() -> None:
    (d,) = only(check(_basis(LAWYERS, 文号="中华人民共和国国务院令第76号")), "GZ208")
    assert "法律由中华人民共和国主席令公布" in d.message


@pytest.mark.parametrize("number", ["中华人民共和国主席令第一号", "全国人民代表大会常务委员会公告第1号"])
def test_a_regulation_promulgated_by_a_law_s_number_is_wrong(number: str) -> None:
    # the book has no order number of this regulation: the kind of the number alone is wrong
    text = _basis(
        ASSISTANCE,
        名称="《实施〈中华人民共和国反外国制裁法〉的规定》",
        文号=number,
        条款="第二条",
        内容="反外国制裁工作贯彻总体国家安全观",
    )
    (d,) = only(check(text), "GZ208")
    made = "法律" if "主席令" in number else "法律或地方性法规"
    assert f"公布的是{made}，行政法规由国务院令公布" in d.message
    assert "《实施〈中华人民共和国反外国制裁法〉的规定》" in d.message


def test_a_presidents_order_number_is_not_verifiable_and_not_an_error() -> None:
    assert "GZ208" not in codes(check(_basis(LAWYERS, 文号="中华人民共和国主席令第九十九号")))


def test_a_number_that_may_be_an_unknown_amendment_is_not_an_error() -> None:
    # 军人抚恤优待条例 was amended in 2011 by a decision whose number the book does not have;
    # 国务院、中央军事委员会令第602号 falls in 2011: it may be that one.
    text = _basis(
        ASSISTANCE,
        名称="《军人抚恤优待条例》",
        文号="国务院、中央军事委员会令第602号",
        条款="第二条",
        内容=None,
    )
    assert "GZ208" not in codes(check(text))


# -- articles (GZ209) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "message"),
    [
        ("第八十条", "《中华人民共和国律师法》没有第八十条（共六十条）"),
        ("第七条第二款", "第七条只有一款，没有第二款"),
        ("第七条第（四）项", "第七条只有三项，没有第（四）项"),
        ("第五条之一", "没有第五条之一"),
        ("第三章第七条", "第七条在第二章，不在第三章"),
    ],
)
def test_articles_that_do_not_exist(article: str, message: str) -> None:
    (d,) = only(check(_basis(LAWYERS, 条款=article, 内容=None)), "GZ209")
    assert message in d.message and d.field == "设定依据[1].条款"
    # only an article past the last may have been added since the snapshot
    assert ("gaozhi statutes add" in d.message) == (article == "第八十条")


def test_an_annex_item_beyond_the_decision_annex() -> None:
    text = _basis(DECISION, 条款="附件第501项", 内容=None)
    (d,) = only(check(text), "GZ209")
    assert "附件只有500项" in d.message


def test_an_annex_item_whose_text_the_book_lacks_exists_without_a_quote_check() -> None:
    text = _basis(DECISION, 条款="第88项", 内容="基层法律服务工作者执业核准")
    assert _book_codes(text) == []


def test_an_article_cited_in_an_old_version_that_the_current_one_lacks() -> None:
    # an article of the 2019 text (国务院令第709号) that the 2023 text no longer has
    from gaozhi_cli.statutes.book import load_book

    book = load_book()
    doc = book.lookup("道路运输条例").document  # type: ignore[union-attr]
    old, new = book.body(doc, doc.versions[0]), book.body(doc, doc.current)
    gone = next(a for a in old.articles if new.find(a.kind, a.number, a.suffix) is None)
    text = _basis(
        ASSISTANCE, 名称="《中华人民共和国道路运输条例》", 文号="国务院令第709号", 条款=gone.label, 内容=None
    )
    (d,) = only(check(text), "GZ209")
    assert "现行版本（2023年7月20日）中已没有" in d.message


# -- quoted text (GZ210, GZ213) ----------------------------------------------------------------------


def test_a_quote_from_another_article_names_it() -> None:
    text = _basis(LAWYERS, 条款="第七条", 内容="申请律师执业，应当具备下列条件：（一）拥护中华人民共和国宪法")
    (d,) = only(check(text), "GZ210")
    assert "引文出自《中华人民共和国律师法》第五条" in d.message and d.field == "设定依据[1].内容"


def test_a_quote_of_another_item_of_the_article_names_that_item() -> None:
    text = _basis(
        LAWYERS,
        内容="申请人有下列情形之一的，不予颁发律师执业证书：……（三）被开除公职或者被吊销律师、公证员执业证书的",
    )
    (d,) = only(check(text), "GZ210")
    assert "引文出自《中华人民共和国律师法》第七条第（三）项，不是所引的第七条第（二）项" in d.message


def test_a_quote_of_another_paragraph_names_that_paragraph() -> None:
    second = "实行国家统一法律职业资格考试前取得的国家统一司法考试合格证书、律师资格凭证，与国家统一法律职业资格证书具有同等效力。"
    (d,) = only(check(_basis(LAWYERS, 条款="第五条第一款", 内容=second)), "GZ210")
    assert "引文出自《中华人民共和国律师法》第五条第二款，不是所引的第五条第一款" in d.message
    assert "GZ210" not in codes(check(_basis(LAWYERS, 条款="第五条第二款", 内容=second)))


def test_only_the_words_before_the_items_do_not_quote_the_item() -> None:
    (d,) = only(check(_basis(LAWYERS, 内容="申请人有下列情形之一的，不予颁发律师执业证书：")), "GZ210")
    assert "第七条列项之前的文字，不是所引的第七条第（二）项" in d.message


@pytest.mark.parametrize(
    ("article", "quote"),
    [
        ("第七条第（二）项", "受过刑事处罚的，但过失犯罪的除外"),  # the item alone
        (
            "第七条第（二）项",
            "申请人有下列情形之一的，不予颁发律师执业证书：（一）无民事行为能力或者限制民事行为能力的；（二）受过刑事处罚的，但过失犯罪的除外；（三）被开除公职或者被吊销律师、公证员执业证书的。",
        ),
        ("第七条第（二）项、第（三）项", "……（三）被开除公职或者被吊销律师、公证员执业证书的"),
        ("第五条、第七条第（二）项", "申请律师执业，应当具备下列条件：……（四）品行良好"),
        ("第五条第一款", "申请律师执业，应当具备下列条件：……（四）品行良好"),
        # two items quoted without the marks they start with, or with Arabic ones
        (
            "第七条第（一）、（二）项",
            "无民事行为能力或者限制民事行为能力的；受过刑事处罚的，但过失犯罪的除外",
        ),
        (
            "第七条第（一）、（二）项",
            "(1)无民事行为能力或者限制民事行为能力的；(2)受过刑事处罚的，但过失犯罪的除外",
        ),
        # the colon before the first item left out
        (
            "第七条第（一）项",
            "申请人有下列情形之一的，不予颁发律师执业证书（一）无民事行为能力或者限制民事行为能力的",
        ),
    ],
)
def test_a_quote_that_reaches_a_cited_item_or_paragraph_is_accepted(article: str, quote: str) -> None:
    assert "GZ210" not in codes(check(_basis(LAWYERS, 条款=article, 内容=quote)))


def test_a_paraphrase_of_an_item_shows_the_item_not_the_whole_article() -> None:
    (d,) = only(check(_basis(LAWYERS, 条款="第五条第（二）项", 内容="通过国家司法考试")), "GZ210")
    assert (
        "原文为：申请律师执业，应当具备下列条件:……（二）通过国家统一法律职业资格考试取得法律职业资格；"
        in d.message
    )
    assert "品行良好" not in d.message


def test_a_paraphrase_shows_the_article() -> None:
    (d,) = only(check(_basis(LAWYERS, 内容="申请人有下列情形之一的，不发给律师执业证书")), "GZ210")
    assert "原文为：申请人有下列情形之一的，不予颁发律师执业证书" in d.message
    assert d.severity.value == "warning"


def test_punctuation_width_and_omissions_do_not_count() -> None:
    quote = "申请人有下列情形之一的,不予颁发律师执业证书:...(二)受过刑事处罚的,但过失犯罪的除外"
    assert "GZ210" not in codes(check(_basis(LAWYERS, 内容=quote)))


def test_a_quote_of_the_text_before_an_amendment() -> None:
    old = (
        "违反本条例的规定，客运经营者、货运经营者不按照规定携带车辆营运证的，由县级以上地方人民政府"
        "交通运输主管部门责令改正，处警告或者20元以上200元以下的罚款。"
    )
    text = _basis(
        ASSISTANCE, 名称="《中华人民共和国道路运输条例》", 文号="国务院令第406号", 条款="第六十八条", 内容=old
    )
    (d,) = only(check(text), "GZ213")
    assert "2022年3月29日版本" in d.message and "客运经营者有下列情形之一的" in d.message
    assert "GZ210" not in codes(check(text))


# -- names (GZ211, GZ212) ------------------------------------------------------------------------------


def test_a_misspelt_national_law_suggests_the_closest_title() -> None:
    (d,) = only(check(_basis(LAWYERS, 名称="《中华人民共和国律师执业法》")), "GZ211")
    assert "最接近的名称：《中华人民共和国律师法》" in d.message


def test_an_inexact_title_asks_for_the_full_one() -> None:
    (d,) = only(check(_basis(ASSISTANCE, 名称="《社会救助办法》")), "GZ212")
    assert d.message.endswith("应写全称《社会救助暂行办法》")


def test_leaving_out_prc_is_not_inexact() -> None:
    assert "GZ212" not in codes(check(_basis(LAWYERS, 名称="《律师法》")))


def test_a_misspelt_title_with_the_right_number_is_found_by_the_number() -> None:
    text = _basis(ASSISTANCE, 名称="《社会救助暂行规定》")
    found = codes(check(text))
    assert "GZ212" in found and "GZ211" not in found and "GZ208" not in found


# -- the fixtures: real published items of agencies gaozhi does not ship --------------------------------


def _validate_json(gaozhi, *paths: Path) -> dict:
    result = gaozhi("catalog", "validate", "-f", "json", *paths)
    return json.loads(result.stdout)


def test_clean_catalogues_of_five_new_agencies_have_no_finding(gaozhi) -> None:
    strict = gaozhi("catalog", "validate", "--strict", "--profile", "letters", DATA / "statute-clean")
    assert strict.exit_code == 0, strict.stdout
    data = _validate_json(gaozhi, DATA / "statute-clean")
    assert data["summary"]["items"] >= 25 and data["summary"]["files"] == 5
    assert data["diagnostics"] == []
    resolved = data["basis_resolved"]
    assert resolved and all(b["found"] and b["in_force"] for b in resolved)
    assert {b["level"] for b in resolved} == {"法律", "行政法规"}


PLANTED = [
    # (设定依据, expected code, field, words in the message)
    (
        {**LAWYERS, "名称": "《中华人民共和国婚姻法》", "条款": "第八条", "内容": None},
        "GZ207",
        "名称",
        "民法典",
    ),
    ({**ASSISTANCE, "文号": "国务院令第712号"}, "GZ208", "文号", "政府投资条例"),
    ({**LAWYERS, "条款": "第八十条", "内容": None}, "GZ209", "条款", "没有第八十条"),
    ({**LAWYERS, "内容": "不发给律师执业证书"}, "GZ210", "内容", "原文为"),
    ({**LAWYERS, "名称": "《中华人民共和国律师执业法》"}, "GZ211", "名称", "律师法"),
    ({**ASSISTANCE, "名称": "《社会救助办法》"}, "GZ212", "名称", "社会救助暂行办法"),
    ({**LAWYERS, "文号": "国务院令第76号"}, "GZ208", "文号", "主席令"),
    (
        {**ASSISTANCE, "名称": "《某某办法》", "文号": "国家卫生健康委员会第4号令", "效力层级": None},
        "GZ201",
        "文号",
        "部门规章",
    ),
]


def test_planted_defects_are_found_at_their_item_and_field(gaozhi, tmp_path: Path) -> None:
    items = []
    for n, (basis, *_rest) in enumerate(PLANTED, 1):
        items.append(
            valid_item(
                序号=n, 证明用途=f"用途{n}", 设定依据=[{k: v for k, v in basis.items() if v is not None}]
            )
        )
    path = tmp_path / "planted.yaml"
    path.write_text(catalog_yaml(*items), encoding="utf-8")
    data = _validate_json(gaozhi, path)
    found = {
        (d["item"], d["code"]): d
        for d in data["diagnostics"]
        if d["code"].startswith("GZ2") and d["code"] != "GZ206"
    }
    for n, (_, code, field, words) in enumerate(PLANTED, 1):
        d = found.get((n, code))
        assert d is not None, (n, code)
        assert d["field"] == f"设定依据[1].{field}" and words in d["message"]
        assert "basis_resolved" in d
    assert len(found) == len(PLANTED)


def test_show_bases_prints_what_each_basis_resolved_to(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(_basis(LAWYERS), encoding="utf-8")
    out = gaozhi("catalog", "validate", "--show-bases", path).stdout
    assert "《中华人民共和国律师法》法律，2017年9月1日版本，现行有效" in out


def test_an_order_newer_than_the_book_may_be_a_later_amendment() -> None:
    assert "GZ208" not in codes(check(_basis(ASSISTANCE, 文号="中华人民共和国国务院令第812号")))


@pytest.mark.parametrize("number", ["第6490号", "第9999号"])
def test_an_order_number_no_state_council_order_has_reached_yet_is_wrong(number: str) -> None:
    (d,) = only(check(_basis(ASSISTANCE, 文号=f"中华人民共和国国务院令{number}")), "GZ208")
    assert f"国务院令还没有编到{number}" in d.message and "国务院令第649号" in d.message


def test_an_older_regulation_numbered_yi_er_san_is_checked_article_by_article() -> None:
    text = _basis(
        ASSISTANCE,
        名称="《地方口岸管理机构职责范围暂行规定》",
        文号="无",
        条款="第二条",
        内容="负责贯彻执行党中央、国务院有关口岸工作的方针、政策和规定",
    )
    assert [c for c in _book_codes(text) if c != "GZ202"] == []


def test_a_document_whose_articles_the_book_could_not_read_raises_no_article_error() -> None:
    text = _basis(ASSISTANCE, 名称="《保护海底电缆规定》", 文号="无", 条款="第三条", 内容="x")
    found = codes(check(text))
    assert "GZ209" not in found and "GZ210" not in found and "GZ211" not in found
