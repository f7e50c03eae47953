"""formats.terminal.soft_wrapped writes styled lines without rich: byte for byte what rich prints."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaozhi_cli.formats.terminal import Column, Printer, rich_table, soft_wrapped, table_lines, text_console

STYLES = ["", "dim", "red", "yellow", "green", "bold red", "bold yellow", "bold green", "bold underline"]
# and what the deadline report uses, and one style written only by rich (blue)
STYLES += ["magenta", "bold magenta", "italic", "table.title", "table.caption", "table.header", "blue"]


def _printed(renderables: list[object], color: bool, width: int = 80, *, soft_wrap: bool = False) -> str:
    """What rich prints for ``renderables``, on the console gaozhi's reports use."""
    console, buffer = text_console(color=color, width=width, soft_wrap=soft_wrap)
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def _rich(lines: list[list[tuple[str, str]]], color: bool) -> str:
    from rich.text import Text

    return _printed([Text.assemble(*line) for line in lines], color, soft_wrap=True)


# CJK, wide and combining characters, emoji, spaces at either end, rich markup that must stay
# text; and now and then a control character (rich's own path: it drops some, expands tabs).
TEXT = st.text(
    st.one_of(
        st.sampled_from(list("法规第12条，。《》[]:/ \u3000\u0301✓😀")),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
)
LINES = st.lists(st.lists(st.tuples(TEXT, st.sampled_from(STYLES)), max_size=5), max_size=6)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(LINES, st.booleans())
def test_styled_lines_are_what_rich_prints(lines: list[list[tuple[str, str]]], color: bool) -> None:
    assert soft_wrapped(lines, color=color, width=80) == _rich(lines, color)


def test_a_report_line_in_colour() -> None:
    line = [("  3:5     ", "dim"), ("错误 ", "red"), ("GZ101 ", "bold red"), ("文号不存在", "")]
    assert soft_wrapped([line, []], color=True, width=80) == (
        "\x1b[2m  3:5     \x1b[0m\x1b[31m错误 \x1b[0m\x1b[1;31mGZ101 \x1b[0m文号不存在\n\n"
    )


# -- Printer: tables and lines without rich where they fit -------------------------------------

CELL = st.text(
    st.one_of(st.sampled_from(list("晋城市第12局 -:.…✓\u0301😀")), st.characters(codec="utf-8")), max_size=10
)
HEADER = st.text(st.sampled_from(list("行号办件编号超期工作日 ab")), min_size=1, max_size=8)
COLUMN = st.builds(
    Column,
    st.one_of(HEADER, st.tuples(HEADER, HEADER).map("\n".join)),
    st.sampled_from(["left", "right"]),
    st.one_of(st.none(), st.integers(0, 24)),
    st.booleans(),
)


def _rich_table(
    columns: list[Column], rows: list[list[str]], styles: list[str], color: bool, width: int
) -> str:
    return _printed([rich_table(columns, rows, styles)], color, width)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[Column], list[list[str]], list[str]]:
    columns = draw(st.lists(COLUMN, min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns)), max_size=5))
    styles = draw(st.lists(st.sampled_from(STYLES), min_size=len(rows), max_size=len(rows)))
    return columns, rows, styles


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(tables(), st.integers(20, 120), st.booleans())
def test_tables_are_what_rich_prints(
    table: tuple[list[Column], list[list[str]], list[str]], width: int, color: bool
) -> None:
    columns, rows, styles = table
    printer = Printer(color=color, width=width)
    printer.table(columns, rows, styles)
    assert printer.text() == _rich_table(columns, rows, styles, color, width)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(STYLES), st.integers(10, 100), st.booleans())
def test_lines_are_what_rich_prints(text: str, style: str, width: int, color: bool) -> None:
    from rich.text import Text

    printer = Printer(color=color, width=width)
    printer.line(text, style)
    assert printer.text() == _printed([Text(text, style=style)], color, width)


def test_a_table_that_fits_is_laid_out_here() -> None:
    columns = [Column("行号", "right", 6), Column("部门", min_width=6), Column("超期\n工作日", "right", 3)]
    rows = [["77973", "晋城市第21局", "702"], ["5", "局", "1"]]
    lines = table_lines(columns, rows, ["red", ""], 80)
    assert lines is not None
    assert ["".join(text for text, _ in line) for line in lines] == [  # what rich prints, without rich
        "                        超期 ",
        "  行号  部门          工作日 ",
        "─────────────────────────────",
        " 77973  晋城市第21局     702 ",
        "     5  局                 1 ",
    ]
    assert lines[3][:2] == [(" ", "red"), ("77973", "red")]  # each piece in the row's colour
    assert table_lines(columns, [["77973", "晋城市第21局" * 8, "702"]], [""], 80) is None  # too wide: rich
