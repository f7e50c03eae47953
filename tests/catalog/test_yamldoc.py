"""The positioned YAML reader: positions, duplicates, hostile input."""

from __future__ import annotations

from datetime import date

import pytest

from gaozhi_cli.yamldoc import HAVE_C_PARSER, Pos, locate, parse, value_pos

SAMPLE = """\
行政机关: 晋城市司法局
证明事项:
  - 序号: 1
    证明事项: 无犯罪记录证明
    设定依据:
      - &law {名称: 《中华人民共和国律师法》, 条款: 第七条}
      - *law
发布日期: 2021-03-31
"""


def test_positions_of_keys_values_and_items_are_one_based() -> None:
    doc = parse(SAMPLE)
    assert doc.problems == []
    root = doc.data
    assert root.key_pos["证明事项"] == Pos(2, 1)
    item = root["证明事项"][0]
    assert root["证明事项"].item_pos[0] == Pos(3, 5)
    assert item.key_pos["证明事项"] == Pos(4, 5)
    assert item.value_pos["证明事项"] == Pos(4, 11)
    # An alias is its anchor's node: findings in it point where the content is written.
    assert locate(root, ("证明事项", 0, "设定依据", 1)) == Pos(6, 9)
    assert value_pos(root, ("证明事项", 0, "设定依据", 0, "条款")) == Pos(6, 37)  # columns count characters


def test_locate_falls_back_to_the_deepest_existing_parent() -> None:
    root = parse(SAMPLE).data
    assert locate(root, ("证明事项", 0, "监管措施", "核查方式")) == Pos(3, 5)
    assert locate(root, ("证明事项", 5)) == Pos(2, 1)


def test_locate_tries_alias_spellings() -> None:
    root = parse("items:\n  - seq: 1\n").data
    assert locate(root, ("证明事项", 0, "序号"), aliases={"证明事项": ("items",), "序号": ("seq",)}) == Pos(
        2, 5
    )


def test_scalars_follow_yaml_1_2() -> None:
    data = parse("a: yes\nb: 010\nc: 0x10\nd: 2021-03-31\ne: ~\nf: 1.5\ng: true\nh: '1'\n").data
    assert data == {
        "a": "yes",
        "b": 10,
        "c": 16,
        "d": date(2021, 3, 31),
        "e": None,
        "f": 1.5,
        "g": True,
        "h": "1",
    }


def test_duplicate_keys_are_all_reported_and_the_last_value_kept() -> None:
    doc = parse("a: 1\nb: 2\na: 3\na: 4\n")
    assert doc.data["a"] == 4
    assert [(p.kind, p.pos) for p in doc.problems] == [
        ("duplicate-key", Pos(3, 1)),
        ("duplicate-key", Pos(4, 1)),
    ]
    assert "第 1 行" in doc.problems[0].message


def test_merge_keys_do_not_override_explicit_keys() -> None:
    data = parse("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n").data
    assert dict(data["item"]) == {"y": 3, "x": 1}


def test_syntax_error_points_at_the_fault_in_chinese() -> None:
    doc = parse("a: 1\nb: [1, 2\nc: 3\n")
    assert doc.data is None
    (problem,) = doc.problems
    assert problem.kind == "syntax"
    assert problem.pos.line == 3
    assert "方括号" in problem.message


def test_tab_indentation_is_explained() -> None:
    (problem,) = parse("a:\n\tb: 1\n").problems
    assert problem.pos == Pos(2, 1)
    assert "Tab" in problem.message


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (problem,) = parse("\n".join(lines) + "\n").problems
    assert "别名炸弹" in problem.message


def test_small_legitimate_aliases_are_fine() -> None:
    doc = parse(SAMPLE)
    law = doc.data["证明事项"][0]["设定依据"]
    assert law[0] == law[1]


def test_recursive_alias_and_deep_nesting_are_refused() -> None:
    assert "自身" in parse("a: &a [*a]\n").problems[0].message
    assert "嵌套" in parse("[" * 500 + "]" * 500).problems[0].message


def test_control_characters_are_named() -> None:
    (problem,) = parse("a: 1\x07\n").problems
    assert "U+0007" in problem.message


def test_multiple_documents_are_refused() -> None:
    (problem,) = parse("a: 1\n---\nb: 2\n").problems
    assert "多个 YAML 文档" in problem.message


@pytest.mark.skipif(not HAVE_C_PARSER, reason="C parser not installed")
def test_pure_python_parser_gives_the_same_data_and_positions() -> None:
    fast, slow = parse(SAMPLE), parse(SAMPLE, use_c=False)
    assert fast.data == slow.data
    assert fast.data["证明事项"][0].key_pos == slow.data["证明事项"][0].key_pos


def test_unclosed_quote_points_where_it_opens() -> None:
    (problem,) = parse('a: 1\nb: "未闭合\nc: 2\n').problems
    assert problem.pos == Pos(2, 4) and "没有闭合" in problem.message


def test_missing_content_is_explained() -> None:
    (problem,) = parse("姓名: [\n").problems
    assert "缺少内容" in problem.message
