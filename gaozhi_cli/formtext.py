"""The pieces a printed form is made of, below letters and formats (no python-docx here).

A line of a form is a sequence of segments: text; a ``Gap``, the underlined blank the annexes
print for handwriting; or a ``Spread`` label, spaced out to a width so that the colons of
姓名：/联系人：/联系方式： line up as in the annex.
"""

from __future__ import annotations

import re
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


# CJK and full-width forms count 1; what lies below the CJK blocks (U+2E80), ASCII and the
# like, counts ½ — but the em dash, which Chinese text sets a full character wide.
_HALF = re.compile(r"[\x00-\u2013\u2015-\u2e7f]")


def text_width(segments: Iterable[Segment]) -> float:
    """Width in characters of a line (for centring and for fitting lines)."""
    width = 0.0
    for seg in segments:
        if isinstance(seg, Gap):
            width += seg.chars
        elif isinstance(seg, Spread):
            width += max(seg.chars, len(seg.text))
        else:
            width += len(seg) - len(_HALF.findall(seg)) / 2
    return width
