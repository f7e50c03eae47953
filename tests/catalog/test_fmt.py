"""``gaozhi catalog fmt``: renumbering, schema key order, comments and quotes kept, --check."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from gaozhi_cli.catalog.fmt import _format_long, format_text
from gaozhi_cli.catalog.tidy import is_tidy
from gaozhi_cli.yamldoc import parse

from .catalogs import JUSTICE, write

MESSY = """\
# yaml-language-server: $schema=../catalog.schema.json
证明事项:   # 两项
  # 第一项
  - 证明用途: "律师执业核准"  # 用途
    # 序号写错了
    序号: 7
    设定依据:
      - 条款: 第七条  # 条款
        名称: '《中华人民共和国律师法》'
        # 依据下的注释
    # 名称上方的注释
    证明事项: 无犯罪记录证明
    监管措施:
      核查时限: 20个工作日内
      核查方式: [行政协助核查]
    告知: {公开: {公开范围: 网站, 是否公开: true}, 证明内容: 未受过刑事处罚}
    # 第二项上方的注释
  - 证明事项: 律师事务所实习证明
    备注: |
      多行备注
      # 这一行是备注的内容，不是注释
    证明用途: 律师执业核准
# 机关
行政机关: 晋城市司法局   # 机关名
# 文件末尾
"""

FORMATTED = """\
# yaml-language-server: $schema=../catalog.schema.json
# 机关
行政机关: 晋城市司法局   # 机关名
证明事项:   # 两项
  # 第一项
    # 序号写错了
  - 序号: 1
    # 名称上方的注释
    证明事项: 无犯罪记录证明
    证明用途: "律师执业核准"  # 用途
    设定依据:
      - 名称: '《中华人民共和国律师法》'
        条款: 第七条  # 条款
        # 依据下的注释
    监管措施:
      核查方式: [行政协助核查]
      核查时限: 20个工作日内
    告知: {证明内容: 未受过刑事处罚, 公开: {是否公开: true, 公开范围: 网站}}
    # 第二项上方的注释
  - 序号: 2
    证明事项: 律师事务所实习证明
    证明用途: 律师执业核准
    备注: |
      多行备注
      # 这一行是备注的内容，不是注释
# 文件末尾
"""


def test_renumbers_orders_keys_and_keeps_comments_and_quotes() -> None:
    result = format_text(MESSY)
    assert result.changed
    assert result.text == FORMATTED


def test_formatting_is_idempotent_and_leaves_tidy_files_alone() -> None:
    assert format_text(FORMATTED) == format_text(FORMATTED)
    assert not format_text(FORMATTED).changed
    assert not format_text(JUSTICE).changed


def test_formatting_keeps_the_data() -> None:
    before, after = parse(MESSY).data, parse(format_text(MESSY).text).data
    before["证明事项"][0]["序号"] = 1
    before["证明事项"][1]["序号"] = 2
    assert after == before  # dict equality ignores key order


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("序号: 3\n", "序号: 1\n"),
        ("序号: '1'\n", "序号: 1\n"),
        ("", "序号: 1\n"),
    ],
)
def test_sequence_number_forms(before: str, after: str) -> None:
    text = (
        f"行政机关: 甲\n证明事项:\n  - {before}    证明事项: 乙\n"
        if before
        else "行政机关: 甲\n证明事项:\n  - 证明事项: 乙\n"
    )
    assert format_text(text).text == f"行政机关: 甲\n证明事项:\n  - {after}    证明事项: 乙\n"


def test_check_reports_and_exits_1_without_writing(gaozhi, tmp_path: Path) -> None:
    messy = write(tmp_path / "c" / "messy.yaml", MESSY)
    write(tmp_path / "c" / "tidy.yaml", JUSTICE)
    result = gaozhi("catalog", "fmt", "--check", "c")
    assert result.exit_code == 1
    assert "需要格式化：c/messy.yaml" in result.stderr
    assert "tidy.yaml" not in result.stderr.split("\n")[0]
    assert "1 个文件需要格式化，1 个文件无需改动" in result.stderr
    assert messy.read_text("utf-8") == MESSY


def test_check_passes_on_tidy_files(gaozhi, justice: Path) -> None:
    result = gaozhi("catalog", "fmt", "--check", justice)
    assert result.exit_code == 0, result.output


def test_diff_shows_the_change(gaozhi, tmp_path: Path) -> None:
    write(tmp_path / "m.yaml", MESSY)
    result = gaozhi("catalog", "fmt", "--diff", "m.yaml")
    assert result.exit_code == 1
    assert (
        "--- m.yaml" in result.stdout and "-    序号: 7" in result.stdout and "+  - 序号: 1" in result.stdout
    )
    assert (tmp_path / "m.yaml").read_text("utf-8") == MESSY


def test_rewrites_in_place(gaozhi, tmp_path: Path) -> None:
    path = write(tmp_path / "m.yaml", MESSY)
    result = gaozhi("catalog", "fmt", path)
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == FORMATTED
    assert "1 个文件已格式化" in result.stderr


def test_a_broken_file_is_reported_and_the_others_formatted(gaozhi, tmp_path: Path) -> None:
    write(tmp_path / "c" / "a_broken.yaml", "行政机关: 甲\n证明事项: [\n")
    messy = write(tmp_path / "c" / "b_messy.yaml", MESSY)
    result = gaozhi("catalog", "fmt", "c", "--jobs", "2")  # errors come back from worker processes too
    assert result.exit_code == 2
    assert "c/a_broken.yaml" in result.stderr and "第 3 行" in result.stderr
    assert "Traceback" not in result.output
    assert messy.read_text("utf-8") == FORMATTED


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "别名炸弹"),
        ("行政机关: 甲\n行政机关: 乙\n", "第 2 行"),
    ],
)
def test_refuses_alias_bombs_and_duplicate_keys(gaozhi, tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "x.yaml", text)
    result = gaozhi("catalog", "fmt", path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_text("utf-8") == text


def test_gbk_file_is_rewritten_as_utf8(gaozhi, tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(FORMATTED.encode("gb18030"))
    assert gaozhi("catalog", "fmt", "--check", path).exit_code == 1  # the encoding changes
    assert gaozhi("catalog", "fmt", path).exit_code == 0
    assert path.read_text("utf-8") == FORMATTED


UNFILLED = """\
行政机关: 晋城市司法局
证明事项:
  - 序号: 1
    证明事项: 无犯罪记录证明
    证明用途: 律师执业核准
    # 依据的注释
    设定依据:
      - 名称: 《律师法》  # 简称
        文号: 中华人民共和国主席令第七十六号
        条款: 第七条第（二）项
        效力层级: 法律
      - 名称: 《社会救助办法》
        文号: 国务院令第649号
        条款: 第十一条
        内容: 已有的内容不动
      - 名称: 《山西省法律援助条例》
        条款: 第十三条
    索要单位: 市司法局
    开具单位: 公安机关
"""


def test_fill_basis_writes_the_cited_text_and_full_titles_keeping_comments(gaozhi, tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", UNFILLED)
    diff = gaozhi("catalog", "fmt", "--fill-basis", "--diff", path)
    assert diff.exit_code == 1
    assert "+      - 名称: 《中华人民共和国律师法》" in diff.stdout
    assert (
        "+        内容: 申请人有下列情形之一的，不予颁发律师执业证书:……（二）受过刑事处罚的，但过失犯罪的除外；"
        in diff.stdout
    )
    assert path.read_text(encoding="utf-8") == UNFILLED  # --diff writes nothing
    assert "将从法规库填入 1 处条文内容、改写 2 个依据名称为全称" in diff.stderr

    assert gaozhi("catalog", "fmt", "--fill-basis", path).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert "# 依据的注释" in after and "# 简称" in after
    assert "内容: 已有的内容不动" in after and "《山西省法律援助条例》" in after
    data = parse(after).data["证明事项"][0]["设定依据"]
    assert [b["名称"] for b in data[:2]] == ["《中华人民共和国律师法》", "《社会救助暂行办法》"]
    assert list(data[0]) == ["名称", "文号", "条款", "内容", "效力层级"]
    # what was filled is the article's text: the validator finds nothing to say about it
    result = gaozhi("catalog", "validate", "--select", "GZ209,GZ210,GZ212,GZ213", "-f", "concise", path)
    assert result.exit_code == 0, result.stdout
    assert gaozhi("catalog", "fmt", "--fill-basis", "--check", path).exit_code == 0


def test_without_fill_basis_nothing_is_filled() -> None:
    assert "内容: 申请人" not in format_text(UNFILLED).text


def test_format_paths_is_usable_without_the_cli(tmp_path: Path) -> None:
    from gaozhi_cli.catalog.fmt import format_paths

    messy = write(tmp_path / "c" / "messy.yaml", MESSY)
    write(tmp_path / "c" / "tidy.yaml", JUSTICE)
    run = format_paths([tmp_path / "c"], max_size=10**6, diff=True)
    assert [o.path.name for o in run.changed] == ["messy.yaml"] and run.unchanged == 1 and not run.writes
    assert run.changed[0].diff.startswith("---") and messy.read_text("utf-8") == MESSY
    run = format_paths([messy], max_size=10**6)
    assert run.writes and messy.read_text("utf-8") != MESSY
    assert format_paths([messy], max_size=10**6, check=True).changed == []


# -- the tidy fast path: a file it passes is one the round trip leaves unchanged ---------------

_SHIPPED = sorted((Path(__file__).parents[2] / "catalogs").glob("*.yaml"))
_TIDY = (Path(__file__).parents[2] / "catalogs" / "justice.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", _SHIPPED, ids=lambda p: p.name)
def test_shipped_catalogues_are_proven_tidy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert is_tidy(text, parse(text).data)
    assert not _format_long(text, None).changed


@pytest.mark.parametrize(
    "edit",
    [
        ("序号: 2", "序号: 3"),  # numbering
        ("证明用途: 律师执业核准", "证明用途:  律师执业核准"),  # spacing
        ("证明用途: 律师执业核准", '证明用途: "律师\\u6267业核准"'),  # an escape, rewritten
        ("[行政协助核查]", "[ 行政协助核查 ]"),  # flow spacing
        ("代为承诺: false", "代为承诺: False"),
        (
            "证明事项: 无犯罪记录证明\n    证明用途: 律师执业核准",
            "证明用途: 律师执业核准\n    证明事项: 无犯罪记录证明",
        ),
        ("  - 序号: 1", "\n   \n  - 序号: 1"),  # a blank line with spaces
        ("# yaml-language-server", "\n# yaml-language-server"),  # a blank first line
    ],
)
def test_files_fmt_would_change_are_not_proven_tidy(edit: tuple[str, str]) -> None:
    assert edit[0] in _TIDY
    edited = _TIDY.replace(edit[0], edit[1], 1)
    doc = parse(edited)
    assert not doc.problems
    assert not is_tidy(edited, doc.data)


@pytest.mark.parametrize(
    "value",
    [
        "'律师执业核准'",
        '"律师执业核准"',
        "'律师''执业''核准'",
        "律师执业核准  # 用途",
        "律师执业核准 #",
        "'律师' # 用途",
    ],
)
def test_quotes_and_end_of_line_comments_are_proven_tidy(value: str) -> None:
    edited = _TIDY.replace("证明用途: 律师执业核准", f"证明用途: {value}", 1)
    assert is_tidy(edited, parse(edited).data)
    assert not _format_long(edited, None).changed


@pytest.mark.parametrize(
    "value",
    ["律师\ufeff执业核准", " ".join(["律师执业核准"] * 600)],
    ids=["U+FEFF, escaped", "a line past 4096 columns, wrapped"],
)
def test_values_the_round_trip_rewrites_are_not_proven_tidy(value: str) -> None:
    edited = _TIDY.replace("证明用途: 律师执业核准", f"证明用途: {value}", 1)
    assert not is_tidy(edited, parse(edited).data)
    assert _format_long(edited, None).changed


# no shrinking: a failure prints the whole file, and shrinking a 60-line file takes minutes
@settings(
    max_examples=100,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.data())
def test_the_fast_path_never_passes_a_file_the_round_trip_changes(data: st.DataObject) -> None:
    lines = _TIDY.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3))):
        n = data.draw(st.integers(0, len(lines) - 1))
        line = lines[n]
        at = data.draw(st.integers(0, max(0, len(line) - 1)))
        edit = data.draw(st.sampled_from(["insert", "delete", "swap"]))
        if edit == "insert":
            char = data.draw(st.sampled_from([*list(" '\"#:-0y~&*!|>{}[],\t\n"), "  ", "1.5", "null"]))
            lines[n] = line[:at] + char + line[at:]
        elif edit == "delete":
            lines[n] = line[:at] + line[at + 1 :]
        elif n + 1 < len(lines):
            lines[n], lines[n + 1] = lines[n + 1], lines[n]
    text = "".join(lines)
    doc = parse(text)
    assume(not doc.problems and is_tidy(text, doc.data))
    assert not _format_long(text, None).changed, text
