"""The document builder: paragraphs, tables, 落款, page numbers, and many copies of one letter."""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gaozhi_cli.formats.gbt9704.ooxml import (
    JC,
    KEEP_NEXT,
    NBSP,
    NSDECL,
    SECT_PR,
    attr,
    run_content,
    twips,
    twips_mm,
)
from gaozhi_cli.formats.gbt9704.standard import (
    BODY_PT,
    CHAR_SPACING_TWIPS,
    STYLES,
    TABLE_GRID_STYLE,
    Content,
    Fonts,
    Role,
    StyleSpec,
)
from gaozhi_cli.formats.xmltext import NOT_XML
from gaozhi_cli.formtext import EM_DASH, Gap, Segment, Spread, text_width

# A private-use character standing for a cell's text while its paragraph is laid out.
_MARK = "\ue000"

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

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
    # Paragraphs and tables are written as XML text (fragments without namespace declarations)
    # and parsed once each: building them with python-docx's element API costs about ten times
    # as much. Copies of a letter (``Prototype``) are not parsed at all.

    def paragraph(
        self,
        content: Content = "",
        role: Role = "body",
        *,
        right_indent_chars: float | None = None,
        left_indent_chars: float | None = None,
        container: _Cell | None = None,
        keep_next: bool = False,
    ) -> Paragraph:
        """Append a paragraph of ``role`` (see ``STYLES``) with text and underlined gaps.

        ``container``: a table cell (python-docx ``_Cell``) instead of the body;
        ``keep_next``: on the page of the next paragraph.
        """
        from docx.text.paragraph import Paragraph

        p = _parse(self._p_xml(content, role, left_indent_chars, right_indent_chars, keep_next=keep_next))
        if container is not None:
            container._element.append(p)
            return Paragraph(p, container)
        self._append(p)
        return Paragraph(p, self.docx._body)

    def _append(self, element: object) -> None:
        body = self.docx.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == SECT_PR:
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
        head, tail = self._p_parts(
            content, role, left_chars, right_chars, align=align, size_pt=size_pt, bold=bold
        )
        return f"{head}{KEEP_NEXT}{tail}" if keep_next else head + tail

    def _p_parts(
        self,
        content: Content,
        role: str,
        left_chars: float | None = None,
        right_chars: float | None = None,
        *,
        align: str | None = None,
        size_pt: float | None = None,
        bold: bool = False,
    ) -> tuple[str, str]:
        """A paragraph's XML in two parts, where ``w:keepNext`` goes (second in ``w:pPr``)."""
        spec = STYLES[role]
        head = (
            f'<w:p><w:pPr><w:pStyle w:val="{spec.style_id}"/>'
            if spec.style_id != "Normal"
            else "<w:p><w:pPr>"
        )
        ppr = ""
        if left_chars is not None or right_chars is not None:
            size = spec.size_pt
            ind = "".join(
                f' w:{side}Chars="{round(chars * 100)}" w:{side}="{twips(size * chars)}"'
                for side, chars in (("left", left_chars), ("right", right_chars))
                if chars is not None
            )
            ppr += f"<w:ind{ind}/>"
        ppr += f'<w:jc w:val="{align}"/>' if align else ""
        segments: Sequence[Segment] = [content] if isinstance(content, str | Gap | Spread) else content
        font = attr(self._east_asia[role])
        bold_xml = "<w:b/>" if bold else ""
        size_xml = (
            f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>' if size_pt else ""
        )
        tighter = _tighter(segments, spec, (left_chars or 0) + (right_chars or 0)) if size_pt is None else 0
        spacing = f'<w:spacing w:val="{CHAR_SPACING_TWIPS + tighter}"/>' if tighter else ""
        runs = []
        for seg in segments:
            if isinstance(seg, Gap):
                runs.append(_gap_run(seg, font, bold_xml + spacing + size_xml))
            elif isinstance(seg, Spread):
                runs.append(_spread_runs(seg, font, bold_xml, size_xml, size_pt or spec.size_pt))
            elif seg:
                runs.append(
                    f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/>{bold_xml}{spacing}{size_xml}</w:rPr>'
                    f"{run_content(seg)}</w:r>"
                )
        return head, f"{ppr}</w:pPr>{''.join(runs)}</w:p>"

    def title(self, content: Content) -> Paragraph:
        """The title (7.3.1): 2号小标宋, centred."""
        return self.paragraph(content, "title")

    def heading(self, content: Content, level: Literal[1, 2] = 1) -> Paragraph:
        """一、 in 黑体 (level 1) or （一） in 楷体 (level 2), indented two characters (7.3.3)."""
        return self.paragraph(content, "heading1" if level == 1 else "heading2")

    def signature(self, lines: Sequence[Content], *, right_chars: float = 4) -> list[Paragraph]:
        """署名 and 成文日期 (7.3.5.1): the last line (the date) ``right_chars`` from the right
        edge (右空四字), the lines above centred on it (the agency's name over the date); kept
        on the page of what follows (a 附注)."""
        return [
            self.paragraph(s, "signature", right_indent_chars=right, keep_next=True)
            for s, right in signature_lines(lines, right_chars)
        ]

    def keep_with_next(self, since_text: bool = True) -> None:
        """Keep the last paragraphs of the body on the page of what follows: the empty lines
        back to, and including, the last paragraph with text (GB/T 9704 7.3.5: a 落款 never
        stands on a page without body text)."""
        body = self.docx.element.body
        for element in reversed(body):
            if element.tag == SECT_PR:
                continue
            if element.tag != qn("w:p"):
                return
            ppr = element.get_or_add_pPr()
            if ppr.find(qn("w:keepNext")) is None:  # second in w:pPr, after w:pStyle
                style = ppr.find(qn("w:pStyle"))
                ppr.insert(0 if style is None else 1, OxmlElement("w:keepNext"))
            if not since_text or "".join(t.text or "" for t in element.iter(qn("w:t"))).strip():
                return

    def page_break(self) -> None:
        head, tail = self._page_break_parts()
        self._append(_parse(head + tail))

    def _page_break_parts(self) -> tuple[str, str]:
        font = attr(self._east_asia["plain"])
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{STYLES["plain"].style_id}"/>',
            f'</w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/></w:rPr>'
            '<w:br w:type="page"/></w:r></w:p>',
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
        flowing: bool = False,
        span_short_rows: bool = False,
    ) -> Table:
        """A table as wide as the type area. ``header_rows`` rows repeat at the top of every
        page when ``repeat_header``; rows never split across pages; ``keep_together`` keeps
        the whole table on one page with the paragraph after it (signature blocks).

        ``flowing``: a row below the header may continue on the next page, its text from the
        top of the cells, and the headings are centred (a row of legal text is often taller
        than what is left of a page; keeping it whole leaves pages half empty).
        ``span_short_rows``: the last cell of a row with fewer cells spans the columns left."""
        from docx.table import Table

        tbl = _parse(
            self._tbl_xml(
                rows,
                self.text_mm(),
                header_rows=header_rows,
                repeat_header=repeat_header,
                widths_mm=widths_mm,
                borders=borders,
                size_pt=size_pt,
                align=align,
                min_row_height_mm=min_row_height_mm,
                keep_together=keep_together,
                flowing=flowing,
                span_short_rows=span_short_rows,
            )
        )
        self._append(tbl)
        return Table(tbl, self.docx._body)

    def text_mm(self) -> float:
        """The width of the type area of the last section, in millimetres."""
        section = self.docx.sections[-1]
        assert section.page_width is not None and section.left_margin is not None
        assert section.right_margin is not None
        return (section.page_width - section.left_margin - section.right_margin) / 36000

    def _tbl_xml(
        self,
        rows: Sequence[Sequence[Content]],
        text_mm: float,
        *,
        header_rows: int,
        repeat_header: bool,
        widths_mm: Sequence[float] | None,
        borders: bool,
        size_pt: float | None,
        align: Sequence[Literal["left", "center", "right", "both"]] | None,
        min_row_height_mm: float | None,
        keep_together: bool,
        flowing: bool = False,
        span_short_rows: bool = False,
    ) -> str:
        columns = max((len(r) for r in rows), default=0)
        if columns == 0:
            raise ValueError("a table needs at least one cell")
        widths = [twips_mm(w) for w in (widths_mm or [text_mm / columns] * columns)]
        style = f'<w:tblStyle w:val="{TABLE_GRID_STYLE}"/>' if borders else ""
        xml = [
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
            + "</w:tblGrid>"
        ]
        height = f'<w:trHeight w:val="{twips_mm(min_row_height_mm)}"/>' if min_row_height_mm else ""
        # A text cell's paragraph around its runs' content, made once for each kind of cell: with
        # the size given it does not depend on the text (a 附件3 of 3,000 items: 0.57 → 0.4 s).
        frames: dict[tuple[bool, str | None], tuple[str, str]] = {}

        def cell_xml(value: Content, header: bool, jc: str | None) -> str:
            if size_pt is None or not isinstance(value, str) or not value:
                return self._p_xml(
                    value, "table", align=jc, keep_next=keep_together, size_pt=size_pt, bold=header
                )
            frame = frames.get((header, jc))
            if frame is None:
                whole = self._p_xml(
                    _MARK, "table", align=jc, keep_next=keep_together, size_pt=size_pt, bold=header
                )
                before, after = whole.split(run_content(_MARK))
                frame = frames[header, jc] = (before, after)
            return frame[0] + run_content(value) + frame[1]

        for i, values in enumerate(rows):
            header = i < header_rows
            repeat = "<w:tblHeader/>" if header and repeat_header else ""
            whole = "" if flowing and not header else "<w:cantSplit/>"
            valign = "top" if flowing and not header else "center"
            xml.append(f"<w:tr><w:trPr>{whole}{height}{repeat}</w:trPr>")
            spans = span_short_rows and 0 < len(values) < len(widths)
            for j, width in enumerate(widths[: len(values)] if spans else widths):
                span = ""
                if spans and j == len(values) - 1:
                    width, span = sum(widths[j:]), f'<w:gridSpan w:val="{len(widths) - j}"/>'
                cell = cell_xml(
                    values[j] if j < len(values) else "",
                    header,
                    "center" if header and flowing else JC[align[j]] if align else None,
                )
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vAlign w:val="{valign}"/>'
                    f"</w:tcPr>{cell}</w:tc>"
                )
            xml.append("</w:tr>")
        return "".join(xml) + "</w:tbl>"

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
        footer.is_linked_to_previous = False  # type: ignore[attr-defined]
        element = footer._element  # type: ignore[attr-defined]
        for child in list(element):
            element.remove(child)
        p = _parse(
            self._p_xml(
                f"{EM_DASH} \ue000 {EM_DASH}",
                "footer",
                1 if side == "left" else None,
                1 if side == "right" else None,
                align=side,
            )
        )
        # The placeholder becomes a PAGE field: begin, instruction, separate, shown number, end.
        font = attr(self._east_asia["footer"])
        field = "".join(
            f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/></w:rPr>{inner}</w:r>'
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
        for run in reversed(_parse_all(field)):
            dash_run.addnext(run)
        element.append(p)

    # output

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()


def _parse_all(fragment: str) -> list[Any]:
    """The elements of XML text in the ``w:`` namespace, as python-docx elements."""
    from docx.oxml import parse_xml

    return list(parse_xml(f"<w:x {NSDECL}>{fragment}</w:x>"))


def _parse(fragment: str) -> Any:
    return _parse_all(fragment)[0]


def signature_lines(lines: Sequence[Content], right_chars: float) -> list[tuple[list[Segment], float]]:
    """The lines of a 落款 with their right indents: the last ``right_chars`` from the right
    edge, the lines above centred on it."""
    as_segments = [[line] if isinstance(line, str | Gap | Spread) else list(line) for line in lines]
    if not as_segments:
        return []
    centre = right_chars + text_width(as_segments[-1]) / 2
    return [(s, max(0.0, centre - text_width(s) / 2)) for s in as_segments]


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


def _gap_run(gap: Gap, font: str, extra: str) -> str:
    """An underlined blank of ``gap.chars`` characters: no-break spaces, four to a character
    in Times New Roman (and in Liberation Serif, its metric twin), so that Word keeps a blank
    on one line; an ideographic space would break, and lose its underline at a line end."""
    return (
        f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}"/>{extra}<w:u w:val="single"/>'
        f'</w:rPr><w:t xml:space="preserve">{NBSP * (4 * gap.chars)}</w:t></w:r>'
    )


def _spread_runs(label: Spread, font: str, bold: str, size: str, size_pt: float) -> str:
    """A label spaced out to its width: the space goes after every character but the last
    (character spacing, so the text stays the label itself: 联系人, not 联 系 人)."""
    text = NOT_XML.sub("", label.text)
    head = f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:hint="eastAsia"/>{bold}'
    if len(text) < 2 or label.chars <= len(text):
        return f"{head}{size}</w:rPr>{run_content(text)}</w:r>"
    twips = round((label.chars - len(text)) / (len(text) - 1) * size_pt * 20)
    twips += CHAR_SPACING_TWIPS if size_pt == BODY_PT else 0
    return (
        f'{head}<w:spacing w:val="{twips}"/>{size}</w:rPr>{run_content(text[:-1])}</w:r>'
        f"{head}{size}</w:rPr>{run_content(text[-1])}</w:r>"
    )


# A last line of at most this many characters is pulled up into the lines above by setting
# the paragraph a little tighter (GB/T 9704 7.3.5: 调整字距), by at most MAX_TIGHTER twips.
SHORT_LAST_LINE = 2.2
MAX_TIGHTER = 28
TYPE_WIDTH_PT = 156 / 25.4 * 72


def _tighter(segments: Sequence[Segment], spec: StyleSpec, indent_chars: float) -> int:
    """Extra (negative) character spacing, in twips, that keeps a body paragraph from ending
    in a line of one or two characters (a lone 外） or 。), or 0.

    Lines hold whole characters, so they are counted at each trial spacing; each line break
    is allowed to cost a character, as a closing mark may not start a line and takes one along."""
    if spec.size_pt != BODY_PT or spec.line_pt is None or spec.align not in ("both", "left"):
        return 0
    width = text_width(segments)
    line_pt = TYPE_WIDTH_PT - indent_chars * BODY_PT
    first_pt = line_pt - spec.first_line_chars * BODY_PT  # the indent does not shrink with spacing

    def capacity(spacing: int) -> tuple[int, int]:
        pitch = BODY_PT + spacing / 20
        return math.floor(first_pt / pitch), math.floor(line_pt / pitch)

    first, line = capacity(CHAR_SPACING_TWIPS)
    if width <= first:
        return 0
    count = 1 + math.ceil((width - first) / line)
    last = width - first - (count - 2) * line
    if last > SHORT_LAST_LINE:
        return 0
    for extra in range(1, MAX_TIGHTER + 1):
        first, line = capacity(CHAR_SPACING_TWIPS - extra)
        if first + (count - 2) * (line - 1) >= width:  # one line fewer, still losing one per break
            return -extra
    return 0
