"""From parsed statute files to documents: versions grouped, order numbers gathered, repeals found.

The builder (tools/build_statutes.py) runs this over the national database mirror; the texts a
user adds (``gaozhi statutes add``) go through the same steps at run time, so a province's own
regulations are checked exactly as national ones are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from gaozhi_cli.statutes.model import (
    CONSTITUTION,
    DECISION,
    LAW,
    LOCAL_REGULATION,
    REGULATION,
    RULE,
    Document,
    Event,
    KnownOrder,
    Repeal,
    Version,
)
from gaozhi_cli.statutes.orders import Order, OrderKind, order_key
from gaozhi_cli.statutes.text import (
    Body,
    Problem,
    StatuteFile,
    clean_body,
    effective_date,
    parse_body,
    strip_marks,
)
from gaozhi_cli.statutes.titles import PRC, loose_key, title_key

LEVELS = (LAW, REGULATION, DECISION, LOCAL_REGULATION, RULE, "地方政府规章", CONSTITUTION)


@dataclass(frozen=True, slots=True)
class AmendmentNumbers:
    """国务院令 numbers of amending decisions, which statute headers name without a number
    (tools/statute_additions/orders.toml)."""

    omnibus: dict[date, int] = field(default_factory=dict)  # 修改部分行政法规的决定, by day
    single: dict[tuple[date, str], int] = field(default_factory=dict)  # (day, title_key) -> number

    def number(self, day: date, event: str, title: str) -> int | None:
        if "部分行政法规" in event:
            return self.omnibus.get(day)
        return self.single.get((day, title_key(title))) or (None if event else self.omnibus.get(day))


@dataclass(slots=True)
class Part:
    """One parsed file, with what the folder or the file says about it."""

    path: str
    file: StatuteFile
    body: Body
    day: date | None  # the version date (file name or header)
    level: str
    expired: bool = False  # the mirror's own flag for this version


@dataclass(slots=True)
class Assembled:
    documents: list[Document]
    texts: dict[int, list[str]]  # document index -> version bodies, oldest first
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    repeals: list[tuple[str, str]] = field(default_factory=list)  # (repealed, by)


def read_part(path: str, text: str, *, day: date | None, level: str | None, expired: bool = False) -> Part:
    """Parse one statute file; ``level`` None means: from its 效力层级 line or its header."""
    from gaozhi_cli.statutes.text import parse_file

    file = parse_file(text)
    body = parse_body(strip_marks(file.body), file.body_line)
    chosen = level or file.meta.get("效力层级") or infer_level(file)
    version_day = day or _latest_day(file.events)
    problems = [*file.problems, *body.problems]
    file.problems = problems
    if file.title and not body.articles:
        first = next(
            (n for n, line in enumerate(file.body.splitlines(), file.body_line) if line.strip()),
            file.body_line,
        )
        file.problems.append(Problem(first, "没有找到任何条文（条文以“第一条”等开头，单独成段）"))
    if version_day is None:
        file.problems.append(
            Problem(1, "无法确定版本日期：文件名写作“标题(YYYY-MM-DD).md”，或在公布信息中写日期")
        )
    return Part(path, file, body, version_day, chosen or "", expired)


def _latest_day(events: Sequence[Event]) -> date | None:
    days = [e.day for e in events if e.day and "施行" not in e.text[-4:]]
    return max(days) if days else None


def infer_level(file: StatuteFile) -> str | None:
    """The level of a user's text from its header: who adopted or promulgated it."""
    header = " ".join(e.text for e in file.events)
    orders = [o for e in file.events for o in e.orders]
    local = re.match(r"^.{1,12}?(?:省|自治区|市|自治州|州|县|盟)", file.title.removeprefix(PRC)) is not None
    if "全国人民代表大会" in header and not local:
        return LAW
    if "人民代表大会" in header or "人大常委会" in header:
        return LOCAL_REGULATION
    if any(o.kind in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC) for o in orders):
        return "国务院决定" if "决定" in file.title else REGULATION
    if "人民政府令" in header:
        return "地方政府规章"
    if any(o.kind is OrderKind.MINISTRY for o in orders):
        return RULE
    return None


def _issuer(level: str, events: Sequence[Event]) -> str:
    header = " ".join(e.text for e in events)
    if level == LAW:
        return "全国人民代表大会常务委员会" if "常务委员会" in header else "全国人民代表大会"
    if any(o.kind is OrderKind.STATE_COUNCIL_CMC for e in events for o in e.orders):
        return "国务院、中央军事委员会"
    if level in (REGULATION, "国务院决定"):
        return "国务院"
    m = re.search(r"([^\s，、]{2,30}?(?:人民代表大会常务委员会|人民代表大会|人民政府))", header)
    if m:
        return re.sub(r"^\d{4}年\d{1,2}月\d{1,2}日", "", m.group(1)).split("第")[0]
    ministry = next((o.issuer for e in events for o in e.orders if o.kind is OrderKind.MINISTRY), "")
    return ministry


def assemble(parts: Iterable[Part], amendments: AmendmentNumbers | None = None) -> Assembled:
    """Group parts into documents: one per title, one version per date (parts of one date, like
    the books of the civil code, joined in article order)."""
    by_title: dict[str, list[Part]] = {}
    problems: list[tuple[str, Problem]] = []
    for part in parts:
        problems += [(part.path, p) for p in part.file.problems]
        if not part.file.title or part.day is None:
            continue  # a text without articles still names a document, its level and its repeal
        by_title.setdefault(title_key(part.file.title), []).append(part)
    documents: list[Document] = []
    texts: dict[int, list[str]] = {}
    for group in by_title.values():
        doc, bodies = _document(group, amendments or AmendmentNumbers())
        texts[len(documents)] = bodies
        documents.append(doc)
    assembled = Assembled(documents, texts, problems)
    _find_repeals(assembled)
    return assembled


def _document(parts: list[Part], amendments: AmendmentNumbers) -> tuple[Document, list[str]]:
    by_day: dict[date, list[Part]] = {}
    for part in parts:
        assert part.day is not None
        by_day.setdefault(part.day, []).append(part)
    versions: list[Version] = []
    bodies: list[str] = []
    for day in sorted(by_day):
        group = sorted(by_day[day], key=lambda p: p.body.articles[0].number if p.body.articles else 0)
        events = max((p.file.events for p in group), key=len)
        body = "\n".join(clean_body(p.file.body) for p in group)
        count = sum(len([a for a in p.body.articles if a.kind == "article"]) for p in group)
        effective = next((d for p in group if (d := effective_date(p.file))), None)
        versions.append(Version(day, tuple(events), effective, count))
        bodies.append(body)
    latest = by_day[versions[-1].day][0]
    orders, complete = _orders(versions, amendments, latest.level, latest.file.title)
    doc = Document(
        title=latest.file.title,
        level=latest.level,
        issuer=_issuer(latest.level, versions[-1].events),
        versions=versions,
        orders=orders,
        orders_complete=complete,
        note=latest.file.meta.get("来源", ""),
        annex_size=int(latest.file.meta.get("附件项数", "0") or 0),
    )
    if all(p.expired for p in by_day[versions[-1].day]):
        doc.repeal = Repeal(None, "", "国家法律法规数据库标注为已失效")
    if "废止" in latest.file.meta:
        from gaozhi_cli.statutes.text import read_date

        repealed_on = read_date(latest.file.meta["废止"])
        if repealed_on:
            doc.repeal = Repeal(repealed_on, latest.file.meta["废止"], "用户添加的文本注明")
    return doc, bodies


def _orders(
    versions: list[Version], amendments: AmendmentNumbers, level: str, title: str
) -> tuple[list[KnownOrder], bool]:
    """Every order number of a document, and whether each of its versions has a known one.

    Headers name the promulgating order; an amendment by a State Council decision names only
    the decision, whose number comes from ``amendments``. A version dated after the last
    header line was made by an amendment the header leaves out."""
    seen: dict[tuple[str, int], KnownOrder] = {}
    complete = True
    events = max((v.events for v in versions), key=len)
    for event in events:
        found = list(event.orders)
        if not found and event.day and event.is_amendment and "国务院" in event.text:
            number = amendments.number(event.day, event.text, title)
            found = [Order(OrderKind.STATE_COUNCIL, number)] if number else []
        if not found and (event.is_amendment or "公布" in event.text or "发布" in event.text):
            complete = False
        for order in found:
            seen.setdefault(order_key(order), KnownOrder(order, event.day, _what(event.text)))
    dated = {e.day for e in events if e.day}
    for version in versions:
        if version.day in dated:
            continue
        number = amendments.number(version.day, "", title) if level in (REGULATION, "国务院决定") else None
        if number:
            order = Order(OrderKind.STATE_COUNCIL, number)
            seen.setdefault(order_key(order), KnownOrder(order, version.day, "修订"))
        else:
            complete = False
    if level == LAW:
        complete = False  # 主席令 numbers are not in the source
    return sorted(seen.values(), key=lambda k: (k.day or date.min, k.order.number)), complete and bool(seen)


def _what(text: str) -> str:
    m = re.search(r"(第.次修[订正]|修[订正]|公布|发布|通过|批准)", text)
    return m.group(1) if m else ""


# -- repeals: "……《中华人民共和国婚姻法》……同时废止" ----------------------------------------------

_REPEAL = re.compile(r"([^。；]*?)同时废止")
_TITLE = re.compile(r"《([^《》]*(?:《[^《》]*》[^《》]*)*)》")
_FINAL_ARTICLE = re.compile(
    r"自(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起施行|自公布之日起施行|自发布之日起施行"
)


def _find_repeals(assembled: Assembled) -> None:
    """Documents the book's own texts declare repealed (本法自…起施行，《…》同时废止).

    A repeal names an older document; when the book holds a document of that title that is
    newer than the repealing text, the sentence is about an earlier incarnation (the 1950
    工会法 repealed by the 1992 one) and is ignored."""
    docs = assembled.documents
    by_key = {title_key(d.title): d for d in docs}
    for index, doc in enumerate(docs):
        body = assembled.texts[index][-1]
        for m in _REPEAL.finditer(body):
            sentence = m.group(1)
            for title in _TITLE.findall(sentence):
                key = title_key(title)
                if key == title_key(doc.title) or not key:
                    continue
                when = _repeal_day(doc, body, m.end())
                label = f"《{doc.title}》" + _article_of(body, m.end())
                target = by_key.get(key)
                if target is None:
                    _add_stub(assembled, by_key, title, when, label, doc.level)
                elif target.current.day < doc.current.day and (target.repeal is None or not target.repeal.by):
                    target.repeal = Repeal(when, label, "")
                    assembled.repeals.append((target.title, label))


def _repeal_day(doc: Document, body: str, offset: int) -> date:
    """The day a repeal at ``offset`` of ``doc``'s text took effect: the date its article
    gives (本法自2007年6月1日起施行，…同时废止), or for 自公布之日起施行 the day ``doc`` was first
    published; the current version's dates belong to its latest amendment (the 1991
    民事诉讼法 repealed the 试行 one in 1991, not on the day of its 2023 amendment)."""
    start = max(0, body.rfind("\n第", 0, offset))
    m = _FINAL_ARTICLE.search(body, start, offset)
    if m and m.group(1):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m:  # 自公布之日起施行: the day of the first 公布 line (a law's header may name only its 通过)
        first = [(e.day, e.text) for v in doc.versions for e in v.events if e.day and not e.is_amendment]
        published = [day for day, text in first if "公布" in text or "发布" in text]
        return min(published or [day for day, _ in first] or [v.day for v in doc.versions])
    return doc.current.effective or doc.current.day


def _article_of(body: str, offset: int) -> str:
    start = body.rfind("\n第", 0, offset)
    m = re.match(r"\n(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)", body[start:])
    return m.group(1) if start != -1 and m else ""


def _add_stub(
    assembled: Assembled, by_key: dict[str, Document], title: str, when: date, label: str, level: str
) -> None:
    """A repealed document the book has no text of: known only as repealed."""
    if level not in (LAW, REGULATION) or len(title) < 4:
        return
    loose = loose_key(title)
    stub_level = LAW if loose.endswith("法") or loose.startswith("全国人民代表大会") else REGULATION
    by_key[title_key(title)] = _append_repealed(assembled, title, stub_level, when, label)


def add_repealed(assembled: Assembled, title: str, level: str, when: date, label: str) -> bool:
    """A document known from elsewhere to be repealed (tools/statute_additions/repeals.toml,
    where no text the book holds says so any longer), unless the book has that title."""
    key = title_key(title)
    if any(title_key(d.title) == key for d in assembled.documents):
        return False
    _append_repealed(assembled, title, level, when, label)
    return True


def _append_repealed(assembled: Assembled, title: str, level: str, when: date, label: str) -> Document:
    doc = Document(
        title=title,
        level=level,
        issuer="",
        versions=[Version(when, (), None, 0)],
        repeal=Repeal(when, label, ""),
        origin="repealed",
    )
    assembled.texts[len(assembled.documents)] = [""]
    assembled.documents.append(doc)
    assembled.repeals.append((title, label))
    return doc
