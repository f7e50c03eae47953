"""formats.terminal.soft_wrapped writes styled lines without rich: byte for byte what rich prints."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaozhi_cli.formats.terminal import soft_wrapped

STYLES = ["", "dim", "red", "yellow", "green", "bold red", "bold yellow", "bold green", "bold underline"]


def _rich(lines: list[list[tuple[str, str]]], color: bool) -> str:
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        width=80,
        highlight=False,
        soft_wrap=True,
    )
    for line in lines:
        console.print(Text.assemble(*line))
    return buffer.getvalue()


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
