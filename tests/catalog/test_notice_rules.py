"""GZ6xx the written notice: its elements (GZ601) and the liabilities it states (GZ602)."""

from __future__ import annotations

import pytest

from gaozhi_cli.config import Settings

from .helpers import catalog_yaml, check, codes, only, valid_item

CIVIL = "因不实承诺给他人造成损失的，依法承担民事赔偿责任"
ADMINISTRATIVE = "撤销律师执业许可，并纳入信用记录"
CRIMINAL = "涉嫌犯罪的，移送司法机关依法追究刑事责任"


def _missing(*liabilities: str) -> str | None:
    """The GZ602 message, or None when every kind is there."""
    item = valid_item()
    item["告知"]["不实承诺责任"] = list(liabilities)
    found = only(check(catalog_yaml(item)), "GZ602")
    assert len(found) <= 1
    return found[0].message if found else None


# -- GZ601 -------------------------------------------------------------------------------------------


def test_notice_lists_every_missing_element() -> None:
    (d,) = only(check(catalog_yaml(valid_item(告知={"证明内容": "x"}))), "GZ601")
    assert d.message == "告知缺少：承诺方式、代为承诺（是否可代为承诺）、不实承诺责任、公开（承诺书是否公开）"


def test_public_commitment_needs_scope_and_period() -> None:
    item = valid_item()
    item["告知"]["公开"] = {"是否公开": True}
    (d,) = only(check(catalog_yaml(item)), "GZ601")
    assert d.message == "告知缺少：公开范围、公开时限"
    item["告知"]["公开"] = {"是否公开": False}
    assert "GZ601" not in codes(check(catalog_yaml(item)))


def test_letters_profile_makes_notice_rules_errors() -> None:
    text = catalog_yaml(valid_item(告知=None))
    assert only(check(text), "GZ601")[0].severity.value == "warning"
    assert only(check(text, Settings(profile="letters")), "GZ601")[0].severity.value == "error"


# -- GZ602 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("liabilities", "missing"),
    [
        (["依法追究法律责任"], "民事、行政、刑事"),
        (["承担赔偿责任", "撤销许可"], "刑事"),
        (["移送司法机关"], "民事、行政"),
        # 黑龙江户籍 (real row G): "严肃处理" tells the applicant nothing
        (["发现承诺不实、弄虚作假严肃处理"], "民事、行政、刑事"),
    ],
)
def test_liability_kinds(liabilities: list[str], missing: str) -> None:
    message = _missing(*liabilities)
    assert message is not None and message.startswith(f"不实承诺责任没有写到{missing}责任；")


def test_message_gives_an_example_of_each_missing_kind() -> None:
    message = _missing(CIVIL, ADMINISTRATIVE)
    assert message == "不实承诺责任没有写到刑事责任；如：涉嫌犯罪的，移送司法机关依法追究刑事责任"


@pytest.mark.parametrize(
    "administrative",
    [
        # the words 行政机关, 行政协助, 行政许可 name a body or a procedure, not a liability
        "行政机关有权对承诺内容进行核查",
        "行政机关将通过行政协助核查承诺内容",
        "本事项属于行政许可",
        # a criminal penalty is not an administrative one
        "依法给予刑事处罚",
    ],
)
def test_the_word_administrative_is_not_an_administrative_liability(administrative: str) -> None:
    assert _missing(CIVIL, administrative, CRIMINAL) == (
        "不实承诺责任没有写到行政责任；如：撤销已作出的许可决定，并纳入信用记录"
    )


@pytest.mark.parametrize(
    "administrative",
    [
        "依法撤销准予执业的决定",
        "撤销行政许可",
        "吊销营业执照",
        "注销律师执业证书",
        "核查发现承诺不实的，终止办理",
        "不予许可",
        "不予受理",
        "不予登记",
        "停止发放失业保险金",
        "处骗取金额2倍以上5倍以下的罚款",
        "给予警告",
        "依法给予行政处罚",
        "给予治安管理处罚",
        "纳入信用记录",
        "失信信息纳入信用中国（山西）信息目录",
        "列入严重失信主体名单",
        "责令改正",
        "责令退回骗取的社会保险金",
        "限期整改",
        "三年内不得再次申请",
        "一定期限内不得再次申请",
        "信用修复前不再适用告知承诺制",
        "当次全部科目成绩无效，并记入诚信档案库",  # 人事考试 (参考资料 3.1)
        "取消考试成绩",
    ],
)
def test_administrative_liability_by_meaning(administrative: str) -> None:
    assert _missing(CIVIL, administrative, CRIMINAL) is None


@pytest.mark.parametrize(
    "civil",
    [
        "依法承担民事责任",
        "承担赔偿责任",
        "承担由此造成的损失",
        "给他人造成损失的，由承诺人承担",
        "依法承担违约责任",
    ],
)
def test_civil_liability_by_meaning(civil: str) -> None:
    assert _missing(civil, ADMINISTRATIVE, CRIMINAL) is None


@pytest.mark.parametrize(
    "criminal",
    [
        "依法追究刑事责任",
        "涉嫌犯罪的，移送公安机关",
        "移送司法机关处理",
        "构成犯罪的，依法处理",
        "伪造、变造证件等涉嫌犯罪的，依法处理",
    ],
)
def test_criminal_liability_by_meaning(criminal: str) -> None:
    assert _missing(CIVIL, ADMINISTRATIVE, criminal) is None


def test_the_shipped_wording_covers_all_three() -> None:
    # catalogs/civil-affairs.yaml 序号 7: statutory sanctions named article by article
    assert (
        _missing(
            "因不实承诺给他人造成损失的，依法承担民事赔偿责任",
            "采取虚报、隐瞒、伪造等手段骗取社会救助的，依照《社会救助暂行办法》第六十八条决定停止社会救助，"
            "责令退回非法获取的救助资金、物资，可以处非法获取的救助款额或者物资价值1倍以上3倍以下的罚款",
            "构成犯罪的，依照第六十九条移送司法机关依法追究刑事责任",
        )
        is None
    )


def test_one_liability_line_may_state_several_kinds() -> None:
    assert _missing("给他人造成损失的依法赔偿；撤销许可并纳入信用记录；涉嫌犯罪的移送司法机关") is None


def test_no_liabilities_is_gz601_not_gz602() -> None:
    item = valid_item()
    del item["告知"]["不实承诺责任"]
    found = codes(check(catalog_yaml(item)))
    assert "GZ601" in found and "GZ602" not in found
