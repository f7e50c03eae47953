"""Titles of laws as catalogues write them, and the key they are looked up by.

《中华人民共和国律师法》, 《律师法》, 中华人民共和国律师法（2017年修正）and
《中国人民解放军实施〈中华人民共和国药品管理法〉办法》 with <> or 《》 inside all name one
document. ``title_key`` removes what does not tell documents apart; ``loose_key`` also drops
暂行 and （试行）, which people add or leave out, for a second, weaker lookup.
"""

from __future__ import annotations

import re
import unicodedata

PRC = "中华人民共和国"
_QUOTES = re.compile(r"[《》〈〉<>“”\"'‘’「」『』]")
_EDITION = re.compile(r"\((?:\d{4}年?)?(?:第.次)?(?:修正|修订|修改|版|文本|全文)?(?:本)?\)$")
_TRIAL = re.compile(r"\(试行\)|暂行")


def display_title(title: str) -> str:
    """``《…》`` around a title that has none; the title itself otherwise."""
    title = title.strip()
    return title if title.startswith("《") else f"《{title}》"


def nest_marks(title: str) -> str:
    """A title without its own 《》, a title inside it in 单书名号 (GB/T 15834 4.15.3), so that
    《{title}》 reads 《实施〈中华人民共和国反外国制裁法〉的规定》; the statute files write 《》 inside."""
    return title.replace("《", "〈").replace("》", "〉")


def title_key(title: str) -> str:
    """The lookup key of a title: NFKC, no spaces or quotes, no 中华人民共和国, no edition, and
    nothing after the closing 》 (《律师法》第七条 names 《律师法》)."""
    text = "".join(unicodedata.normalize("NFKC", title).split())
    if text.startswith("《") and "》" in text:
        text = text[: text.rindex("》") + 1]
    text = _QUOTES.sub("", text).replace(PRC, "")
    while True:
        trimmed = _EDITION.sub("", text)
        if trimmed == text or not trimmed:
            return text
        text = trimmed


def loose_key(title: str) -> str:
    """``title_key`` without 暂行 and （试行）: 《社会救助办法》 finds 《社会救助暂行办法》."""
    return _TRIAL.sub("", title_key(title))


def bare_title(title: str) -> str:
    """The title without its outer 《》, as statute files write it in their first line."""
    text = title.strip()
    if text.startswith("《") and text.endswith("》"):
        text = text[1:-1]
    return text.strip()
