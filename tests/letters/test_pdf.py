"""A real word processor reads what gaozhi writes: LibreOffice converts, pdftotext reads back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gaozhi_cli.letters.forms import forms
from gaozhi_cli.letters.pdf import to_pdf

from .helpers import example, needs_soffice

pytestmark = [
    needs_soffice,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="未安装 poppler-utils（pdftotext）"),
]


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", out)  # lines break anywhere in Chinese text


def test_commitment_pdf_has_name_and_legal_basis(gaozhi, catalog: Path) -> None:
    result = gaozhi(
        "letter",
        "generate",
        "commitment",
        "-c",
        catalog,
        "-d",
        example(gaozhi, "commitment"),
        "-o",
        "张三.docx",
        "--pdf",
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(Path("张三.pdf"))
    assert "张三" in text
    assert "《中华人民共和国律师法》（中华人民共和国主席令第七十六号）第七条" in text
    assert "受过刑事处罚的，但过失犯罪的除外" in text
    assert "[2021年]第15号" in text


def test_output_may_name_the_pdf_with_pdf(gaozhi, catalog: Path) -> None:
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "-o", "联络表.pdf", "--pdf")
    assert result.exit_code == 0, result.output
    assert Path("联络表.docx").is_file() and "晋城市司法局" in pdf_text(Path("联络表.pdf"))


def test_every_kind_converts_and_shows_its_data(gaozhi, catalog: Path) -> None:
    documents = []
    for kind in forms():
        out = Path(f"{kind}.docx")
        result = gaozhi("letter", "generate", kind, "-c", catalog, "-d", example(gaozhi, kind), "-o", out)
        assert result.exit_code == 0, result.output
        documents.append(out.resolve())
    assert to_pdf(documents, force=False) == dict.fromkeys(documents)
    expected = {
        "liaison": "李晓梅",
        "assist-reply": "晋市公函〔2021〕3号",
        "assist-request": "晋市司函字〔2021〕15号",
    }
    for doc in documents:
        text = pdf_text(doc.with_suffix(".pdf"))
        assert expected.get(doc.stem, "张三") in text, doc.stem


def test_letter_has_no_page_number_on_page_one(gaozhi, catalog: Path) -> None:
    many = [
        a
        for n in range(1, 31)
        for a in ("--set", f"承诺内容.{n}=第{n}项承诺的内容，写得足够长以便占满一整行文字")
    ]
    result = gaozhi(
        "letter",
        "generate",
        "协助函",
        "-c",
        catalog,
        "-d",
        example(gaozhi, "assist-request"),
        "-o",
        "函.docx",
        *many,
        "--pdf",
    )
    assert result.exit_code == 0, result.output
    assert "—1—" not in pdf_text(Path("函.pdf"), 1)
    assert "—2—" in pdf_text(Path("函.pdf"), 2)


def test_batch_with_pdf(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text(
        "编号,证明事项,申请人.姓名,申请人.证件编号,日期\n1,1,王五,140525198512034565,2021-03-16\n"
        "2,2,赵六,11010519491231002X,2021-03-16\n",
        encoding="gb18030",
    )
    result = gaozhi("letter", "generate", "承诺书", "-c", catalog, "-b", "b.csv", "--out-dir", "o", "--pdf")
    assert result.exit_code == 0, result.output
    assert "王五" in pdf_text(Path("o/告知承诺书-王五-1.pdf"))
    assert "第五条第一款第（三）项" in pdf_text(Path("o/告知承诺书-赵六-2.pdf"))


def test_the_fonts_libreoffice_would_replace_are_named_before_the_pdf(
    gaozhi, catalog: Path, tmp_path
) -> None:
    """A PDF set in substitute fonts is not in the 公文 form: the fonts this machine lacks are
    said (fontconfig's list, as LibreOffice sees it), and none when every one is there."""
    from gaozhi_cli.letters.pdf import font_note

    assert shutil.which("fc-list") is not None  # installed with LibreOffice
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    present = families.splitlines()[0].split(",")[0].strip()
    assert font_note([present]) is None
    note = font_note([present, "并不存在的字体甲"])
    assert note is not None and "本机没有字体 并不存在的字体甲：" in note and present not in note
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "-o", tmp_path / "联络表.docx", "--pdf")
    assert result.exit_code == 0, result.output
    names = {n.strip() for line in families.splitlines() for n in line.split(",")}
    lacking = [f for f in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体") if f not in names]
    if lacking:
        said = f"本机没有字体{'、'.join(lacking)}：PDF中由LibreOffice以其他字体代替"
        assert said in "".join(result.output.split())
    else:
        assert "本机没有字体" not in result.output
