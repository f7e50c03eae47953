"""The numbers of GB/T 9704-2012: page, type area, sizes, typefaces, and the styles of a 公文."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from gaozhi_cli.formtext import Gap, Segment, Spread

# -- the numbers of the standard ---------------------------------------------------------------

PAGE_MM = (210, 297)  # A4 (5.1)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # type area 156 × 225 mm (5.2.1)
BODY_PT = 16  # 3号 (5.2.2)
TITLE_PT = 22  # 2号 (7.3.1)
PAGE_NUMBER_PT = 14  # 4号 (7.5)
LINE_PT = 28.95  # 22 lines in 225 mm (5.2.3)
LINE_PITCH_TWIPS = 579
CHARS_PER_LINE = 28
CHARS_PER_LINE_LANDSCAPE = 40  # 225 mm of type area at the same pitch
# 28 characters of 3号 (16 pt) are 158 mm, the type area 156 mm: text of that size is set a
# quarter point tighter (w:spacing, in twentieths of a point), so a line holds 28 in Word, WPS
# and LibreOffice alike. (A "linesAndChars" docGrid would say the same to Word, but
# LibreOffice, which makes our PDFs, lays such a grid out at about 16 characters a line.)
CHAR_SPACING_TWIPS = math.floor((156 / 25.4 * 72 / CHARS_PER_LINE - BODY_PT) * 20)
FOOTER_MM = 22  # puts the page number about 7 mm below the type area (7.5)

Role = Literal[
    "normal",
    "body",
    "title",
    "heading1",
    "heading2",
    "plain",
    "center",
    "signature",
    "right",
    "table",
    "header",
    "footer",
]


@dataclass(frozen=True, slots=True)
class Fonts:
    """Typefaces of a 公文 (5.2.2, 7.3.1, 7.3.3, 7.5). Latin text uses ``latin``."""

    body: str = "仿宋_GB2312"
    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"


@dataclass(frozen=True, slots=True)
class StyleSpec:
    style_id: str
    name: str  # shown in Word's style list
    font: str  # attribute of Fonts
    size_pt: float = BODY_PT
    align: str = "both"
    first_line_chars: int = 0  # indent of the first line, in characters
    line_pt: float | None = LINE_PT  # exact line spacing; None = single, off the grid
    bold: bool = False
    keep_next: bool = False
    kind: str = "paragraph"


STYLES: dict[str, StyleSpec] = {
    "normal": StyleSpec("Normal", "Normal", "body"),
    "body": StyleSpec("GzBody", "公文正文", "body", first_line_chars=2),
    "title": StyleSpec("GzTitle", "公文标题", "title", TITLE_PT, "center", keep_next=True),
    "heading1": StyleSpec("GzHeading1", "公文一级标题", "heading1", first_line_chars=2, keep_next=True),
    "heading2": StyleSpec("GzHeading2", "公文二级标题", "heading2", first_line_chars=2, keep_next=True),
    "plain": StyleSpec("GzPlain", "公文顶格", "body"),
    "center": StyleSpec("GzCenter", "公文居中", "body", align="center"),
    "signature": StyleSpec("GzSignature", "公文落款", "body", align="right"),
    "right": StyleSpec("GzRight", "公文居右", "body", align="right"),
    "table": StyleSpec("GzTable", "公文表格", "body", 14, "center", line_pt=None),
    "header": StyleSpec("Header", "header", "body", 9, "center", line_pt=None),
    "footer": StyleSpec("Footer", "footer", "page_number", PAGE_NUMBER_PT, "left", line_pt=None),
}
TABLE_GRID_STYLE = "GzTableGrid"  # table style with single borders
Content = str | Gap | Spread | Sequence[Segment]
