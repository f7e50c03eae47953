"""A spreadsheet cell that cannot run: text starting like a formula gets an apostrophe.

Cells beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) are prefixed with
an apostrophe, the OWASP advice against CSV formula injection. Writers (CSV, xlsx) add it;
the importer of 附件3 tables takes it off again.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: object) -> str:
    """The text of one cell, neutralised if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text
