"""Is a quoted 内容 the article's text? Compared as a reviewer compares: spaces, full- and
half-width forms and punctuation do not count, and …… marks an omission, so
"申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的" quotes 律师法第七条
(as does the same without the ……: items an excerpt passes over need no mark).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

from gaozhi_cli.numerals import CN_DIGITS, NUMBER, parse_number

_OMISSION = re.compile(r"…+|\.{3,}|。{3,}|[（(]略[）)]")
_ARTICLE_LABEL = rf"第{NUMBER}条(?:之{NUMBER})?(?:第{NUMBER}款)?(?:第?[（(]{NUMBER}[）)]项?)?"
# What a quote may begin with that is not the article's text: 《…》第七条规定：
_LEAD = re.compile(rf"^(?:《[^》]*》)?(?:{_ARTICLE_LABEL})?(?:规定|明确)?[\s:：，,“\"]*")
# A quote of two articles names the second in the middle: ……。第八条 ……
_INNER_LABEL = re.compile(rf"(?<=[。；;])\s*{_ARTICLE_LABEL}[\s:：]*")
_CHINESE_NUMBER = re.compile(f"[{CN_DIGITS}]+")
# The mark an item starts with, （二） (after NFKC: (二)): a quote may leave it out, or write
# it where the text does not. 第（二）项 names an item and stays.
_ITEM_MARK = re.compile(rf"(?<!第)\s*\([{CN_DIGITS}0-9]+\)")
# An item's mark starts a piece of its own: an excerpt may go from the lead-in straight to the
# item it is about (……证书：（二）受过刑事处罚的), the items between left out without a ……
_ITEM_START = re.compile(rf"(?<!第)\([{CN_DIGITS}0-9]+\)")
MIN_FRAGMENT = 2  # a single character proves nothing


def _arabic(m: re.Match[str]) -> str:
    n = parse_number(m.group())
    return m.group() if n is None else str(n)


@lru_cache(maxsize=65536)
def flatten(text: str) -> str:
    """Letters and digits only, numbers in Arabic digits: what is left when punctuation,
    spacing, the marks items start with and the way numbers are written (三十日, 30日) are
    set aside."""
    text = _ITEM_MARK.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if unicodedata.category(c)[0] in "LN")
    return _CHINESE_NUMBER.sub(_arabic, text)


def fragments(quote: str, shortest: int = MIN_FRAGMENT) -> list[str]:
    """The pieces of a quote between omission marks (and article labels), flattened, of at
    least ``shortest`` characters; a leading 《…》第N条规定 is dropped."""
    text = unicodedata.normalize("NFKC", quote).strip().strip("“”\"'「」")
    text = _INNER_LABEL.sub("……", _LEAD.sub("", text))
    parts = (piece for part in _OMISSION.split(text) for piece in _ITEM_START.split(part))
    return [f for f in map(flatten, parts) if len(f) >= shortest]


def quoted_in(quote: str, text: str) -> bool:
    """Every fragment of ``quote`` is in ``text``, in order."""
    pieces = fragments(quote)
    return bool(pieces) and _in_order(pieces, flatten(text))


def _in_order(pieces: Sequence[str], haystack: str) -> bool:
    return _spans(pieces, haystack) is not None


def _spans(pieces: Sequence[str], haystack: str) -> list[tuple[int, int]] | None:
    """Where each piece is found in ``haystack``, each after the one before; None when one is not."""
    spans: list[tuple[int, int]] = []
    at = 0
    for piece in pieces:
        found = haystack.find(piece, at)
        if found == -1:
            return None
        at = found + len(piece)
        spans.append((found, at))
    return spans


def parts_touched(quote: str, parts: Sequence[str]) -> set[int] | None:
    """The indexes of ``parts`` (consecutive pieces of one text, such as an article's 款 and
    项) that the fragments of ``quote`` fall in, found as ``quoted_in`` finds them; None when
    the quote is not in them."""
    pieces = fragments(quote)
    flat = [flatten(p) for p in parts]
    ends = list(accumulate(len(f) for f in flat))  # where each part ends in the haystack
    spans = _spans(pieces, "".join(flat))
    if not pieces or spans is None:
        return None
    return {
        i for start, end in spans for i in range(bisect_right(ends, start), bisect_right(ends, end - 1) + 1)
    }


def any_fragment_in(quote: str, texts: Iterable[str]) -> bool:
    """Whether a fragment of ``quote`` lies whole within one of ``texts``."""
    flat = [flatten(t) for t in texts]
    return any(piece in text for piece in fragments(quote) for text in flat)


def first_containing(quote: str, texts: Iterable[tuple[str, str]]) -> str | None:
    """The label of the first (label, text) that holds the whole quote."""
    pieces = fragments(quote)
    if not pieces:
        return None
    for label, text in texts:
        if _in_order(pieces, flatten(text)):
            return label
    return None


def missing_piece(quote: str, text: str) -> str | None:
    """The first fragment of ``quote`` (as written) that ``text`` does not hold, for messages."""
    haystack = flatten(text)
    text = unicodedata.normalize("NFKC", quote).strip()
    raw = _OMISSION.split(_INNER_LABEL.sub("……", _LEAD.sub("", text)))
    at = 0
    for part in raw:
        piece = flatten(part)
        if len(piece) < MIN_FRAGMENT:
            continue
        found = haystack.find(piece, at)
        if found == -1:
            return part.strip()
        at = found + len(piece)
    return None
