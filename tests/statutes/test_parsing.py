"""The pieces under the statute book: numerals, 条款, 文号, quotes, and the Markdown text form."""

from __future__ import annotations

import pytest

from gaozhi_cli.numerals import parse_number, to_chinese
from gaozhi_cli.statutes.citation import ArticleRef, parse_citation
from gaozhi_cli.statutes.orders import OrderKind, orders_in, parse_order
from gaozhi_cli.statutes.quote import missing_piece, quoted_in
from gaozhi_cli.statutes.text import parse_body, parse_file
from gaozhi_cli.statutes.titles import loose_key, title_key


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("七", 7),
        ("十二", 12),
        ("二十一", 21),
        ("一百零五", 105),
        ("一千零四十", 1040),
        ("两百", 200),
        ("12", 12),
        ("１２", 12),
    ],
)
def test_numerals(text: str, n: int) -> None:
    assert parse_number(text) == n


@pytest.mark.parametrize("n", [1, 10, 11, 20, 105, 110, 1000, 1040, 1260, 1001])
def test_numerals_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


A = ArticleRef


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("第七条", [A("article", 7)]),
        ("第7条", [A("article", 7)]),
        ("第十二条第一款第（三）项", [A("article", 12, paragraph=1, item=3)]),
        ("第十二条第1款第(3)项", [A("article", 12, paragraph=1, item=3)]),
        ("第十一条第五项", [A("article", 11, item=5)]),
        ("第七条（二）", [A("article", 7, item=2)]),
        ("第二十一条之一", [A("article", 21, suffix=1)]),
        ("第七条、第八条", [A("article", 7), A("article", 8)]),
        ("第七条至第九条", [A("article", 7), A("article", 8), A("article", 9)]),
        ("第五十条第一款、第二款", [A("article", 50, paragraph=1), A("article", 50, paragraph=2)]),
        (
            "第十七条第一款第（四）项、第（五）项",
            [A("article", 17, paragraph=1, item=4), A("article", 17, paragraph=1, item=5)],
        ),
        ("第三章第十四条", [A("article", 14, chapter=3)]),
        ("附件第236项", [A("annex", 236)]),
        ("第十六条，第十七条。", [A("article", 16), A("article", 17)]),
        # one 第 for a list, and ranges of 款 and 项
        ("第七、八条", [A("article", 7), A("article", 8)]),
        ("第7、8、9条", [A("article", 7), A("article", 8), A("article", 9)]),
        ("第五十条第一、二款", [A("article", 50, paragraph=1), A("article", 50, paragraph=2)]),
        (
            "第二十三条第一款第（一）至（三）项",
            [A("article", 23, paragraph=1, item=n) for n in (1, 2, 3)],
        ),
        ("第五条第一款至第三款", [A("article", 5, paragraph=n) for n in (1, 2, 3)]),
        ("附件第1、2项", [A("annex", 1), A("annex", 2)]),
        ("附件第1项、第3项", [A("annex", 1), A("annex", 3)]),
    ],
)
def test_citations(text: str, refs: list[ArticleRef]) -> None:
    assert parse_citation(text) == refs


@pytest.mark.parametrize(
    "text",
    [
        "第第十六条",
        "7",
        "第七款",
        "全文",
        "有关条款",
        "第一条至第九百条",
        "第七条第（三）至（一）项",
        "",
        None,
    ],
)
def test_not_citations(text: str | None) -> None:
    assert parse_citation(text) is None


def test_citation_labels() -> None:
    assert A("article", 12, paragraph=1, item=3).label == "第十二条第一款第（三）项"
    assert A("article", 21, suffix=1).label == "第二十一条之一"


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("中华人民共和国国务院令第412号", OrderKind.STATE_COUNCIL, 412),
        ("国务院令412号", OrderKind.STATE_COUNCIL, 412),
        ("国令第588号", OrderKind.STATE_COUNCIL, 588),
        ("国务院第412号令", OrderKind.STATE_COUNCIL, 412),
        ("中华人民共和国国务院、中华人民共和国中央军事委员会令第413号", OrderKind.STATE_COUNCIL_CMC, 413),
        ("中华人民共和国主席令第七十六号", OrderKind.PRESIDENT, 76),
        ("主席令（第50号）", OrderKind.PRESIDENT, 50),
        ("公安部第69号令", OrderKind.MINISTRY, 69),
        ("交通运输部令2019年第25号", OrderKind.MINISTRY, 25),
        ("中国人民银行令〔2005〕第1号", OrderKind.MINISTRY, 1),
        ("民发[2020]20号", OrderKind.DOCUMENT, 20),
        ("山西省人民代表大会常务委员会公告第12号", OrderKind.CONGRESS_NOTICE, 12),
        ("山西省人民政府令第280号", OrderKind.LOCAL_GOVERNMENT, 280),
    ],
)
def test_order_forms(text: str, kind: OrderKind, number: int) -> None:
    order = parse_order(text)
    assert order is not None and (order.kind, order.number) == (kind, number)


def test_orders_in_header_lines() -> None:
    found = orders_in("2004年8月1日 中华人民共和国国务院、中华人民共和国中央军事委员会令第413号公布")
    assert [(o.kind, o.number) for o in found] == [(OrderKind.STATE_COUNCIL_CMC, 413)]
    found = orders_in("1996年1月1日 国家教育委员会令第8号、卫生部令第1号发布")
    assert sorted(o.number for o in found) == [1, 8]
    assert orders_in("2014年2月19日 《国务院关于废止和修改部分行政法规的决定》第一次修订") == []


ARTICLE = "申请人有下列情形之一的，不予颁发律师执业证书：（一）无民事行为能力的；（二）受过刑事处罚的，但过失犯罪的除外；"


@pytest.mark.parametrize(
    "quote",
    [
        "申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；",
        "申请人有下列情形之一的,不予颁发律师执业证书:...(二)受过刑事处罚的,但过失犯罪的除外",
        "第七条　申请人有下列情形之一的，不予颁发律师执业证书",
        "“（二）受过刑事处罚的，但过失犯罪的除外”",
        "申请人 有下列 情形之一的",
        # the lead-in and the item it is about, the item between passed over without a ……
        "申请人有下列情形之一的，不予颁发律师执业证书：（二）受过刑事处罚的，但过失犯罪的除外；",
    ],
)
def test_quotes_in_the_article(quote: str) -> None:
    assert quoted_in(quote, ARTICLE)


@pytest.mark.parametrize(
    "quote",
    [
        "申请人有下列情形之一的，不发给律师执业证书",
        "（二）受过刑事处罚的……申请人有下列情形之一的",  # out of order
        "（二）受过刑事处罚的，但过失犯罪的除外；（一）无民事行为能力的",  # items out of order
        "申请人有下列情形之一的，不予颁发律师执业证书：（二）受过刑事处罚的，但故意犯罪的除外",
        "……",
    ],
)
def test_quotes_not_in_the_article(quote: str) -> None:
    assert not quoted_in(quote, ARTICLE)


def test_the_piece_that_is_not_there_is_named() -> None:
    assert missing_piece("申请人有下列情形之一的……不发给证书", ARTICLE) == "不发给证书"


def test_title_keys() -> None:
    assert title_key("《中华人民共和国律师法》") == title_key("律师法") == title_key("律师法（2017年修正）")
    assert title_key("《实施〈某法〉办法》") == title_key("实施<某法>办法") == title_key("实施《某法》办法")
    assert loose_key("社会救助暂行办法") == loose_key("社会救助办法")
    assert title_key("民事诉讼法（试行）") != title_key("民事诉讼法")


STATUTE = """# 某某条例

2019年3月2日 中华人民共和国国务院令第1号公布

2020年1月1日 《国务院关于修改部分行政法规的决定》
修订

来源：测试

<!-- INFO END -->

## 第一章 总则

第一条 甲。

第二条 申请人应当提交下列材料：

（一）身份证明；

（二）住所证明。

申请人委托他人的，还应当提交委托书。

第二条之一 乙：（一）丙；（二）丁。

## 第二章
分则的其他规定

第三条

戊。

1. 目一

这一段不属于任何条文之前的问题不会有

第五条 己。
"""


def test_text_form_articles_paragraphs_and_items() -> None:
    file = parse_file(STATUTE)
    assert file.title == "某某条例" and file.meta == {"来源": "测试"}
    assert [e.text for e in file.events] == [
        "2019年3月2日 中华人民共和国国务院令第1号公布",
        "2020年1月1日 《国务院关于修改部分行政法规的决定》修订",
    ]
    body = parse_body(file.body, file.body_line)
    two = body.find("article", 2)
    assert two is not None and [(p.text, len(p.items)) for p in two.paragraphs] == [
        ("申请人应当提交下列材料：", 2),
        ("申请人委托他人的，还应当提交委托书。", 0),
    ]
    inline = body.find("article", 2, 1)
    assert inline is not None and inline.paragraphs[0].items == ("（一）丙；", "（二）丁。")
    three = body.find("article", 3)
    assert three is not None and three.chapter == "第二章分则的其他规定"
    assert three.text.startswith("戊。1. 目一")
    # 第五条 after 第三条: reported with its file line, reading goes on
    assert [p.message for p in body.problems] == ["条文编号不连续：第3条之后是第五条"]
    assert STATUTE.splitlines()[body.problems[0].line - 1].startswith("第五条")
    assert body.find("article", 5) is not None


def test_a_file_without_info_end_is_reported_not_raised() -> None:
    file = parse_file("# 某法\n\n第一条 甲。\n")
    assert file.problems and "INFO END" in file.problems[0].message


def test_problems_in_a_users_file_name_its_own_lines() -> None:
    from gaozhi_cli.statutes.assemble import read_part

    text = "# 某某条例\n\n2020年1月1日 某省人民代表大会常务委员会公告第1号公布\n\n<!-- INFO END -->\n\n<!-- 注释\n两行 -->\n\n第一条 甲。\n\n第三条 乙。\n"
    part = read_part("x.md", text, day=None, level=None)
    assert part.level == "地方性法规"
    (problem,) = part.file.problems
    assert problem.line == 12 and text.splitlines()[11].startswith("第三条")


def test_a_second_article_may_leave_out_its_di() -> None:
    assert parse_citation("第二十五条、二十六条") == [A("article", 25), A("article", 26)]
    assert parse_citation("第十二条第一款第（三）、（四）项") == [
        A("article", 12, paragraph=1, item=3),
        A("article", 12, paragraph=1, item=4),
    ]
    assert parse_citation("二十六条") is None


@pytest.mark.parametrize(
    "quote",
    [
        "《中华人民共和国律师法》第七条规定：“申请人有下列情形之一的，不予颁发律师执业证书”",
        "第七条第（二）项：受过刑事处罚的，但过失犯罪的除外",
    ],
)
def test_a_quote_may_name_its_source_first(quote: str) -> None:
    assert quoted_in(quote, ARTICLE)


def test_numbers_written_either_way_are_the_same() -> None:
    assert quoted_in("自受理之日起二十日内作出决定", "应当自受理之日起20日内作出决定。")
    assert quoted_in("自受理之日起20日内", "应当自受理之日起二十日内作出决定。")
    assert not quoted_in("自受理之日起三十日内", "应当自受理之日起20日内作出决定。")


def test_a_quote_of_two_articles_names_the_second_in_the_middle() -> None:
    text = "申请人应当提交申请书。" + "受理机关应当在五日内答复。"
    assert quoted_in("第七条 申请人应当提交申请书。第八条 受理机关应当在五日内答复。", text)


def test_an_item_without_an_article_is_an_annex_item() -> None:
    assert parse_citation("第88项") == [A("annex", 88)]
    assert parse_citation("附件第88项") == [A("annex", 88)]


def test_words_after_the_title_do_not_hide_it() -> None:
    assert title_key("《中华人民共和国律师法》第七条") == title_key("律师法")
    assert title_key("《律师法》（2017年修正）") == title_key("律师法")


def test_older_texts_numbered_yi_er_san_are_read_as_articles() -> None:
    body = parse_body(
        "为了甲，特作如下规定：\n一、乙。\n丙。\n二、丁：\n（一）戊；\n（二）己。\n三、本规定自发布之日起施行。"
    )
    assert body.preamble == ["为了甲，特作如下规定："]
    assert [a.label for a in body.articles] == ["第一条", "第二条", "第三条"]
    two = body.find("article", 2)
    assert two is not None and two.paragraphs[0].items == ("（一）戊；", "（二）己。")
    assert [p.text for p in body.find("article", 1).paragraphs] == ["乙。", "丙。"]  # type: ignore[union-attr]
