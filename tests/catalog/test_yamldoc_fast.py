"""yamldoc's own reader (yamlfast) against the libyaml path it stands in for.

Whenever ``yamlfast.fast`` gives a tree it must be the libyaml path's exactly: the same data
and Python types, the same position of every mapping, key, value, list and item, the same
problems. It may decline (None) — then yamldoc takes libyaml — but for the catalogues it must
not, or the speed it exists for is gone without a test noticing.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gaozhi_cli import yamldoc
from gaozhi_cli.yamldoc import MAX_DEPTH, PMap, PSeq, parse
from gaozhi_cli.yamlfast import fast

from .test_fmt_text import ENDINGS, JUSTICE, _mutated, _reindent

REPO = Path(__file__).parents[2]
SHIPPED = sorted((REPO / "catalogs").glob("*.yaml"))
OTHERS = sorted(p for folder in ("examples", "tests") for p in (REPO / folder).rglob("*.y*ml"))


def _tree(node: Any) -> Any:
    """Everything parse gives for ``node``: types, values and every position."""
    if isinstance(node, PMap):
        return (
            "map",
            node.pos,
            [(k, node.key_pos[k], node.value_pos[k], _tree(v)) for k, v in node.items()],
            list(node.key_pos.items()),
            list(node.value_pos.items()),
        )
    if isinstance(node, PSeq):
        assert len(node.item_pos) == len(node)
        return ("seq", node.pos, [(p, _tree(v)) for p, v in zip(node.item_pos, node, strict=True)])
    if isinstance(node, float) and math.isnan(node):
        return ("float", "nan")
    return (type(node).__name__, node)


def _libyaml(text: str) -> yamldoc.YamlDoc:
    return yamldoc._parse(text, use_c=True)


def same(text: str) -> bool:
    """Whether the fast reader took ``text``; when it did, it gave what libyaml gives."""
    mine = fast(text)
    if mine is None:
        return False
    theirs = _libyaml(text)
    assert (_tree(mine.data), mine.problems) == (_tree(theirs.data), theirs.problems), text
    return True


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_catalogues_are_read_by_the_fast_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text("utf-8")
    assert same(text)
    expected = _tree(parse(text).data)

    def no_libyaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("libyaml path taken")

    monkeypatch.setattr(yamldoc, "_parse", no_libyaml)
    assert _tree(parse(text).data) == expected  # parse itself takes the fast reader


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: str(p.relative_to(REPO)))
def test_examples_and_fixtures(path: Path) -> None:
    same(path.read_text("utf-8"))


def test_the_benchmarks_files_are_read_by_the_fast_reader(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    from bench_validate import generate

    generate(tmp_path, 3, 150)
    paths = sorted(tmp_path.glob("*.yaml"))
    assert len(paths) == 3
    for path in paths:
        assert same(path.read_text("utf-8")), path
    sys.modules.pop("bench_validate", None)


# -- faults of real files, in the style of test_fmt_text -----------------------------------------

FAULTS = {
    "duplicate keys": JUSTICE.replace(
        "    证明用途: 律师执业核准\n", "    证明用途: 律师执业核准\n    证明用途: 重复\n", 1
    )
    .replace("代为承诺: false\n", "代为承诺: false\n      代为承诺: true\n", 1)
    .replace("行政机关: 晋城市司法局\n", "行政机关: 晋城市司法局\n行政机关: 再写一次\n"),
    "duplicate in a flow mapping": JUSTICE.replace(
        "核查方式: [行政协助核查]", "核查方式: {方式: 函询, 方式: 上门}", 1
    ),
    "duplicate of a block collection": JUSTICE.replace("\n函号前缀:", "\n联络: {}\n函号前缀:", 1),
    "empty values": JUSTICE.replace("序号: 1", "序号:").replace(
        "备注: ", "备注:   # 空\n    附注:\n    又注: ", 1
    ),
    "empty list items": JUSTICE.replace("        - 因不实", "        -\n        - # 空\n        - 因不实", 1),
    "indent 4": _reindent(JUSTICE, 4, 4, 2),
    "dash at column 0": _reindent(JUSTICE, 2, 2, 0),
    "indent 4 dash 6": _reindent(JUSTICE, 4, 6, 4),
    "indent 3": _reindent(JUSTICE, 3, 5, 2),
    "trailing spaces": JUSTICE.replace("\n", "   \n"),
    "spaces after colon": JUSTICE.replace(": ", ":    "),
    "spaces before colon": JUSTICE.replace("序号:", "序号  :"),
    "CRLF": JUSTICE.replace("\n", "\r\n"),
    "BOM": "\ufeff" + JUSTICE,
    "BOM and CRLF": "\ufeff" + JUSTICE.replace("\n", "\r\n"),
    "document start": "---\n" + JUSTICE,
    "document start after the comments": JUSTICE.replace("行政机关:", "--- # 开始\n行政机关:", 1),
    "no newline at the end": JUSTICE.rstrip("\n"),
    "comments everywhere": JUSTICE.replace("\n  - 序号: 2", "\n      # 第二项\n# 顶格的注释\n  - 序号: 2")
    .replace("序号: 1", "序号: 1  # 第一项")
    .replace("代为承诺: false", "代为承诺: false # 本人"),
    "hash without a space is content": JUSTICE.replace(
        "证明用途: 律师执业核准", "证明用途: 律师#执业核准#", 1
    ),
    "colons inside values": JUSTICE.replace(
        "证明用途: 律师执业核准", "证明用途: 见 http://example.cn:8080/a 与 9:00", 1
    ),
    "quoted values": JUSTICE.replace("证明用途: 律师执业核准", "证明用途: '律师执业核准'", 1)
    .replace("名称: 《中华人民共和国律师法》", "名称: '《律师法》''s'", 1)
    .replace(
        "条款: 第七条第（二）项", '条款: "第七条\\t第（二）项 \\u4e2d\\x41\\"\\\\ \\/ \\N\\_\\L\\P\\0\\e"', 1
    )
    .replace("效力层级: 法律", "效力层级: '法律'   # 注", 1),
    "quoted numbers, dates and bools": JUSTICE.replace("序号: 1", "序号: '1'")
    .replace("序号: 2", '序号: "2"')
    .replace("代为承诺: false", "代为承诺: 'false'", 1),
    "flow spacing": JUSTICE.replace("[行政协助核查]", "[ 行政协助核查 ,在线核查,  ]").replace(
        "[内部核查, 行政协助核查]", "[内部核查,'行政 协助核查', \"在线\"]"
    ),
    "flow mapping": re.sub(
        r"公开:\n +是否公开: (\w+)\n +公开范围: (.+)\n +公开时限: (.+)\n",
        r"公开: {公开时限: \3, 公开范围: \2,是否公开:  \1}  # 一行\n",
        JUSTICE,
    ),
    "empty flow collections": JUSTICE.replace("[行政协助核查]", "[]", 1).replace("[信用监管]", "{ }", 1),
    "numbers, dates and bools": JUSTICE.replace("序号: 1", "序号: 010")
    .replace("序号: 2", "序号: 0x1F")
    .replace("序号: 3", "序号: -3")
    .replace(
        "发布日期: 2023-03-31",
        "发布日期: 2023-03-31 10:00:00+08:00\n生效日期: 2023-3-1\n废止日期: 2023-02-30",
    )
    .replace("代为承诺: false", "代为承诺: True", 1)
    .replace("代为承诺: false", "代为承诺: yes", 1)
    .replace(
        "函号前缀: 晋市司函字", "函号前缀: ~\n比例: 1.5e3\n上限: .inf\n下限: -.Inf\n非数: .NaN\n千: 1_000"
    ),
    "implicit keys": JUSTICE.replace(
        "函号前缀:", "1: 一\n010: 八\ntrue: 真\n~: 空\nnull: 空二\n2021-03-31: 日\n函号前缀:"
    ),
    "CJK, emoji and wide spaces": JUSTICE.replace(
        "证明用途: 律师执业核准", "证明用途: 律师😀执业　核准\xa0", 1
    ),
    "positions after emoji": "甲: {😀: 1, 乙: 😀😀}\n丙: [😀😀, 丁]\n乙:\n- 😀: x\n  丁: y\n",
    "a root list": "- 甲\n- 乙: 1\n  丙: [a]\n-\n",
    "indented root": "  甲: 1\n  乙:\n    - 2\n",
    "indentless list in an item": "- 甲:\n  - 1\n  - 2\n  乙: 3\n",
    "collections under an empty item": "甲:\n-\n  - a\n  -\n     乙: 1\n     丙:\n     - 2\n-   # 注\n    丁: 3\n",
}


@pytest.mark.parametrize("text", FAULTS.values(), ids=FAULTS.keys())
def test_faults_of_real_files_are_read_as_libyaml_reads_them(text: str) -> None:
    assert same(text)


def test_duplicate_keys_are_reported_with_their_paths() -> None:
    doc = fast(FAULTS["duplicate keys"])
    assert doc is not None
    assert [p.path for p in doc.problems] == [
        ("行政机关",),
        ("证明事项", 0, "证明用途"),
        ("证明事项", 0, "告知", "代为承诺"),
    ]
    doc = fast(FAULTS["duplicate in a flow mapping"])
    assert doc is not None and doc.problems[0].path == ("证明事项", 0, "监管措施", "核查方式", "方式")


# -- what the fast reader leaves to libyaml ----------------------------------------------------

DECLINED = {
    "tab indentation": "a:\n\tb: 1\n",
    "tab after a value": "a: 1\t\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "merge key": "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "tag": "a: !!str 1\n",
    "local tag": "a: !mine x\n",
    "explicit key": "? a\n: b\n",
    "directive": "%YAML 1.2\n---\na: 1\n",
    "multi-line plain scalar": "a: 甲\n  乙\n",
    "plain scalar on the next line": "a:\n  甲\n",
    "multi-line single quotes": "a: '甲\n  乙'\n",
    "multi-line double quotes": 'a: "甲\n  乙"\n',
    "multi-line flow list": "a: [甲,\n  乙]\n",
    "literal block scalar": "a: |\n  甲\n",
    "folded block scalar": "a: >-\n  甲\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "lone CR": "a: 1\rb: 2\n",
    "NEL": "a: 1\x85b\n",
    "line separator": "a: 1\u2028b\n",
    "paragraph separator": "a: 1\u2029b\n",
    "control character": "a: 1\x07\n",
    "BOM inside": "a: 1\n\ufeffb: 2\n",
    "quoted key": "'a': 1\n",
    "quoted key in a flow mapping": "a: {'b': 1}\n",
    "nested flow": "a: [[1], {b: c}]\n",
    "empty flow value": "a: {b: , c: d}\n",
    "unknown escape": 'a: "\\q"\n',
    "surrogate escape": 'a: "\\ud800"\n',
    "list in a list": "- - a\n",
    "scalar document": "甲\n",
    "flow document": "[a, b]\n",
    "mapping value in a value": "a: b: c\n",
    "colon at the end of a value": "a: b:\n",
    "key without a space after the colon": "a:b\n",
    "value after a quoted scalar": "a: 'b' c\n",
    "hash after a quote": "a: 'b'#c\n",
    "dash as a value": "a: -\n",
    "item at the wrong column": "a:\n  - 1\n - 2\n",
    "key at the wrong column": "a:\n    b: 1\n  c: 2\n",
    "list after a mapping at its column": "a: 1\n- b\n",
    "unclosed bracket": "a: [1, 2\nb: 3\n",
    "unclosed quote": 'a: "甲\nb: 2\n',
    "document end before a colon": "... : 1\n",
    "over-long key": "键" * 300 + ": 1\n",
    "deep nesting": "".join(" " * d + f"k{d}:\n" for d in range(MAX_DEPTH + 2))
    + " " * (MAX_DEPTH + 2)
    + "x: 1\n",
}


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_the_rest_is_left_to_libyaml(text: str) -> None:
    assert fast(text) is None
    doc, reference = parse(text), _libyaml(text)
    assert (_tree(doc.data), doc.problems) == (_tree(reference.data), reference.problems)


def test_syntax_errors_keep_libyamls_chinese_messages() -> None:
    (problem,) = parse("a: b: c\n").problems
    assert problem.kind == "syntax" and "“键: 值”" in problem.message
    assert "嵌套层次过深" in parse(DECLINED["deep nesting"]).problems[0].message


def test_nesting_up_to_the_limit_is_read() -> None:
    deep = "".join(" " * d + f"k{d}:\n" for d in range(MAX_DEPTH - 2)) + " " * (MAX_DEPTH - 2) + "x: 1\n"
    assert same(deep)


# -- generated catalogue-like documents, mutated -------------------------------------------------

# the last keys leave the document to libyaml
KEYS = [
    *("序号", "证明事项", "名称", "告知", "a", "key with spaces", "甲 乙", "a[1]", "it's", "1", "010"),
    *("true", "null", "~", "2021-03-31", "1.5", "=", "k" * 30),
] * 10 + ["...", "-a", "a#b", "a:b", "'q'", "<<"]
PLAINS = [
    *("晋城市司法局", "无犯罪记录证明（第二项）", "a b", "C#", "a:b", "http://example.cn/x?y=1", "50%"),
    *("a, b", "x[1]{2}", "0356-2000101", "1", "010", "0x1F", "0o17", "0b101", "1_000", "-5", "+3"),
    *("1.5", "1e3", "6.02e+23", ".inf", "-.Inf", ".NaN", "2021-03-31", "2021-3-1", "2021-02-30"),
    *("2021-03-31 10:00:00", "2021-03-31T10:00:00Z", "2021-03-31t10:00:00.5+08:00", "true", "False"),
    *("TRUE", "yes", "on", "y", "n", "~", "null", "Null", "NULL", "nul", "=", "<<", "--x", "-x"),
    *("😀表情", "甲\u3000乙", "it's", 'say "hi"', "a''b", "a - b", "a ... b", "中 文  多 空格"),
]
QUOTED = [
    *("'单引号'", "'it''s'", "''", "' 前后 '", '"双引号"', '"\\n\\t\\u4e2d\\x41\\\\\\""', '"#不是注释"'),
    *("'a: b'", '""', "'1'", '"true"', "'~'", '"2021-03-31"', "'#'"),
]
FLOWS = [
    *("[行政协助核查, 在线核查]", "[]", "[ ]", "[a,b]", "[ a , b ]", "[1, 2.5, true, ~, 2021-03-31]"),
    *("['x', \"y\"]", "[a, b, ]", "[中文, 'quoted, comma']", "{是否公开: true, 公开范围: 门户网站}", "{}"),
    *("{a: 1,b: 2}", "{ a: x }", "{a: 1, a: 2}", "{1: x, 010: y}", "{k: 'v', j: \"w\"}", "[-1, +2, .5]"),
]
COMMENTS = ["", "", "", "  # 注释", " #", " # a: b", " #: x"]

_leaf = st.one_of(st.sampled_from(PLAINS), st.sampled_from(QUOTED), st.sampled_from(FLOWS), st.just(""))
_node = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(st.tuples(st.sampled_from(KEYS), inner), min_size=1, max_size=5),  # a mapping
        st.lists(inner, min_size=1, max_size=4).map(tuple),  # a list
    ),
    max_leaves=25,
)


@st.composite
def _document(draw: st.DrawFn) -> str:
    """A block mapping of mappings, lists and scalars, each collection in its own style."""
    lines: list[str] = []

    def comment() -> str:
        return draw(st.sampled_from(COMMENTS))

    def value_text(leaf: str) -> str:
        return (" " * draw(st.integers(1, 2)) + leaf if leaf else "") + comment()

    def block(node: Any, column: int, head: str) -> None:
        """``node`` under the line ``head`` (a key and its colon, or a dash)."""
        if isinstance(node, str):
            lines.append(head + value_text(node))
            return
        if isinstance(node, tuple):  # a list: at the key's column or further in
            lines.append(head + comment())
            dash = column + draw(st.sampled_from([0, 2, 4]) if head.endswith(":") else st.just(2))
            for item in node:
                after = " " * draw(st.integers(1, 3))
                if isinstance(item, list) and draw(st.integers(0, 3)):  # '- key: value'
                    entries(item, dash + 1 + len(after), " " * dash + "-" + after)
                else:
                    block(item, dash, " " * dash + "-")
            return
        lines.append(head + comment())
        entries(node, column + draw(st.integers(1, 4)), None)

    def entries(pairs: list[tuple[str, Any]], column: int, first: str | None) -> None:
        for n, (key, value) in enumerate(pairs):
            if draw(st.integers(0, 9)) == 0:
                lines.append(" " * draw(st.integers(0, 8)) + draw(st.sampled_from(["# 注释", "", "   "])))
            lead = first if n == 0 and first is not None else " " * column
            block(value, column, lead + key + draw(st.sampled_from([":", ":", " :"])))

    root = draw(st.lists(st.tuples(st.sampled_from(KEYS), _node), min_size=1, max_size=6))
    entries(root, draw(st.sampled_from([0, 0, 0, 2])), None)
    return "\n".join(lines) + "\n"


CHARS = [
    *" '\"#:-0y~&*!|>{}[],?%@`\\\t",
    *("  ", "1.5", "null", "\ufeff", "\r", "\x85", "\u2028"),
    *("\u3000", "😀", "中"),
]


@st.composite
def _mutated_document(draw: st.DrawFn) -> str:
    lines = draw(_document()).split("\n")
    for _ in range(draw(st.integers(0, 4))):
        n = draw(st.integers(0, len(lines) - 1))
        line = lines[n]
        kind = draw(st.sampled_from(["indent", "char", "copy", "drop", "join", "comment"]))
        if kind == "indent":
            shift = draw(st.sampled_from([-2, -1, 1, 2]))
            lines[n] = line[-shift:] if shift < 0 and line.startswith(" " * -shift) else " " * shift + line
        elif kind == "char":
            at = draw(st.integers(0, len(line)))
            char = draw(st.sampled_from(CHARS))
            lines[n] = line[:at] + char + line[at + draw(st.integers(0, 1)) :]
        elif kind == "copy":  # a duplicate key, often
            lines.insert(n, line)
        elif kind == "drop" and len(lines) > 1:
            del lines[n]
        elif kind == "join" and n + 1 < len(lines):
            lines[n : n + 2] = [line + lines[n + 1].lstrip(" ")]
        elif kind == "comment":
            lines.insert(n, " " * draw(st.integers(0, 6)) + "#" + draw(st.sampled_from(["", " 注", ": x"])))
    ending = draw(st.sampled_from(["", "", "crlf", "strip", "bom", "start", "two", "end"]))
    return ENDINGS[ending]("\n".join(lines))


HYPOTHESIS = settings(
    max_examples=400,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: it prints the file
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@HYPOTHESIS
@given(_document())
def test_generated_documents(text: str) -> None:
    same(text)


@HYPOTHESIS
@given(_mutated_document())
def test_mutated_documents(text: str) -> None:
    same(text)


@settings(HYPOTHESIS, max_examples=150)
@given(_mutated())
def test_mutated_catalogues(text: str) -> None:
    same(text)


def test_the_generated_documents_reach_the_fast_reader() -> None:
    """The documents above are mostly read by the fast reader, not only handed on."""
    taken = []

    @settings(HYPOTHESIS, max_examples=100, database=None)
    @given(_document())
    def count(text: str) -> None:
        taken.append(same(text))

    count()
    assert sum(taken) > len(taken) // 2


def test_the_refused_and_unprintable_characters_are_the_sets_described() -> None:
    """The classes are spelled as the refused ranges (quicker to compile); over every code
    point they are the complements of the characters YAML reads as they are (libyaml) and of
    those ruamel writes as they are."""
    import re

    from gaozhi_cli.catalog.tidy import _UNPRINTABLE
    from gaozhi_cli.yamlfast import _REFUSED

    read_as_is = re.compile("[\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
    written_as_is = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]")
    every = "".join(map(chr, range(0x110000)))
    assert "".join(_REFUSED.findall(every)) == read_as_is.sub("", every)
    assert "".join(_UNPRINTABLE.findall(every)) == written_as_is.sub("", every)
