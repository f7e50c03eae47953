"""GZ5xx verification: method, time limit (GZ502 above all), standard, exemption."""

from __future__ import annotations

import pytest

from gaozhi_cli.catalog.timelimit import CONCRETE_TIME, is_concrete_time

from .helpers import catalog_yaml, check, codes, only, valid_item


def _time_findings(limit: str) -> list[str]:
    item = valid_item()
    item["监管措施"]["核查时限"] = limit
    return [d.message for d in only(check(catalog_yaml(item)), "GZ502")]


def test_missing_supervision_points_at_the_item() -> None:
    (d,) = only(check(catalog_yaml(valid_item(监管措施=None))), "GZ501")
    assert d.item == 1 and "监管措施" in d.message


@pytest.mark.parametrize(
    "limit",
    [
        # a period from an event
        "作出决定后20个工作日内",
        "受理之日起10个工作日内",
        "许可决定作出之日起3个月内",
        "三个月内",
        "10日内",
        "两个工作日内",
        "受理次日",
        # on the spot
        "受理时当场",
        "即时核验",
        # a procedural milestone: verification is complete before the next step
        "作出许可决定前",
        "领取证书前",
        "发证前完成",
        "颁证前",
        "换证前完成核查",
        "在办理收养登记前完成",
        "取许可证时核查",  # 湖北省卫健委保留清单 (real row D1)
        # a calendar deadline
        "每年3月31日前",
        "2025年12月31日前",
        "每年年底前完成上一年度的核查",
        # the shipped catalogues
        "收到全部有效文件之日起30日内，在作出登记决定前完成",
        "不在登记时逐户核查，登记后12个月内纳入双随机抽查范围",
        "发放救助后10个工作日内；情况紧急先行救助的，救助后5个工作日内",
        "受理时当场比对；信息系统无记录的，受理之日起5个工作日内向原用人单位书面核实",
    ],
)
def test_concrete_time_limits(limit: str) -> None:
    assert _time_findings(limit) == []
    assert is_concrete_time(limit)


@pytest.mark.parametrize(
    ("limit", "words"),
    [
        ("及时核查", "中的“及时”不是具体时限"),
        ("定期抽查", "中的“定期”不是具体时限"),
        ("适时", "“适时”不是具体时限"),
        ("另行通知", "“另行通知”不是具体时限"),
        ("随机抽查", "中的“随机”不是具体时限"),
        ("必要时核查", "中的“必要时”不是具体时限"),
        ("受理后及时核查", "中的“及时”不是具体时限"),  # 受理 is there, but 及时 is no milestone
        ("2025年", "只写了年份"),
        ("2025年度", "只写了年份"),
        ("按2025年度抽查计划", "“抽查计划”不是具体时限"),
        ("按年度检查计划", "“检查计划”不是具体时限"),
        ("纳入双随机抽查计划", "“抽查计划”不是具体时限"),
        ("作出决定后", "没有具体天数或时点"),  # after the decision, but until when?
        ("每3个月抽查一次", "没有具体天数或时点"),  # a frequency, not a deadline
        ("检查时", "没有具体天数或时点"),
    ],
)
def test_vague_time_limits(limit: str, words: str) -> None:
    (message,) = _time_findings(limit)
    assert message.startswith(f"核查时限“{limit}”")
    assert words in message
    assert "作出决定后20个工作日内" in message  # says what to write instead
    assert not is_concrete_time(limit)


def test_missing_time_limit() -> None:
    item = valid_item()
    del item["监管措施"]["核查时限"]
    (d,) = only(check(catalog_yaml(item)), "GZ502")
    assert d.field == "监管措施.核查时限" and d.message.startswith("缺少“核查时限”")


def test_exported_pattern_finds_the_time_clause() -> None:
    # catalog.annex3 imports CONCRETE_TIME to split free-text 监管措施 cells into clauses.
    clauses = ["行政协助核查", "2025年度", "作出准予执业决定前"]
    assert [c for c in clauses if CONCRETE_TIME.search(c)] == ["作出准予执业决定前"]


def test_exemption_needs_daily_supervision_but_no_time_or_standard() -> None:
    exempt = valid_item(监管措施={"核查方式": ["免予核查"]})
    found = codes(check(catalog_yaml(exempt)))
    assert "GZ503" in found and "GZ502" not in found and "GZ505" not in found
    exempt["监管措施"]["日常监管"] = ["双随机一公开"]
    assert not {"GZ503", "GZ502", "GZ505"} & set(codes(check(catalog_yaml(exempt))))


def test_exemption_with_another_method_is_contradictory() -> None:
    item = valid_item(监管措施={"核查方式": ["免予核查", "现场核查"], "日常监管": ["双随机一公开"]})
    (d,) = only(check(catalog_yaml(item)), "GZ504")
    assert "现场核查" in d.message


@pytest.mark.parametrize(
    ("limit", "period"),
    [
        ("作出决定后20个工作日内", ("决定", 20, "工作日")),
        ("受理之日起15日内，在作出许可决定前完成", ("受理", 15, "日")),  # 日 is not 工作日
        ("收到全部有效文件之日起30日内，在作出登记决定前完成", ("受理", 30, "日")),
        ("核准登记后20个工作日内", ("登记", 20, "工作日")),
        ("许可决定作出之日起三个月内", ("决定", 3, "个月")),
        ("受理时当场比对；信息系统无记录的，受理之日起5个工作日内书面核实", ("受理", 0, "工作日")),
        ("发放救助后10个工作日内；情况紧急先行救助的，救助后5个工作日内", ("发证", 10, "工作日")),
        ("报名截止之日起10个工作日内", ("报名截止", 10, "工作日")),
        ("受理期限终止之日起30日内", ("受理期限终止", 30, "日")),  # not 受理
    ],
)
def test_time_limits_read_as_event_and_count(limit: str, period: tuple[str, int, str]) -> None:
    from gaozhi_cli.catalog.timelimit import Period, parse_time_limit

    found = parse_time_limit(limit)
    assert isinstance(found, Period) and (found.event, found.count, found.unit) == period


@pytest.mark.parametrize(
    ("limit", "words"),
    [
        ("作出许可决定前", "没有可计算的天数"),
        ("发证前完成", "没有可计算的天数"),
        ("三个月内", "没有写明从哪个环节起算"),
        ("10个工作日内", "没有写明从哪个环节起算"),
        # a length without 内 has no event either: not "no days"
        ("30天", "没有写明从哪个环节起算"),
        ("五个工作日", "没有写明从哪个环节起算"),
        ("3个月", "没有写明从哪个环节起算"),
        ("核查时限为5个工作日", "没有写明从哪个环节起算"),  # a length after a word, not a date
        ("限十五日内完成", "没有写明从哪个环节起算"),
        ("每年12月31日前", "没有可计算的天数"),
        ("2025年12月31日前完成", "没有可计算的天数"),
    ],
)
def test_an_uncomputable_time_limit_is_a_warning(limit: str, words: str) -> None:
    item = valid_item()
    item["监管措施"]["核查时限"] = limit
    (d,) = only(check(catalog_yaml(item)), "GZ506")
    assert words in d.message and d.severity.value == "warning"


def test_a_vague_time_limit_is_not_reported_twice() -> None:
    item = valid_item()
    item["监管措施"]["核查时限"] = "及时核查"
    assert "GZ502" in codes(check(catalog_yaml(item))) and "GZ506" not in codes(check(catalog_yaml(item)))
