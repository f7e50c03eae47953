"""Reading generated .docx files back: text, fonts, page set-up; writing data files."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="未安装 LibreOffice（soffice）：跳过 PDF 转换测试；CI 会安装 libreoffice-writer-nogui",
)


def open_docx(source: Path | bytes) -> Document:
    return docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def all_text(document: Document) -> str:
    """Every paragraph of the body, in order, including those in table cells."""
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))
    )


def paragraphs(document: Document) -> list[str]:
    """The text of every paragraph of the body, in order (table cells too), blanks dropped."""
    texts = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p")))
    return [t.replace("\u00a0", "").strip() for t in texts if t.replace("\u00a0", "").strip()]


def east_asia_missing(document: Document) -> list[str]:
    """Runs (body, footers) and styles whose font has no w:eastAsia."""
    missing = []
    parts = [document.element]
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            if not footer.is_linked_to_previous:
                parts.append(footer._element)
    for part in parts:
        for r in part.iter(qn("w:r")):
            fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is None or not fonts.get(qn("w:eastAsia")):
                missing.append("run: " + "".join(t.text or "" for t in r.iter(qn("w:t"))))
    for style in document.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) == "numbering":
            continue
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is None or not fonts.get(qn("w:eastAsia")):
            missing.append("style: " + str(style.get(qn("w:styleId"))))
    return missing


def gbt_page(document: Document) -> tuple[int, int, list[int]]:
    """(width mm, height mm, [top, bottom, left, right] mm) of the first section."""
    s = document.sections[0]
    margins = [s.top_margin, s.bottom_margin, s.left_margin, s.right_margin]
    return round(s.page_width.mm), round(s.page_height.mm), [round(m.mm) for m in margins]


def underlined_gaps(document: Document) -> int:
    """Underlined runs of no-break spaces: the blanks of a form."""
    count = 0
    for r in document.element.body.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if rpr is not None and rpr.find(qn("w:u")) is not None and text and not text.strip("\u00a0"):
            count += 1
    return count


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def example(gaozhi, kind: str = "commitment") -> Path:
    """The example data of ``kind`` (``gaozhi letter fields KIND --example``) as a file."""
    path = Path(f"{kind}.yaml")
    path.write_text(gaozhi("letter", "fields", kind, "--example").stdout, encoding="utf-8")
    return path
