"""Terminal text for ``gaozhi statutes``: an article with its 款 and 项 numbered, search hits,
the book's contents, and what ``add`` did. Every function returns the whole text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gaozhi_cli.dates import format_cn
from gaozhi_cli.formats.terminal import hang, text_console
from gaozhi_cli.numerals import to_chinese
from gaozhi_cli.statutes.model import Document, Version
from gaozhi_cli.statutes.queries import Added, BookInfo, Hit, Shown

if TYPE_CHECKING:
    from rich.text import Text

SNIPPET = 40  # characters either side of a search hit


def _state(doc: Document) -> str:
    if doc.in_force:
        return "现行有效"
    if doc.repeal and doc.repeal.by:
        when = f"{format_cn(doc.repeal.day)}起" if doc.repeal.day else ""
        return f"已废止（{when}由{doc.repeal.by}废止）"
    return "已失效"


def _version_line(doc: Document, version: Version) -> str:
    which = "现行版本" if version is doc.current else "旧版本"
    others = "、".join(format_cn(v.day) for v in doc.versions if v is not version)
    line = f"版本：{format_cn(version.day)}（{which}，{_state(doc)}）"
    return line + (f"；法规库另有 {others} 版本" if others else "")


def render_article(shown: Shown, *, color: bool = False, width: int = 80) -> str:
    from rich.text import Text

    out, buffer = text_console(color=color, width=width)
    doc, version = shown.document, shown.version
    out.print(Text(f"《{doc.title}》", style="bold"), Text(f"{doc.level} · {doc.issuer}", style="dim"))
    out.print(Text(_version_line(doc, version), style="dim"))
    for event in (e for e in doc.current.events if e.day is None or e.day <= version.day):
        for n, chunk in enumerate(hang(event.text, width, 4)):
            out.print(Text(("  " if n == 0 else "    ") + chunk, style="dim"))
    if doc.note:
        out.print(Text(f"来源：{doc.note}", style="dim"))
    if not shown.articles:
        out.print()
        for text in shown.preamble:
            out.print(Text(text))
        return buffer.getvalue()
    for article in shown.articles:
        asked = [r for r in shown.refs if (r.kind, r.number, r.suffix) == article.key]
        out.print()
        if article.chapter:
            out.print(Text(article.chapter, style="dim"))
        out.print(Text(article.label, style="bold"))
        several = len(article.paragraphs) > 1
        for p_no, paragraph in enumerate(article.paragraphs, 1):
            mark = any(r.paragraph == p_no and not r.item for r in asked)
            label = f"第{to_chinese(p_no)}款　" if several else ""
            if paragraph.text or label:
                for line in _lines("", mark, label, paragraph.text, width):
                    out.print(line)
            for i_no, item in enumerate(paragraph.items, 1):
                hit = any(r.item == i_no and r.paragraph in (None, p_no) for r in asked)
                for line in _lines("  ", hit, "", item, width):
                    out.print(line)
    return buffer.getvalue()


def _lines(indent: str, marked: bool, label: str, text: str, width: int) -> list[Text]:
    """One 款 or 项 with a hanging indent: ▶ marks what the citation names."""
    from rich.cells import cell_len
    from rich.text import Text

    head = indent + ("▶ " if marked else "  ")
    offset = cell_len(head) + cell_len(label)
    out = []
    for n, chunk in enumerate(hang(text, width, offset)):
        line = Text(head if n == 0 else " " * offset, style="bold cyan")
        if n == 0:
            line.append(label, style="dim")
        line.append(chunk)
        out.append(line)
    return out


def render_search(keyword: str, hits: list[Hit], total: int, *, color: bool = False, width: int = 80) -> str:
    from rich.text import Text

    out, buffer = text_console(color=color, width=width)
    if not hits:
        out.print(f"现行法律法规中没有含“{keyword}”的标题或条文。")
        return buffer.getvalue()
    for hit in hits:
        if not hit.label:
            out.print(Text(f"《{hit.document.title}》", style="bold"), Text("（标题）", style="dim"))
            continue
        at = hit.text.find(keyword)
        start = max(0, at - SNIPPET) if at >= 0 else 0
        snippet = ("……" if start else "") + hit.text[start : (at if at >= 0 else 0) + len(keyword) + SNIPPET]
        if at >= 0 and at + len(keyword) + SNIPPET < len(hit.text):
            snippet += "……"
        out.print(Text(f"《{hit.document.title}》{hit.label}", style="bold"))
        for chunk in hang(snippet, width, 4):
            line = Text("    " + chunk)
            line.highlight_words([keyword], style="bold yellow")
            out.print(line)
    more = f"（只列出前 {len(hits)} 处，--limit 可调整）" if total > len(hits) else ""
    out.print(Text(f"共 {total} 处{more}", style="dim"))
    return buffer.getvalue()


def render_info(book: BookInfo, *, color: bool = False, width: int = 80) -> str:
    from rich.text import Text

    out, buffer = text_console(color=color, width=width)
    snapshot = format_cn(book.snapshot) if book.snapshot else "未知"
    out.print(Text(f"法规库：国家法律法规数据库快照（{snapshot}）", style="bold"))
    for level, current, old in book.by_level:
        out.print(f"  {level} {current} 部现行有效" + (f"，{old} 部已废止或失效" if old else ""))
    out.print(
        f"  共 {book.versions} 个版本、{book.articles} 条；另有 {book.repealed_only} 部只知已被废止（见于新法的废止条款）"
    )
    if book.additions:
        out.print(Text("gaozhi 补充（数据库缺少的文件，注明来源）：", style="bold"))
        for doc in book.additions:
            numbers = "、".join(f"第{k.order.number}号" for k in doc.orders)
            for n, chunk in enumerate(hang(f"《{doc.title}》{doc.level}（国务院令{numbers}）", width, 4)):
                out.print(("  " if n == 0 else "    ") + chunk)
    if book.user_files:
        out.print(Text(f"用户添加的文本（{len(book.user_files)} 个文件）：", style="bold"))
        for doc in book.user_documents:
            days = "、".join(format_cn(v.day) for v in doc.versions)
            out.print(f"  《{doc.title}》{doc.level}，{days}")
    else:
        out.print(
            Text(
                "没有用户添加的文本（在 gaozhi.toml 中设 [statutes] extra，再用 gaozhi statutes add 加入）",
                style="dim",
            )
        )
    return buffer.getvalue()


def render_added(added: Added, folder: str) -> str:
    lines = []
    for path, problem in added.problems:
        where = f"{path}:{problem.line}" if problem.line else path
        lines.append(f"{where}: {problem.message}")
    for source, target in added.copied:
        lines.append(f"已加入：{source} → {target}")
    for doc in added.documents:
        lines.append(
            f"  《{doc.title}》{doc.level}，{format_cn(doc.current.day)}版本，{doc.current.article_count} 条"
        )
    for path in added.refused:
        lines.append(f"未加入：{path}")
    lines.append(f"{len(added.copied)} 个文件已加入 {folder}，{len(added.refused)} 个文件未加入")
    return "\n".join(lines) + "\n"
