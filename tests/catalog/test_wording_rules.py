"""GZ301 vague wording: catch-alls as a legal reviewer reads them, in every field the notice
prints, and no alarm on words that merely contain the same characters."""

from __future__ import annotations

from typing import Any

import pytest

from gaozhi_cli.config import Settings

from .helpers import catalog_yaml, check, codes, only, valid_item

# Where each field lives in an item, and the field label the diagnostic reports.
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "证明事项": (("证明事项",), "证明事项"),
    "证明用途": (("证明用途",), "证明用途"),
    "索要单位": (("索要单位",), "索要单位"),
    "开具单位": (("开具单位",), "开具单位"),
    "证明内容": (("告知", "证明内容"), "告知.证明内容"),
    "承诺方式": (("告知", "承诺方式"), "告知.承诺方式"),
    "不实承诺责任": (("告知", "不实承诺责任"), "告知.不实承诺责任[4]"),
    "公开范围": (("告知", "公开", "公开范围"), "告知.公开.公开范围"),
    "公开时限": (("告知", "公开", "公开时限"), "告知.公开.公开时限"),
    "核查标准": (("监管措施", "核查标准"), "监管措施.核查标准"),
    "核查时限": (("监管措施", "核查时限"), "监管措施.核查时限"),
}


def _with(field: str, text: str) -> dict[str, Any]:
    item = valid_item()
    path, _ = FIELDS[field]
    node = item
    for key in path[:-1]:
        node = node[key]
    if field == "不实承诺责任":
        node[path[-1]].append(text)  # the three valid liabilities stay, so GZ602 stays quiet
    else:
        node[path[-1]] = text
    return item


def _vague(field: str, text: str, settings: Settings | None = None) -> list[tuple[str, str, str]]:
    """(phrase pointed at, field, message) of each GZ301 finding."""
    source = catalog_yaml(_with(field, text))
    lines = source.splitlines()
    found = []
    for d in only(check(source, settings), "GZ301"):
        quoted = d.message.split("”", 1)[0].removeprefix("“")
        assert lines[d.line - 1][d.column - 1 :].startswith(quoted), "the column points at the phrase"
        found.append((quoted, d.field, d.message))
    return found


def _phrases(field: str, text: str) -> list[str]:
    return [phrase for phrase, _, _ in _vague(field, text)]


# -- the catch-alls ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "phrase"),
    [
        # an open list closed by 等
        ("证明内容", "申请人提交身份证、户口簿等", "户口簿等"),
        ("证明内容", "申请人持营业执照等材料办理", "等材料"),
        ("证明内容", "申请人符合零售经营条件，并提交营业执照等相关材料", "等相关材料"),
        ("证明内容", "提交居民身份证等证件的复印件", "等证件"),
        ("证明用途", "律师执业、公证员执业等", "公证员执业等"),
        ("核查标准", "学历学位在线自动核验（学信网等）", "学信网等"),
        ("证明内容", "申请人提交章程、决议等等", "决议等等"),
        ("不实承诺责任", "依照《中华人民共和国律师法》等有关法律处理", "等有关法律"),
        ("证明事项", "实验活动、菌（毒）种保藏、生物制品生产等的批准文件", "生物制品生产等的"),
        # 有关 / 相关 pointing at nothing in particular
        ("证明事项", "能够证明符合《烟花爆竹安全管理条例》第十八条规定条件的有关材料", "有关材料"),
        ("证明内容", "申请人提交相关证明材料", "相关证明材料"),
        ("证明内容", "提交与申请事项相关的材料", "相关的材料"),
        ("证明内容", "按照国家有关规定提交", "有关规定"),
        ("开具单位", "有关部门", "有关部门"),
        ("开具单位", "相关单位", "相关单位"),
        ("开具单位", "有关政府主管部门", "有关政府主管部门"),
        ("公开范围", "相关网站", "相关网站"),
        ("证明用途", "办理相关业务", "相关业务"),
        # 其他 … : the catch-all clause
        ("证明内容", "申请人未受过刑事处罚，并提交其他相关材料", "其他相关材料"),
        ("证明内容", "提交其它有关材料", "其它有关材料"),
        ("证明内容", "符合法律、行政法规规定的其他条件", "规定的其他条件"),
        ("证明内容", "无犯罪记录或其他情形", "其他情形"),
        ("证明内容", "提交其他必要的证明", "其他必要的证明"),
        ("承诺方式", "书面承诺或其他方式", "其他方式"),
        ("开具单位", "公安机关或其他有关部门", "其他有关部门"),
        ("证明事项", "户籍证明或其他能够证明身份的材料", "其他能够证明身份的材料"),
        ("证明内容", "申请人提交其他需要提供的材料", "其他需要提供的材料"),
        ("证明内容", "不存在其他应当回避的情形", "其他应当回避的情形"),
        # discretion
        ("核查标准", "视情况认定", "视情况"),
        ("核查标准", "视具体情况现场核实", "视具体情况"),
        ("核查标准", "酌情认定承诺属实", "酌情"),
        ("核查标准", "根据需要调取原件", "根据需要"),
        ("证明内容", "必要时提交户口簿", "必要时"),
        ("证明事项", "亲属关系证明（如需）", "（如需）"),
        ("证明事项", "亲属关系证明(如需要)", "(如需要)"),
        # approximation
        ("核查标准", "登记信息与承诺基本一致", "基本一致"),
        ("核查标准", "现场情况与申请书大致相符", "大致相符"),
        # deferral
        ("公开时限", "另行通知", "另行通知"),
        ("证明内容", "材料清单另行公布", "另行公布"),
        # a disclosure period that is no period
        ("公开时限", "及时公开", "及时"),
    ],
)
def test_catch_all_is_found_and_pointed_at(field: str, text: str, phrase: str) -> None:
    found = _vague(field, text)
    assert [p for p, _, _ in found] == [phrase]
    assert found[0][1] == FIELDS[field][1]


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("提交有关材料", "请逐项写明具体材料、条件或情形"),
        ("由有关部门核实", "请写明"),
        ("按照有关规定处理", "名称和条款"),
        ("提交身份证、户口簿等", "列全"),
        ("必要时提交户口簿", "具体情形"),
        ("与承诺基本一致", "必须与承诺一致"),
        ("清单另行通知", "直接写明"),
    ],
)
def test_message_says_what_to_write_instead(text: str, advice: str) -> None:
    ((_, _, message),) = _vague("证明内容", text)
    assert advice in message


def test_the_published_catch_all_keeps_its_documented_message() -> None:
    # 赤壁市保留证明事项清单 (2023) row 1; README quotes this line of examples/bad-catalog.
    ((_, _, message),) = _vague("证明事项", "能够证明符合《烟花爆竹安全管理条例》第十八条规定条件的有关材料")
    assert message == "“有关材料”是模糊表述或兜底条款；请逐项写明具体材料、条件或情形"


def test_longest_phrase_is_reported_once() -> None:
    # 其他相关材料 contains 相关材料; 等相关材料 contains 相关材料: one finding each.
    assert _phrases("证明内容", "提交其他相关材料") == ["其他相关材料"]
    assert _phrases("证明内容", "提交营业执照等相关材料；另交其他相关材料") == ["等相关材料", "其他相关材料"]


def test_every_distinct_phrase_in_a_field_is_reported() -> None:
    assert _phrases("不实承诺责任", "其他情形按有关规定处理") == ["其他情形", "有关规定"]


def test_same_phrase_twice_in_a_field_is_reported_once() -> None:
    assert _phrases("证明内容", "提交有关材料；逾期补交有关材料") == ["有关材料"]


def test_vague_phrase_in_a_block_scalar_is_found_on_its_own_line() -> None:
    text = catalog_yaml(valid_item()).replace(
        "证明内容: 申请人未受过刑事处罚（过失犯罪除外）",
        "证明内容: |-\n      申请人未受过刑事处罚（过失犯罪除外）；\n      必要时提交有关证明",
    )
    found = only(check(text), "GZ301")
    lines = text.splitlines()
    assert {lines[d.line - 1][d.column - 1 :][:3] for d in found} == {"必要时", "有关证"}


# -- what a reviewer does not object to ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "普通话水平测试等级证书",
        "男女平等就业",
        "具有同等学力",
        "与原件等同",
        "注册资本与认缴数额相等",
        "高等院校、科研机构从事法学教育、研究工作的任职证明",
        "高等学校毕业证书",
        "中等职业学校毕业证书",
        "初等教育",
        "荣立一等功、二等奖证书",
        "二级甲等以上医院出具的体检报告",
        "无需等候",
        "发起人张某、李某等3人签字",
    ],
)
def test_words_that_only_contain_the_characters_are_fine(text: str) -> None:
    assert _phrases("证明内容", text) == []


@pytest.mark.parametrize(
    "liability",
    [
        # the shipped catalogues: 等 gives examples of the wrongdoing, it does not ask for anything
        "伪造、变造证明文件等涉嫌犯罪的，移送司法机关依法追究刑事责任",
        "采取虚报、隐瞒、伪造等手段骗取社会救助的，依法处罚",
        "以欺骗或者其他不正当手段获得法律援助的，终止法律援助",
        "因不实承诺给其他近亲属造成损失的，依法承担民事赔偿责任",
    ],
)
def test_examples_of_wrongdoing_in_a_liability_are_fine(liability: str) -> None:
    assert _phrases("不实承诺责任", liability) == []


@pytest.mark.parametrize(
    ("field", "text"),
    [
        # a named source: the law is identified, the notice says which
        ("不实承诺责任", "依照《中华人民共和国律师法》相关规定撤销准予执业的决定"),
        ("不实承诺责任", "依照《中华人民共和国律师法》第九条有关规定撤销准予执业的决定"),
        ("证明内容", "符合《社会团体登记管理条例》第十条规定的有关条件"),
        # the department is named right after
        ("开具单位", "有关部门（市公安局）"),
        ("开具单位", "有关部门(市公安局)"),
        ("证明内容", "提交相关材料（营业执照副本、章程）"),
        # a document's own title is a name, not wording
        ("证明内容", "按《关于证明事项告知承诺有关事项的通知》办理"),
        # 其他 + a definite set of persons
        ("证明内容", "承诺书中应当写明参保人员其他遗属的姓名和联系方式"),
        ("证明内容", "提交其他近亲属的身份证明"),
        ("证明内容", "如需咨询，请拨打0356-2000101"),
        # 相关 describing a qualification, not pointing at a document (real row: 人事考试报名)
        ("证明事项", "从事相关专业工作年限证明"),
        # statutory 必要的 (有必要的场所) is a condition of the law, not 必要时
        ("证明内容", "有开展业务活动必要的场所"),
        ("核查标准", "登记信息与承诺一致"),
        ("证明用途", "基本养老保险参保人员丧葬补助金申领"),
    ],
)
def test_specific_wording_is_fine(field: str, text: str) -> None:
    assert _phrases(field, text) == []


def test_remarks_and_statute_text_are_not_checked() -> None:
    item = valid_item(备注="其他有关材料按有关规定另行通知")
    item["设定依据"][0]["内容"] = "申请人应当提交身份证明等有关材料"
    assert "GZ301" not in codes(check(catalog_yaml(item)))


def test_time_limit_is_left_to_gz502_unless_it_is_concrete() -> None:
    # a time limit that is no time at all is GZ502's finding; GZ301 does not repeat it
    found = codes(check(catalog_yaml(_with("核查时限", "必要时核查"))))
    assert "GZ502" in found and "GZ301" not in found
    # a concrete time limit with a catch-all attached: the catch-all is GZ301's
    assert _phrases("核查时限", "作出决定后20个工作日内，必要时可延长") == ["必要时"]


def test_concrete_disclosure_period_is_fine() -> None:
    assert _phrases("公开时限", "作出决定之日起7个工作日内公开，公开期1年") == []


def test_extra_vague_phrases_from_settings() -> None:
    text = "一般情况下由申请人本人签署"
    assert _phrases("承诺方式", text) == []
    settings = Settings(**{"extend-vague-phrases": ["一般情况下"]})
    assert [p for p, _, _ in _vague("承诺方式", text, settings)] == ["一般情况下"]


def test_extra_phrase_and_built_in_phrase_overlapping_are_reported_once() -> None:
    settings = Settings(**{"extend-vague-phrases": ["相关材料"]})
    assert [p for p, _, _ in _vague("证明内容", "提交其他相关材料", settings)] == ["其他相关材料"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("提交的材料包括但不限于身份证、户口簿", "包括但不限于"),
        ("核查内容含但不限于学历、职称", "含但不限于"),
        ("原则上当场核查", "原则上"),
    ],
)
def test_not_limited_to_and_in_principle_are_vague(text: str, phrase: str) -> None:
    item = valid_item()
    item["告知"]["证明内容"] = text
    (d,) = only(check(catalog_yaml(item)), "GZ301")
    assert d.message.startswith(f"“{phrase}”")


def test_not_limited_to_without_but_is_no_open_list() -> None:
    item = valid_item()
    item["告知"]["证明内容"] = "申请人不限于本市户籍"
    assert "GZ301" not in codes(check(catalog_yaml(item)))
