"""The statute book shipped in the package: what it holds, word for word."""

from __future__ import annotations

from datetime import date

import pytest

from gaozhi_cli.statutes.book import StatuteBook, book_file, load_book, read_book
from gaozhi_cli.statutes.orders import OrderKind

ARTICLE_11 = (
    "申请最低生活保障，按照下列程序办理：",
    (
        "(一)由共同生活的家庭成员向户籍所在地的乡镇人民政府、街道办事处提出书面申请；家庭成员申请有困难的，"
        "可以委托村民委员会、居民委员会代为提出申请。",
        "(二)乡镇人民政府、街道办事处应当通过入户调查、邻里访问、信函索证、群众评议、信息核查等方式，"
        "对申请人的家庭收入状况、财产状况进行调查核实，提出初审意见，在申请人所在村、社区公示后报县级人民政府民政部门审批。",
        "(三)县级人民政府民政部门经审查，对符合条件的申请予以批准，并在申请人所在村、社区公布；"
        "对不符合条件的申请不予批准，并书面向申请人说明理由。",
    ),
)


@pytest.fixture(scope="module")
def book() -> StatuteBook:
    return load_book()


def test_the_book_file_ships_in_the_package_and_stays_small() -> None:
    path = book_file()
    assert path.is_file()
    assert path.stat().st_size < 8 * 1024**2


def test_counts_by_level(book: StatuteBook) -> None:
    real = [d for d in book.documents if d.origin != "repealed"]
    by_level = {lv: sum(1 for d in real if d.level == lv) for lv in {d.level for d in real}}
    assert book.snapshot == date(2025, 4, 19)
    assert by_level["法律"] >= 290 and by_level["行政法规"] >= 620
    assert by_level["国务院决定"] >= 1 and by_level["部门规章"] >= 25
    assert sum(v.article_count for d in real for v in d.versions) > 50_000


def test_social_assistance_article_11_word_for_word(book: StatuteBook) -> None:
    found = book.lookup("《社会救助暂行办法》")
    assert found is not None
    doc = found.document
    article = book.body(doc, doc.current).find("article", 11)
    assert article is not None and article.chapter == "第二章 最低生活保障"
    ((paragraph),) = article.paragraphs
    assert (paragraph.text, paragraph.items) == ARTICLE_11
    assert [(k.order.number, k.day) for k in doc.orders] == [
        (649, date(2014, 2, 21)),
        (709, date(2019, 3, 2)),
    ]


def test_lawyers_law_article_7_word_for_word(book: StatuteBook) -> None:
    found = book.lookup("中华人民共和国律师法")
    assert found is not None
    doc = found.document
    assert (doc.level, doc.issuer) == ("法律", "全国人民代表大会常务委员会")
    article = book.body(doc, doc.current).find("article", 7)
    assert article is not None
    assert article.text == (
        "申请人有下列情形之一的，不予颁发律师执业证书:（一）无民事行为能力或者限制民事行为能力的；"
        "（二）受过刑事处罚的，但过失犯罪的除外；（三）被开除公职或者被吊销律师、公证员执业证书的。"
    )
    assert len(article.paragraphs) == 1 and len(article.paragraphs[0].items) == 3


def test_a_joint_state_council_and_cmc_order_is_a_regulation(book: StatuteBook) -> None:
    found = book.lookup("军人抚恤优待条例")
    assert found is not None
    doc = found.document
    assert doc.level == "行政法规" and doc.issuer == "国务院、中央军事委员会"
    kinds = {(k.order.kind, k.order.number) for k in doc.orders}
    assert (OrderKind.STATE_COUNCIL_CMC, 413) in kinds and (OrderKind.STATE_COUNCIL_CMC, 788) in kinds


def test_the_state_council_decision_412_and_its_annex(book: StatuteBook) -> None:
    found = book.lookup("国务院对确需保留的行政审批项目设定行政许可的决定")
    assert found is not None
    doc = found.document
    assert doc.level == "国务院决定" and doc.origin == "addition" and "中国政府网" in doc.note
    assert [k.order.number for k in doc.orders] == [412, 548, 671]
    assert doc.orders_complete and doc.annex_size == 500
    body = book.body(doc, doc.current)
    item = body.find("annex", 204)
    assert item is not None and item.text.startswith("供水单位卫生许可")
    assert "共500项" in body.preamble[0]


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("律师法", "中华人民共和国律师法"),
        ("《中华人民共和国律师法》", "中华人民共和国律师法"),
        ("中华人民共和国律师法（2017年修正）", "中华人民共和国律师法"),
        ("《中国人民解放军实施〈药品管理法〉办法》", "中国人民解放军实施〈中华人民共和国药品管理法〉办法"),
        (
            "中国人民解放军实施<中华人民共和国药品管理法>办法",
            "中国人民解放军实施〈中华人民共和国药品管理法〉办法",
        ),
        ("《道路运输条例》", "中华人民共和国道路运输条例"),
    ],
)
def test_short_forms_people_write(book: StatuteBook, written: str, title: str) -> None:
    found = book.lookup(written)
    assert found is not None and found.document.title == title and found.how == "exact"


def test_trial_and_interim_words_left_out_are_a_loose_match(book: StatuteBook) -> None:
    found = book.lookup("《社会救助办法》")
    assert found is not None and found.how == "loose" and found.document.title == "社会救助暂行办法"


@pytest.mark.parametrize(
    ("title", "by", "day"),
    [
        ("中华人民共和国婚姻法", "《中华人民共和国民法典》第一千二百六十条", date(2021, 1, 1)),
        ("中华人民共和国收养法", "《中华人民共和国民法典》第一千二百六十条", date(2021, 1, 1)),
        ("个体工商户条例", "《促进个体工商户发展条例》第三十九条", date(2022, 11, 1)),
        ("中华人民共和国执业医师法", "《中华人民共和国医师法》第六十七条", None),
    ],
)
def test_repeals_come_from_the_repealing_texts(
    book: StatuteBook, title: str, by: str, day: date | None
) -> None:
    found = book.lookup(title)
    assert found is not None
    doc = found.document
    assert not doc.in_force and doc.repeal is not None and doc.repeal.by == by
    if day:
        assert doc.repeal.day == day


def test_a_repeal_of_an_earlier_incarnation_does_not_repeal_the_current_law(book: StatuteBook) -> None:
    # 工会法 (1992) repeals "1950年…颁布的《中华人民共和国工会法》": the current law stays in force.
    found = book.lookup("中华人民共和国工会法")
    assert found is not None and found.document.in_force and found.document.origin == "book"


def test_versions_of_one_law_are_one_document(book: StatuteBook) -> None:
    found = book.lookup("道路运输条例")
    assert found is not None
    days = [v.day for v in found.document.versions]
    assert days == sorted(days) and len(days) == 3
    assert found.document.version_at(date(2022, 12, 31)).day == date(2022, 3, 29)


def test_a_damaged_book_file_is_a_clear_error() -> None:
    from gaozhi_cli.errors import UsageError

    with pytest.raises(UsageError, match="法规库文件已损坏"):
        read_book(b"not a book")
    with pytest.raises(UsageError, match="法规库文件已损坏"):
        read_book(book_file().read_bytes()[:5000])  # cut short


@pytest.mark.parametrize(
    ("title", "day", "by"),
    [
        # 本法自公布之日起施行，《…（试行）》同时废止: the day the 1991 law was first published, not
        # the day of its 2023 amendment; the article is the one that says so
        ("中华人民共和国民事诉讼法（试行）", "1991-04-09", "《中华人民共和国民事诉讼法》第三百零六条"),
        ("中华人民共和国森林法实施细则", "2000-01-29", "《中华人民共和国森林法实施条例》第四十八条"),
        ("中华人民共和国企业破产法（试行）", "2007-06-01", "《中华人民共和国企业破产法》第一百三十六条"),
        # known from tools/statute_additions/repeals.toml: no text the book holds says so now
        (
            "中华人民共和国食品卫生法",
            "2009-06-01",
            "《中华人民共和国食品安全法》（2009年2月28日公布）第一百零四条",
        ),
        (
            "中华人民共和国经济合同法",
            "1999-10-01",
            "《中华人民共和国合同法》（1999年3月15日公布）第四百二十八条",
        ),
    ],
)
def test_repeals_have_the_day_and_the_article_that_made_them(
    book: StatuteBook, title: str, day: str, by: str
) -> None:
    found = book.lookup(title)
    assert found is not None and found.document.repeal is not None
    assert (found.document.repeal.day.isoformat(), found.document.repeal.by) == (day, by)
