"""What ``gaozhi statutes`` asks of the book: one article, a keyword, the book's contents,
and adding a user's texts."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gaozhi_cli.errors import GaozhiError, UsageError
from gaozhi_cli.files import atomic_write, display_path
from gaozhi_cli.statutes.book import StatuteBook
from gaozhi_cli.statutes.citation import ArticleRef, parse_citation
from gaozhi_cli.statutes.model import Article, Document, Version
from gaozhi_cli.statutes.text import Problem


class NotFound(GaozhiError):
    """The book has no such document or article (exit code 1, not a usage error)."""


@dataclass(slots=True)
class Shown:
    document: Document
    version: Version
    articles: list[Article]
    refs: list[ArticleRef]  # what was asked for: the paragraphs and items to mark
    preamble: list[str] = field(default_factory=list)  # a decision's text when no article is asked


def show(book: StatuteBook, title: str, citation: str | None = None, on: date | None = None) -> Shown:
    """The cited articles of ``title`` in the version in force on ``on`` (default: current)."""
    found = book.lookup(title)
    if found is None:
        near = "、".join(f"《{d.title}》" for d in book.similar(title))
        raise NotFound(f"法规库中没有《{title.strip('《》')}》" + (f"；最接近的名称：{near}" if near else ""))
    doc = found.document
    if doc.origin == "repealed":
        by = f"，由{doc.repeal.by}废止" if doc.repeal and doc.repeal.by else ""
        raise NotFound(f"《{doc.title}》已被废止{by}；法规库只记其废止，没有其条文")
    version = doc.version_at(on) if on else doc.current
    body = book.body(doc, version)
    if citation is None:
        return Shown(doc, version, [], [], body.preamble)
    refs = parse_citation(citation)
    if refs is None:
        raise UsageError(f"“{citation}”不是条款的写法（如 第七条、第十二条第一款、附件第236项）")
    articles: list[Article] = []
    for ref in refs:
        article = body.find(ref.kind, ref.number, ref.suffix)
        label = ArticleRef(ref.kind, ref.number, ref.suffix).label
        size = (doc.annex_size or body.last("annex")) if ref.kind == "annex" else 0
        if article is None and ref.number <= size:
            raise NotFound(
                f"《{doc.title}》附件共{size}项，{label}在其中，但法规库没有收录这一项的文字；"
                "请查阅国务院公布的原文（中国政府网）"
            )
        if article is None:
            raise NotFound(f"《{doc.title}》（{version.day}）没有{label}")
        if article not in articles:
            articles.append(article)
    return Shown(doc, version, articles, refs)


@dataclass(frozen=True, slots=True)
class Hit:
    document: Document
    label: str  # 第七条, or "" for a title hit
    text: str  # the article's text (or the title)


def search(
    book: StatuteBook, keyword: str, *, limit: int = 50, current_only: bool = True
) -> tuple[list[Hit], int]:
    """Titles, then articles of current versions, that contain ``keyword``; (hits, total)."""
    needle = "".join(unicodedata.normalize("NFKC", keyword).split())
    if not needle:
        raise UsageError("请给出要查找的词")
    hits: list[Hit] = []
    total = 0
    docs = [d for d in book.documents if d.origin != "repealed" and (d.in_force or not current_only)]
    for doc in docs:
        if needle in unicodedata.normalize("NFKC", doc.title):
            total += 1
            if len(hits) < limit:
                hits.append(Hit(doc, "", doc.title))
    for doc in docs:
        if needle not in unicodedata.normalize("NFKC", book.current_text(doc)):
            continue
        body = book.body(doc, doc.current)
        for article in body.articles:
            if needle in "".join(unicodedata.normalize("NFKC", article.text).split()):
                total += 1
                if len(hits) < limit:
                    hits.append(Hit(doc, article.label, article.text))
    return hits, total


@dataclass(frozen=True, slots=True)
class BookInfo:
    snapshot: date | None
    by_level: list[tuple[str, int, int]]  # (level, in force, not in force)
    versions: int
    articles: int
    repealed_only: int  # documents known only from repeal provisions
    additions: list[Document]  # gaozhi's hand additions
    user_documents: list[Document]
    user_files: list[str]


def info(book: StatuteBook) -> BookInfo:
    real = [d for d in book.documents if d.origin != "repealed"]
    levels: Counter[tuple[str, bool]] = Counter((d.level, d.in_force) for d in real)
    names = sorted({d.level for d in real}, key=lambda lv: -sum(1 for d in real if d.level == lv))
    return BookInfo(
        book.snapshot,
        [(lv, levels[(lv, True)], levels[(lv, False)]) for lv in names],
        sum(len(d.versions) for d in real),
        sum(v.article_count for d in real for v in d.versions),
        len(book.documents) - len(real),
        [d for d in real if d.origin.startswith("addition")],
        [d for d in real if "user" in d.origin],
        book.extra_files,
    )


# -- adding a user's texts --------------------------------------------------------------------


@dataclass(slots=True)
class Added:
    copied: list[tuple[str, str]] = field(default_factory=list)  # (source, destination)
    refused: list[str] = field(default_factory=list)  # files not copied
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


def add_texts(sources: list[Path], folder: Path, *, force: bool = False) -> Added:
    """Check every statute file under ``sources`` and copy the usable ones into ``folder``.

    A file is usable when it yields a document (title, date, level and at least one article);
    its other problems are reported but do not stop it. Nothing is overwritten without
    ``force``."""
    from gaozhi_cli.statutes.assemble import assemble
    from gaozhi_cli.statutes.usertexts import read_parts, text_files

    files = text_files(sources)
    if not files:
        raise UsageError("没有找到法规文本（*.md）：" + "、".join(display_path(s) for s in sources))
    parts, problems = read_parts(files)
    out = Added(problems=list(problems))
    unreadable = {path for path, _ in problems}
    by_path = {p.path: p for p in parts}
    for path in files:
        shown = display_path(path)
        part = by_path.get(shown)
        out.problems += [(shown, p) for p in (part.file.problems if part else [])]
        usable = part is not None and part.level and part.day and part.file.title and part.body.articles
        if not usable or shown in unreadable:
            out.refused.append(shown)
            continue
        target = folder / path.name
        if target.exists() and not force and target.resolve() != path.resolve():
            out.refused.append(shown)
            out.problems.append((shown, Problem(0, f"{display_path(target)} 已存在；加 --force 覆盖")))
            continue
        if target.resolve() != path.resolve():
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(target, path.read_bytes(), force=True)
        out.copied.append((shown, display_path(target)))
    out.documents = assemble([by_path[s] for s, _ in out.copied]).documents
    return out
