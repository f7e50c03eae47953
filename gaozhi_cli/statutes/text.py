"""The Markdown form of a statute text, as the national database mirror writes it.

    # 社会救助暂行办法
    2014年2月21日 中华人民共和国国务院令第649号公布
    来源：中国政府网                      (optional 键：值 lines: 来源, 效力层级, 附件项数, 废止)
    <!-- INFO END -->
    ## 第一章 总则
    第一条 为了加强社会救助，……
    社会救助工作应当遵循……              (an article's second paragraph: its 第二款)
    （一）…                               (items of the paragraph before)
    ## 附件 …                            (a decision's annex: 第N项 … or N. …)

One parser serves the builder, the texts users add and the bodies read back from the book,
so the three can never read a text differently. It never raises on odd input: what it cannot
read is reported as a ``Problem`` with its line, and reading goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from gaozhi_cli.dates import parse_date
from gaozhi_cli.numerals import NUMBER, parse_number
from gaozhi_cli.statutes.model import Article, ArticleKind, Event, Paragraph
from gaozhi_cli.statutes.orders import orders_in
from gaozhi_cli.statutes.titles import nest_marks, title_key

INFO_END = "<!-- INFO END -->"
META_KEYS = ("来源", "效力层级", "附件项数", "废止", "制定机关")

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ARTICLE = re.compile(rf"^第({NUMBER})\s?条(?:之({NUMBER}))?(?:[\s:：]+|$)(.*)$")
_ANNEX_ITEM = re.compile(rf"^(?:附件)?第({NUMBER})项[\s:：]*(.*)$|^(\d+)\s*[.．、]\s*(.*)$")
_HEADING = re.compile(rf"^(?:#+\s*)(.*)$|^(第{NUMBER}[编章节][\s　].*|第{NUMBER}[编章节])$")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_INLINE_ITEM = re.compile(r"[（(]([一二三四五六七八九十]+)[）)]")
_SUB_ITEM = re.compile(r"^(?:\d+\s*[.．、]|[（(]\d+[）)])")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_META = re.compile(r"^(" + "|".join(META_KEYS) + r")\s*[：:]\s*(.*)$")
_EFFECTIVE = re.compile(r"自(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)起施行")


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str


@dataclass(slots=True)
class StatuteFile:
    """One file: title, header events, 键：值 lines, and the body text after INFO END."""

    title: str
    subtitle: str = ""
    events: list[Event] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0  # the file line the body starts at
    problems: list[Problem] = field(default_factory=list)


_DAY_IN_NAME = re.compile(r"[(（](\d{4}-\d{2}-\d{2})[)）]\.md$")


def day_from_name(name: str) -> date | None:
    """The version date of a file named ``标题(YYYY-MM-DD).md``."""
    m = _DAY_IN_NAME.search(name)
    return parse_date(m.group(1)) if m else None


def read_date(text: str) -> date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_file(text: str) -> StatuteFile:
    """Split a statute file into its header and body; problems say what did not fit."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    out = StatuteFile(title="")
    if INFO_END not in text:
        out.problems.append(Problem(1, f"没有“{INFO_END}”行：标题和公布信息之后要有这一行，再写条文"))
        return out
    titles: list[str] = []
    header: list[tuple[int, str]] = []
    end = 0
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if line == INFO_END:
            end = n
            break
        line = _COMMENT.sub("", line).strip()
        if not line or line == "---" or line.startswith(("bookCollapseSection", "bookHidden")):
            continue
        if line.startswith("#") and not header:
            titles.append(line.lstrip("#").strip())
        elif m := _META.match(line):
            out.meta[m.group(1)] = m.group(2).strip()
        else:
            header.append((n, line))
    if not titles:
        out.problems.append(Problem(1, "第一行应为“# 标题”（法律、法规的全称）"))
    out.title = nest_marks(titles[0]) if titles else ""
    out.subtitle = titles[1] if len(titles) > 1 else ""
    keys = {title_key(t) for t in titles}
    header = [(n, line) for n, line in header if title_key(line.lstrip("#")) not in keys]
    out.events = _events(header, out.problems)
    out.body = "\n".join(lines[end:])
    out.body_line = end + 1
    return out


def _events(header: list[tuple[int, str]], problems: list[Problem]) -> list[Event]:
    """Header lines as events; a line without a date continues the one before (long titles
    of amending decisions wrap), and a line holding several dated parts is split."""
    joined: list[tuple[int, str]] = []
    for n, line in header:
        if _DATE.match(line) or not joined:
            joined.append((n, line))
        else:
            joined[-1] = (joined[-1][0], joined[-1][1] + line)
    events: list[Event] = []
    for n, line in joined:
        parts = [
            p
            for p in re.split(r"(?=(?<![《〈\d])\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)", line)
            if p.strip()
        ]
        for part in parts:
            part = part.strip(" 　()（）根据")
            day = read_date(part)
            if day is None and not re.search(r"施行|公布|发布", part):
                problems.append(Problem(n, f"公布信息“{part[:30]}”没有日期，已忽略"))
                continue
            events.append(Event(day, part, tuple(orders_in(part))))
    return events


def effective_date(file: StatuteFile) -> date | None:
    """The 施行 date: from a header line ``…施行``, or from the text (自…起施行)."""
    for event in file.events:
        if event.day and event.text.rstrip("　 ").endswith("施行") and "公布" not in event.text:
            return event.day
    m = _EFFECTIVE.search(file.body[-3000:]) or _EFFECTIVE.search(file.body[:3000])
    return read_date(m.group(1)) if m else None


# -- the body -----------------------------------------------------------------------------------


class Body:
    """The articles of one version. Each article is built (its paragraphs and items sorted out)
    when first asked for: a check reads a few articles of a law of hundreds."""

    def __init__(self, spans: list[_Builder], preamble: list[str], problems: list[Problem]) -> None:
        self._spans = spans
        self._built: list[Article | None] = [None] * len(spans)
        self._keys: dict[tuple[str, int, int], int] = {}
        for n, span in enumerate(spans):
            self._keys.setdefault((span.kind, span.number, span.suffix), n)
        self.preamble = preamble
        self.problems = problems

    def _article(self, n: int) -> Article:
        built = self._built[n]
        if built is None:
            built = self._built[n] = self._spans[n].build()
        return built

    @property
    def articles(self) -> list[Article]:
        return [self._article(n) for n in range(len(self._spans))]

    def count(self, kind: str = "article") -> int:
        """How many articles (not counting 第N条之一) or annex items."""
        return sum(1 for s in self._spans if s.kind == kind and not s.suffix)

    def last(self, kind: str) -> int:
        """The highest number of an article or annex item (0 when there is none)."""
        return max((s.number for s in self._spans if s.kind == kind), default=0)

    def find(self, kind: str, number: int, suffix: int = 0) -> Article | None:
        n = self._keys.get((kind, number, suffix))
        return None if n is None else self._article(n)


_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")


def strip_marks(body: str) -> str:
    """The body without comments and invisible characters, each line where it was (so that
    problems keep their line numbers)."""
    body = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), body)
    return body.translate(_INVISIBLE)


def clean_body(body: str) -> str:
    """The body as the book stores it: no comments or invisible characters, one line per
    paragraph."""
    return "\n".join(line.strip() for line in strip_marks(body).splitlines() if line.strip())


def parse_body(body: str, first_line: int = 1) -> Body:
    """Articles (and annex items) of a body as ``strip_marks`` or ``clean_body`` leaves it; text
    before the first article is its preamble."""
    articles: list[_Builder] = []
    preamble: list[str] = []
    preamble_lines: list[tuple[int, str]] = []
    problems: list[Problem] = []
    chapter = ""
    in_annex = False
    current: _Builder | None = None
    after_heading = False  # a chapter title may wrap onto the next line
    for n, raw in enumerate(body.splitlines(), first_line):
        line = raw.strip()  # the body went through clean_body: no comments, no invisible marks
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            text = (heading.group(1) or heading.group(2) or "").strip()
            if current:
                articles.append(current)
                current = None
            if text.startswith(("附件", "附表", "附：")):
                in_annex = True
            elif re.match(rf"第{NUMBER}节", text):
                chapter = f"{chapter.split(' · ')[0]} · {text}" if chapter else text
            elif not re.match(rf"第{NUMBER}编", text):
                chapter = text  # 第三章 …, 附则, 总则 (a book's title 第一编 … is not kept)
            after_heading = True
            continue
        if after_heading and current is None and not _ARTICLE.match(line) and articles:
            after_heading = False
            chapter += line  # a chapter title that wraps onto the next line
            continue
        after_heading = False
        if in_annex:
            if item := _ANNEX_ITEM.match(line):
                number = parse_number(item.group(1) or item.group(3))
                if number is not None:
                    if current:
                        articles.append(current)
                    current = _Builder(number, 0, chapter, n, "annex")
                    current.add(item.group(2) if item.group(1) else item.group(4))
                    continue
            if current:
                current.add(line)
            continue
        article = _ARTICLE.match(line)
        number = parse_number(article.group(1)) if article else None
        if article and number is not None:
            suffix = parse_number(article.group(2)) if article.group(2) else 0
            if current:
                articles.append(current)
            current = _Builder(number, suffix or 0, chapter, n, "article")
            if article.group(3).strip():
                current.add(article.group(3).strip())
            continue
        if line.startswith(("附件", "附：", "附表")) and articles:
            in_annex = True
            if current:
                articles.append(current)
                current = None
            continue
        if current:
            current.add(line)
        elif articles:
            problems.append(Problem(n, f"无法归入任何条文：“{line[:30]}”"))
        else:
            preamble.append(line)
            preamble_lines.append((n, line))
    if current:
        articles.append(current)
    if not any(a.kind == "article" for a in articles):
        sections = _numbered_sections(preamble_lines)
        if sections:
            return Body(sections + articles, preamble[: sections[0].line - preamble_lines[0][0]], problems)
    problems += _sequence_problems(articles)
    return Body(articles, preamble, problems)


_SECTION = re.compile(r"^([一二三四五六七八九十百]+)、\s*(.*)$")


def _numbered_sections(lines: list[tuple[int, str]]) -> list[_Builder]:
    """Older regulations without 第N条 number their provisions 一、二、三、: those are their
    articles (cited as 第一条, 第二条 …), when they run 一, 二, 三 in order."""
    sections: list[_Builder] = []
    for n, line in lines:
        m = _SECTION.match(line)
        if m and parse_number(m.group(1)) == len(sections) + 1:
            sections.append(_Builder(len(sections) + 1, 0, "", n, "article"))
            if m.group(2):
                sections[-1].add(m.group(2))
        elif sections:
            sections[-1].add(line)
    return sections if len(sections) >= 2 else []


def _sequence_problems(articles: list[_Builder]) -> list[Problem]:
    found: list[Problem] = []
    seen: set[tuple[str, int, int]] = set()
    last = 0
    for a in articles:
        if a.kind != "article":
            continue
        if a.key in seen:
            found.append(Problem(a.line, f"{a.label}重复出现"))
        elif a.suffix == 0 and a.number != last + 1 and last:
            found.append(Problem(a.line, f"条文编号不连续：第{last}条之后是{a.label}"))
        seen.add(a.key)
        if a.suffix == 0:
            last = a.number
    return found


class _Builder:
    """The lines of one article, sorted into 款 and 项 when the article is built."""

    def __init__(self, number: int, suffix: int, chapter: str, line: int, kind: ArticleKind) -> None:
        self.number, self.suffix, self.chapter, self.line = number, suffix, chapter, line
        self.kind = kind
        self.lines: list[str] = []

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.number, self.suffix)

    @property
    def label(self) -> str:
        return Article(self.number, self.suffix, (), kind=self.kind).label

    def add(self, line: str) -> None:
        self.lines.append(line)

    def build(self) -> Article:
        paragraphs: list[list[str]] = []  # [text, item, item, …]
        for line in self.lines:
            _place(paragraphs, line)
        built = tuple(Paragraph(p[0], tuple(p[1:])) for p in paragraphs) or (Paragraph(""),)
        return Article(self.number, self.suffix, built, self.chapter, self.line, self.kind)


def _place(paragraphs: list[list[str]], line: str) -> None:
    """Put one line of an article: an item of the paragraph before, a sub-item, or a new 款."""
    item = _ITEM.match(line)
    if item and paragraphs:
        current = paragraphs[-1]
        expected = len(current)  # the next item's number: (一) when it has none yet
        if parse_number(item.group(1)) == expected:
            current.append(line)
            return
    if paragraphs and _SUB_ITEM.match(line):
        paragraphs[-1][-1] += line  # 目 (1. 2.) belong to the item or paragraph above
        return
    if item and parse_number(item.group(1)) == 1:
        paragraphs.append(["", line])  # items without a lead-in of their own
        return
    paragraphs.append(_split_inline(line))


def _split_inline(line: str) -> list[str]:
    """``……：（一）甲；（二）乙。`` in one paragraph -> [lead, （一）甲；, （二）乙。]."""
    marks = list(_INLINE_ITEM.finditer(line))
    cuts: list[int] = []
    expected = 1
    for m in marks:
        if parse_number(m.group(1)) == expected:
            cuts.append(m.start())
            expected += 1
    if len(cuts) < 2:
        return [line]
    parts = [line[: cuts[0]]]
    parts += [line[a:b] for a, b in zip(cuts, [*cuts[1:], len(line)], strict=True)]
    return parts
