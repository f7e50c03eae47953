"""examples/letters: data for every kind, a GB18030 batch and an exclusion list, all working."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaozhi_cli.letters.forms import forms

from .helpers import all_text, open_docx

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"


@pytest.mark.parametrize("kind", forms())
def test_example_data_for_every_kind(gaozhi, kind: str) -> None:
    result = gaozhi(
        "letter",
        "generate",
        kind,
        "-c",
        EXAMPLES / "catalog.yaml",
        "-d",
        EXAMPLES / f"{kind}.yaml",
        "-o",
        "x.docx",
    )
    assert result.exit_code == 0, result.output
    assert "晋城市司法局" in all_text(open_docx(Path("x.docx")))


def test_example_batch_refuses_two_rows_and_writes_three(gaozhi) -> None:
    assert (EXAMPLES / "commitment-batch.csv").read_bytes().decode("gb18030")  # GB18030, not UTF-8
    result = gaozhi(
        "letter",
        "generate",
        "commitment",
        "-c",
        EXAMPLES / "catalog.yaml",
        "-b",
        EXAMPLES / "commitment-batch.csv",
        "--exclude-list",
        EXAMPLES / "exclude-list.csv",
        "--out-dir",
        "out",
    )
    assert result.exit_code == 1
    assert "已生成 3 份，跳过 0 行，失败 2 行" in result.output
    assert sorted(p.name for p in Path("out").iterdir()) == [
        "告知承诺书-孙七-22.docx",
        "告知承诺书-晋城某律师事务所-23.docx",
        "告知承诺书-王五-21.docx",
    ]
