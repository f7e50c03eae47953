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
``proto.fresh()`` → fill → ``proto.to_bytes()``: only the body is rebuilt and re-zipped.

Numbers (GB/T 9704 7.2.5, 7.3.5.4): ``doc_number("晋市司函字", 2021, 15)`` → 晋市司函字〔2021〕15号;
``serial_number(2021, 15)`` → [2021年]第15号; dates: ``gaozhi_cli.dates.format_cn``.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple
from xml.sax.saxutils import escape

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from gaozhi_cli.errors import GaozhiError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

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
FOOTER_MM = 22  # puts the page number about 7 mm below the type area (7.5)
EM_DASH = "\u2014"  # 一字线 around the page number

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
class _StyleSpec:
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


STYLES: dict[str, _StyleSpec] = {
    "normal": _StyleSpec("Normal", "Normal", "body"),
    "body": _StyleSpec("GzBody", "公文正文", "body", first_line_chars=2),
    "title": _StyleSpec("GzTitle", "公文标题", "title", TITLE_PT, "center", keep_next=True),
    "heading1": _StyleSpec("GzHeading1", "公文一级标题", "heading1", first_line_chars=2, keep_next=True),
    "heading2": _StyleSpec("GzHeading2", "公文二级标题", "heading2", first_line_chars=2, keep_next=True),
    "plain": _StyleSpec("GzPlain", "公文顶格", "body"),
    "center": _StyleSpec("GzCenter", "公文居中", "body", align="center"),
    "signature": _StyleSpec("GzSignature", "公文落款", "body", align="right"),
    "right": _StyleSpec("GzRight", "公文居右", "body", align="right"),
    "table": _StyleSpec("GzTable", "公文表格", "body", 14, "center", line_pt=None),
    "header": _StyleSpec("Header", "header", "body", 9, "center", line_pt=None),
    "footer": _StyleSpec("Footer", "footer", "page_number", PAGE_NUMBER_PT, "left", line_pt=None),
}
TABLE_GRID_STYLE = "GzTableGrid"  # table style with single borders


@dataclass(frozen=True, slots=True)
class Gap:
    """An underlined blank of ``chars`` characters, for filling in by hand (as the annexes print)."""

    chars: int = 6


Segment = str | Gap
Content = str | Gap | Sequence[Segment]


def text_width(segments: Iterable[Segment]) -> float:
    """Width in characters: CJK and full-width forms count 1, ASCII ½ (for centring lines)."""
    width = 0.0
    for seg in segments:
        if isinstance(seg, Gap):
            width += seg.chars
        else:
            width += sum(0.5 if ord(ch) < 0x2E80 and ch != EM_DASH else 1.0 for ch in seg)
    return width


# -- numbers -----------------------------------------------------------------------------------


class DocNumber(NamedTuple):
    prefix: str
    year: int
    seq: int

    def __str__(self) -> str:
        return doc_number(self.prefix, self.year, self.seq)


def doc_number(prefix: str, year: int, seq: int) -> str:
    """发文字号/函号 (7.2.5): year in full inside 〔〕, no 第, no leading zeros: 晋市司函字〔2021〕15号."""
    return f"{prefix}〔{int(year)}〕{int(seq)}号"


def serial_number(year: int, seq: int) -> str:
    """The number of a commitment letter (附件4): [2021年]第15号."""
    return f"[{int(year)}年]第{int(seq)}号"


_DOC_NUMBER = re.compile(
    r"\s*(?P<prefix>[^〔\[［(（【]*?)\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*第?\s*(?P<seq>\d+)\s*号?\s*"
)


def parse_doc_number(text: str) -> DocNumber | None:
    """Read a number as people type it (晋市司函字[2021]015号, 晋市司函字（2021）第15号) into its parts."""
    m = _DOC_NUMBER.fullmatch(text)
    if m is None or int(m.group("seq")) == 0:
        return None
    return DocNumber(m.group("prefix"), int(m.group("year")), int(m.group("seq")))


# -- the base package --------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def _twips(points: float) -> int:
    return round(points * 20)


def _rfonts(latin: str, east_asia: str) -> str:
    latin, east_asia = escape(latin, {'"': "&quot;"}), escape(east_asia, {'"': "&quot;"})
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>'
    )


def _style_xml(role: str, spec: _StyleSpec, fonts: Fonts) -> str:
    east_asia = getattr(fonts, spec.font)
    latin = east_asia if spec.font == "page_number" else fonts.latin
    ppr = []
    if spec.keep_next:
        ppr.append("<w:keepNext/>")
    if spec.line_pt is None:
        ppr.append(
            '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        )
    else:
        ppr.append(
            f'<w:spacing w:before="0" w:after="0" w:line="{_twips(spec.line_pt)}" w:lineRule="exact"/>'
        )
    if spec.first_line_chars:
        indent = _twips(spec.size_pt * spec.first_line_chars)
        ppr.append(f'<w:ind w:firstLineChars="{spec.first_line_chars * 100}" w:firstLine="{indent}"/>')
    ppr.append(f'<w:jc w:val="{spec.align}"/>')
    half_points = round(spec.size_pt * 2)
    rpr = _rfonts(latin, east_asia) + ("<w:b/>" if spec.bold else "")
    rpr += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    default = ' w:default="1"' if role == "normal" else ""
    based = "" if role == "normal" else '<w:basedOn w:val="Normal"/>'
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{spec.style_id}"><w:name w:val="{spec.name}"/>'
        f"{based}<w:qFormat/><w:pPr>{''.join(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _styles_xml(fonts: Fonts) -> str:
    body = _rfonts(fonts.latin, fonts.body)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'{_XML_HEAD}<w:styles xmlns:w="{_W_NS}" xmlns:r="{_R_NS}">'
        f"<w:docDefaults><w:rPrDefault><w:rPr>{body}"
        f'<w:sz w:val="{BODY_PT * 2}"/><w:szCs w:val="{BODY_PT * 2}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>"
        + "".join(_style_xml(role, spec, fonts) for role, spec in STYLES.items())
        + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        f'<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:rPr>{body}</w:rPr></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        f'<w:rPr>{body}</w:rPr><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        f'<w:style w:type="table" w:styleId="{TABLE_GRID_STYLE}"><w:name w:val="公文表格框线"/>'
        f'<w:basedOn w:val="TableNormal"/><w:rPr>{body}</w:rPr>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/></w:style>'
        "</w:styles>"
    )


def _base_package(fonts: Fonts) -> bytes:
    """An A4 zh-CN .docx with the styles above and an empty body."""
    w = f'xmlns:w="{_W_NS}" xmlns:r="{_R_NS}"'
    parts = {
        "[Content_Types].xml": (
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.settings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
        ),
        "docProps/core.xml": (
            f"{_XML_HEAD}<cp:coreProperties xmlns:cp="
            '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>gaozhi</dc:creator>'
            "<dc:language>zh-CN</dc:language></cp:coreProperties>"
        ),
        "word/_rels/document.xml.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/settings" Target="settings.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f"{_XML_HEAD}<w:document {w}><w:body><w:sectPr>"
            f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/></w:sectPr></w:body></w:document>'
        ),
        "word/styles.xml": _styles_xml(fonts),
        "word/settings.xml": (
            f'{_XML_HEAD}<w:settings {w}><w:defaultTabStop w:val="420"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>'
            '<w:compat><w:ulTrailSpace/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


class BaseDocxError(GaozhiError):
    """The user's base document cannot be used."""


def new_document(
    base: Path | None = None, *, landscape: bool = False, fonts: Fonts | None = None
) -> GbtDocument:
    """A new empty GB/T 9704 document: A4 (landscape for wide tables), margins, grid, styles.

    With ``base`` (a liaison's own .docx) its page set-up, headers (letterhead), styles and
    body content are kept; the styles of this module are added where the base lacks them, and
    every style without an East Asian font gets one.
    """
    import docx

    fonts = fonts or Fonts()
    if base is None:
        document = docx.Document(io.BytesIO(_base_package(fonts)))
        _page_setup(document, landscape=landscape)
        return GbtDocument(document, fonts)
    from gaozhi_cli.zipguard import UnsafePackage, check_zip

    try:
        check_zip(base, "docx")
        document = docx.Document(str(base))
    except UnsafePackage as exc:
        raise BaseDocxError(f"底稿文件 {base} 无法作为 .docx 打开：{exc.message}") from None
    except Exception as exc:  # python-docx raises several types for a file that is not .docx
        raise BaseDocxError(f"底稿文件 {base} 无法作为 .docx 打开（{type(exc).__name__}）") from None
    _adopt_styles(document, fonts)
    if landscape:
        _page_setup(document, landscape=True)
    return GbtDocument(document, fonts)


def _page_setup(document: DocxDocument, *, landscape: bool) -> None:
    """A4 with the margins of 5.2.1; landscape turns the type area with the paper."""
    section = document.sections[-1]
    width, height = PAGE_MM
    m = MARGINS_MM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(height), Mm(width)
        section.top_margin, section.bottom_margin = Mm(m["left"]), Mm(m["right"])
        section.left_margin, section.right_margin = Mm(m["top"]), Mm(m["bottom"])
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
        section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_MM)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    # A line grid only: LibreOffice (which makes our PDFs) draws a "linesAndChars" grid with
    # the line pitch as character width, about 16 characters a line instead of 28.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _adopt_styles(document: DocxDocument, fonts: Fonts) -> None:
    """Add this module's styles that ``document`` lacks; give every style an East Asian font."""
    from lxml import etree

    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    ours = etree.fromstring(_styles_xml(fonts).split("\n", 1)[1].encode("utf-8"))
    for style in ours.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) not in have:
            styles.append(style)
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character", "table"):
            rpr = style.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                style.append(rpr)
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is None:
                rfonts = OxmlElement("w:rFonts")
                rpr.insert(0, rfonts)
            if rfonts.get(qn("w:eastAsia")) is None and rfonts.get(qn("w:eastAsiaTheme")) is None:
                rfonts.set(qn("w:eastAsia"), fonts.body)


# -- the document ------------------------------------------------------------------------------


@dataclass(slots=True)
class GbtDocument:
    """A python-docx document with the GB/T 9704 styles, and helpers that use them.

    ``docx`` is the python-docx Document for anything the helpers do not cover. Every run the
    helpers create carries ``w:eastAsia``: the East Asian font of its paragraph's style, as
    defined in the base document (so a liaison's base can change the typefaces).
    """

    docx: DocxDocument
    fonts: Fonts
    _east_asia: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for role, spec in STYLES.items():
            self._east_asia[role] = self._style_font(spec.style_id) or getattr(self.fonts, spec.font)

    def _style_font(self, style_id: str) -> str | None:
        """The East Asian font of a style, following ``basedOn``."""
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen:
            seen.add(current)
            found = self.docx.styles.element.xpath(f'w:style[@w:styleId="{current}"]')
            if not found:
                return None
            fonts = found[0].find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None and fonts.get(qn("w:eastAsia")):
                return str(fonts.get(qn("w:eastAsia")))
            based = found[0].find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None
        return None

    # paragraphs
    #
    # Paragraphs and tables are written as XML text and parsed once each: building them with
    # python-docx's element API costs about ten times as much, and a batch makes thousands.

    def paragraph(
        self,
        content: Content = "",
        role: Role = "body",
        *,
        right_indent_chars: float | None = None,
        left_indent_chars: float | None = None,
        container: _Cell | None = None,
    ) -> Paragraph:
        """Append a paragraph of ``role`` (see ``STYLES``) with text and underlined gaps.

        ``container``: a table cell (python-docx ``_Cell``) instead of the body.
        """
        from docx.oxml import parse_xml
        from docx.text.paragraph import Paragraph

        p = parse_xml(self._p_xml(content, role, left_indent_chars, right_indent_chars))
        if container is not None:
            container._element.append(p)
            return Paragraph(p, container)
        self._append(p)
        return Paragraph(p, self.docx._body)

    def _append(self, element: object) -> None:
        body = self.docx.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == _SECT_PR:
            last.addprevious(element)
        else:
            body.append(element)

    def _p_xml(
        self,
        content: Content,
        role: str,
        left_chars: float | None = None,
        right_chars: float | None = None,
        *,
        align: str | None = None,
        keep_next: bool = False,
        size_pt: float | None = None,
        bold: bool = False,
    ) -> str:
        spec = STYLES[role]
        ppr = f'<w:pStyle w:val="{spec.style_id}"/>' if spec.style_id != "Normal" else ""
        ppr += "<w:keepNext/>" if keep_next else ""
        if left_chars is not None or right_chars is not None:
            size = spec.size_pt
            ind = "".join(
                f' w:{side}Chars="{round(chars * 100)}" w:{side}="{_twips(size * chars)}"'
                for side, chars in (("left", left_chars), ("right", right_chars))
                if chars is not None
            )
            ppr += f"<w:ind{ind}/>"
        ppr += f'<w:jc w:val="{align}"/>' if align else ""
        segments: Sequence[Segment] = [content] if isinstance(content, str | Gap) else content
        font = _attr(self._east_asia[role])
        extra = "<w:b/>" if bold else ""
        if size_pt is not None:
            extra += f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
        runs = []
        for seg in segments:
            if isinstance(seg, Gap):
                # No-break spaces: ideographic spaces at the end of a line are dropped by
                # word processors, and the gap with them. Four make one character in Times.
                runs.append(
                    f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}"/>{extra}<w:u w:val="single"/></w:rPr>'
                    f'<w:t xml:space="preserve">{_NBSP * (4 * seg.chars)}</w:t></w:r>'
                )
            elif seg:
                runs.append(
                    f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/>{extra}</w:rPr>'
                    f"{_run_content(seg)}</w:r>"
                )
        return f"<w:p {_NSDECL}><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"

    def title(self, content: Content) -> Paragraph:
        """The title (7.3.1): 2号小标宋, centred."""
        return self.paragraph(content, "title")

    def heading(self, content: Content, level: Literal[1, 2] = 1) -> Paragraph:
        """一、 in 黑体 (level 1) or （一） in 楷体 (level 2), indented two characters (7.3.3)."""
        return self.paragraph(content, "heading1" if level == 1 else "heading2")

    def signature(self, lines: Sequence[Content], *, right_chars: float = 4) -> list[Paragraph]:
        """署名 and 成文日期 (7.3.5): right-aligned ``right_chars`` from the edge, the lines
        centred on one another (the agency's name centred over the date)."""
        as_segments = [[line] if isinstance(line, str | Gap) else list(line) for line in lines]
        widest = max((text_width(s) for s in as_segments), default=0.0)
        return [
            self.paragraph(s, "signature", right_indent_chars=right_chars + (widest - text_width(s)) / 2)
            for s in as_segments
        ]

    def page_break(self) -> None:
        from docx.oxml import parse_xml

        font = _attr(self._east_asia["plain"])
        self._append(
            parse_xml(
                f'<w:p {_NSDECL}><w:pPr><w:pStyle w:val="{STYLES["plain"].style_id}"/></w:pPr><w:r><w:rPr>'
                f'<w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/></w:rPr><w:br w:type="page"/></w:r></w:p>'
            )
        )

    # tables

    def table(
        self,
        rows: Sequence[Sequence[Content]],
        *,
        header_rows: int = 0,
        repeat_header: bool = True,
        widths_mm: Sequence[float] | None = None,
        borders: bool = True,
        size_pt: float | None = None,
        align: Sequence[Literal["left", "center", "right", "both"]] | None = None,
        min_row_height_mm: float | None = None,
        keep_together: bool = False,
    ) -> Table:
        """A table as wide as the type area. ``header_rows`` rows repeat at the top of every
        page when ``repeat_header``; rows never split across pages; ``keep_together`` keeps
        the whole table on one page (signature blocks)."""
        from docx.oxml import parse_xml
        from docx.table import Table

        columns = max((len(r) for r in rows), default=0)
        if columns == 0:
            raise ValueError("a table needs at least one cell")
        section = self.docx.sections[-1]
        assert section.page_width is not None and section.left_margin is not None
        assert section.right_margin is not None
        text_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
        widths = [_twips_mm(w) for w in (widths_mm or [text_mm / columns] * columns)]
        style = f'<w:tblStyle w:val="{TABLE_GRID_STYLE}"/>' if borders else ""
        xml = [
            f'<w:tbl {_NSDECL}><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
            + "</w:tblGrid>"
        ]
        height = f'<w:trHeight w:val="{_twips_mm(min_row_height_mm)}"/>' if min_row_height_mm else ""
        for i, values in enumerate(rows):
            header = i < header_rows
            repeat = "<w:tblHeader/>" if header and repeat_header else ""
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{height}{repeat}</w:trPr>")
            for j, width in enumerate(widths):
                value = values[j] if j < len(values) else ""
                cell = self._p_xml(
                    value,
                    "table",
                    align=_JC[align[j]] if align else None,
                    keep_next=keep_together and i < len(rows) - 1,
                    size_pt=size_pt,
                    bold=header,
                ).replace(f" {_NSDECL}", "")
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                    f"{cell}</w:tc>"
                )
            xml.append("</w:tr>")
        tbl = parse_xml("".join(xml) + "</w:tbl>")
        self._append(tbl)
        return Table(tbl, self.docx._body)

    # page numbers

    def page_numbers(self, *, first_page: bool = True) -> None:
        """``— n —`` in 4号宋体 (7.5): odd pages right, even pages left, one character in.
        ``first_page=False`` leaves page 1 without a number (信函格式 10.1)."""
        self.docx.settings.odd_and_even_pages_header_footer = True
        for section in self.docx.sections:
            _even_header_like_odd(section)
            self._number_footer(section.footer, "right")
            self._number_footer(section.even_page_footer, "left")
            if not first_page:
                section.different_first_page_header_footer = True
                footer = section.first_page_footer
                footer.is_linked_to_previous = False
                for p in footer.paragraphs:
                    p._p.clear_content()
            elif section.different_first_page_header_footer:  # a base with its own page-1 header
                self._number_footer(section.first_page_footer, "right")

    def _number_footer(self, footer: object, side: Literal["left", "right"]) -> None:
        from docx.oxml import parse_xml

        footer.is_linked_to_previous = False  # type: ignore[attr-defined]
        element = footer._element  # type: ignore[attr-defined]
        for child in list(element):
            element.remove(child)
        p = parse_xml(
            self._p_xml(
                f"{EM_DASH} \ue000 {EM_DASH}",
                "footer",
                1 if side == "left" else None,
                1 if side == "right" else None,
                align=side,
            )
        )
        # The placeholder becomes a PAGE field: begin, instruction, separate, shown number, end.
        font = _attr(self._east_asia["footer"])
        field = "".join(
            f'<w:r {_NSDECL}><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/></w:rPr>{inner}</w:r>'
            for inner in (
                '<w:fldChar w:fldCharType="begin"/>',
                '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>',
                "<w:t>1</w:t>",
                '<w:fldChar w:fldCharType="end"/>',
            )
        )
        dash_run = p.r_lst[0]
        text = dash_run.find(qn("w:t"))
        before, after = text.text.split("\ue000")
        text.text = before
        closing = copy.deepcopy(dash_run)
        closing.find(qn("w:t")).text = after
        dash_run.addnext(closing)
        for run in reversed(parse_xml(f"<w:x {_NSDECL}>{field}</w:x>").getchildren()):
            dash_run.addnext(run)
        element.append(p)

    # output

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()


def _even_header_like_odd(section: Section) -> None:
    """Odd/even footers switch on even headers too: give even pages the base's running header."""
    odd, even = section.header, section.even_page_header
    if odd.is_linked_to_previous or not even.is_linked_to_previous:
        return
    even.is_linked_to_previous = False
    element = even._element
    for child in list(element):
        element.remove(child)
    for child in odd._element:
        element.append(copy.deepcopy(child))


_SECT_PR = qn("w:sectPr")
_NBSP = "\u00a0"
_NSDECL = f'xmlns:w="{_W_NS}"'
_JC = {"left": "left", "center": "center", "right": "right", "both": "both"}
# Characters XML 1.0 cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _twips_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _run_content(text: str) -> str:
    """Run content for ``text``: line breaks and tabs as their elements, the rest escaped."""
    parts = []
    for n, line in enumerate(_NOT_XML.sub("", text).split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


# -- many copies -------------------------------------------------------------------------------


class Prototype:
    """Copies of one prepared document that differ only in their body.

    Everything but ``word/document.xml`` is zipped once; each copy re-serialises the body
    alone. Headers, footers, styles and settings are frozen when the prototype is made.
    """

    DOCUMENT_PART = "word/document.xml"

    def __init__(self, doc: GbtDocument) -> None:
        self.doc = doc
        body = doc.docx.element.body
        self._sect_pr = body.find(qn("w:sectPr"))
        self._prefix = [copy.deepcopy(el) for el in body if el is not self._sect_pr]
        saved = io.BytesIO(doc.to_bytes())
        static = io.BytesIO()
        with zipfile.ZipFile(saved) as src, zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename != self.DOCUMENT_PART:
                    dst.writestr(info.filename, src.read(info))
        self._static = static.getvalue()

    def fresh(self) -> GbtDocument:
        """The document with its body reset to the base's content (for the next copy)."""
        body = self.doc.docx.element.body
        for el in list(body):
            if el is not self._sect_pr:
                body.remove(el)
        for el in self._prefix:
            body.insert(len(body) - 1 if self._sect_pr is not None else len(body), copy.deepcopy(el))
        return self.doc

    def to_bytes(self) -> bytes:
        """The current copy as a .docx file."""
        from lxml import etree

        xml = etree.tostring(self.doc.docx.element, encoding="UTF-8", standalone=True)
        buffer = io.BytesIO(self._static)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(self.DOCUMENT_PART, xml)
        return buffer.getvalue()
