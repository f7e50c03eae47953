"""The statute book's pieces: documents, their versions, and the articles of each version.

An article (条) holds paragraphs (款); a paragraph holds its own words and its items (项,
（一）（二）…). Item paragraphs belong to the paragraph before them: an article whose lead-in
ends in a colon and lists items is one paragraph with items, and a paragraph after the items
is the article's second 款. Annex items of a State Council decision (附件第N项) are stored as
articles of kind ``annex``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from gaozhi_cli.numerals import to_chinese
from gaozhi_cli.statutes.orders import Order

ArticleKind = Literal["article", "annex"]
LAW, REGULATION, DECISION, RULE = "法律", "行政法规", "国务院决定", "部门规章"
LOCAL_REGULATION = "地方性法规"
CONSTITUTION = "宪法"


# Not frozen: a frozen dataclass is three times slower to build, and a run builds thousands.
@dataclass(slots=True)
class Paragraph:
    """One 款: its own text, and its items (each starting with （一）, （二）…)."""

    text: str
    items: tuple[str, ...] = ()

    @property
    def full(self) -> str:
        return self.text + "".join(self.items)


@dataclass(slots=True)
class Article:
    number: int
    suffix: int  # 1 for 第十条之一
    paragraphs: tuple[Paragraph, ...]
    chapter: str = ""  # 第三章 行政许可的实施机关
    line: int = 0  # where it starts in its source file
    kind: ArticleKind = "article"

    @property
    def label(self) -> str:
        if self.kind == "annex":
            return f"附件第{self.number}项"
        tail = f"之{to_chinese(self.suffix)}" if self.suffix else ""
        return f"第{to_chinese(self.number)}条{tail}"

    @property
    def text(self) -> str:
        """The whole article, paragraphs joined without breaks."""
        return "".join(p.full for p in self.paragraphs)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.number, self.suffix)


@dataclass(frozen=True, slots=True)
class Event:
    """A header line: 2004年4月30日 中华人民共和国国务院令第406号公布, or an amendment."""

    day: date | None
    text: str
    orders: tuple[Order, ...] = ()

    @property
    def is_amendment(self) -> bool:
        return any(w in self.text for w in ("修订", "修正", "修改"))


@dataclass(frozen=True, slots=True)
class Version:
    day: date  # the version's date (of its promulgation or last amendment)
    events: tuple[Event, ...] = ()  # its header lines (read back from the book: the current version's only)
    effective: date | None = None  # 施行 date, when the text says it
    article_count: int = 0


@dataclass(frozen=True, slots=True)
class KnownOrder:
    """An order number of a document and the day it was issued."""

    order: Order
    day: date | None
    what: str  # 公布, 第一次修订 …

    @property
    def promulgates(self) -> bool:
        """The order that made the document (not one that amended it)."""
        return self.what in ("公布", "发布", "通过")


@dataclass(frozen=True, slots=True)
class Repeal:
    day: date | None  # from when it no longer applies (None: before the snapshot, day unknown)
    by: str  # 《中华人民共和国民法典》第一千二百六十条, or a decision
    source: str = ""


@dataclass(slots=True)
class Document:
    """One law, regulation or decision, with every version the book holds."""

    title: str  # the full title, without 《》
    level: str
    issuer: str
    versions: list[Version]
    orders: list[KnownOrder] = field(default_factory=list)
    orders_complete: bool = False  # every version's order number is known
    repeal: Repeal | None = None
    origin: str = "book"  # "book", "addition" (gaozhi's hand additions) or a user's file
    note: str = ""  # where a hand addition comes from
    annex_size: int = 0  # how many items the annex of a decision has
    ref: int = -1  # where its texts are, in the book file (or in ``texts`` for user files)
    texts: list[str] | None = None  # the bodies of user files, kept in memory

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def in_force(self) -> bool:
        return self.repeal is None or (self.repeal.day is not None and self.repeal.day > date.today())

    def version_at(self, day: date) -> Version:
        """The version in force on ``day`` (the earliest one the book has, before that)."""
        chosen = self.versions[0]
        for v in self.versions:
            if v.day <= day:
                chosen = v
        return chosen
