"""The .docx package: an A4 zh-CN base with the GB/T 9704 styles, or a user's base adopted."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.formats.gbt9704.document import GbtDocument
from gaozhi_cli.formats.gbt9704.ooxml import DOC_RELS, PKG_RELS, R_NS, W_NS, XML_HEAD, rfonts, twips
from gaozhi_cli.formats.gbt9704.standard import (
    BODY_PT,
    CHAR_SPACING_TWIPS,
    FOOTER_MM,
    LINE_PITCH_TWIPS,
    MARGINS_MM,
    PAGE_MM,
    STYLES,
    TABLE_GRID_STYLE,
    Fonts,
    StyleSpec,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


def _style_xml(role: str, spec: StyleSpec, fonts: Fonts) -> str:
    east_asia = getattr(fonts, spec.font)
    latin = east_asia if spec.font == "page_number" else fonts.latin
    ppr = []
    if spec.keep_next:
        ppr.append("<w:keepNext/>")
    # No punctuation hanging past the right edge of the type area: a line that does not fit wraps.
    ppr.append('<w:overflowPunct w:val="0"/>')
    if spec.line_pt is None:
        ppr.append(
            '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        )
    else:
        ppr.append(f'<w:spacing w:before="0" w:after="0" w:line="{twips(spec.line_pt)}" w:lineRule="exact"/>')
    if spec.first_line_chars:
        indent = twips(spec.size_pt * spec.first_line_chars)
        ppr.append(f'<w:ind w:firstLineChars="{spec.first_line_chars * 100}" w:firstLine="{indent}"/>')
    ppr.append(f'<w:jc w:val="{spec.align}"/>')
    half_points = round(spec.size_pt * 2)
    rpr = rfonts(latin, east_asia) + ("<w:b/>" if spec.bold else "")
    if spec.size_pt == BODY_PT and spec.line_pt is not None:
        rpr += f'<w:spacing w:val="{CHAR_SPACING_TWIPS}"/>'
    rpr += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    default = ' w:default="1"' if role == "normal" else ""
    based = "" if role == "normal" else '<w:basedOn w:val="Normal"/>'
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{spec.style_id}"><w:name w:val="{spec.name}"/>'
        f"{based}<w:qFormat/><w:pPr>{''.join(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _styles_xml(fonts: Fonts) -> str:
    body = rfonts(fonts.latin, fonts.body)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'{XML_HEAD}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
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
    w = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
    parts = {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
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
            f'{XML_HEAD}<Relationships xmlns="{PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
        ),
        "docProps/core.xml": (
            f"{XML_HEAD}<cp:coreProperties xmlns:cp="
            '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>gaozhi</dc:creator>'
            "<dc:language>zh-CN</dc:language></cp:coreProperties>"
        ),
        "word/_rels/document.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/settings" Target="settings.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f"{XML_HEAD}<w:document {w}><w:body><w:sectPr>"
            f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/></w:sectPr></w:body></w:document>'
        ),
        "word/styles.xml": _styles_xml(fonts),
        "word/settings.xml": (
            f'{XML_HEAD}<w:settings {w}><w:defaultTabStop w:val="420"/>'
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
    base: Path | None = None,
    *,
    landscape: bool = False,
    fonts: Fonts | None = None,
    kind: str | None = None,
    title: str | None = None,
) -> GbtDocument:
    """A new empty GB/T 9704 document: A4 (landscape for wide tables), margins, grid, styles;
    ``kind`` (one of gaozhi_cli.dockind) and ``title`` go into its properties.

    With ``base`` (a liaison's own .docx) its page set-up, headers (letterhead), styles and
    body content are kept; the styles of this module are added where the base lacks them, and
    every style without an East Asian font gets one.
    """
    import docx

    fonts = fonts or Fonts()
    if base is None:
        document = docx.Document(io.BytesIO(_base_package(fonts)))
        _page_setup(document, landscape=landscape)
        return _named(GbtDocument(document, fonts), kind, title)
    from gaozhi_cli.zipguard import UnsafePackage, check_zip

    try:
        check_zip(base, "docx")
        document = docx.Document(str(base))
    except UnsafePackage as exc:
        raise BaseDocxError(f"底稿文件 {base} 无法作为 .docx 打开：{exc.message}") from None
    except Exception as exc:  # python-docx raises several types for a file that is not .docx
        raise BaseDocxError(f"底稿文件 {base} 无法作为 .docx 打开（{type(exc).__name__}）") from None
    _adopt_styles(document, fonts)
    body = document.element.body
    if body.find(qn("w:sectPr")) is None:  # a base without page set-up gets ours
        body.append(OxmlElement("w:sectPr"))
        _page_setup(document, landscape=landscape)
    elif landscape:
        _page_setup(document, landscape=True)
    return _named(GbtDocument(document, fonts), kind, title)


def _named(doc: GbtDocument, kind: str | None, title: str | None) -> GbtDocument:
    properties = doc.docx.core_properties
    if kind is not None:
        properties.category = kind
    if title is not None:
        properties.title = title
    return doc


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
