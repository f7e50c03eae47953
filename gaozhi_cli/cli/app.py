"""The ``gaozhi`` command: one sub-app per capability, each a thin layer over the library."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from gaozhi_cli import __version__
from gaozhi_cli.cli import calendar, catalog, deadlines, i18n, ledger, letter, statutes

i18n.apply()
try:  # registers the shells, so that the script from ``gaozhi completion`` gets answers
    from typer.completion import completion_init  # type: ignore[attr-defined]

    completion_init()
except ImportError:  # pragma: no cover - a Typer that moved it: no completion, nothing else lost
    pass

app = typer.Typer(
    name="gaozhi",
    help="告知（gaozhi）：证明事项告知承诺制联络员工具箱——目录校验、文书生成、工作日时限统计、法规库。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(catalog.app, name="catalog")
app.add_typer(calendar.app, name="calendar")
app.add_typer(letter.app, name="letter")
app.add_typer(deadlines.app, name="deadlines")
app.add_typer(statutes.app, name="statutes")
app.add_typer(ledger.app, name="ledger")


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


def main() -> None:
    app(prog_name="gaozhi")
