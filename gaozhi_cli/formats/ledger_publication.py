"""The published commitments (``ledger publish``): a table on the terminal, a self-contained
web page for the agency's site, CSV for Excel and .xlsx. Every cell is masked again on the way
out (emit, formats.ledger): the page is a public file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from gaozhi_cli import __version__
from gaozhi_cli.formats.csvout import excel_csv
from gaozhi_cli.formats.ledger import aligned, write_table_xlsx

if TYPE_CHECKING:
    from gaozhi_cli.ledger.publication import Publication

TERMINAL_COLUMNS = 8  # scope and period, the same for every case of an item, left off the screen


def render(found: Publication, fmt: str) -> str:
    """``fmt``: text, csv or html."""
    if fmt == "csv":
        return excel_csv(found.columns, found.rows)
    if fmt == "html":
        return render_html(found)
    if not found.rows:
        return f"{found.period}：没有应当公开的告知承诺书（目录中“公开”为是的事项）\n"
    shown = [row[:TERMINAL_COLUMNS] for row in found.rows]
    lines = aligned(shown, found.columns[:TERMINAL_COLUMNS])
    return "\n".join([found.heading, *lines]) + f"\n{found.period}，共 {len(found.rows)} 件\n"


def render_html(found: Publication) -> str:
    """One page, no scripts, no external files: a site's content system takes it as it is."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    source = resources.files("gaozhi_cli.formats").joinpath("ledger_page.html.j2").read_text("utf-8")
    return env.from_string(source).render(
        title=found.heading,
        period=found.period,
        columns=found.columns,
        rows=found.rows,
        note=found.note,
        version=__version__,
    )


def write_xlsx(found: Publication, output: Path, *, force: bool) -> None:
    write_table_xlsx(output, "公开", found.columns, found.rows, force=force)
