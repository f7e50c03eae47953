"""Documents laid out by GB/T 9704-2012 (党政机关公文格式), built on python-docx.

python-docx's own blank document is US Letter with a Japanese fallback font, and its font API
sets only the Latin font slots. This module starts from an A4 zh-CN base package of its own
(or a user's base .docx), defines named styles for every part of a 公文, and writes
``w:eastAsia`` on every style and every run, so Chinese text gets the intended typeface.

    doc = new_document()                       # A4 portrait; landscape=True for wide tables
    doc.title("证明事项告知承诺书")
    doc.paragraph(["姓名：", Gap(8)])          # body text with an underlined blank
    doc.table([["序号", "证明事项"], ["1", "无犯罪记录证明"]], repeat_header=True)
    doc.page_numbers(first_page=False)         # — n —, none on page 1 (信函)
    data = doc.to_bytes()

Many similar documents: make the page set-up once, then ``Prototype(doc)`` and, per copy,
``copy = proto.fresh()`` → fill → ``copy.to_bytes()``: only the body is written, as text, and
re-zipped.

Document numbers are in ``gaozhi_cli.docnumbers``, blanks and labels in ``gaozhi_cli.formtext``.
"""

from gaozhi_cli.formats.gbt9704.copies import Copy, Prototype
from gaozhi_cli.formats.gbt9704.document import GbtDocument
from gaozhi_cli.formats.gbt9704.package import BaseDocxError, new_document
from gaozhi_cli.formats.gbt9704.standard import (
    BODY_PT,
    CHARS_PER_LINE,
    CHARS_PER_LINE_LANDSCAPE,
    STYLES,
    Content,
    Fonts,
    Role,
)

__all__ = [
    "BODY_PT",
    "CHARS_PER_LINE",
    "CHARS_PER_LINE_LANDSCAPE",
    "STYLES",
    "BaseDocxError",
    "Content",
    "Copy",
    "Fonts",
    "GbtDocument",
    "Prototype",
    "Role",
    "new_document",
]
