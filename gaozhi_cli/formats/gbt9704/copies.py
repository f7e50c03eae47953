"""Many copies of one prepared document that differ only in their body, built as text.

A batch makes thousands of letters from one template. The prototype zips everything but
``word/document.xml`` once, and serialises the document once around an empty place for the
body; each copy writes its paragraphs and tables as WordprocessingML text into that place.
Nothing of a copy is parsed into lxml, and the bytes are those the document's own element
methods would give.
"""

from __future__ import annotations

import io
import struct
import sys
import time
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from gaozhi_cli.formats.gbt9704.document import GbtDocument, signature_lines
from gaozhi_cli.formats.gbt9704.ooxml import KEEP_NEXT, SECT_PR
from gaozhi_cli.formats.gbt9704.standard import Content, Role
from gaozhi_cli.formats.xmltext import NOT_XML
from gaozhi_cli.formtext import Gap, Segment, Spread

_PLACE = "gaozhi-body"
# Paragraphs kept built: a letter's paragraphs are mostly the same from copy to copy (the
# template's text, the catalogue item's notice); those with the row's values come and go.
PARAGRAPHS_KEPT = 1024


@dataclass(slots=True)
class _Paragraph:
    """A paragraph's XML around the place of ``w:keepNext``, which may be set afterwards."""

    head: str
    tail: str
    keep: bool
    segments: Sequence[Segment]

    def has_text(self) -> bool:
        """Whether the paragraph prints text (blanks and spaces are none)."""
        return any(
            NOT_XML.sub("", seg.text if isinstance(seg, Spread) else seg).strip()
            for seg in self.segments
            if not isinstance(seg, Gap)
        )

    def xml(self) -> str:
        return f"{self.head}{KEEP_NEXT}{self.tail}" if self.keep else self.head + self.tail


class Prototype:
    """A prepared document (page set-up, styles, headers, footers, the base's own content)
    from which copies are made; the document is not changed by them."""

    DOCUMENT_PART = "word/document.xml"

    def __init__(self, doc: GbtDocument) -> None:
        from lxml import etree

        self.doc = doc
        self.text_mm = doc.text_mm()
        self.page_break = doc._page_break_parts()
        self.paragraph_parts = lru_cache(maxsize=PARAGRAPHS_KEPT)(self._paragraph_parts)
        body = doc.docx.element.body
        place = etree.Comment(_PLACE)
        sect_pr = body.find(SECT_PR)
        if sect_pr is not None:
            sect_pr.addprevious(place)
        else:
            body.append(place)
        try:
            xml = etree.tostring(doc.docx.element, encoding="UTF-8", standalone=True).decode("utf-8")
        finally:
            body.remove(place)
        self._head, self._tail = xml.split(f"<!--{_PLACE}-->")
        saved = io.BytesIO(doc.to_bytes())
        static = io.BytesIO()
        with zipfile.ZipFile(saved) as src, zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename != self.DOCUMENT_PART:
                    dst.writestr(info.filename, src.read(info))
        self._static = ZipBase(static.getvalue())

    def _paragraph_parts(
        self, segments: tuple[Segment, ...], role: Role, right: float | None
    ) -> tuple[str, str]:
        return self.doc._p_parts(segments, role, None, right)

    def fresh(self) -> Copy:
        """A new copy, with the base's content and an empty body of its own."""
        return Copy(self)

    def package(self, body_xml: str) -> bytes:
        """The .docx with ``body_xml`` in the place of the body."""
        return self._static.with_member(self.DOCUMENT_PART, f"{self._head}{body_xml}{self._tail}".encode())


class Copy:
    """The body of one copy: the layout methods of ``GbtDocument`` that letters use."""

    __slots__ = ("_parts", "_proto")

    def __init__(self, proto: Prototype) -> None:
        self._proto = proto
        self._parts: list[str | _Paragraph] = []

    def paragraph(
        self,
        content: Content = "",
        role: Role = "body",
        *,
        right_indent_chars: float | None = None,
        keep_next: bool = False,
    ) -> None:
        segments = (content,) if isinstance(content, str | Gap | Spread) else tuple(content)
        head, tail = self._proto.paragraph_parts(segments, role, right_indent_chars)
        self._parts.append(_Paragraph(head, tail, keep_next, segments))

    def signature(self, lines: Sequence[Content], *, right_chars: float = 4) -> None:
        for segments, right in signature_lines(lines, right_chars):
            self.paragraph(segments, "signature", right_indent_chars=right, keep_next=True)

    def page_break(self) -> None:
        head, tail = self._proto.page_break
        self._parts.append(_Paragraph(head, tail, False, ()))

    def keep_with_next(self, since_text: bool = True) -> None:
        """As ``GbtDocument.keep_with_next``, within this copy's own paragraphs."""
        for part in reversed(self._parts):
            if not isinstance(part, _Paragraph):
                return
            part.keep = True
            if not since_text or part.has_text():
                return

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
    ) -> None:
        self._parts.append(
            self._proto.doc._tbl_xml(
                rows,
                self._proto.text_mm,
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

    def to_bytes(self) -> bytes:
        """This copy as a .docx file."""
        return self._proto.package("".join(p if isinstance(p, str) else p.xml() for p in self._parts))


class ZipBase:
    """A zip archive (written by zipfile: no comment, no ZIP64) to which each copy adds one
    member, as ``zipfile.ZipFile(…, "a").writestr(name, data)`` would, byte for byte, without
    reading the archive again: its entries and central directory are kept, and a copy is
    the entries, the new member, and the directory with the member's entry. (Opening the
    archive to append took a third of the time of packaging a letter.)"""

    def __init__(self, archive: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            start, self._count = zf.start_dir, len(zf.infolist())
        end = len(archive) - _END.size
        if archive[end : end + 4] != b"PK\x05\x06" or self._count >= 0xFFFF:
            raise ValueError("not a plain zip archive")
        self._archive, self._entries, self._directory = archive, archive[:start], archive[start:end]

    def with_member(self, name: str, data: bytes, when: tuple[int, ...] | None = None) -> bytes:
        """The archive with ``data`` deflated as ``name``, dated ``when`` (now by default)."""
        if len(data) * 1.05 > zipfile.ZIP64_LIMIT:  # as zipfile decides: it writes ZIP64 records
            buffer = io.BytesIO(self._archive)
            with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(name, data)
            return buffer.getvalue()
        y, mo, d, h, mi, sec = (when or time.localtime(time.time()))[:6]
        dosdate, dostime = (y - 1980) << 9 | mo << 5 | d, h << 11 | mi << 5 | sec // 2
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = deflate.compress(data) + deflate.flush()
        crc, offset = zlib.crc32(data), len(self._entries)
        sizes = (crc, len(packed), len(data), len(encoded))
        local = _LOCAL.pack(b"PK\x03\x04", 20, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate, *sizes, 0)
        central = _CENTRAL.pack(
            b"PK\x01\x02", 20, _SYSTEM, 20, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate, *sizes,
            0, 0, 0, 0, 0o600 << 16, offset,
        )  # fmt: skip
        directory = self._directory + central + encoded
        start = offset + len(local) + len(encoded) + len(packed)
        return b"".join(
            (
                self._entries,
                local,
                encoded,
                packed,
                directory,
                self._end(self._count + 1, len(directory), start),
            )
        )

    @staticmethod
    def _end(count: int, size: int, offset: int) -> bytes:
        return _END.pack(b"PK\x05\x06", 0, 0, count, count, size, offset, 0)


# zipfile's own record layouts (structFileHeader, structCentralDir, structEndArchive)
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_SYSTEM = 0 if sys.platform == "win32" else 3  # zipfile's create_system
