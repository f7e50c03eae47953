"""GZ1xx, GZ3xx–GZ6xx: numbering, wording, scope, verification, notice."""

from __future__ import annotations

import pytest

from gaozhi_cli.config import Settings

from .helpers import catalog_yaml, check, codes, only, valid_item


def _items(*purposes: str, seqs: tuple[int, ...] | None = None) -> list[dict]:
    seqs = seqs or tuple(range(1, len(purposes) + 1))
    return [valid_item(序号=s, 证明用途=p) for s, p in zip(seqs, purposes, strict=True)]


# -- numbering ---------------------------------------------------------------------------------


def test_gap_and_repeat_in_sequence_numbers() -> None:
    result = check(catalog_yaml(*_items("甲", "乙", "丙", "丁", seqs=(1, 3, 3, 4))))
    messages = [(d.item, d.message) for d in only(result, "GZ101")]
    assert messages == [
        (3, "序号应为 2（从 1 起按顺序连续编号），实际为 3"),
        (3, "序号 3 重复（第 2 项已使用）；按位置应为 3"),
    ]


def test_duplicate_item_ignores_spacing_and_width() -> None:
    a = valid_item(证明事项="无犯罪记录证明", 证明用途="律师执业核准")
    b = valid_item(序号=2, 证明事项="无犯罪记录证明 ", 证明用途="律师执业核准")
    (d,) = only(check(catalog_yaml(a, b)), "GZ102")
    assert d.item == 2 and "序号 1" in d.message


def test_same_certificate_for_two_purposes_is_fine() -> None:
    assert "GZ102" not in codes(check(catalog_yaml(*_items("律师执业核准", "公证员执业任职"))))


# -- wording -----------------------------------------------------------------------------------


def test_vague_phrase_points_at_the_phrase_itself() -> None:
    item = valid_item()
    item["告知"]["证明内容"] = "申请人未受过刑事处罚，并提交其他相关材料"
    text = catalog_yaml(item)
    (d,) = only(check(text), "GZ301")
    line = text.splitlines()[d.line - 1]
    assert line[d.column - 1 :].startswith("其他相关材料")  # exact column of the phrase
    assert "其他材料" not in d.message.replace("其他相关材料", "")  # reported once, the longest


def test_vague_phrase_in_a_block_scalar_is_found_on_its_own_line() -> None:
    text = catalog_yaml(valid_item()).replace(
        "证明内容: 申请人未受过刑事处罚（过失犯罪除外）",
        "证明内容: |-\n      申请人未受过刑事处罚（过失犯罪除外）；\n      必要时提交有关证明",
    )
    found = only(check(text), "GZ301")
    lines = text.splitlines()
    assert {lines[d.line - 1][d.column - 1 :][:3] for d in found} == {"必要时", "有关证"}


@pytest.mark.parametrize("field", ["核查标准", "不实承诺责任", "证明事项"])
def test_vague_wording_checked_in_each_field(field: str) -> None:
    item = valid_item()
    if field == "核查标准":
        item["监管措施"]["核查标准"] = "视情况认定"
    elif field == "不实承诺责任":
        item["告知"]["不实承诺责任"].append("其他情形按有关规定处理")
    else:
        item["证明事项"] = "能够证明符合条件的有关证明"
    assert "GZ301" in codes(check(catalog_yaml(item)))


def test_extra_vague_phrases_from_settings() -> None:
    item = valid_item()
    item["告知"]["证明内容"] = "按另行规定的标准提交"
    assert "GZ301" not in codes(check(catalog_yaml(item)))
    settings = Settings(**{"extend-vague-phrases": ["另行规定"]})
    assert "GZ301" in codes(check(catalog_yaml(item), settings))


# -- scope -------------------------------------------------------------------------------------


def test_excluded_domain_names_domain_and_keyword() -> None:
    item = valid_item(证明事项="烟花爆竹零售经营场所证明", 证明用途="烟花爆竹经营（零售）许可")
    (d,) = only(check(catalog_yaml(item)), "GZ401")
    assert "公共安全" in d.message and "烟花爆竹" in d.message and d.severity.value == "warning"


def test_excluded_domain_found_in_the_basis_title() -> None:
    bases = [
        {"名称": "《危险化学品安全管理条例》", "文号": "国务院令第591号", "条款": "第三十四条", "内容": "……"}
    ]
    (d,) = only(check(catalog_yaml(valid_item(设定依据=bases))), "GZ401")
    assert d.field == "设定依据[1].名称"


def test_applicability_note_answers_the_excluded_domain() -> None:
    item = valid_item(证明事项="烟花爆竹零售经营场所证明", 适用说明="仅替代场所权属证明，安全条件仍现场核查")
    assert "GZ401" not in codes(check(catalog_yaml(item)))


def test_extra_domain_keywords_from_settings() -> None:
    item = valid_item(证明用途="大型游乐设施运营")
    assert "GZ401" not in codes(check(catalog_yaml(item)))
    settings = Settings(**{"extend-domain-keywords": {"生命财产安全": ["游乐设施"]}})
    assert "GZ401" in codes(check(catalog_yaml(item), settings))


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("婚姻状况证明", "村民委员会"),
        ("居民死亡证明", "社区居委会"),
        ("市场主体住所证明", "村（居）委会"),
        ("证件遗失证明", "居委会"),
        ("无犯罪记录证明", "村委会"),
    ],
)
def test_committee_must_not_issue(name: str, issuer: str) -> None:
    (d,) = only(check(catalog_yaml(valid_item(证明事项=name, 开具单位=issuer))), "GZ402")
    assert "民发〔2020〕20号" in d.message and d.field == "开具单位"


def test_committee_kinship_for_notarisation_only_is_allowed() -> None:
    item = valid_item(证明事项="亲属关系证明", 证明用途="办理继承公证", 开具单位="村民委员会")
    assert "GZ402" not in codes(check(catalog_yaml(item)))


def test_committee_certificates_not_on_the_list_are_fine() -> None:
    assert "GZ402" not in codes(check(catalog_yaml(valid_item(证明事项="居住证明", 开具单位="村民委员会"))))


@pytest.mark.parametrize(
    ("requester", "issuer"), [("市司法局", "市司法局"), ("市司法局", "晋城市司法局"), ("市司法局", "本机关")]
)
def test_self_issued(requester: str, issuer: str) -> None:
    assert "GZ403" in codes(check(catalog_yaml(valid_item(索要单位=requester, 开具单位=issuer))))


# -- verification ------------------------------------------------------------------------------


def test_missing_supervision_points_at_the_item() -> None:
    (d,) = only(check(catalog_yaml(valid_item(监管措施=None))), "GZ501")
    assert d.item == 1 and "监管措施" in d.message


@pytest.mark.parametrize("limit", ["作出决定后20个工作日内", "受理时当场", "三个月内", "10日内", "即时核验"])
def test_concrete_time_limits(limit: str) -> None:
    item = valid_item()
    item["监管措施"]["核查时限"] = limit
    assert "GZ502" not in codes(check(catalog_yaml(item)))


@pytest.mark.parametrize(
    ("limit", "words"), [("及时核查", "“及时”"), ("作出决定前", "没有具体天数"), ("定期抽查", "“定期”")]
)
def test_vague_time_limits(limit: str, words: str) -> None:
    item = valid_item()
    item["监管措施"]["核查时限"] = limit
    (d,) = only(check(catalog_yaml(item)), "GZ502")
    assert words in d.message


def test_exemption_needs_daily_supervision_but_no_time_or_standard() -> None:
    exempt = valid_item(监管措施={"核查方式": ["免予核查"]})
    found = codes(check(catalog_yaml(exempt)))
    assert "GZ503" in found and "GZ502" not in found and "GZ505" not in found
    exempt["监管措施"]["日常监管"] = ["双随机一公开"]
    assert not {"GZ503", "GZ502", "GZ505"} & set(codes(check(catalog_yaml(exempt))))


# -- notice ------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("liabilities", "missing"),
    [
        (["依法追究法律责任"], "民事、行政、刑事"),
        (["承担赔偿责任", "撤销许可"], "刑事"),
        (["移送司法机关"], "民事、行政"),
    ],
)
def test_liability_kinds(liabilities: list[str], missing: str) -> None:
    item = valid_item()
    item["告知"]["不实承诺责任"] = liabilities
    (d,) = only(check(catalog_yaml(item)), "GZ602")
    assert d.message == f"不实承诺责任没有写到{missing}责任"


def test_real_published_catch_all_item_name_is_caught() -> None:
    # 赤壁市保留证明事项清单 (2023) row 1, as published.
    item = valid_item(证明事项="能够证明符合《烟花爆竹安全管理条例》第十八条规定条件的有关材料")
    (d,) = only(check(catalog_yaml(item)), "GZ301")
    assert "“有关材料”" in d.message and d.field == "证明事项"
