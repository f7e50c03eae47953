"""What every command shares: options, consoles, exit codes and error handling."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from gaozhi_cli.errors import GaozhiError

if TYPE_CHECKING:
    from rich.console import Console

    from gaozhi_cli.calendar import WorkCalendar
    from gaozhi_cli.config import Settings

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="文件",
        dir_okay=False,
        help="配置文件；默认向上查找 gaozhi.toml 或 pyproject.toml 的 [tool.gaozhi]",
    ),
]
CalendarFilesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--calendar",
        metavar="文件",
        dir_okay=False,
        help="某一年节假日安排的 YAML 文件（按通知填写，可多次使用；模板见 gaozhi calendar template）",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="允许覆盖已存在的输出文件")]


def _screen_dash(path: Path | None) -> Path | None:
    # ``-o -`` is the screen, as for most command-line tools, never a file named "-"
    return None if path is not None and str(path) == "-" else path


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="文件",
        dir_okay=False,
        callback=_screen_dash,
        help="写入文件，而不是输出到屏幕（- 表示屏幕）",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def command_group(help: str) -> typer.Typer:
    """A sub-app (``gaozhi catalog``, ``gaozhi letter`` …): help when called without a command."""
    return typer.Typer(help=help, no_args_is_help=True)


def console(*, stderr: bool = False) -> Console:
    """A rich console; long lines are left to the terminal so paths stay copyable."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``错误：message`` on stderr; return the Exit to raise."""
    console(stderr=True).print(f"[bold red]错误：[/]{_escape(message)}")
    return typer.Exit(code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def handles_errors(func: F) -> F:
    """Turn GaozhiError into a Chinese message with exit code 2, and any other exception into
    an internal-error message (with the traceback only when GAOZHI_DEBUG is set)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with masked_output():
            return _reported(func, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _reported(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``func``, its errors told the user (inside the masked streams, like everything else)."""
    try:
        return func(*args, **kwargs)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except GaozhiError as exc:
        raise fail(exc.message) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(EXIT_USAGE) from None
    except RecursionError:  # data nested thousands deep (a JSON data file): the input, not a bug
        raise fail("输入的数据嵌套层次过深（数千层），无法处理；请检查所给的数据文件") from None
    except OSError as exc:  # a file the system refused: the user's environment, not a bug
        from gaozhi_cli.files import display_path, os_reason

        where = f" {display_path(exc.filename)}" if exc.filename else ""
        raise fail(f"无法访问{where}：{os_reason(exc)}") from None
    except Exception as exc:
        if os.environ.get("GAOZHI_DEBUG"):
            traceback.print_exc()
        raise fail(
            f"内部错误（{type(exc).__name__}：{exc}）。这是 gaozhi 的缺陷，请把命令和输入文件报告给维护者；"
            "设置环境变量 GAOZHI_DEBUG=1 可显示详细信息"
        ) from None


@contextlib.contextmanager
def masked_output() -> Iterator[None]:
    """Everything a command prints passes here: ID numbers are masked on stdout and stderr
    (report files are masked by ``emit`` and ``files.open_output``)."""
    from gaozhi_cli.identity import masked

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = masked(sys.stdout), masked(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def load_settings(config: Path | None) -> Settings:
    from gaozhi_cli.config import load_settings as load

    return load(config)


def work_calendar(files: list[Path] | None, settings: Settings) -> WorkCalendar:
    """The working-day calendar with the year files of the config and of ``--calendar``."""
    from gaozhi_cli.calendar import load_calendar

    cal = load_calendar([*settings.calendar_files, *(files or [])])
    say_calendar_notes(cal)
    return cal


def say_calendar_notes(cal: WorkCalendar) -> None:
    """A year's file that changes gaozhi's own days is said on stderr: a typo in it would
    move every deadline of that year without a word."""
    for note in cal.notes:
        console(stderr=True).print(f"[yellow]注意[/] {_escape(note)}", soft_wrap=True)


def emit(text: str | bytes, output: Path | None, *, force: bool, what: str = "") -> None:
    """Print ``text`` to stdout, or write it whole to ``output`` and say so (``what`` it holds).
    Bytes (a .docx, an .xlsx) are written as they are, and only to a file."""
    if output is None:
        if isinstance(text, bytes):
            raise RuntimeError("binary output needs a file")
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from gaozhi_cli.files import atomic_write
    from gaozhi_cli.identity import mask_ids_in_text

    data = text if isinstance(text, bytes) else mask_ids_in_text(text).encode("utf-8")
    atomic_write(output, data, force=force)
    wrote(output, what)


def wrote(path: Path, what: str = "") -> None:
    """Say on stderr which file a command wrote (stdout may be the file's content elsewhere)."""
    from gaozhi_cli.files import display_path

    say(f"已写入 {display_path(path)}{what}")


def say(text: str) -> None:
    """``text`` on stderr as a line of its own, as the console prints it: without importing
    rich where the text needs nothing of it (importing rich's console is some 60 ms of a
    command that only says which file it wrote)."""
    from gaozhi_cli.formats.terminal import soft_wrapped

    sys.stderr.write(soft_wrapped([[(text, "")]], color=False, width=terminal_width()))
    sys.stderr.flush()


def terminal_width() -> int:
    """The terminal's width, at least 60 columns (reports wrap below that)."""
    import shutil

    return max(60, shutil.get_terminal_size((100, 20)).columns)


E = TypeVar("E", bound=Enum)


def format_for_output(
    chosen: E | None, output: Path | None, suffixes: Mapping[str, tuple[E, ...]], default: E
) -> E:
    """The output format: ``-f`` if given, else the one ``-o``'s extension names, else
    ``default``. ``suffixes`` maps an extension to the formats that write such a file (the
    first is taken when only ``-o`` is given); a ``-f`` the extension contradicts is an error."""
    suffix = output.suffix.lower() if output is not None else ""
    fitting = suffixes.get(suffix)
    if chosen is None:
        return fitting[0] if fitting else default
    if fitting is not None and chosen not in fitting:
        assert output is not None
        names = "、".join(f.value for f in fitting)
        raise fail(
            f"-o {output.name} 的扩展名是 {suffix} 格式（{names}），与 --format {chosen.value} 矛盾；"
            f"请去掉 --format，或把文件名改为 .{chosen.value}"
        )
    return chosen
