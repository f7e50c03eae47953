"""Dates as Chinese offices write them, in and out.

In: ``2021-03-16``, ``2021/3/16``, ``2021.3.16``, ``2021年3月16日``, ``20210316``, each with or
without a time part (ignored). Out: GB/T 9704 form ``2021年3月16日`` (no leading zeros).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_SEPARATED = re.compile(
    r"\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T]\s*\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*"
)
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:\s*\d{2}:?\d{2}(?::?\d{2})?)?\s*")


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """The date in ``text``, or None when it is not one of the accepted forms or not a real day."""
    m = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def coerce_date(value: object) -> date | None:
    """A date from YAML/JSON/CSV values: a date, a datetime, or a string in an accepted form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def format_cn(d: date) -> str:
    """``2021年3月16日``: the 成文日期 form of GB/T 9704-2012 7.3.5.4, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"
