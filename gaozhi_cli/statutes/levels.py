"""A document's legal level (效力层级) judged from its 文号 and title, for documents the statute
book does not hold: local regulations, rules and normative documents, and anything newer
than the book's snapshot. Documents the book holds take their level from the book.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from gaozhi_cli.statutes.orders import OrderKind, parse_order

_NATIONAL_LAW = re.compile(
    r"^《?(?:中华人民共和国.+(?<!办)法|全国人民代表大会(?:常务委员会)?关于.+的决定)》?$"
)
_COUNCIL_DECISION = re.compile(r"^《?国务院(?:关于|对).+决定》?$")
_LOCAL_PREFIX = re.compile(r"^《?.{1,12}?(?:省|自治区|市|自治州|州|县|盟|特别行政区)")
_NORMATIVE_WORDS = re.compile(
    r"通知|意见|方案|批复|复函|函》|指引|指南|工作规程|公告》|纪要|规划》|细则（试行）》$|问答|解读|标准》"
)
_REGULATION = re.compile(r"条例(?:（试行）)?》?$")


@dataclass(frozen=True, slots=True)
class Judgement:
    """The level a basis is judged to have, and the words that show it."""

    level: str
    evidence: str  # 文号“…” or 名称“…”
    field: str  # the catalogue field the evidence is in: 文号 or 名称


@lru_cache(maxsize=4096)
def guess_level(title: str, number: str | None) -> Judgement | None:
    """The level of a document not in the book; None when its 文号 and title do not tell."""
    shown_title = title.strip()
    title = unicodedata.normalize("NFKC", shown_title).replace("(", "（").replace(")", "）")
    order = parse_order(number)
    if order is not None:
        shown = f"文号“{(number or '').strip()}”"
        level = _level_of_order(order.kind, title, order.issuer)
        return Judgement(level, shown, "文号")
    shown = f"名称“{shown_title}”"
    if _NATIONAL_LAW.match(title):
        return Judgement("法律", shown, "名称")
    if _COUNCIL_DECISION.match(title):
        return Judgement("国务院决定", shown, "名称")
    if _NORMATIVE_WORDS.search(title):
        return Judgement("规范性文件", shown, "名称")
    if _REGULATION.search(title):
        return Judgement("地方性法规" if _LOCAL_PREFIX.match(title) else "行政法规", shown, "名称")
    return None


def _level_of_order(kind: OrderKind, title: str, issuer: str) -> str:
    if kind is OrderKind.PRESIDENT:
        return "法律"
    if kind in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC):
        return "国务院决定" if "决定" in title and title.lstrip("《").startswith("国务院") else "行政法规"
    if kind is OrderKind.CONGRESS_NOTICE:
        named = title.lstrip("《").startswith(("中华人民共和国", "全国人民代表大会"))
        national = issuer.startswith("全国") or (
            named and issuer in ("人民代表大会常务委员会", "人大常委会", "人民代表大会", "人大")
        )
        return "法律" if national else "地方性法规"
    if kind is OrderKind.LOCAL_GOVERNMENT:
        return "地方政府规章"
    if kind is OrderKind.MINISTRY:
        return "部门规章"
    if issuer.startswith("国发") and "决定" in title:
        return "国务院决定"
    return "规范性文件"


def looks_national(title: str, number: str | None) -> bool:
    """Whether a title claims to be a national law or State Council regulation (so that not
    finding it in the book is worth a word): 中华人民共和国…, a …法 with no place name, or a
    主席令/国务院令 number."""
    text = unicodedata.normalize("NFKC", title).strip("《》 ")
    order = parse_order(number)
    if order is not None and order.kind in (
        OrderKind.PRESIDENT,
        OrderKind.STATE_COUNCIL,
        OrderKind.STATE_COUNCIL_CMC,
    ):
        return not _COUNCIL_DECISION.match(text)
    if text.startswith("中华人民共和国"):
        return True
    return text.endswith("法") and not text.endswith("办法") and not _LOCAL_PREFIX.match(text)
