"""WordprocessingML pieces the package and the document share: namespaces, units, escaping."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml.ns import qn

from gaozhi_cli.formats.xmltext import escape_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def twips(points: float) -> int:
    return round(points * 20)


def rfonts(latin: str, east_asia: str) -> str:
    latin, east_asia = escape(latin, {'"': "&quot;"}), escape(east_asia, {'"': "&quot;"})
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>'
    )


SECT_PR = qn("w:sectPr")
NBSP = "\u00a0"
NSDECL = f'xmlns:w="{W_NS}"'
KEEP_NEXT = "<w:keepNext/>"
JC = {"left": "left", "center": "center", "right": "right", "both": "both"}


def attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def twips_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def run_content(text: str) -> str:
    """Run content for ``text``: line breaks and tabs as their elements, the rest escaped."""
    if "\n" not in text and "\t" not in text:  # most cells
        text = escape_text(text)
        return f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    parts = []
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            piece = escape_text(piece)
            if piece:
                parts.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    return "".join(parts)
