"""``gaozhi catalog diff``: two versions of a catalogue, as files, folders or git revisions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .catalogs import JUSTICE, write
from .conftest import need

NEW_ITEM = """\
  - 序号: 1
    证明事项: 无犯罪记录证明
    证明用途: 公证员执业许可
    设定依据:
      - 名称: 《中华人民共和国公证法》
        文号: 中华人民共和国主席令第七十九号
        条款: 第二十条第（三）项
        内容: 有下列情形之一的，不得担任公证员：……（三）因故意犯罪或者职务过失犯罪受过刑事处罚的；
    索要单位: 市司法局
    开具单位: 公安机关
    监管措施:
      核查方式: [行政协助核查]
      核查时限: 作出决定后20个工作日内
      核查标准: 公安机关书面回复
"""


def new_version() -> str:
    """2022: a new item in front, 实习证明 dropped, two fields of 经济困难证明 changed."""
    text = JUSTICE.replace("发布日期: 2021-03-31", "发布日期: 2022-03-31")
    start = text.index("  - 序号: 2")
    end = text.index("  - 序号: 3")
    text = text[:start] + text[end:]
    text = text.replace("证明事项:\n  - 序号: 1", "证明事项:\n" + NEW_ITEM + "  - 序号: 1", 1)
    text = text.replace(
        "  - 序号: 1\n    证明事项: 无犯罪记录证明\n    证明用途: 律师",
        "  - 序号: 2\n    证明事项: 无犯罪记录证明\n    证明用途: 律师",
    )
    text = text.replace("受理申请后7个工作日内", "受理申请后5个工作日内")
    return text.replace("        条款: 第十七条第一款第（二）项\n", "        条款: 第十七条\n")


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "v2021" / "justice.yaml"), write(
        tmp_path / "v2022" / "justice.yaml", new_version()
    )


def test_text_lists_added_removed_and_changed_fields(gaozhi, versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = gaozhi("catalog", "diff", old, new)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "晋城市司法局：新增 1 项，取消 1 项，调整 1 项，未变 1 项（其中 1 项只是序号变动）" in out
    assert "发布日期：2021年3月31日 → 2022年3月31日" in out
    assert "+ 第 1 项 无犯罪记录证明（公证员执业许可）" in out
    assert "- 原第 2 项 律师事务所实习证明（律师执业核准）" in out
    assert "~ 第 3 项 经济困难证明（申请法律援助）" in out
    assert "设定依据《法律援助条例》.条款：第十七条第一款第（二）项 → 第十七条" in out
    assert "监管措施.核查时限：受理申请后7个工作日内 → 受理申请后5个工作日内" in out
    # matched by 证明事项 + 证明用途: item 1 became item 2 and is not reported as changed
    assert "律师执业核准）［原" not in out and "无犯罪记录证明（律师执业核准）" not in out


def test_json_for_other_tools(gaozhi, versions: tuple[Path, Path]) -> None:
    result = gaozhi("catalog", "diff", *versions, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"] == {"catalogs": 1, "added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    catalog = data["catalogs"][0]
    assert catalog["status"] == "changed"
    assert [i["证明用途"] for i in catalog["added"]] == ["公证员执业许可"]
    assert catalog["added"][0]["设定依据"][0]["条款"] == "第二十条第（三）项"
    assert [i["证明事项"] for i in catalog["removed"]] == ["律师事务所实习证明"]
    changed = catalog["changed"][0]
    assert (changed["seq"], changed["old_seq"], changed["name"]) == (3, 3, "经济困难证明")
    assert {
        "field": "监管措施.核查时限",
        "old": "受理申请后7个工作日内",
        "new": "受理申请后5个工作日内",
    } in changed["changes"]


def test_identical_versions_and_exit_code(gaozhi, tmp_path: Path, versions: tuple[Path, Path]) -> None:
    same = write(tmp_path / "copy.yaml")
    result = gaozhi("catalog", "diff", versions[0], same, "--exit-code")
    assert result.exit_code == 0
    assert "没有变化（3 项）" in result.stdout
    assert gaozhi("catalog", "diff", *versions, "--exit-code").exit_code == 1


def test_folders_match_catalogues_by_agency(gaozhi, tmp_path: Path) -> None:
    write(tmp_path / "old" / "sfj.yaml")
    write(tmp_path / "old" / "mzj.yaml", JUSTICE.replace("行政机关: 晋城市司法局", "行政机关: 晋城市民政局"))
    write(tmp_path / "new" / "司法局.yaml", new_version())  # renamed file, same agency
    write(tmp_path / "new" / "rsj.yaml", JUSTICE.replace("行政机关: 晋城市司法局", "行政机关: 晋城市人社局"))
    result = gaozhi("catalog", "diff", "old", "new")
    assert result.exit_code == 0, result.output
    assert "晋城市司法局：新增 1 项，取消 1 项，调整 1 项" in result.stdout
    assert "晋城市人社局：新增目录，共 3 项" in result.stdout
    assert "晋城市民政局：目录已删除，原有 3 项" in result.stdout


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    need("git")
    _git(tmp_path, "init", "-q")
    write(tmp_path / "catalogs" / "justice.yaml")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "2021")
    write(tmp_path / "catalogs" / "justice.yaml", new_version())
    _git(tmp_path, "commit", "-q", "-am", "2022")
    return tmp_path


def test_two_git_revisions_of_a_path(gaozhi, repo: Path) -> None:
    result = gaozhi("catalog", "diff", "HEAD~1:catalogs/justice.yaml", "HEAD:catalogs/justice.yaml")
    assert result.exit_code == 0, result.output
    assert "旧版：HEAD~1:catalogs/justice.yaml" in result.stdout
    assert "新增 1 项，取消 1 项，调整 1 项" in result.stdout
    folders = gaozhi("catalog", "diff", "HEAD~1:catalogs", "HEAD:catalogs")
    assert "新增 1 项，取消 1 项，调整 1 项" in folders.stdout


def test_rev_option_against_the_working_tree(gaozhi, repo: Path) -> None:
    edited = new_version().replace("核查标准: 公安机关书面回复\n", "核查标准: 公安机关书面回复无犯罪记录\n")
    write(repo / "catalogs" / "justice.yaml", edited)
    result = gaozhi("catalog", "diff", "--rev", "HEAD", "catalogs/justice.yaml")
    assert result.exit_code == 0, result.output
    assert "调整 1 项" in result.stdout
    assert "监管措施.核查标准：公安机关书面回复 → 公安机关书面回复无犯罪记录" in result.stdout
    both = gaozhi("catalog", "diff", "--rev", "HEAD~1", "--rev", "HEAD", "catalogs/justice.yaml")
    assert "新增 1 项，取消 1 项，调整 1 项" in both.stdout


def test_bad_versions_get_clear_messages(gaozhi, repo: Path) -> None:
    missing = gaozhi("catalog", "diff", "HEAD~9:catalogs/justice.yaml", "catalogs/justice.yaml")
    assert missing.exit_code == 2
    assert "git 中找不到 HEAD~9:catalogs/justice.yaml" in missing.stderr
    write(repo / "broken.yaml", "行政机关: [\n")
    broken = gaozhi("catalog", "diff", "broken.yaml", "catalogs/justice.yaml")
    assert broken.exit_code == 2
    assert "无法读取 broken.yaml（第 2 行" in broken.stderr
    nothing = gaozhi("catalog", "diff", "nowhere.yaml", "catalogs/justice.yaml")
    assert nothing.exit_code == 2 and "找不到文件或目录：nowhere.yaml" in nothing.stderr
    one = gaozhi("catalog", "diff", "catalogs/justice.yaml")
    assert one.exit_code == 2 and "两个版本" in one.stderr


def test_a_version_with_schema_errors_is_compared_with_a_warning(gaozhi, versions: tuple[Path, Path]) -> None:
    old, new = versions
    broken = new.read_text("utf-8").replace("证明用途: 申请法律援助", "证明用途: [申请法律援助]")
    new.write_text(broken, "utf-8")
    result = gaozhi("catalog", "diff", old, new)
    assert result.exit_code == 0, result.output
    assert "有 1 处格式问题，有问题的字段按空值比较" in result.stdout
    assert "+ 第 1 项 无犯罪记录证明（公证员执业许可）" in result.stdout


def test_an_item_whose_purpose_changes_width_only_is_the_same_item(gaozhi, tmp_path: Path) -> None:
    """Items are matched by Item.identity (NFKC, spaces ignored), as validate matches them."""
    half = JUSTICE.replace("证明用途: 申请法律援助", "证明用途: 申请法律援助(民事)")
    full = JUSTICE.replace("证明用途: 申请法律援助", "证明用途: 申请法律援助（民事） ")
    old, new = write(tmp_path / "a" / "justice.yaml", half), write(tmp_path / "b" / "justice.yaml", full)
    result = gaozhi("catalog", "diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert (summary["added"], summary["removed"], summary["changed"], summary["unchanged"]) == (0, 0, 0, 3)
