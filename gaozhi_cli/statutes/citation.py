"""条款 as catalogues write them, parsed into the articles, paragraphs and items they cite.

    第七条                              article 7
    第十二条第一款第（三）项            article 12, paragraph 1, item 3
    第二十一条之一                      article 21-1
    第七条、第八条 / 第七条至第九条     several articles
    第十七条第一款第（四）项、第（五）项 items 4 and 5 of the same paragraph
    第三章第十四条                      article 14, said to be in chapter 3
    附件第236项, 第236项                item 236 of a decision's annex

Arabic digits (第7条) and items without 第/项 (第七条（二）) are accepted. A text that is
none of these forms parses to None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from gaozhi_cli.numerals import NUMBER, parse_number

MAX_RANGE = 60  # 第一条至第九百条 is not a citation

# Finding citations in free text (a 设定依据 cell of an imported table); parse_citation reads one.
_N = NUMBER
_LIST = rf"{_N}(?:\s*[、，,]\s*{_N})*"  # 第七、八条: one 第 for several numbers
_ONE = (
    rf"(?:第{_N}编)?(?:第{_N}章)?(?:第{_N}节)?第{_LIST}条(?:之{_N})?"
    rf"(?:第{_LIST}款)?(?:第[（(]{_N}[）)]项|第{_N}项)?(?:第{_N}目)?"
)
_TAIL = rf"(?:{_ONE}|第{_N}款(?:第[（(]{_N}[）)]项)?|第[（(]{_N}[）)]项)"
CITATION_PATTERN = (  # a pattern, compiled by the importer that uses it
    rf"(?:附件第?|第){_N}项(?:\s*[、，,和及与至]\s*(?:附件)?第?{_N}项)*|{_ONE}(?:\s*[、，,；;和及与至]\s*{_TAIL})*"
)


@dataclass(frozen=True, slots=True)
class ArticleRef:
    kind: str  # "article" or "annex"
    number: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    chapter: int | None = None

    @property
    def label(self) -> str:
        from gaozhi_cli.numerals import to_chinese

        if self.kind == "annex":
            return f"附件第{self.number}项"
        out = f"第{to_chinese(self.number)}条" + (f"之{to_chinese(self.suffix)}" if self.suffix else "")
        if self.paragraph:
            out += f"第{to_chinese(self.paragraph)}款"
        if self.item:
            out += f"第（{to_chinese(self.item)}）项"
        return out


_TOKENS = re.compile(
    rf"""
    (?P<annex>附件(?:第)?(?P<annex_n>{NUMBER})项?)
  | (?P<context>第(?P<context_n>{NUMBER})(?P<context_kind>[编章节]))
  | (?P<article>第?(?P<article_n>{NUMBER})条(?:之(?P<suffix>{NUMBER}))?)
  | (?P<paragraph>第(?P<paragraph_n>{NUMBER})款)
  | (?P<item>第?[（(](?P<item_a>{NUMBER})[）)]项?|第(?P<item_b>{NUMBER})项)
  | (?P<subitem>第?(?P<subitem_n>{NUMBER})目)
  | (?P<sep>以及|[、，,；;和及与])
  | (?P<range>至|到|[—\-－～~])
  | (?P<space>\s+)
    """,
    re.VERBOSE,
)


def parse_citation(text: str | None) -> list[ArticleRef] | None:
    """The refs in a 条款 field, in order; None when it is not a citation."""
    if not text or not text.strip():
        return None
    refs = _parse(text)
    return list(refs) if refs is not None else None


# 第七、八条, 第一、二款: one 第 for a list of numbers, read as 第七条、第八条.
_SHARED = re.compile(rf"第((?:{_N}\s*[、，,和及与]\s*)+{_N})\s*([条款项])")
_LIST_SEP = re.compile(r"\s*[、，,和及与]\s*")


def _spread(m: re.Match[str]) -> str:
    return "、".join(f"第{n}{m.group(2)}" for n in _LIST_SEP.split(m.group(1)))


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[ArticleRef, ...] | None:
    t = unicodedata.normalize("NFKC", text).strip().rstrip("。.;；")
    t = _SHARED.sub(_spread, t.replace("(", "（").replace(")", "）"))
    refs: list[ArticleRef] = []
    chapter: int | None = None
    pending_range = False
    fresh = True  # the next component starts a new ref
    at = 0
    while at < len(t):
        m = _TOKENS.match(t, at)
        if m is None:
            return None
        at = m.end()
        kind = m.lastgroup if m.lastgroup in ("sep", "range", "space") else _kind(m)
        if kind == "space":
            continue
        if kind == "sep":
            fresh, pending_range = True, False
            continue
        if kind == "range":
            if not refs:
                return None
            pending_range, fresh = True, True
            continue
        if kind == "context":
            if m.group("context_kind") == "章":
                chapter = parse_number(m.group("context_n"))
            continue
        if kind == "subitem":
            if not refs:
                return None
            continue
        if kind == "article" and not m.group().startswith("第") and not (refs and fresh):
            return None  # 二十六条 without 第 only after 第二十五条、
        if kind in ("annex", "article"):
            ref = _new_ref(m, kind, chapter)
            if ref is None:
                return None
            if pending_range and refs and refs[-1].kind == ref.kind:
                start = refs[-1].number
                if not 0 < ref.number - start <= MAX_RANGE:
                    return None
                refs += [replace(ref, number=n, suffix=0) for n in range(start + 1, ref.number)]
            refs.append(ref)
            chapter = None
            fresh, pending_range = False, False
            continue
        if kind == "item" and m.group("item_b") and (not refs or (refs[-1].kind == "annex" and fresh)):
            # 第88项 with no article: an annex item, as catalogues cite 国务院令第412号
            number = parse_number(m.group("item_b"))
            if not number:
                return None
            refs.append(ArticleRef("annex", number))
            fresh, pending_range = False, False
            continue
        if not refs:
            return None
        last = refs[-1]
        number = parse_number(
            m.group("paragraph_n") if kind == "paragraph" else m.group("item_a") or m.group("item_b")
        )
        if number is None or number == 0:
            return None
        if kind == "paragraph":
            ref = replace(last, paragraph=number, item=None)
            if pending_range and last.paragraph is not None and last.item is None:
                if not 0 < number - last.paragraph <= MAX_RANGE:
                    return None
                refs += [replace(last, paragraph=n) for n in range(last.paragraph + 1, number)]
                refs.append(ref)
            elif fresh or last.paragraph is not None:
                refs.append(ref)
            else:
                refs[-1] = ref
        else:
            ref = replace(last, item=number)
            if pending_range and last.item is not None:  # 第（一）至（三）项
                if not 0 < number - last.item <= MAX_RANGE:
                    return None
                refs += [replace(last, item=n) for n in range(last.item + 1, number)]
                refs.append(ref)
            elif fresh or last.item is not None:
                refs.append(ref)
            else:
                refs[-1] = ref
        fresh, pending_range = False, False
    return tuple(refs) or None


def _kind(m: re.Match[str]) -> str:
    for name in ("annex", "context", "article", "paragraph", "item", "subitem"):
        if m.group(name):
            return name
    return "space"


def _new_ref(m: re.Match[str], kind: str, chapter: int | None) -> ArticleRef | None:
    number = parse_number(m.group("annex_n") if kind == "annex" else m.group("article_n"))
    if not number:
        return None
    suffix = parse_number(m.group("suffix")) if kind == "article" and m.group("suffix") else 0
    return ArticleRef(kind, number, suffix or 0, chapter=chapter)
