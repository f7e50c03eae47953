"""Reading the 设定依据, 监管措施 and 备注 cells of 附件3 tables as people write them."""

from __future__ import annotations

import pytest

from gaozhi_cli.catalog.annex3 import (
    basis_cell,
    one_line,
    parse_basis_cell,
    parse_remarks_cell,
    parse_supervision_cell,
    remarks_cell,
)
from gaozhi_cli.catalog.model import Basis

LAWYERS = "《中华人民共和国律师法》"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            f"{LAWYERS}（主席令第七十六号）第七条：内容",
            {"名称": LAWYERS, "文号": "主席令第七十六号", "条款": "第七条", "内容": "内容"},
        ),
        (f"{LAWYERS} 第七条第一款第（二）项", {"名称": LAWYERS, "条款": "第七条第一款第（二）项"}),
        (
            f"{LAWYERS}第七条（主席令第七十六号）",
            {"名称": LAWYERS, "文号": "主席令第七十六号", "条款": "第七条"},
        ),
        (f"{LAWYERS}\n第七条、第八条", {"名称": LAWYERS, "条款": "第七条、第八条"}),
        (
            f"{LAWYERS}(主席令第76号)第7条:内容",
            {"名称": LAWYERS, "文号": "主席令第76号", "条款": "第7条", "内容": "内容"},
        ),
        ("中华人民共和国律师法第七条", {"名称": "中华人民共和国律师法", "条款": "第七条"}),
        # a decision's annex item, with or without 附件
        (
            "《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）第80项",
            {
                "名称": "《国务院对确需保留的行政审批项目设定行政许可的决定》",
                "文号": "国务院令第412号",
                "条款": "第80项",
            },
        ),
        (
            "《国务院对确需保留的行政审批项目设定行政许可的决定》附件第204项：供水单位卫生许可",
            {
                "名称": "《国务院对确需保留的行政审批项目设定行政许可的决定》",
                "条款": "附件第204项",
                "内容": "供水单位卫生许可",
            },
        ),
    ],
)
def test_one_basis_is_split(cell: str, expected: dict[str, str]) -> None:
    parsed = parse_basis_cell(cell)
    assert parsed.value == [expected]
    assert not parsed.notes and not parsed.verbatim


def test_several_bases_numbered_or_on_their_own_lines() -> None:
    numbered = parse_basis_cell("1.《甲法》第一条：甲\n乙\n2、《乙条例》（国务院令第1号）第二条")
    assert numbered.value == [
        {"名称": "《甲法》", "条款": "第一条", "内容": "甲\n乙"},
        {"名称": "《乙条例》", "文号": "国务院令第1号", "条款": "第二条"},
    ]
    plain = parse_basis_cell("《甲法》第一条\n《乙条例》第二条")
    assert [b["名称"] for b in plain.value] == ["《甲法》", "《乙条例》"]


def test_what_cannot_be_split_is_kept_and_reported() -> None:
    no_title = parse_basis_cell("相关法律法规规定")
    assert no_title.value == [{"名称": "相关法律法规规定"}]
    assert no_title.verbatim and "未能拆分" in no_title.notes[0]
    no_article = parse_basis_cell(f"{LAWYERS}有关规定")
    assert no_article.value == [{"名称": LAWYERS, "内容": "有关规定"}]
    assert no_article.verbatim and "找不到条款" in no_article.notes[0]


def test_basis_cell_written_by_export_reads_back() -> None:
    bases = [
        Basis.model_validate(
            {"名称": LAWYERS, "文号": "主席令第七十六号", "条款": "第七条", "内容": "第一行\n《第二行》"}
        ),
        Basis.model_validate({"名称": "《乙条例》", "条款": "第二条第（一）项"}),
    ]
    parsed = parse_basis_cell(basis_cell(bases))
    assert parsed.value == [b.model_dump(by_alias=True, exclude_none=True) for b in bases]


def test_supervision_labels_synonyms_and_free_text() -> None:
    labelled = parse_supervision_cell(
        "核查方法：现场检查和部门间协查\n核查期限：10个工作日内\n核查标准：以现场\n记录为准"
    )
    assert labelled.value == {
        "核查方式": ["现场核查", "行政协助核查"],
        "核查时限": "10个工作日内",
        "核查标准": "以现场\n记录为准",
    }
    assert not labelled.notes
    unknown = parse_supervision_cell("核查方式：电话核实")
    assert unknown.value == {"核查方式": ["电话核实"]}
    assert "电话核实" in unknown.notes[0]
    exempt = parse_supervision_cell("免予核查，实行双随机一公开监管")
    assert exempt.value["核查方式"] == ["免予核查"] and exempt.value["日常监管"] == ["双随机一公开"]
    assert parse_supervision_cell("  ").value is None


def test_remarks_and_applicability_note() -> None:
    assert parse_remarks_cell(remarks_cell("甲\n乙", "理由")) == ("甲\n乙", "理由")
    assert parse_remarks_cell("只有备注") == ("只有备注", None)
    assert parse_remarks_cell("适用说明：理由") == (None, "理由")


def test_short_fields_join_wrapped_lines() -> None:
    assert one_line("无犯罪\n记录证明") == "无犯罪记录证明"
    assert one_line("ISO\n9001 认证") == "ISO 9001 认证"


def test_single_basis_whose_text_has_a_line_starting_with_a_title() -> None:
    basis = Basis.model_validate(
        {"名称": LAWYERS, "条款": "第七条", "内容": "依照\n《律师执业管理办法》的规定"}
    )
    assert parse_basis_cell(basis_cell([basis])).value == [basis.model_dump(by_alias=True, exclude_none=True)]
