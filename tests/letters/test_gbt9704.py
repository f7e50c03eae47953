"""The GB/T 9704 document layer: page set-up, East Asian fonts, page numbers, numbers."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import given
from hypothesis import strategies as st

from gaozhi_cli.docnumbers import doc_number, parse_doc_number, serial_number
from gaozhi_cli.formats.gbt9704 import Prototype, new_document
from gaozhi_cli.formtext import Gap, text_width

from .helpers import east_asia_missing


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_a4_margins_and_zh_cn_defaults() -> None:
    doc = new_document()
    doc.title("证明事项告知承诺书")
    doc.paragraph(["姓名：", Gap(8)])
    back = reopen(doc.to_bytes())
    s = back.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    lang = back.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    assert east_asia_missing(back) == []
    title = back.paragraphs[0]
    assert title.style.name == "公文标题" and title.style.font.size.pt == 22
    body_style = back.styles["公文正文"]
    assert body_style.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert body_style.paragraph_format.first_line_indent.pt == 32


def test_landscape_table_repeats_its_header_row() -> None:
    doc = new_document(landscape=True)
    rows = [["序号", "证明事项"]] + [[str(i), f"事项{i}"] for i in range(1, 60)]
    doc.table(rows, header_rows=1, widths_mm=[20, 205], size_pt=12)
    back = reopen(doc.to_bytes())
    s = back.sections[0]
    assert s.page_width > s.page_height
    table = back.tables[0]
    header_flags = [
        tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in table._tbl.tr_lst
    ]
    assert header_flags[0] and not any(header_flags[1:])
    assert table.cell(5, 1).text == "事项5"
    assert east_asia_missing(back) == []


def test_letter_page_numbers_skip_page_one() -> None:
    doc = new_document()
    doc.paragraph("第一页")
    doc.page_break()
    doc.paragraph("第二页")
    doc.page_numbers(first_page=False)
    back = reopen(doc.to_bytes())
    s = back.sections[0]
    assert s.different_first_page_header_footer
    assert back.settings.odd_and_even_pages_header_footer
    assert s.first_page_footer.paragraphs[0].text == ""
    odd = s.footer._element
    assert "PAGE" in "".join(t.text for t in odd.iter(qn("w:instrText")))
    assert s.footer.paragraphs[0].text == "— 1 —"
    assert s.footer.paragraphs[0].alignment == 2  # right
    assert s.even_page_footer.paragraphs[0].alignment == 0  # left
    assert east_asia_missing(back) == []


def test_numbers_in_gbt_form() -> None:
    assert doc_number("晋市司函字", 2021, 15) == "晋市司函字〔2021〕15号"
    assert serial_number(2021, 15) == "[2021年]第15号"
    assert str(parse_doc_number("晋市司函字[2021]015号")) == "晋市司函字〔2021〕15号"
    assert str(parse_doc_number("晋市司函字（2021）第7号")) == "晋市司函字〔2021〕7号"
    assert parse_doc_number("第15号") is None
    assert text_width(["晋城", "21", Gap(3)]) == 6


def test_prototype_copies_differ_only_in_body() -> None:
    doc = new_document()
    doc.page_numbers()
    proto = Prototype(doc)
    first = proto.fresh()
    first.paragraph("甲")
    second = proto.fresh()
    second.paragraph("乙")
    a, b = first.to_bytes(), second.to_bytes()
    assert [p.text for p in reopen(a).paragraphs] == ["甲"]
    assert [p.text for p in reopen(b).paragraphs] == ["乙"]
    assert reopen(b).sections[0].footer.paragraphs[0].text == "— 1 —"


def test_base_docx_keeps_its_content_and_gains_styles(tmp_path) -> None:
    base = docx.Document()
    base.sections[0].page_width = Mm(210)
    base.add_paragraph("晋城市司法局（信头）")
    path = tmp_path / "底稿.docx"
    base.save(str(path))
    doc = new_document(path)
    doc.title("标题")
    back = reopen(doc.to_bytes())
    assert [p.text for p in back.paragraphs] == ["晋城市司法局（信头）", "标题"]
    assert back.paragraphs[1].style.name == "公文标题"
    runs = [r for r in back.element.body.iter(qn("w:r"))]
    assert runs[-1].find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "方正小标宋简体"


TRICKY_CELLS = ["", " 前后空格 ", "A&B<C>\"'", "第一行\n第二行", "甲\t乙", "控制\x01字符\x0b", "\n", "——"]


@pytest.mark.parametrize("size_pt", [10.5, None])
def test_text_cells_are_laid_out_as_the_same_text_given_as_segments(size_pt: float | None) -> None:
    """A table's text cells take a quicker path than cells given as segments; both must write
    the same XML (the header row, every alignment, every kind of text)."""

    def table_xml(as_segments: bool) -> bytes:
        doc = new_document(landscape=True)
        rows = [["序号", "证明事项", "依据"], *([str(i), text, text] for i, text in enumerate(TRICKY_CELLS))]
        if as_segments:
            rows = [[[cell] if cell else cell for cell in row] for row in rows]  # type: ignore[misc]
        doc.table(rows, header_rows=1, size_pt=size_pt, align=["center", "left", "both"], flowing=True)
        from lxml import etree

        return etree.tostring(doc.docx.element.body)

    assert table_xml(as_segments=False) == table_xml(as_segments=True)


@given(st.text(alphabet=st.sampled_from('甲乙 a&<>"\n\t\x01\x0b\ufffe'), max_size=12))
def test_run_content_keeps_the_text_breaks_and_tabs_and_drops_what_xml_cannot_hold(text: str) -> None:
    from lxml import etree

    from gaozhi_cli.formats.gbt9704.ooxml import NSDECL, run_content

    run = etree.fromstring(f"<w:r {NSDECL}>{run_content(text)}</w:r>")
    back = "".join(
        {"t": lambda e: e.text or "", "br": lambda e: "\n", "tab": lambda e: "\t"}[etree.QName(e).localname](
            e
        )
        for e in run
    )
    assert back == "".join(c for c in text if c not in "\x01\x0b\ufffe")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("word/document.xml", "<w:document>告知承诺书</w:document>".encode() * 500),
        ("word/空.xml", b""),
        ("bin", bytes(range(256)) * 40),
    ],
)
def test_a_member_is_added_as_zipfile_appends_it(monkeypatch, name: str, data: bytes) -> None:
    """ZipBase writes the bytes zipfile's append mode writes (the same clock), and the result
    reads back whole."""
    import time
    import zipfile

    from gaozhi_cli.formats.gbt9704.copies import ZipBase

    monkeypatch.setattr(time, "time", lambda: 1_764_633_600.0)  # 2025-12-02, any fixed moment
    base = io.BytesIO()
    with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/styles.xml", "<w:styles>宋体</w:styles>".encode())
    expected = io.BytesIO(base.getvalue())
    with zipfile.ZipFile(expected, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    made = ZipBase(base.getvalue()).with_member(name, data)
    assert made == expected.getvalue()
    with zipfile.ZipFile(io.BytesIO(made)) as zf:
        assert zf.testzip() is None and zf.read(name) == data
