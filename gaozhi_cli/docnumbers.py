"""Document numbers: 函号 (发文字号, GB/T 9704 7.2.5) and the 编号 of a commitment letter (附件4).

    doc_number("晋市司函字", 2021, 15)      → 晋市司函字〔2021〕15号
    serial_number(2021, 15)                 → [2021年]第15号
    parse_doc_number("晋市司函字[2021]015号") → DocNumber("晋市司函字", 2021, 15)

Below letters and formats, so that checking letter data does not load python-docx.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class DocNumber(NamedTuple):
    prefix: str
    year: int
    seq: int

    def __str__(self) -> str:
        return doc_number(self.prefix, self.year, self.seq)


def doc_number(prefix: str, year: int, seq: int) -> str:
    """Year in full inside 〔〕, no 第, no leading zeros: 晋市司函字〔2021〕15号."""
    return f"{prefix}〔{int(year)}〕{int(seq)}号"


def serial_number(year: int, seq: int) -> str:
    """The number of a commitment letter (附件4): [2021年]第15号."""
    return f"[{int(year)}年]第{int(seq)}号"


_DOC_NUMBER = re.compile(
    r"\s*(?P<prefix>[^〔\[［(（【]*?)\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*第?\s*(?P<seq>\d{1,9})\s*号?\s*"
)


def parse_doc_number(text: str) -> DocNumber | None:
    """A number as people type it (晋市司函字[2021]015号, 晋市司函字（2021）第15号), in its parts."""
    m = _DOC_NUMBER.fullmatch(text)
    if m is None or int(m.group("seq")) == 0:
        return None
    return DocNumber(m.group("prefix"), int(m.group("year")), int(m.group("seq")))
