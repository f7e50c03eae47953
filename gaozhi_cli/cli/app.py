"""The ``gaozhi`` command: one sub-app per capability, each a thin layer over the library."""

from __future__ import annotations

from typing import Annotated

import typer

from gaozhi_cli import __version__
from gaozhi_cli.cli import calendar, catalog, deadlines, i18n, letter, statutes

i18n.apply()

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


def main() -> None:
    app(prog_name="gaozhi")
