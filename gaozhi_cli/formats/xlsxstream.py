"""A small .xlsx writer that streams: rows go into the zip as they come, memory stays flat.

xlsxwriter's constant-memory mode was measured first: ~15 µs a cell here, so a million-row
detail sheet of 11 columns takes well over two minutes. Here a row is one formatted string
(inline strings, dates as serial numbers with a date style), about ten times faster.

Sheets are written in any order (the workbook part comes last and lists them in the order
wanted); [Content_Types].xml comes first and types every .xml part as a worksheet by
default, overriding the few that are not, so it need not know how many sheets follow.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import IO, NamedTuple

from gaozhi_cli.dates import EXCEL_EPOCH
from gaozhi_cli.formats.xmltext import escape_attr, escape_text

MAX_ROWS = 1_048_576
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_PRESERVE = ' xml:space="preserve"'  # or Excel drops a cell's leading and trailing spaces
MAX_TEXT = 32_767  # characters Excel holds in a cell; a longer one makes it call the file damaged


def xml_text(text: str) -> str:
    return escape_text(text[:MAX_TEXT])


@lru_cache(maxsize=256)
def column_letters(index: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


class Styles:
    """Cell formats registered as used: fill colour, number format, bold, size, a thin border
    on every side, and alignment (horizontal, vertical, wrapped)."""

    def __init__(self) -> None:
        self._xfs: list[_Xf] = [_Xf()]

    def __call__(
        self,
        *,
        fill: str | None = None,
        number: str | None = None,
        bold: bool = False,
        size: int | None = None,
        border: bool = False,
        horizontal: str | None = None,
        vertical: str | None = None,
        wrap: bool = False,
    ) -> int:
        key = _Xf(fill, number, bold, size, border, horizontal, vertical, wrap)
        if key not in self._xfs:
            self._xfs.append(key)
        return self._xfs.index(key)

    def xml(self) -> str:
        numbers = list(dict.fromkeys(x.number for x in self._xfs if x.number))
        fonts = list(dict.fromkeys((x.bold, x.size) for x in self._xfs))
        fills = list(dict.fromkeys(x.fill for x in self._xfs if x.fill))
        bordered = any(x.border for x in self._xfs)
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {_NS}>']
        if numbers:
            out.append(f'<numFmts count="{len(numbers)}">')
            out += [
                f'<numFmt numFmtId="{164 + i}" formatCode={escape_attr(n)}/>' for i, n in enumerate(numbers)
            ]
            out.append("</numFmts>")
        out.append(f'<fonts count="{len(fonts)}">')
        for bold, size in fonts:
            out.append(
                f'<font>{"<b/>" if bold else ""}<sz val="{size or 11}"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
            )
        out.append(f'</fonts><fills count="{len(fills) + 2}"><fill><patternFill patternType="none"/></fill>')
        out.append('<fill><patternFill patternType="gray125"/></fill>')
        out += [
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{f}"/><bgColor indexed="64"/></patternFill></fill>'
            for f in fills
        ]
        out.append(f'</fills><borders count="{1 + bordered}">')
        out.append("<border><left/><right/><top/><bottom/><diagonal/></border>")
        if bordered:
            out.append(
                "<border>" + "".join(f'<{side} style="thin"/>' for side in _SIDES) + "<diagonal/></border>"
            )
        out.append(
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        )
        out.append(f'<cellXfs count="{len(self._xfs)}">')
        for x in self._xfs:
            num = 164 + numbers.index(x.number) if x.number else 0
            fill_id = fills.index(x.fill) + 2 if x.fill else 0
            applied = (' applyNumberFormat="1"' if x.number else "") + (' applyFill="1"' if x.fill else "")
            applied += ' applyFont="1"' if x.bold or x.size else ""
            applied += ' applyBorder="1"' if x.border else ""
            align = x.alignment()
            applied += ' applyAlignment="1"' if align else ""
            out.append(
                f'<xf numFmtId="{num}" fontId="{fonts.index((x.bold, x.size))}" fillId="{fill_id}" '
                f'borderId="{int(x.border)}" xfId="0"{applied}' + (f">{align}</xf>" if align else "/>")
            )
        out.append(
            '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        )
        return "".join(out)


_SIDES = ("left", "right", "top", "bottom")


class _Xf(NamedTuple):
    fill: str | None = None
    number: str | None = None
    bold: bool = False
    size: int | None = None
    border: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False

    def alignment(self) -> str:
        attrs = (f' horizontal="{self.horizontal}"' if self.horizontal else "") + (
            f' vertical="{self.vertical}"' if self.vertical else ""
        )
        attrs += ' wrapText="1"' if self.wrap else ""
        return f"<alignment{attrs}/>" if attrs else ""


class Sheet:
    """One worksheet being written: ``row()`` for a few formatted rows, ``lines()`` for rows
    already formatted with the row number left as ``MARK``."""

    MARK = "\x01"  # never in escaped text: XML cannot hold it

    def __init__(self, book: Book, name: str, part: str, widths: Sequence[float], freeze: int) -> None:
        self.book, self.name, self.part = book, name, part
        self.rows = 0
        self.width = len(widths)
        self.filter: tuple[int, int] | None = None  # (header row, columns)
        self.title_rows: tuple[int, int] | None = None  # rows printed at the top of every page
        self._merged: list[str] = []
        self._stream = book.zip.open(part, "w", force_zip64=True)
        view = (
            f'<pane ySplit="{freeze}" topLeftCell="A{freeze + 1}" activePane="bottomLeft" state="frozen"/>'
            if freeze
            else ""
        )
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w:.1f}" customWidth="1"/>'
            for i, w in enumerate(widths)
        )
        self._write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'  # printed: all columns on the page's width
            f'<sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
        )

    def _write(self, text: str) -> None:
        self._stream.write(text.encode("utf-8"))

    @property
    def full(self) -> bool:
        return self.rows >= MAX_ROWS

    def row(
        self, values: Iterable[object], styles: Sequence[int] | int = 0, *, height: float | None = None
    ) -> None:
        """One row: str as text, int/float as numbers, date as a date (style it with a date
        format), None as an empty cell; ``height`` in points (Calc does not fit wrapped text)."""
        self.rows += 1
        n = self.rows
        cells = []
        s = styles if isinstance(styles, int) else 0  # one style for the row: its attribute made once
        style = f' s="{s}"' if s else ""
        for i, value in enumerate(values):
            if not isinstance(styles, int):
                s = styles[i]
                style = f' s="{s}"' if s else ""
            ref = f"{column_letters(i)}{n}"
            if value is None or value == "":
                if s:
                    cells.append(f'<c r="{ref}"{style}/>')
            elif type(value) is str or isinstance(value, bool) or not isinstance(value, int | float | date):
                text = xml_text(str(value))
                space = _PRESERVE if text[:1].isspace() or text[-1:].isspace() else ""
                cells.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif isinstance(value, date):
                cells.append(f'<c r="{ref}"{style}><v>{serial(value)}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
        tall = f' ht="{height:g}" customHeight="1"' if height else ""
        self._write(f'<row r="{n}"{tall}>{"".join(cells)}</row>')

    def merge(self, first: str, last: str) -> None:
        """Merge the cells from ``first`` to ``last`` (``"A1"``, ``"H1"``)."""
        self._merged.append(f'<mergeCell ref="{first}:{last}"/>')

    def lines(self, text: str) -> str:
        """Write the rows of ``text`` (one a line, numbered by MARK) while there is room;
        return what did not fit."""
        rows = text.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        room = MAX_ROWS - self.rows
        mark, n = self.MARK, self.rows
        out = [line.replace(mark, str(n + k)) for k, line in enumerate(rows[:room], start=1)]
        self.rows += len(out)
        self._write("".join(out))
        rest = rows[room:]
        return "\n".join(rest) + "\n" if rest else ""

    def close(self) -> None:
        tail = "</sheetData>"
        if self.filter and self.rows >= self.filter[0]:
            first, columns = self.filter
            tail += f'<autoFilter ref="A{first}:{column_letters(columns - 1)}{max(first, self.rows)}"/>'
        if self._merged:
            tail += f'<mergeCells count="{len(self._merged)}">{"".join(self._merged)}</mergeCells>'
        tail += '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        tail += (
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
        )
        self._write(tail)
        self._stream.close()


class Book:
    """A workbook written into ``raw``; sheets appear in the order of ``order`` (names), or
    in the order they were added."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.zip.writestr("[Content_Types].xml", _TYPES)
        self.zip.writestr("_rels/.rels", _ROOT_RELS)
        self.styles = Styles()
        self.sheets: list[Sheet] = []

    def sheet(self, name: str, widths: Sequence[float] = (), *, freeze: int = 0) -> Sheet:
        sheet = Sheet(self, name, f"xl/worksheets/sheet{len(self.sheets) + 1}.xml", widths, freeze)
        self.sheets.append(sheet)
        return sheet

    def close(self, order: Sequence[str] = ()) -> None:
        ranked = sorted(self.sheets, key=lambda s: order.index(s.name) if s.name in order else len(order))
        names, rels, defined = [], [], []
        for i, sheet in enumerate(ranked):
            names.append(f'<sheet name={escape_attr(sheet.name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>')
            target = sheet.part.removeprefix("xl/")
            rels.append(
                f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>'
            )
            if sheet.filter and sheet.rows >= sheet.filter[0]:
                first, columns = sheet.filter
                area = f"'{sheet.name}'!$A${first}:${column_letters(columns - 1)}${max(first, sheet.rows)}"
                defined.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{xml_text(area)}</definedName>'
                )
            if sheet.title_rows:
                area = "'{}'!${}:${}".format(sheet.name.replace("'", "''"), *sheet.title_rows)
                defined.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{xml_text(area)}</definedName>'
                )
        rels.append(
            f'<Relationship Id="rId{len(ranked) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        )
        self.zip.writestr("xl/styles.xml", self.styles.xml())
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>',
        )
        self.zip.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS} {_NS_R}>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{"".join(names)}</sheets>'
            + (f"<definedNames>{''.join(defined)}</definedNames>" if defined else "")
            + "</workbook>",
        )
        self.zip.close()
