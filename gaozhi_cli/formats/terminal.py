"""Rich output rendered to a string, so that a report is printed or written in one piece."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def text_console(*, color: bool, width: int, soft_wrap: bool = False) -> tuple[Console, io.StringIO]:
    """A console writing into a buffer: colour only when asked (a terminal), fixed width."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=soft_wrap,
    )
    return console, buffer
