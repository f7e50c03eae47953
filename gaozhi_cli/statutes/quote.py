"""Is a quoted 内容 the article's text? Compared as a reviewer compares: spaces, full- and
half-width forms and punctuation do not count, and …… marks an omission, so
"申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的" quotes 律师法第七条.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from gaozhi_cli.numerals import NUMBER

_OMISSION = re.compile(r"…+|\.{3,}|。{3,}|[（(]略[）)]")
_LABEL = re.compile(
    rf"^第{NUMBER}条(?:之{NUMBER})?(?:第{NUMBER}款)?(?:第?[（(]{NUMBER}[）)]项?)?(?:规定)?[\s:：，,]*"
)
MIN_FRAGMENT = 2  # a single character proves nothing


@lru_cache(maxsize=65536)
def flatten(text: str) -> str:
    """Letters and digits only: what is left when punctuation and spacing are set aside."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def fragments(quote: str) -> list[str]:
    """The pieces of a quote between omission marks, flattened; a leading 第N条 is dropped."""
    text = unicodedata.normalize("NFKC", quote).strip().strip("“”\"'「」")
    text = _LABEL.sub("", text)
    return [f for f in (flatten(p) for p in _OMISSION.split(text)) if len(f) >= MIN_FRAGMENT]


def quoted_in(quote: str, text: str) -> bool:
    """Every fragment of ``quote`` is in ``text``, in order."""
    pieces = fragments(quote)
    return bool(pieces) and _in_order(pieces, flatten(text))


def _in_order(pieces: Sequence[str], haystack: str) -> bool:
    at = 0
    for piece in pieces:
        found = haystack.find(piece, at)
        if found == -1:
            return False
        at = found + len(piece)
    return True


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
    raw = _OMISSION.split(_LABEL.sub("", unicodedata.normalize("NFKC", quote).strip()))
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
