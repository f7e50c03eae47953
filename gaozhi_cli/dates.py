"""Dates as Chinese offices write them, in and out.

In: ``2021-03-16``, ``2021/3/16``, ``2021.3.16``, ``2021年3月16日``, ``20210316``, each with or
without a time part (ignored: ``09:30``, ``09:30:00.000+08:00``, ``9时30分``, ``下午2:30``).
Out: GB/T 9704 form ``2021年3月16日`` (no leading zeros).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

# The time of day after a date: 09:30, 09:30:00.000, 09:30:00+08:00, 9时30分, 9时30分5秒, 9点,
# each perhaps after 上午/下午 (platform exports in Chinese write 2025年3月3日 14时22分).
TIME_OF_DAY = (
    r"(?:上午|下午|中午|晚上)?\s*(?:\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分(?:\s*\d{1,2}(?:\.\d+)?\s*秒)?)?)"
)
# The years a date of something that happened (a receipt, a letter) can lie in: before 2000,
# or more than two years ahead, it is a slip of the keys (0001-01-01, 9999-12-31, 2205 for 2025).
PLAUSIBLE_YEARS = range(2000, date.today().year + 3)
# The day of the week Chinese Excel's long date format adds (2025年11月5日星期三, 周三, (三)).
_WEEKDAY = r"[(（]?\s*(?:星期|周|礼拜)?(?P<weekday>[一二三四五六日天])\s*[)）]?"
_WEEKDAY_NAMES = "一二三四五六日"  # Monday first, as date.weekday() counts
_SEPARATED = re.compile(
    r"\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    rf"(?:\s*(?=[(（星周礼])(?:{_WEEKDAY}))?"
    rf"(?:(?:[ T]|(?<=日)|(?<=[一二三四五六日天)）]))\s*{TIME_OF_DAY})?\s*"
)
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:\s*\d{2}:?\d{2}(?::?\d{2})?)?\s*")


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """The date in ``text``, or None when it is not one of the accepted forms or not a real day."""
    m = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if m is None:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    weekday = m.groupdict().get("weekday")
    if weekday is not None and _WEEKDAY_NAMES[day.weekday()] != weekday.replace("天", "日"):
        return None  # 2025年11月5日星期四: the date and its weekday disagree, which is meant?
    return day


_ZERO_DATE = re.compile(
    r"\s*0{4}\s*(?:[-/.]|年)?\s*0{1,2}\s*(?:[-/.]|月)?\s*0{1,2}\s*日?(?:[ T][\d:：.\s]*)?"
)


# What exports write in a date cell that has no date: a dash, a slash, 无, a database's NULL.
NO_DATE_MARKS = frozenset(
    {
        "-",
        "--",
        "—",
        "——",
        "－",
        "/",
        "／",
        "无",
        "暂无",
        "空",
        "null",
        "NULL",
        "Null",
        "None",
        "NaT",
        "N/A",
        "n/a",
        "#N/A",
    }
)


def is_no_date(text: str) -> bool:
    """An empty date as exports write it: ``0000-00-00`` (``0000-00-00 00:00:00``,
    ``00000000``, what a database writes for none), a dash, 无 or NULL. Not a day, and no typo
    either."""
    stripped = text.strip()
    return stripped in NO_DATE_MARKS or _ZERO_DATE.fullmatch(stripped) is not None


def coerce_date(value: object) -> date | None:
    """A date from YAML/JSON/CSV values: a date, a datetime, or a string in an accepted form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 in the 1900 date system
_EXCEL_SERIAL = re.compile(r"\s*(\d{5})(?:\.\d+)?\s*")  # 45719, 45719.395833 (with a time)


def date_hint(text: str) -> str:
    """Why a cell that is no date nearly is one, for the message that refuses it; else "".

    A number that reads as one of Excel's day numbers of 2000–2099 (a date column left in
    the General format before saving as CSV) is named with the day it would be; a date whose
    weekday disagrees (2025年10月1日星期四) with the weekday the date has. Neither is taken:
    a deadline must not rest on a guess."""
    m = _EXCEL_SERIAL.fullmatch(text)
    if m is not None and 36526 <= int(m.group(1)) <= 73050:
        day = EXCEL_EPOCH + timedelta(days=int(m.group(1)))
        return f"（像是 Excel 的日期序号，即 {day.isoformat()}：请在 Excel 中把该列设为日期格式后重新导出）"
    m = _SEPARATED.fullmatch(text)
    if m is not None and m.group("weekday"):
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return ""
        return f"（{format_cn(day)}是星期{_WEEKDAY_NAMES[day.weekday()]}，与所写的星期不符）"
    return ""


def format_cn(d: date) -> str:
    """``2021年3月16日``: the 成文日期 form of GB/T 9704-2012 7.3.5.4, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"
