"""Batch files that are not quite CSV: a bad row fails alone, every line is accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import all_text, open_docx

HEADER = "证明事项,申请人.姓名,申请人.证件编号,日期\n"
ID = "140525198512034565"


def run(gaozhi, catalog: Path, csv_path: Path, *extra: str):
    return gaozhi(
        "letter", "generate", "commitment", "-c", catalog, "-b", csv_path, "--out-dir", "out", *extra
    )


def written() -> list[str]:
    return sorted(p.name for p in Path("out").glob("*.docx"))


@pytest.mark.parametrize("ledger", [False, True])
def test_a_row_with_more_cells_than_the_header_fails_alone(gaozhi, catalog: Path, ledger: bool) -> None:
    if ledger:  # the rows are checked against the ledger first (batch._drafts)
        Path("gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
        assert gaozhi("ledger", "init").exit_code == 0
    Path("b.csv").write_text(
        f"{HEADER}1,甲,{ID},2021-03-16\n1,乙,{ID},2021-03-16,多余\n1,丙,{ID},2021-03-16\n", encoding="gb18030"
    )
    result = run(gaozhi, catalog, Path("b.csv"))
    assert result.exit_code == 1, result.output
    assert "b.csv 第 3 行：单元格比表头多（多出 1 个）" in result.output
    assert "共 3 行：已生成 2 份，跳过 0 行，失败 1 行" in result.output
    assert len(written()) == 2 and not [n for n in written() if "乙" in n]


def test_an_unclosed_quote_fails_its_row_and_the_later_rows_are_still_read(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text(
        f'{HEADER}1,甲,{ID},2021-03-16\n1,"乙\n1,丙,{ID},2021-03-16\n1,"丁",{ID},2021-03-16\n',
        encoding="gb18030",
    )
    result = run(gaozhi, catalog, Path("b.csv"))
    assert result.exit_code == 1, result.output
    assert "b.csv 第 3 行：引号不成对" in result.output
    assert "缺少必填字段" not in result.output
    assert "共 4 行：已生成 3 份，跳过 0 行，失败 1 行" in result.output
    assert written() == ["告知承诺书-丁.docx", "告知承诺书-丙.docx", "告知承诺书-甲.docx"]
    assert "丙" in all_text(open_docx(Path("out/告知承诺书-丙.docx")))


def test_a_column_named_twice_is_an_error_of_the_file(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text(
        f"证明事项,申请人.姓名,申请人.姓名,申请人.证件编号\n1,甲,乙,{ID}\n", encoding="utf-8"
    )
    result = run(gaozhi, catalog, Path("b.csv"))
    assert result.exit_code == 2, result.output
    assert "b.csv 第 1 行（表头）：列“申请人.姓名”出现了两次" in result.output
    assert not Path("out").exists() or written() == []


def test_a_row_naming_another_item_than_the_item_option_fails(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text(f"{HEADER}2,甲,{ID},2021-03-16\n1,乙,{ID},2021-03-16\n", encoding="utf-8")
    result = run(gaozhi, catalog, Path("b.csv"), "--item", "1")
    assert result.exit_code == 1, result.output
    assert "b.csv 第 2 行：数据中的“证明事项”是“2”（律师事务所实习满一年证明），--item 是“1”" in result.output
    assert written() == ["告知承诺书-乙.docx"]


def test_an_unknown_name_placeholder_is_a_usage_error_before_any_letter(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text(f"{HEADER}1,甲,{ID},2021-03-16\n1,乙,{ID},2021-03-16\n", encoding="utf-8")
    result = run(gaozhi, catalog, Path("b.csv"), "--name", "{申请人.名字}")
    assert result.exit_code == 2, result.output
    assert "--name 中的“{申请人.名字}”不是承诺书的数据字段；最接近的字段：申请人.姓名" in result.output
    assert not Path("out").exists()
    # a field by its English name names the same field, whichever names the data uses
    result = run(gaozhi, catalog, Path("b.csv"), "--name", "{applicant.name}-{item}")
    assert result.exit_code == 0, result.output
    assert written() == ["乙-1.docx", "甲-1.docx"]
