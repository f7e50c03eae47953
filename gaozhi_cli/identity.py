"""Identity numbers: check them (GB 11643, GB 32100) and mask them wherever they are shown."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO, cast

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# An 18-digit resident ID (last character may be X) in text: alone, next to letters (a case
# number SQ140502…), or written 6-8-4 with spaces or hyphens (140502 19900307 1234).
_ID_IN_TEXT = re.compile(r"(?<!\d)(\d{6})([ -]?)(\d{8})\2(\d{3}[0-9Xx])(?!\d)")
_LETTER = re.compile(r"[A-Za-z]")
# The first two digits of a region code (GB/T 2260): the provinces, Taiwan, Hong Kong, Macao.
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41"}
    | {"42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71"}
    | {"81", "82"}
)
# A first-generation number (15 digits, GB 11643-1989): region, YYMMDD, sequence. The date is
# required, so that other 15-digit numbers (a contract number, an IMEI) are left alone.
_OLD_ID_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])([1-8]\d{5})"
    r"(?=\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z]))(\d{5})(\d{4})"
)


# Both kinds begin with 6 and 8 digits, apart or not (\d, as the patterns above): text without
# such a run holds neither. Looking for it takes half the time of the two patterns (a 1.4 MB
# report: 0.08 s).
_DIGIT_RUN = re.compile(r"\d{6}[ \-－\u3000]?\d{8}")

# Text shorter than this holds no ID number (a first-generation one has 15 digits).
SHORTEST_ID = 15


def normalise_id(value: str) -> str:
    """An identity number as it is checked, kept and hashed: full-width characters as ASCII
    (a Chinese input method in full-width mode types １４０５０２…Ｘ), no space around it, X
    in capitals."""
    return unicodedata.normalize("NFKC", value).strip().upper()


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 居民身份证号码 (GB 11643-1999), or None if it is."""
    v = normalise_id(value)
    if len(v) != 18:
        return f"应为 18 位，实际 {len(v)} 位"
    if not v.isascii() or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "前 17 位应为数字，最后一位为数字或 X"
    # the birth date is the part a mask hides: the message says where, not what
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "出生日期（第 7—14 位）不是有效日期"
    if born > date.today():
        return "出生日期（第 7—14 位）晚于今天"
    total = sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    expected = _ID_CHECK[total % 11]
    if v[17] != expected:
        return f"校验码应为 {expected}，实际为 {v[17]}"
    return None


def credit_code_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 统一社会信用代码 (GB 32100-2015), or None if it is."""
    v = normalise_id(value)
    if len(v) != 18:
        return f"应为 18 位，实际 {len(v)} 位"
    bad = [c for c in v if c not in _USCC_ALPHABET]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不使用 I、O、S、V、Z）"
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(v[:17], _USCC_WEIGHTS, strict=True))
    expected = _USCC_ALPHABET[(31 - total % 31) % 31]
    if v[17] != expected:
        return f"校验码应为 {expected}，实际为 {v[17]}"
    return None


def mask_id_number(value: str) -> str:
    """Keep the region code and the last four characters: 140502********1234."""
    v = value.strip()
    if len(v) <= 10:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_ids_in_text(text: str) -> str:
    """Mask every resident ID number found anywhere in ``text``: 18 characters, or the 15
    digits of a first-generation card."""
    if not _DIGIT_RUN.search(text):  # no run of 15 digits, no ID: one quick pass, not two slow ones
        return text
    if _WIDE_CHARACTER.search(text):
        return _mask_wide(text)
    text = _ID_IN_TEXT.sub(_masked_id, text)
    return _OLD_ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 5 + m.group(3), text)


def _masked_id(m: re.Match[str]) -> str:
    region, gap, born, rest = m.groups()
    text, start, end = m.string, m.start(), m.end()
    alone = not gap and not _LETTER.match(text[start - 1 : start]) and not _LETTER.match(text[end : end + 1])
    # Eighteen digits alone are masked even if mistyped; among letters or spaced, only what has
    # a region code and a birth date is (a case number, or three numbers in a row, stay).
    if not alone and not (region[:2] in _PROVINCES and _birth_date(born)):
        return m.group()
    return f"{region}{gap}{'*' * 8}{gap}{rest}"


def _birth_date(digits: str) -> bool:
    try:
        return date(1900, 1, 1) <= date(int(digits[:4]), int(digits[4:6]), int(digits[6:])) <= date.today()
    except ValueError:
        return False


# Full-width digits and X, as a Chinese input method types them: looked for as ASCII.
_WIDE = str.maketrans("０１２３４５６７８９Ｘｘ－\u3000", "0123456789Xx- ")
_WIDE_CHARACTER = re.compile("[０-９Ｘｘ]")
_STARS = re.compile(r"\*+")


def _mask_wide(text: str) -> str:
    """``text`` masked where its copy with full-width digits and X made ASCII (of the same
    length) holds an ID number: the characters kept are the text's own."""
    starred = mask_ids_in_text(text.translate(_WIDE))
    pieces: list[str] = []
    last = 0
    for run in _STARS.finditer(starred):
        pieces += (text[last : run.start()], run.group())
        last = run.end()
    pieces.append(text[last:])
    return "".join(pieces)


class MaskedStream:
    """A text stream that masks ID numbers in everything written to it (one write at a time:
    reports write whole lines, so a number is never split between two writes)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(mask_ids_in_text(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def masked(stream: TextIO) -> TextIO:
    """``stream`` wrapped in a MaskedStream (once)."""
    return stream if isinstance(stream, MaskedStream) else cast(TextIO, MaskedStream(stream))


def unmasked(stream: TextIO) -> TextIO:
    """The stream under a MaskedStream: for data the user asked for as data (an example file
    to fill in), never for a report."""
    return stream._stream if isinstance(stream, MaskedStream) else stream
