"""The ``gaozhi`` command: one sub-app per capability, each a thin layer over the library."""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from gaozhi_cli import __version__
from gaozhi_cli.cli import i18n

i18n.apply()
try:  # registers the shells, so that the script from ``gaozhi completion`` gets answers
    from typer.completion import completion_init  # type: ignore[attr-defined]

    completion_init()
except ImportError:  # pragma: no cover - a Typer that moved it: no completion, nothing else lost
    pass

# The sub-apps, in the order the help lists them. Each module is imported, and its commands
# built, only when it is called: a command pays for its own sub-app, not for all six.
SUB_APPS = {
    "catalog": "gaozhi_cli.cli.catalog",
    "calendar": "gaozhi_cli.cli.calendar",
    "letter": "gaozhi_cli.cli.letter",
    "deadlines": "gaozhi_cli.cli.deadlines",
    "statutes": "gaozhi_cli.cli.statutes",
    "ledger": "gaozhi_cli.cli.ledger",
}


def sub_app(name: str) -> typer.Typer:
    app: typer.Typer = importlib.import_module(SUB_APPS[name]).app
    return app


class _Root(TyperGroup):
    """The ``gaozhi`` group, with the sub-apps of SUB_APPS after its own commands."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *SUB_APPS]

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in SUB_APPS:
            command = typer.main.get_group(sub_app(name))
            command.name = name
            self.add_command(command)
        return command

    def summary(self, name: str) -> str | None:
        """A sub-app's help, without building its commands (for the list in ``--help``)."""
        return sub_app(name).info.help if name in SUB_APPS else None


app = typer.Typer(
    name="gaozhi",
    cls=_Root,
    help="告知（gaozhi）：证明事项告知承诺制联络员工具箱——目录校验、文书生成、工作日时限统计、法规库、告知承诺台账。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gaozhi {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="显示版本并退出")
    ] = False,
) -> None:
    """告知（gaozhi）：证明事项告知承诺制联络员工具箱。"""


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(metavar="终端", help="bash、zsh、fish 或 powershell")],
) -> None:
    """输出命令补全脚本：按 Tab 键补全命令、选项和文件名。

    bash 的用法（zsh、fish、powershell 同理，写入各自的启动文件）：
      gaozhi completion bash > ~/.gaozhi-complete.bash
      echo 'source ~/.gaozhi-complete.bash' >> ~/.bashrc
    """
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name="gaozhi", complete_var="_GAOZHI_COMPLETE", shell=shell.value))


def main() -> NoReturn:
    """Run the command and end the process. The exit handlers run and the output is flushed,
    but the interpreter's teardown of several hundred modules, one by one, is skipped: 40 ms
    of every command (a fifth of ``gaozhi --help``). Anything unusual (an exit message, a
    thread still running, output that cannot be flushed, a profiler or debugger that reports
    when the program ends) takes Python's usual way out."""
    try:
        app(prog_name="gaozhi")
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if code is None:
        code = 0
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if not isinstance(code, int) or run_handlers is None or watched or _threads_running():
        raise SystemExit(code)
    run_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe, a closed stream
        raise SystemExit(code) from None
    os._exit(code)


def _threads_running() -> bool:
    main_thread = threading.main_thread()
    return any(t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate())
