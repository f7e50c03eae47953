"""``gaozhi statutes`` show, search, info and add, and texts a user adds taking part in validation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.catalog.helpers import catalog_yaml, valid_item

LOCAL = """# 山西省示例条例

2021年9月29日 山西省第十三届人民代表大会常务委员会第二十九次会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了示例，制定本条例。

第二条 申请示例补贴，应当提交下列材料：

（一）身份证明；

（二）收入状况说明。

第三条 本条例自2022年1月1日起施行。
"""

NEWER_LAW = """# 中华人民共和国律师法

2026年6月1日 第十四届全国人民代表大会常务委员会第二十三次会议修订

<!-- INFO END -->

第一条 为了完善律师制度，制定本法。

第二条 本法自2026年10月1日起施行。
"""


def test_show_numbers_paragraphs_and_items(gaozhi) -> None:
    result = gaozhi("statutes", "show", "律师法", "第七条第（二）项")
    assert result.exit_code == 0
    out = result.stdout
    assert "《中华人民共和国律师法》" in out and "2017年9月1日（现行版本，现行有效）" in out
    assert "第二章 律师执业许可" in out
    assert "▶ （二）受过刑事处罚的，但过失犯罪的除外；" in out
    assert "  （一）无民事行为能力或者限制民事行为能力的；" in out


def test_show_labels_each_paragraph_of_a_longer_article(gaozhi) -> None:
    out = gaozhi("statutes", "show", "社会救助暂行办法", "第二条").stdout
    assert "第一款　" in out and "第二款　" in out


def test_show_an_older_version(gaozhi) -> None:
    out = gaozhi("statutes", "show", "道路运输条例", "第十条", "--version", "2020-01-01").stdout
    assert "2019年3月2日（旧版本" in out and "工商行政管理机关" in out


def test_show_what_is_not_there(gaozhi) -> None:
    result = gaozhi("statutes", "show", "律师法", "第八十条")
    assert result.exit_code == 1 and "没有第八十条" in result.output
    result = gaozhi("statutes", "show", "中华人民共和国律师执业法")
    assert result.exit_code == 1 and "最接近的名称：《中华人民共和国律师法》" in result.output
    result = gaozhi("statutes", "show", "婚姻法", "第八条")
    assert result.exit_code == 1 and "已被废止" in result.output and "民法典" in result.output
    result = gaozhi("statutes", "show", "律师法", "第第七条")
    assert result.exit_code == 2 and "不是条款的写法" in result.output


def test_show_an_annex_item_of_a_decision_as_validation_knows_it(gaozhi) -> None:
    decision = "国务院对确需保留的行政审批项目设定行政许可的决定"
    known = gaozhi("statutes", "show", decision, "附件第204项")
    assert known.exit_code == 0 and "供水单位卫生许可" in known.stdout
    # an item of the 500 whose words the book lacks is there (catalog validate accepts it), unread
    unread = gaozhi("statutes", "show", decision, "第80项")
    assert (
        unread.exit_code == 1
        and "附件共500项，附件第80项在其中，但法规库没有收录这一项的文字" in unread.output
    )
    beyond = gaozhi("statutes", "show", decision, "附件第501项")
    assert beyond.exit_code == 1 and "没有附件第501项" in beyond.output


def test_show_a_decision_prints_its_text(gaozhi) -> None:
    out = gaozhi("statutes", "show", "国务院对确需保留的行政审批项目设定行政许可的决定").stdout
    assert "共500项" in out and "国务院令第412号" in out


def test_search_titles_and_articles(gaozhi) -> None:
    result = gaozhi("statutes", "search", "无犯罪记录")
    assert result.exit_code == 0
    assert "《教师资格条例》第十五条" in result.stdout and "共 5 处" in result.stdout
    assert gaozhi("statutes", "search", "不可能出现的词语组合甲乙丙").exit_code == 1


def test_info(gaozhi) -> None:
    out = gaozhi("statutes", "info").stdout
    flat = re.sub(r"\n\s*", "", out)
    assert "2025年4月19日" in out and "行政法规" in out and "国务院令第412号、第548号、第671号" in flat
    assert not re.search(r"(第|\d)\n\s*(\d|号|）)", out)  # wrapped between 第 and 671号, never inside


def _project(tmp_path: Path) -> Path:
    (tmp_path / "gaozhi.toml").write_text('[statutes]\nextra = ["法规"]\n', encoding="utf-8")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "山西省示例条例(2021-09-29).md").write_text(LOCAL, encoding="utf-8")
    return incoming


def test_add_checks_copies_and_then_validation_uses_the_text(gaozhi, tmp_path: Path) -> None:
    incoming = _project(tmp_path)
    (incoming / "坏文件.md").write_text("# 没有公布信息\n第一条 甲。\n", encoding="utf-8")
    result = gaozhi("statutes", "add", incoming)
    assert result.exit_code == 1
    assert "坏文件.md:1: 没有“<!-- INFO END -->”行" in result.stdout
    assert (
        "已加入：" in result.stdout
        and "《山西省示例条例》地方性法规，2021年9月29日版本，3 条" in result.stdout
    )
    assert (tmp_path / "法规" / "山西省示例条例(2021-09-29).md").is_file()
    assert not (tmp_path / "法规" / "坏文件.md").exists()

    basis = {
        "名称": "《山西省示例条例》",
        "文号": "山西省人民代表大会常务委员会公告第1号",
        "条款": "第二条第（三）项",
        "内容": "申请示例补贴，应当提交下列材料",
        "效力层级": "地方性法规",
    }
    (tmp_path / "c.yaml").write_text(catalog_yaml(valid_item(设定依据=[basis])), encoding="utf-8")
    data = json.loads(gaozhi("catalog", "validate", "-f", "json", "c.yaml").stdout)
    (d,) = [d for d in data["diagnostics"] if d["code"] == "GZ209"]
    assert "第二条只有二项，没有第（三）项" in d["message"]
    assert data["basis_resolved"][0]["level"] == "地方性法规"
    assert "山西省示例条例" in gaozhi("statutes", "info").stdout


def test_add_never_overwrites_without_force(gaozhi, tmp_path: Path) -> None:
    incoming = _project(tmp_path)
    assert gaozhi("statutes", "add", incoming).exit_code == 0
    again = gaozhi("statutes", "add", incoming)
    assert again.exit_code == 1 and "已存在；加 --force 覆盖" in again.stdout
    assert gaozhi("statutes", "add", incoming, "--force").exit_code == 0


def test_add_without_a_folder_says_how_to_set_one(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(LOCAL, encoding="utf-8")
    result = gaozhi("statutes", "add", tmp_path / "a.md")
    assert result.exit_code == 2 and "[statutes] extra" in result.output


def test_a_users_newer_version_of_a_law_takes_part(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "gaozhi.toml").write_text('[statutes]\nextra = ["法规"]\n', encoding="utf-8")
    (tmp_path / "法规").mkdir()
    (tmp_path / "法规" / "律师法(2026-06-01).md").write_text(NEWER_LAW, encoding="utf-8")
    basis = {
        "名称": "《中华人民共和国律师法》",
        "文号": "中华人民共和国主席令第七十六号",
        "条款": "第七条",
        "内容": "申请人有下列情形之一的，不予颁发律师执业证书",
        "效力层级": "法律",
    }
    (tmp_path / "c.yaml").write_text(catalog_yaml(valid_item(设定依据=[basis])), encoding="utf-8")
    data = json.loads(gaozhi("catalog", "validate", "-f", "json", "c.yaml").stdout)
    assert data["basis_resolved"][0]["version"] == "2026-06-01"
    (d,) = [d for d in data["diagnostics"] if d["code"] == "GZ209"]
    assert "没有第七条" in d["message"]


def test_a_configured_folder_that_does_not_exist_is_named(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "gaozhi.toml").write_text('[statutes]\nextra = ["没有的文件夹"]\n', encoding="utf-8")
    (tmp_path / "c.yaml").write_text(catalog_yaml(valid_item()), encoding="utf-8")
    result = gaozhi("catalog", "validate", "c.yaml")
    assert result.exit_code == 2 and "没有的文件夹" in result.output and "不存在" in result.output


REPEATING = """# 山西省重复用语示例条例

2021年9月29日 山西省第十三届人民代表大会常务委员会第二十九次会议通过

<!-- INFO END -->

第一条 申请示例许可，应当符合下列条件：

（一）具有完全民事行为能力；

（二）具有完全民事行为能力，且未受过刑事处罚。

第二条 本条例自2022年1月1日起施行。
"""


@pytest.mark.parametrize(
    ("article", "quote", "named"),
    [
        # words of 第（二）项 that 第（一）项 also has, quoted for 第（二）项: they are its words
        ("第一条第（二）项", "具有完全民事行为能力", None),
        ("第一条第（二）项", "……（二）具有完全民事行为能力，且未受过刑事处罚", None),
        ("第一条第（一）项", "未受过刑事处罚", "第一条第（二）项"),
    ],
)
def test_a_quote_is_placed_in_the_cited_item_when_its_words_are_there(
    gaozhi, tmp_path: Path, article: str, quote: str, named: str | None
) -> None:
    (tmp_path / "gaozhi.toml").write_text('[statutes]\nextra = ["法规"]\n', encoding="utf-8")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "山西省重复用语示例条例(2021-09-29).md").write_text(REPEATING, encoding="utf-8")
    assert gaozhi("statutes", "add", incoming).exit_code == 0
    basis = {
        "名称": "《山西省重复用语示例条例》",
        "文号": "山西省人民代表大会常务委员会公告第1号",
        "条款": article,
        "内容": quote,
        "效力层级": "地方性法规",
    }
    (tmp_path / "c.yaml").write_text(catalog_yaml(valid_item(设定依据=[basis])), encoding="utf-8")
    data = json.loads(gaozhi("catalog", "validate", "-f", "json", "c.yaml").stdout)
    found = [d["message"] for d in data["diagnostics"] if d["code"] == "GZ210"]
    assert found == (
        []
        if named is None
        else [f"引文出自《山西省重复用语示例条例》{named}，不是所引的{article}；请改正条款或内容"]
    )
