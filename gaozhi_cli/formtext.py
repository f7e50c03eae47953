"""The pieces a printed form is made of, below letters and formats (no python-docx here).

A line of a form is a sequence of segments: text; a ``Gap``, the underlined blank the annexes
print for handwriting; or a ``Spread`` label, spaced out to a width so that the colons of
姓名：/联系人：/联系方式： line up as in the annex.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EM_DASH = "\u2014"


@dataclass(frozen=True, slots=True)
class Gap:
    """An underlined blank of ``chars`` characters, for filling in by hand."""

    chars: int = 6


@dataclass(frozen=True, slots=True)
class Spread:
    """``text`` spaced out evenly to ``chars`` characters (分散对齐 of a label)."""

    text: str
    chars: int


Segment = str | Gap | Spread


class Mixed(tuple[Segment, ...]):
    """A value made of text and blanks, e.g. 晋市司函字〔2021〕____号 on a blank form."""

    __slots__ = ()


def char_width(ch: str) -> float:
    """CJK and full-width forms count 1, ASCII ½."""
    return 0.5 if ord(ch) < 0x2E80 and ch != EM_DASH else 1.0


def text_width(segments: Iterable[Segment]) -> float:
    """Width in characters of a line (for centring and for fitting lines)."""
    width = 0.0
    for seg in segments:
        if isinstance(seg, Gap):
            width += seg.chars
        elif isinstance(seg, Spread):
            width += max(seg.chars, len(seg.text))
        else:
            width += sum(char_width(ch) for ch in seg)
    return width
