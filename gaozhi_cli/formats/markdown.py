"""Data in Markdown reports stays text: every character Markdown or HTML would read is escaped.

CommonMark lets a backslash escape any ASCII punctuation; ``&`` and ``<`` become entities so
that no renderer (GitLab, GitHub, VS Code) sees a tag or an entity in a value.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]|~])")
# What opens a heading, quote, list or rule at the start of a line: # > - + = or 1. 1)
_LINE_START = re.compile(r"^(\s*|\s*\d+(?=[.)]))([-+=#>]|(?<=\d)[.)])", re.MULTILINE)


def md_text(text: str) -> str:
    """``text`` as literal Markdown text: also no line of it starts a list or a heading."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _inline(text))


def md_cell(text: str) -> str:
    """``text`` as one table cell (no block syntax there): escaped, lines joined with <br>."""
    return "<br>".join(_inline(line.strip()) for line in text.splitlines()) or " "


def _inline(text: str) -> str:
    return _INLINE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
