"""Document numbers (文号): what an order number or a 发文字号 says, in every form in use.

The same order is written 中华人民共和国国务院令第412号, 国务院令412号, 国令第412号 or
国务院第412号令; ministries have used 部令第N号, 第N号令, 令（第N号）, 令2019年第25号,
令〔2005〕第1号 and joint orders of several bodies. An ``Order`` is the comparable core:
who issued it and its number. ``classify`` says what kind of document a 文号 belongs to, for
documents that the statute book does not hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from gaozhi_cli.numerals import CN_DIGITS, parse_number, to_chinese

_N = rf"[{CN_DIGITS}\d]+"


class OrderKind(str, Enum):
    """The issuer classes that matter for a document's level."""

    PRESIDENT = "主席令"  # 法律
    STATE_COUNCIL = "国务院令"  # 行政法规, 国务院决定
    STATE_COUNCIL_CMC = "国务院、中央军事委员会令"  # 行政法规 (joint)
    CONGRESS_NOTICE = "人大公告"  # 法律 or 地方性法规
    LOCAL_GOVERNMENT = "政府令"  # 地方政府规章
    MINISTRY = "部门令"  # 部门规章
    DOCUMENT = "发文字号"  # 规范性文件 (通知、意见…), or a 国务院决定 numbered 国发〔…〕


@dataclass(frozen=True, slots=True)
class Order:
    kind: OrderKind
    number: int
    issuer: str = ""  # for ministry orders and 发文字号: who (公安部, 国办发 …)
    year: int | None = None  # 令2019年第25号, 〔2020〕42号

    def key(self) -> tuple[str, int]:
        """What two writings of the same order share."""
        return (self.kind.value, self.number)

    def label(self) -> str:
        """The order as a catalogue should write it."""
        if self.kind is OrderKind.PRESIDENT:
            return f"中华人民共和国主席令第{to_chinese(self.number)}号"
        if self.kind is OrderKind.STATE_COUNCIL:
            return f"中华人民共和国国务院令第{self.number}号"
        if self.kind is OrderKind.STATE_COUNCIL_CMC:
            return f"中华人民共和国国务院、中华人民共和国中央军事委员会令第{self.number}号"
        if self.kind is OrderKind.DOCUMENT:
            return f"{self.issuer}〔{self.year}〕{self.number}号"
        year = f"{self.year}年" if self.year else ""
        return f"{self.issuer}令{year}第{self.number}号"


def order_key(order: Order) -> tuple[str, int]:
    """How the statute book files an order: joint State Council–CMC orders share the State
    Council's numbering."""
    if order.kind in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC):
        return (OrderKind.STATE_COUNCIL.value, order.number)
    if order.kind is OrderKind.MINISTRY:
        return (f"{OrderKind.MINISTRY.value}", order.number)
    return order.key()


_YEAR_BRACKETS = re.compile(r"[\[【(（〔]\s*(\d{4})\s*[\]】)）〕]")


def _year(m: re.Match[str]) -> str:
    return f"〔{m.group(1)}〕"


def normalise(text: str) -> str:
    """NFKC, no spaces, and one bracket for years: [2020] 【2020】 (2020) -> 〔2020〕."""
    text = "".join(unicodedata.normalize("NFKC", text).split())
    return _YEAR_BRACKETS.sub(_year, text)


_CMC = re.compile(rf"国务院[、,，]?(?:中华人民共和国)?中央军(?:事委员会|委)令\(?第?({_N})号")
_COUNCIL = re.compile(rf"国务院(?:令\(?第?({_N})号\)?|第({_N})号令)|国令第?({_N})号")
_PRESIDENT = re.compile(rf"主席令\(?第?({_N})号")
_NOTICE = re.compile(
    rf"(人民代表大会(?:常务委员会)?|人大常委会|人大)公告(?:〔(\d{{4}})〕|(\d{{4}})年)?\(?第?({_N})号"
)
_GOVERNMENT = re.compile(rf"(.{{0,16}}?人民政府)令(?:〔(\d{{4}})〕|(\d{{4}})年)?\(?第?({_N})号")
# 部令第N号, 总局令第N号, 令（第N号）, 令2019年第25号, 令〔2005〕第1号, 公安部第69号令
_MINISTRY = re.compile(
    rf"(.{{0,40}}?)令(?:〔(\d{{4}})〕|(\d{{4}})年)?\(?第?({_N})号\)?|(.{{1,40}}?)第({_N})号令"
)
_DOCUMENT = re.compile(rf"([^〔\d]{{1,12}}?)〔(\d{{4}})〕第?({_N})号")


@lru_cache(maxsize=4096)
def parse_order(text: str | None) -> Order | None:
    """The order or 发文字号 in a 文号 field; None when there is none."""
    if not text:
        return None
    t = normalise(text)
    if m := _CMC.search(t):
        return _order(OrderKind.STATE_COUNCIL_CMC, m.group(1))
    if m := _COUNCIL.search(t):
        return _order(OrderKind.STATE_COUNCIL, m.group(1) or m.group(2) or m.group(3))
    if m := _PRESIDENT.search(t):
        return _order(OrderKind.PRESIDENT, m.group(1))
    if m := _NOTICE.search(t):
        return _order(
            OrderKind.CONGRESS_NOTICE, m.group(4), t[: m.start()] + m.group(1), m.group(2) or m.group(3)
        )
    if m := _GOVERNMENT.search(t):
        return _order(OrderKind.LOCAL_GOVERNMENT, m.group(4), m.group(1), m.group(2) or m.group(3))
    if (m := _DOCUMENT.search(t)) and not m.group(1).endswith("令"):
        return _order(OrderKind.DOCUMENT, m.group(3), m.group(1), m.group(2))
    if m := _MINISTRY.search(t):
        if m.group(4):
            return _order(OrderKind.MINISTRY, m.group(4), _issuer(m.group(1)), m.group(2) or m.group(3))
        return _order(OrderKind.MINISTRY, m.group(6), _issuer(m.group(5)))
    return None


def _order(kind: OrderKind, number: str, issuer: str = "", year: str | None = None) -> Order | None:
    n = parse_number(number)
    if n is None:
        return None
    return Order(kind, n, issuer, int(year) if year else None)


_LEADING_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")


def _issuer(text: str) -> str:
    return _LEADING_DATE.sub("", text).removeprefix("中华人民共和国").strip("、,，()（）")


def orders_in(text: str) -> list[Order]:
    """Every State Council or CMC joint order, and every ministry order, named in a header line
    of a statute file (``2004年4月30日 中华人民共和国国务院令第406号公布``)."""
    t = normalise(text)
    found: list[Order] = []
    for m in _CMC.finditer(t):
        if order := _order(OrderKind.STATE_COUNCIL_CMC, m.group(1)):
            found.append(order)
    rest = _CMC.sub("", t)
    for m in _COUNCIL.finditer(rest):
        if order := _order(OrderKind.STATE_COUNCIL, m.group(1) or m.group(2) or m.group(3)):
            found.append(order)
    rest = _COUNCIL.sub("", rest)
    for m in _PRESIDENT.finditer(rest):
        if order := _order(OrderKind.PRESIDENT, m.group(1)):
            found.append(order)
    rest = _PRESIDENT.sub("", rest)
    # Ministry orders in headers: "民政部令第N号发布", "国家教育委员会令第N号、卫生部令第1号发布".
    for m in re.finditer(rf"([^\s、，,《》]{{2,30}}?)(?:令第?({_N})号|第({_N})号令)", rest):
        if order := _order(OrderKind.MINISTRY, m.group(2) or m.group(3), _issuer(m.group(1))):
            found.append(order)
    return found
