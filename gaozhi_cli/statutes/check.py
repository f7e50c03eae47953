"""One 设定依据 looked up as a legal reviewer would: which document and version it names, whether
that document is in force, whether the 文号 is one of its order numbers, whether the cited
article, paragraph and item exist, and whether the quoted text is that article's text.

The result is data; the GZ2xx rules in catalog/rules/basis.py turn it into findings.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from gaozhi_cli.dates import format_cn
from gaozhi_cli.numerals import to_chinese
from gaozhi_cli.statutes.book import StatuteBook
from gaozhi_cli.statutes.citation import ArticleRef, parse_citation
from gaozhi_cli.statutes.model import LAW, REGULATION, Article, Document, KnownOrder, Version
from gaozhi_cli.statutes.orders import Order, OrderKind, order_key, parse_order
from gaozhi_cli.statutes.quote import any_fragment_in, first_containing, fragments, parts_touched, quoted_in
from gaozhi_cli.statutes.text import Body
from gaozhi_cli.statutes.titles import bare_title, loose_key

NumberVerdict = Literal["ok", "absent", "unparsed", "unverifiable", "wrong"]
QuoteVerdict = Literal["ok", "none", "unverifiable", "superseded", "elsewhere", "mismatch"]
# How far a 国务院令 number may stray from the dates of its neighbours (numbers are given in
# time order, but signing and publication days differ by some weeks).
NUMBER_SLACK = timedelta(days=60)
COUNCIL_ORDERS_A_YEAR = 60  # a bound on how many 国务院令 a year can bring (35 at most so far)


@dataclass(frozen=True, slots=True)
class Resolved:
    document: Document
    version: Version  # the version the citation names (by its 文号), else the current one
    how: str  # "exact", "loose" (暂行/试行 differ) or "number" (found by its 文号)
    cited: KnownOrder | None = None

    @property
    def superseded(self) -> bool:
        return self.version is not self.document.current


@dataclass(slots=True)
class BasisCheck:
    cited_title: str
    resolved: Resolved | None = None
    similar: list[Document] = field(default_factory=list)
    number: NumberVerdict = "absent"
    number_detail: str = ""  # which order numbers are right
    refs: list[ArticleRef] | None = None
    missing: list[str] = field(default_factory=list)  # what does not exist, in words
    gone: list[str] = field(default_factory=list)  # cited articles the current version lacks
    past_end: bool = False  # an article after the last of the current version: added since the snapshot?
    quote: QuoteVerdict = "none"
    quote_detail: str = ""
    article_text: str = ""  # the cited articles' text, for messages

    @property
    def document(self) -> Document | None:
        return self.resolved.document if self.resolved else None


def check_basis(
    book: StatuteBook, title: str, number: str | None, article: str | None, text: str | None
) -> BasisCheck:
    """The check of one basis; the same basis (as catalogues repeat it item after item) is
    checked once per book."""
    key = (title, number, article, text)
    found = book.checks.get(key)
    if found is None:
        found = book.checks[key] = _check(book, title, number, article, text)
    return found


def similar_titles(book: StatuteBook, check: BasisCheck) -> list[Document]:
    """The closest titles for a basis the book does not hold (computed when a rule asks)."""
    if check.resolved is None and not check.similar:
        check.similar = book.similar(check.cited_title)
    return check.similar


def _check(
    book: StatuteBook, title: str, number: str | None, article: str | None, text: str | None
) -> BasisCheck:
    out = BasisCheck(title)
    order = parse_order(number)
    out.resolved = _resolve(book, title, order)
    if out.resolved is None:
        return out
    doc = out.resolved.document
    out.number, out.number_detail = _number(book, doc, order, number)
    if doc.origin == "repealed":
        return out
    out.refs = parse_citation(article)
    if out.refs:
        _articles(book, out)
    if out.refs and not out.missing and fragments(text or ""):  # "……" alone quotes nothing
        _quote(book, out, text or "")
    return out


# -- which document, which version --------------------------------------------------------------


def _resolve(book: StatuteBook, title: str, order: Order | None) -> Resolved | None:
    found = book.lookup(title)
    doc, how = (found.document, found.how) if found else (None, "")
    if doc is None and order is not None:
        doc = _by_number(book, title, order)
        how = "number"
    if doc is None:
        return None
    cited = _known(doc, order)
    # The promulgating order names the document as amended since (catalogues cite it for the
    # current text); an amending order names the version it made.
    amending = cited is not None and cited.day is not None and not cited.promulgates
    version = doc.version_at(cited.day) if amending and cited and cited.day else doc.current
    return Resolved(doc, version, how, cited)


def _by_number(book: StatuteBook, title: str, order: Order) -> Document | None:
    """A misspelt title with the right 文号: the document promulgated by that order, if its
    title is close to the one written."""
    if order.kind not in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC, OrderKind.MINISTRY):
        return None
    key = loose_key(title)
    candidates = _promulgated_by(book, order)
    scored = [(difflib.SequenceMatcher(None, key, loose_key(d.title)).ratio(), d) for d in candidates]
    best = max(scored, key=lambda s: s[0], default=(0.0, None))
    return best[1] if best[0] >= 0.6 else None


def _known(doc: Document, order: Order | None) -> KnownOrder | None:
    if order is None:
        return None
    key = order_key(order)
    return next((k for k in doc.orders if order_key(k.order) == key), None)


# -- the 文号 -------------------------------------------------------------------------------------


def _number(
    book: StatuteBook, doc: Document, order: Order | None, written: str | None
) -> tuple[NumberVerdict, str]:
    if not (written or "").strip():
        return "absent", ""
    if order is None:
        return "unparsed", ""
    if doc.origin == "repealed":
        return "unverifiable", ""
    if _known(doc, order):
        return "ok", ""
    right = _right_numbers(doc)
    if doc.level == LAW:
        if order.kind in (OrderKind.PRESIDENT, OrderKind.CONGRESS_NOTICE):
            return "unverifiable", ""
        return "wrong", "法律由中华人民共和国主席令公布"
    if order.kind in (OrderKind.PRESIDENT, OrderKind.CONGRESS_NOTICE):  # a law's, never a regulation's
        by = "国务院令" if doc.level == REGULATION else "国务院令或国务院文件"
        made = "法律" if order.kind is OrderKind.PRESIDENT else "法律或地方性法规"
        return "wrong", "；".join(
            filter(None, [f"{order.kind.value}公布的是{made}，{doc.level}由{by}公布", right])
        )
    own_kinds = {order_key(k.order)[0] for k in doc.orders}
    if own_kinds and order_key(order)[0] not in own_kinds:
        return "wrong", right
    owner = next(iter(_promulgated_by(book, order)), None)
    if owner is not None and owner is not doc:
        return "wrong", f"{order.label()}公布的是《{owner.title}》；{right}" if right else ""
    council = order.kind in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC)
    latest = book.council_numbers[-1][0] if book.council_numbers else 0
    if council and order.number > latest:
        if order.number > _highest_possible(book):
            newest, day = book.council_numbers[-1]
            return (
                "wrong",
                f"国务院令还没有编到第{order.number}号（法规库所载最新的是{format_cn(day)}的第{newest}号）；{right}",
            )
        return "unverifiable", ""  # an order after the book's snapshot: a newer amendment, maybe
    if doc.orders_complete or (council and not _could_be_unknown(book, doc, order)):
        return "wrong", right
    return "unverifiable", ""


def _highest_possible(book: StatuteBook) -> int:
    """The highest 国务院令 number that can exist today: the book's newest, and at most
    ``COUNCIL_ORDERS_A_YEAR`` a year since (at most 35 a year were made from 2005 to 2025)."""
    newest, day = book.council_numbers[-1]
    years = max(1.0, (date.today() - day).days / 365)
    return newest + int(COUNCIL_ORDERS_A_YEAR * years)


def _right_numbers(doc: Document) -> str:
    if not doc.orders:
        return ""
    listed = "、".join(
        f"{k.order.label()}（{format_cn(k.day) + k.what if k.day else k.what}）" for k in doc.orders
    )
    return f"法规库所载的令号：{listed}"


def _promulgated_by(book: StatuteBook, order: Order) -> list[Document]:
    """The documents ``order`` made (an amending order amends many; it makes none)."""
    key = order_key(order)
    return [
        d
        for d in book.with_order(order)
        if any(order_key(k.order) == key and k.promulgates for k in d.orders)
    ]


def _could_be_unknown(book: StatuteBook, doc: Document, order: Order) -> bool:
    """Whether ``order`` may be the number of an amendment of ``doc`` that the book does not
    know: 国务院令 are numbered in time order, so the number's neighbours bound its date."""
    known_days = {k.day for k in doc.orders if k.day}
    unknown = [e.day for e in doc.current.events if e.day and e.is_amendment and e.day not in known_days]
    unknown += [v.day for v in doc.versions if v.day not in known_days]
    if not unknown:
        return False
    low, high = _number_window(book, order.number)
    return any(
        (low is None or d >= low - NUMBER_SLACK) and (high is None or d <= high + NUMBER_SLACK)
        for d in unknown
    )


def _number_window(book: StatuteBook, number: int) -> tuple[date | None, date | None]:
    """The latest date of a lower and the earliest date of a higher 国务院令 the book knows."""
    table = book.council_numbers
    low = max((d for n, d in table if n < number), default=None)
    high = min((d for n, d in table if n > number), default=None)
    return low, high


# -- articles ---------------------------------------------------------------------------------------


def _articles(book: StatuteBook, out: BasisCheck) -> None:
    assert out.resolved is not None and out.refs is not None
    doc, version = out.resolved.document, out.resolved.version
    body = book.body(doc, version)
    if not body.count() and not body.count("annex") and not doc.annex_size:
        out.refs = None  # the book has the document but could not read its articles
        return
    name = _version_name(doc, version)
    for ref in out.refs:
        problem = _missing(doc, body, ref)
        if problem:
            out.missing.append(f"{name}{problem}")
            out.past_end |= version is doc.current and ref.kind == "article" and ref.number > body.count()
    if out.missing or not out.resolved.superseded:
        return
    current = book.body(doc, doc.current)
    for ref in out.refs:
        if _missing(doc, current, ref):
            out.gone.append(ref.label)


def _version_name(doc: Document, version: Version) -> str:
    if len(doc.versions) == 1 or version is doc.current:
        return f"《{doc.title}》"
    return f"《{doc.title}》（{format_cn(version.day)}版本）"


def _missing(doc: Document, body: Body, ref: ArticleRef) -> str | None:
    if ref.kind == "annex":
        size = doc.annex_size or body.last("annex")
        if not size:
            return "没有附件所列项目"
        if ref.number > size:
            return f"附件只有{size}项，没有第{ref.number}项"
        return None
    article = body.find("article", ref.number, ref.suffix)
    if article is None:
        count = body.count()
        base = ArticleRef("article", ref.number, ref.suffix).label
        return f"没有{base}（共{to_chinese(count) if count else '零'}条）"
    if ref.chapter and not article.chapter.startswith(f"第{to_chinese(ref.chapter)}章"):
        where = article.chapter.split(" ")[0] if article.chapter else "不分章"
        return f"的{article.label}在{where}，不在第{to_chinese(ref.chapter)}章"
    if ref.paragraph and ref.paragraph > len(article.paragraphs):
        return (
            f"{article.label}只有{to_chinese(len(article.paragraphs))}款，没有第{to_chinese(ref.paragraph)}款"
        )
    if ref.item:
        return _missing_item(article, ref)
    return None


def _missing_item(article: Article, ref: ArticleRef) -> str | None:
    assert ref.item is not None
    if ref.paragraph:
        items = len(article.paragraphs[ref.paragraph - 1].items)
        where = f"{article.label}第{to_chinese(ref.paragraph)}款"
    else:
        items = max(len(p.items) for p in article.paragraphs)
        where = article.label
    if ref.item <= items:
        return None
    if not items:
        return f"{where}没有分项，没有第（{to_chinese(ref.item)}）项"
    return f"{where}只有{to_chinese(items)}项，没有第（{to_chinese(ref.item)}）项"


# -- the quoted text ---------------------------------------------------------------------------------


def _cited_text(book: StatuteBook, doc: Document, version: Version, refs: list[ArticleRef]) -> str | None:
    """The text of the cited articles in one version; None when one of them is not there (or
    is an annex item the book has no text of)."""
    body = book.body(doc, version)
    parts: list[str] = []
    seen: set[tuple[str, int, int]] = set()
    for ref in refs:
        key = (ref.kind, ref.number, ref.suffix)
        if key in seen:
            continue
        seen.add(key)
        article = body.find(ref.kind, ref.number, ref.suffix)
        if article is None:
            return None
        parts.append(article.text)
    return "".join(parts)


def _quote(book: StatuteBook, out: BasisCheck, quote: str) -> None:
    assert out.resolved is not None and out.refs is not None
    doc, cited = out.resolved.document, out.resolved.version
    target = _cited_text(book, doc, cited, out.refs)
    if target is None:
        out.quote = "unverifiable"
        return
    out.article_text = _shown_text(book.body(doc, cited), out.refs)
    labels = "、".join(dict.fromkeys(_article_label(r) for r in out.refs))
    if quoted_in(quote, target):
        wrong = _other_part(book.body(doc, cited), out.refs, quote)
        if wrong:
            out.quote, out.quote_detail = "elsewhere", wrong
            return
        if cited is not doc.current:
            now = _cited_text(book, doc, doc.current, out.refs)
            if now is not None and not quoted_in(quote, now):
                out.quote, out.article_text = "superseded", _shown_text(book.body(doc, doc.current), out.refs)
                out.quote_detail = f"引文与{format_cn(cited.day)}版本相符，现行版本（{format_cn(doc.current.day)}）的{labels}已修改为"
                return
        out.quote = "ok"
        return
    for version in reversed(doc.versions):
        if version is cited:
            continue
        older = _cited_text(book, doc, version, out.refs)
        if older is not None and quoted_in(quote, older):
            out.quote = "superseded"
            out.quote_detail = (
                f"引文是{format_cn(version.day)}版本的{labels}，所引版本（{format_cn(cited.day)}）的条文为"
            )
            return
    body = book.body(doc, cited)
    elsewhere = first_containing(quote, ((a.label, a.text) for a in body.articles))
    if elsewhere:
        out.quote, out.quote_detail = "elsewhere", elsewhere
        return
    out.quote = "mismatch"


# A piece of a cited article: (its index among the cited articles, paragraph index, item
# index, or None for the paragraph's own text before its items).
_Part = tuple[int, int, int | None]


def _cited_articles(body: Body, refs: list[ArticleRef]) -> list[Article]:
    found: dict[tuple[str, int, int], Article] = {}
    for ref in refs:
        article = body.find(ref.kind, ref.number, ref.suffix)
        if article is not None:
            found.setdefault(article.key, article)
    return list(found.values())


def _is_cited(part: _Part, article: Article, refs: list[ArticleRef]) -> bool:
    _, paragraph, item = part
    for ref in refs:
        if (ref.kind, ref.number, ref.suffix) != article.key:
            continue
        if ref.item is None and ref.paragraph in (None, paragraph + 1):
            return True  # the whole article, or the whole 款 with its items
        if ref.item is not None and item == ref.item - 1 and ref.paragraph in (None, paragraph + 1):
            return True
    return False


def _other_part(body: Body, refs: list[ArticleRef], quote: str) -> str | None:
    """Where the quote is when it lies in the cited articles but in none of the cited 款 and
    项 (the text of 第（三）项 quoted for 第（二）项); None when it is in one of them."""
    if not any(r.paragraph or r.item for r in refs):
        return None
    articles = _cited_articles(body, refs)
    parts: list[_Part] = []
    texts: list[str] = []
    for a, article in enumerate(articles):
        for p, paragraph in enumerate(article.paragraphs):
            parts.append((a, p, None))
            texts.append(paragraph.text)
            for i, item in enumerate(paragraph.items):
                parts.append((a, p, i))
                texts.append(item)
    cited = [i for i, part in enumerate(parts) if _is_cited(part, articles[part[0]], refs)]
    if any_fragment_in(quote, (texts[i] for i in cited)):
        return None  # (a fragment found first elsewhere may still be the cited item's words)
    touched = parts_touched(quote, texts)
    if not touched or any(t in cited for t in touched):
        return None
    named = [parts[t] for t in sorted(touched)]
    items = [part for part in named if part[2] is not None]
    return "、".join(dict.fromkeys(_part_label(articles[a], p, i) for a, p, i in items or named))


def _part_label(article: Article, paragraph: int, item: int | None) -> str:
    label = article.label
    if len(article.paragraphs) > 1:
        label += f"第{to_chinese(paragraph + 1)}款"
    if item is not None:
        return f"{label}第（{to_chinese(item + 1)}）项"
    return f"{label}列项之前的文字" if article.paragraphs[paragraph].items else label


def _shown_text(body: Body, refs: list[ArticleRef]) -> str:
    """The text of what is cited, for messages: a whole article, a 款, or the words before the
    items and the cited items (……  where the others are left out)."""
    shown: list[str] = []
    for article in _cited_articles(body, refs):
        own = [r for r in refs if (r.kind, r.number, r.suffix) == article.key]
        if any(r.paragraph is None and r.item is None for r in own):
            shown.append(article.text)
            continue
        for p, paragraph in enumerate(article.paragraphs):
            mine = [r for r in own if r.paragraph in (None, p + 1)]
            if any(r.item is None for r in mine):
                shown.append(paragraph.full)
                continue
            wanted = sorted(
                {r.item - 1 for r in mine if r.item is not None and r.item <= len(paragraph.items)}
            )
            text, previous = paragraph.text, -1
            for i in wanted:
                text += ("" if i == previous + 1 else "……") + paragraph.items[i]
                previous = i
            if wanted:
                shown.append(text)
    return "".join(shown)


def _article_label(ref: ArticleRef) -> str:
    return ArticleRef(ref.kind, ref.number, ref.suffix).label


def full_title(check: BasisCheck) -> str | None:
    """The document's exact title in 《》 when the catalogue wrote it otherwise (beyond leaving
    out 中华人民共和国 or the kind of quotation marks)."""
    if check.resolved is None or check.resolved.document.origin == "repealed":
        return None
    doc = check.resolved.document
    if check.resolved.how == "exact" or bare_title(check.cited_title) == doc.title:
        return None
    return f"《{doc.title}》"


@dataclass(frozen=True, slots=True)
class Fill:
    """What ``catalog fmt --fill-basis`` writes into a basis: the full title, the cited text."""

    title: str | None  # 《全称》 when the catalogue wrote the name otherwise
    text: str | None  # the cited article, paragraph or item (lead-in …… item)


def fill_basis(book: StatuteBook, title: str, number: str | None, article: str | None) -> Fill:
    """The full title and the text of the cited part, from the version the citation names.
    Nothing for a document the book does not hold, has no text of, or that is repealed."""
    resolved = _resolve(book, title, parse_order(number))
    if resolved is None or resolved.document.origin == "repealed":
        return Fill(None, None)
    doc = resolved.document
    written = bare_title(title)
    new_title = None if written == doc.title else f"《{doc.title}》"
    refs = parse_citation(article)
    if not refs:
        return Fill(new_title, None)
    body = book.body(doc, resolved.version)
    pieces: list[str] = []
    for ref in refs:
        found = body.find(ref.kind, ref.number, ref.suffix)
        if found is None or _missing(doc, body, ref):
            return Fill(new_title, None)
        pieces.append(_part_text(found, ref))
    return Fill(new_title, "……".join(dict.fromkeys(pieces)))


def _part_text(article: Article, ref: ArticleRef) -> str:
    """第N条: the article; 第M款: that paragraph with its items; 第（K）项: the lead-in, ……,
    and the item (the lead-in says what the item is a case of)."""
    if ref.paragraph is None and ref.item is None:
        return article.text
    if ref.paragraph is not None:
        paragraph = article.paragraphs[ref.paragraph - 1]
    else:
        assert ref.item is not None
        paragraph = next(p for p in article.paragraphs if len(p.items) >= ref.item)
    if ref.item is None:
        return paragraph.full
    item = paragraph.items[ref.item - 1]
    return f"{paragraph.text}……{item}" if paragraph.text else item
