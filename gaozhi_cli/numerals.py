"""Chinese numerals as laws write them: 第一千零四十条, 第（十二）项, 第二十一条之一.

Article, paragraph and item numbers come in Chinese (十二, 一百零五, 两百) or Arabic (12)
digits, and in full-width forms (１２). Out, numbers are written as statutes print them:
十二, 一百零五, 一千零四十 (no 一十 at the start).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_DIGITS = "零〇一二两三四五六七八九十百千"
NUMBER = rf"[{CN_DIGITS}\d０-９]+"


@lru_cache(maxsize=4096)
def parse_number(text: str) -> int | None:
    """12 from ``十二``, ``12`` or ``１２``; None when ``text`` is not one number."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text) if len(text) <= 6 else None
    if not all(c in _DIGITS or c in _UNITS for c in text):
        return None
    if all(c in _DIGITS for c in text) and len(text) > 1:  # 一〇五: digit by digit
        return int("".join(str(_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _DIGITS:
            current = _DIGITS[c]
        else:
            total += (current or 1) * _UNITS[c]
            current = 0
    return total + current


def to_chinese(n: int) -> str:
    """``12`` -> ``十二``; ``105`` -> ``一百零五``; ``1040`` -> ``一千零四十`` (0 < n < 10000)."""
    if not 0 < n < 10000:
        return str(n)
    digits = "零一二三四五六七八九"
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if d == 1 and unit == "十" and not out else digits[d]) + unit
    return out
