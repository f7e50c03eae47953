"""GZ001–GZ008: what the loader reports, with real files of every awkward kind."""

from __future__ import annotations

import json
from pathlib import Path

from gaozhi_cli.catalog.validate import validate_file
from gaozhi_cli.config import Settings

from .helpers import catalog_yaml, check, codes, only, valid_item


def test_unknown_field_suggests_the_known_one() -> None:
    text = catalog_yaml(valid_item(证明名称="无犯罪记录证明", 证明事项=None))
    (unknown,) = only(check(text), "GZ002")
    assert "证明名称" in unknown.message and "是不是想写“证明事项”" in unknown.message
    assert unknown.item == 1 and unknown.field == "证明名称"


def test_unknown_nested_field_suggests_within_its_own_mapping() -> None:
    item = valid_item()
    item["监管措施"]["核查时间"] = item["监管措施"].pop("核查时限")
    (unknown,) = only(check(catalog_yaml(item)), "GZ002")
    assert "是不是想写“核查时限”" in unknown.message
    assert unknown.field == "监管措施.核查时间"


def test_english_field_names_are_accepted() -> None:
    text = """行政机关: 晋城市司法局
items:
  - seq: 1
    name: 无犯罪记录证明
    purpose: 律师执业核准
    bases:
      - {title: 《中华人民共和国律师法》, number: 中华人民共和国主席令第七十六号, article: 第七条, text: 不予颁发律师执业证书, level: 法律}
    requesting_unit: 市司法局
    issuing_unit: 公安机关
"""
    result = check(text)
    assert "GZ002" not in codes(result) and "GZ003" not in codes(result)
    assert result.items == 1


def test_same_field_under_both_names_is_a_duplicate() -> None:
    text = catalog_yaml(valid_item(name="完全民事行为能力证明"))
    (dup,) = only(check(text), "GZ005")
    assert "“证明事项”和“name”是同一个字段" in dup.message


def test_same_field_twice_inside_a_flow_mapping() -> None:
    text = """\
行政机关: 晋城市司法局
证明事项:
  - 序号: 1
    证明事项: 无犯罪记录证明
    证明用途: 律师执业核准
    设定依据: [{名称: 《中华人民共和国律师法》, title: 《律师法》, 条款: 第七条}]
    索要单位: 市司法局
    开具单位: 公安机关
"""
    assert any("“名称”和“title”是同一个字段" in d.message for d in only(check(text), "GZ005"))


def test_missing_and_empty_fields() -> None:
    result = check(catalog_yaml(valid_item(证明用途="  ", 开具单位=None)))
    messages = {d.message for d in only(result, "GZ003")}
    assert messages == {"“证明用途”不能为空", "缺少必填字段“开具单位”"}


def test_missing_field_points_at_the_item() -> None:
    text = catalog_yaml(valid_item(), valid_item(序号=2, 证明用途="公证员执业任职", 索要单位=None))
    (missing,) = only(check(text), "GZ003")
    line_of_second_item = (
        text.splitlines().index(next(line for line in text.splitlines() if "序号: 2" in line)) + 1
    )
    assert missing.item == 2
    assert missing.line <= line_of_second_item


def test_invalid_values_name_the_allowed_ones() -> None:
    item = valid_item(序号="第一")
    item["监管措施"]["核查方式"] = ["电话核查"]
    item["设定依据"][0]["效力层级"] = "法规"
    result = check(catalog_yaml(item))
    messages = [d.message for d in only(result, "GZ004")]
    assert any("“序号”应为整数" in m for m in messages)
    assert any("电话核查" in m and "行政协助核查" in m for m in messages)
    assert any("“法规”" in m and "行政法规" in m for m in messages)


def test_chinese_yes_no_is_understood() -> None:
    item = valid_item()
    item["告知"]["代为承诺"] = "不可"
    item["告知"]["公开"]["是否公开"] = "是"
    assert check(catalog_yaml(item)).diagnostics == []


def test_rules_still_run_on_the_valid_parts_of_a_broken_item() -> None:
    item = valid_item(证明名称="x")  # unknown key: the item breaks the schema
    item["设定依据"][0]["文号"] = "国家安全生产监督管理总局令第55号"  # a ministry order for a law
    found = codes(check(catalog_yaml(item)))
    assert "GZ002" in found and "GZ208" in found


def test_findings_on_a_broken_field_are_not_repeated_by_rules() -> None:
    item = valid_item(监管措施={"核查方式": "电话核查"})
    found = codes(check(catalog_yaml(item)))
    assert "GZ004" in found
    assert "GZ501" not in found and "GZ502" not in found


def test_top_level_must_be_a_mapping_and_items_a_list() -> None:
    assert codes(check("- a\n- b\n")) == ["GZ004"]
    assert "GZ004" in codes(check("行政机关: 甲\n证明事项: 无\n"))
    assert codes(check("行政机关: 甲\n")) == ["GZ003"]


def test_unused_and_unknown_suppressions() -> None:
    item = valid_item(忽略=["GZ301", "GZ999"])
    found = only(check(catalog_yaml(item)), "GZ006")
    assert len(found) == 2
    assert {d.field for d in found} == {"忽略[1]", "忽略[2]"}


def test_suppression_hides_only_its_item(tmp_path: Path) -> None:
    vague = valid_item()
    vague["告知"]["证明内容"] = "提交其他材料"
    other = valid_item(序号=2, 证明用途="公证员执业任职")
    other["告知"]["证明内容"] = "提交其他材料"
    result = check(catalog_yaml(dict(vague, 忽略=["GZ301"]), other))
    assert [d.item for d in only(result, "GZ301")] == [2]
    assert "GZ006" not in codes(result)


# -- files of every awkward kind ----------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_gbk_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "gbk.yaml", catalog_yaml(valid_item()).encode("gbk"))
    result = validate_file(path)
    assert codes(result) == ["GZ007"]
    assert "GB18030" in result.diagnostics[0].message
    assert result.items == 1


def test_utf8_bom_is_accepted_silently(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + catalog_yaml(valid_item()).encode())
    assert validate_file(path).diagnostics == []


def test_utf16_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "utf16.yaml", catalog_yaml(valid_item()).encode("utf-16"))
    assert codes(validate_file(path)) == ["GZ007"]


def test_binary_file_is_not_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d,) = validate_file(path).diagnostics
    assert d.code == "GZ001" and "二进制" in d.message


def test_empty_file(tmp_path: Path) -> None:
    (d,) = validate_file(_write(tmp_path, "empty.yaml", b"")).diagnostics
    assert d.code == "GZ003" and "空" in d.message and (d.line, d.column) == (1, 1)


def test_file_over_the_size_limit_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # a real 50 MB file, written sparsely
        fh.truncate(50 * 1024 * 1024)
    (d,) = validate_file(path).diagnostics
    assert d.code == "GZ008" and "50.0 MB" in d.message


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = _write(tmp_path, "ok.yaml", catalog_yaml(valid_item()).encode())
    assert codes(validate_file(path, Settings(**{"max-file-size": "100B"}))) == ["GZ008"]


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    text = "行政机关: 晋城市司法局\n证明事项:\n  - 序号: 1\n    证明事项: [无犯罪记录证明\n"
    (d,) = validate_file(_write(tmp_path, "broken.yaml", text.encode())).diagnostics
    assert d.code == "GZ001" and d.line >= 4 and d.column >= 1


def test_json_report_of_a_bad_file_keeps_the_contract(tmp_path: Path) -> None:
    from gaozhi_cli.catalog.diagnostics import LintReport
    from gaozhi_cli.formats.lint import render_json

    result = validate_file(_write(tmp_path, "gbk.yaml", catalog_yaml(valid_item()).encode("gbk")))
    data = json.loads(render_json(LintReport([result])))
    assert set(data) == {"files", "items", "diagnostics", "basis_resolved", "summary"}
    assert set(data["diagnostics"][0]) == {
        "file",
        "line",
        "column",
        "item",
        "field",
        "code",
        "name",
        "severity",
        "message",
    }


def test_id_numbers_quoted_in_messages_are_masked() -> None:
    item = valid_item(序号="11010519491231002X")
    (d,) = only(check(catalog_yaml(item)), "GZ004")
    assert "11010519491231002X" not in d.message and "110105********002X" in d.message
