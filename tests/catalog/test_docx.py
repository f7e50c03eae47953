"""The docx outputs: 附件3 from ``export`` and the 调整说明 from ``diff`` — GB/T 9704 layout,
checked in the file itself and in the PDF that LibreOffice makes of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gaozhi_cli.catalog import load_catalog
from gaozhi_cli.catalog.fmt import format_text

from .catalogs import JUSTICE, write
from .conftest import need
from .test_diff import new_version
from .test_import import table_fields


def runs_without_east_asia(document: docx.document.Document) -> list[str]:
    parts = [document.element]
    for section in document.sections:
        parts += [section.footer._element, section.even_page_footer._element]
    return [
        "".join(t.text or "" for t in r.iter(qn("w:t")))
        for part in parts
        for r in part.iter(qn("w:r"))
        if not (f := r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")) is not None or not f.get(qn("w:eastAsia"))
    ]


def pdf_pages(source: Path, tmp_path: Path) -> list[str]:
    """The text of each page of the PDF that LibreOffice makes of ``source``."""
    soffice = need("soffice")
    need("pdftotext")
    out = tmp_path / "pdf"
    command = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(source),
    ]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    pdf = out / (source.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF of {source.name}"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True)
    return text.stdout.split("\f")[:-1]


def long_catalogue(tmp_path: Path) -> Path:
    """The catalogue with its items repeated under other purposes: a table of several pages,
    renumbered by fmt."""
    items = JUSTICE[JUSTICE.index("  - 序号: 1") :]
    more = "".join(items.replace("证明用途: ", f"证明用途: 第{n}批 ") for n in range(1, 5))
    return write(tmp_path / "long.yaml", format_text(JUSTICE + more).text)


def test_annex_docx_layout(gaozhi, justice: Path, tmp_path: Path) -> None:
    result = gaozhi("catalog", "export", justice, "-o", "目录.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "目录.docx"))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["实行告知承诺制的证明事项目录", "行政机关名称：晋城市司法局"]
    table = document.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "序号",
        "证明事项",
        "证明用途",
        "设定依据",
        "索要单位",
        "开具单位",
        "监管措施",
        "备注",
    ]
    assert header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats on every page
    assert [r.cells[1].text for r in table.rows[1:4]] == [
        "无犯罪记录证明",
        "律师事务所实习证明",
        "经济困难证明",
    ]
    assert table.rows[3].cells[7].text.endswith("适用说明：不涉及实施方案三所列领域")
    notes = table.rows[-1]
    assert notes.cells[0].text == "说明" and notes.cells[1].text.startswith("1. 证明事项应当有法律、法规")
    assert notes.cells[1]._tc is notes.cells[7]._tc  # one cell across the row
    # an item's row may run on to the next page, its text from the top; the headings centred
    cant_split = f"{qn('w:trPr')}/{qn('w:cantSplit')}"
    assert header._tr.find(cant_split) is not None
    assert all(row._tr.find(cant_split) is None for row in table.rows[1:])
    assert {c.vertical_alignment for row in table.rows[1:] for c in row.cells} == {
        WD_CELL_VERTICAL_ALIGNMENT.TOP
    }
    assert {c.paragraphs[0].alignment for c in header.cells} == {WD_ALIGN_PARAGRAPH.CENTER}
    assert runs_without_east_asia(document) == []
    footer = section.footer._element
    assert " PAGE " in "".join(t.text or "" for t in footer.iter(qn("w:instrText")))


def test_docx_round_trip_gives_the_same_catalogue(gaozhi, justice: Path, tmp_path: Path) -> None:
    assert gaozhi("catalog", "export", justice, "-o", "目录.docx").exit_code == 0
    result = gaozhi("catalog", "import", "目录.docx", "-o", "back.yaml")
    assert result.exit_code == 0, result.output
    assert "提示" not in result.stderr
    original, _ = load_catalog(justice)
    back, _ = load_catalog(tmp_path / "back.yaml")
    assert back.agency == original.agency
    assert table_fields(back) == table_fields(original)
    # and what the table does not carry is said: 告知 is not part of 附件3
    assert "告知" not in (tmp_path / "back.yaml").read_text("utf-8")


def test_libreoffice_renders_the_annex_with_its_text_and_repeated_header(gaozhi, tmp_path: Path) -> None:
    path = long_catalogue(tmp_path)
    assert gaozhi("catalog", "export", path, "-o", "目录.docx").exit_code == 0
    pages = pdf_pages(tmp_path / "目录.docx", tmp_path)
    assert len(pages) >= 2
    squashed = ["".join(p.split()) for p in pages]
    assert "实行告知承诺制的证明事项目录" in squashed[0]
    assert "行政机关名称：晋城市司法局" in squashed[0]
    assert "《中华人民共和国法律援助法》" in "".join(squashed)
    assert "第4批" in "".join(squashed)
    for page in squashed:  # the header row at the top of every page, and a page number
        assert "证明用途" in page and "监管措施" in page
    assert "—1—" in squashed[0] and "—2—" in squashed[1]
    assert "说明" in squashed[-1]


@pytest.fixture
def adjustment(gaozhi, tmp_path: Path) -> Path:
    old = write(tmp_path / "v2021.yaml")
    new = write(tmp_path / "v2022.yaml", new_version())
    result = gaozhi("catalog", "diff", old, new, "-o", "调整说明.docx")
    assert result.exit_code == 0, result.output
    return tmp_path / "调整说明.docx"


def test_adjustment_docx_lists_the_changes(adjustment: Path) -> None:
    document = docx.Document(str(adjustment))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "晋城市司法局实行告知承诺制的证明事项目录调整说明"
    assert texts[1] == "与原目录相比，本次调整新增证明事项1项，取消1项，调整1项；调整后目录共3项。"
    assert texts[2:] == [
        "一、新增证明事项（1项）",
        "二、取消证明事项（1项）",
        "三、调整证明事项（1项）",
        "四、目录信息变更",
    ]
    added, removed, changed, header = document.tables
    assert [c.text for c in added.rows[1].cells][:3] == ["1", "无犯罪记录证明", "公证员执业许可"]
    assert [c.text for c in removed.rows[1].cells][:3] == ["2", "律师事务所实习证明", "律师执业核准"]
    rows = [[c.text for c in r.cells] for r in changed.rows[1:]]
    assert [
        "3",
        "经济困难证明",
        "申请法律援助",
        "监管措施·核查时限",
        "受理申请后7个工作日内",
        "受理申请后5个工作日内",
    ] in rows
    assert changed.rows[1].cells[1]._tc is changed.rows[2].cells[1]._tc  # one item, its cells merged down
    assert [c.text for c in header.rows[1].cells] == ["发布日期", "2021年3月31日", "2022年3月31日"]
    assert runs_without_east_asia(document) == []


def test_libreoffice_renders_the_adjustment(adjustment: Path, tmp_path: Path) -> None:
    text = "".join("".join(p.split()) for p in pdf_pages(adjustment, tmp_path))
    assert "晋城市司法局实行告知承诺制的证明事项目录调整说明" in text
    assert "公证员执业许可" in text and "受理申请后5个工作日内" in text
    assert "—1—" in text


def test_docx_needs_an_output_file(gaozhi, tmp_path: Path) -> None:
    old = write(tmp_path / "a.yaml")
    result = gaozhi("catalog", "diff", old, old, "--format", "docx")
    assert result.exit_code == 2 and "-o" in result.stderr


def test_adjustment_of_several_catalogues(gaozhi, tmp_path: Path) -> None:
    other = JUSTICE.replace("行政机关: 晋城市司法局", "行政机关: 晋城市民政局")
    write(tmp_path / "old" / "sfj.yaml")
    write(tmp_path / "old" / "mzj.yaml", other)
    write(tmp_path / "new" / "sfj.yaml", new_version())
    write(tmp_path / "new" / "mzj.yaml", other)
    assert gaozhi("catalog", "diff", "old", "new", "-o", "调整说明.docx").exit_code == 0
    texts = [p.text for p in docx.Document(str(tmp_path / "调整说明.docx")).paragraphs if p.text]
    assert texts[0] == "实行告知承诺制的证明事项目录调整说明"
    assert texts[1] == "一、晋城市司法局"
    assert "（一）新增证明事项（1项）" in texts and "（三）调整证明事项（1项）" in texts
    assert texts[-1] == "晋城市民政局的目录没有变化。"


SHIPPED = sorted((Path(__file__).resolve().parents[2] / "catalogs").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_catalogue_round_trips_through_docx(gaozhi, tmp_path: Path, path: Path) -> None:
    assert gaozhi("catalog", "export", path, "-o", "t.docx").exit_code == 0
    result = gaozhi("catalog", "import", "t.docx", "-o", "back.yaml")
    assert result.exit_code == 0, result.output
    assert "提示" not in result.stderr
    original, _ = load_catalog(path)
    back, _ = load_catalog(tmp_path / "back.yaml")
    assert table_fields(back) == table_fields(original)
