"""``gaozhi statutes``: look up the statute book behind ``catalog validate``, and add texts to it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gaozhi_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ConfigOption,
    ForceOption,
    command_group,
    emit,
    fail,
    handles_errors,
    load_settings,
    terminal_width,
)

if TYPE_CHECKING:
    from gaozhi_cli.statutes.book import StatuteBook

app = command_group("法规库：国家法律、行政法规的条文（供目录校验核对设定依据），可加入地方性法规等文本。")


def _book(config: Path | None) -> StatuteBook:
    from gaozhi_cli.statutes.book import load_book

    return load_book(load_settings(config).statute_folders)


def _color() -> bool:
    return sys.stdout.isatty()


@app.command()
@handles_errors
def show(
    title: Annotated[
        str, typer.Argument(metavar="名称", help="法律、法规的名称，可简写，如 律师法、《社会救助暂行办法》")
    ],
    article: Annotated[
        str | None,
        typer.Argument(metavar="[条款]", help="如 第七条、第十二条第一款、附件第236项；不写时显示公布信息"),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", metavar="日期", help="显示该日有效的版本，如 2020-01-01（默认现行版本）"),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """显示一条或几条条文，逐款编号，列项缩进；▶ 标出所问的款、项。"""
    from gaozhi_cli.dates import parse_date
    from gaozhi_cli.formats.statutes import render_article
    from gaozhi_cli.statutes.queries import NotFound
    from gaozhi_cli.statutes.queries import show as show_article

    on = None
    if version is not None:
        on = parse_date(version)
        if on is None:
            raise fail(f"“{version}”不是可识别的日期（可写 2020-01-01、2020年1月1日）")
    try:
        shown = show_article(_book(config), title, article, on)
    except NotFound as exc:
        raise fail(exc.message, EXIT_FINDINGS) from None
    emit(render_article(shown, color=_color(), width=terminal_width()), None, force=False)


@app.command()
@handles_errors
def search(
    keyword: Annotated[str, typer.Argument(metavar="关键词", help="要查找的词，如 无犯罪记录")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="最多列出几处")] = 50,
    include_repealed: Annotated[bool, typer.Option("--include-repealed", help="也查已废止的文件")] = False,
    config: ConfigOption = None,
) -> None:
    """查找标题或现行条文中含关键词的法律法规。"""
    from gaozhi_cli.formats.statutes import render_search
    from gaozhi_cli.statutes.queries import search as find

    hits, total = find(_book(config), keyword, limit=limit, current_only=not include_repealed)
    emit(render_search(keyword, hits, total, color=_color(), width=terminal_width()), None, force=False)
    raise typer.Exit(EXIT_OK if hits else EXIT_FINDINGS)


@app.command()
@handles_errors
def info(config: ConfigOption = None) -> None:
    """法规库的快照日期、各层级文件数、gaozhi 的补充和用户添加的文本。"""
    from gaozhi_cli.formats.statutes import render_info
    from gaozhi_cli.statutes.queries import info as book_info

    emit(render_info(book_info(_book(config)), color=_color(), width=terminal_width()), None, force=False)


@app.command()
@handles_errors
def add(
    sources: Annotated[
        list[Path],
        typer.Argument(metavar="路径...", help="法规文本（*.md，格式同国家法律法规数据库）或其所在文件夹"),
    ],
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            metavar="文件夹",
            file_okay=False,
            help="加入到这个文件夹（默认：配置 [statutes] extra 的第一个）",
        ),
    ] = None,
    force: ForceOption = False,
    config: ConfigOption = None,
) -> None:
    """检查法规文本并加入法规库（如本省的地方性法规、快照日之后修改的法律）。

    逐个文件检查标题、公布信息、效力层级和条文，问题按“文件:行”列出；能用的文件复制到
    [statutes] extra 所设的文件夹，此后 catalog validate 会用它们核对设定依据。
    退出码：0 全部加入；1 有文件未加入；2 用法错误。
    """
    from gaozhi_cli.files import display_path
    from gaozhi_cli.formats.statutes import render_added
    from gaozhi_cli.statutes.queries import add_texts

    settings = load_settings(config)
    folder = to or (settings.statute_folders[0] if settings.statute_folders else None)
    if folder is None:
        raise fail(
            '没有设定法规文本文件夹：请在 gaozhi.toml 中写 [statutes] extra = ["法规"]，或用 --to 指定'
        )
    added = add_texts(sources, folder, force=force)
    emit(render_added(added, display_path(folder)), None, force=False)
    if to is not None and to.resolve() not in {p.resolve() for p in settings.statute_folders}:
        typer.echo(
            f"提示：{display_path(to)} 不在配置 [statutes] extra 中，校验时不会用到；请把它加入 gaozhi.toml",
            err=True,
        )
    raise typer.Exit(EXIT_FINDINGS if added.refused else EXIT_OK)
