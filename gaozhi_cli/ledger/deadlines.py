"""The deadline report from the ledger (``deadlines report --ledger``).

The ledger is written out as the case-log export it stands for (ledger.table, the columns of
the deadline report's contract) and read by the same report as a platform's export: every
rule, status and format is the one a CSV export gets, row for row. The verification rule
takes each case's 核查时限 as it was recorded with the commitment (the catalogue of that
day), unless ``--catalog`` names catalogues to use instead.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from gaozhi_cli.catalog.model import normalise
from gaozhi_cli.catalog.timelimit import Period, parse_time_limit
from gaozhi_cli.deadlines.rules import DeadlineRule, Limit
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.deadlines.verification import END, NAME, SOURCE, CatalogLimits, Entry
from gaozhi_cli.formats.csvout import write_excel_csv
from gaozhi_cli.ledger import table
from gaozhi_cli.ledger.store import Ledger

UNVERIFIED_SHOWN = 20  # commitments never verified named in the report's note


@contextmanager
def ledger_export(
    ledger: Ledger, department: str | None = None, year: int | None = None, until: date | None = None
) -> Iterator[Path]:
    """The ledger (or the part ``table.rows`` selects) as a CSV export in a private temporary
    file, removed afterwards."""
    fd, name = tempfile.mkstemp(prefix="gaozhi-ledger-", suffix=".csv")  # 0600
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            write_excel_csv(stream, table.COLUMNS, table.rows(ledger, department, year, until))
        yield path
    finally:
        path.unlink(missing_ok=True)


def verification_rule(ledger: Ledger) -> DeadlineRule:
    """The 核查时限 rule of the items the ledger's commitments were made under."""
    items: dict[str, list[Entry]] = {}
    for name, purpose, text in ledger.db.rows(
        "SELECT DISTINCT item_name, coalesce(item_purpose, ''), coalesce(time_limit, '') FROM cases"
        " WHERE voided_on IS NULL"
    ):
        limit: Period | str
        if not text.strip():
            limit = f"台账中“{name}”的案件没有记录核查时限（可用 --catalog 指定目录）"
        else:
            found = parse_time_limit(text)
            limit = found if isinstance(found, Period) else f"核查时限“{text}”{found}"
        entries = items.setdefault(normalise(name), [])
        if not any(normalise(e.purpose) == normalise(purpose) for e in entries):
            entries.append(Entry(name, purpose, limit))
    limits = CatalogLimits("台账记录的核查时限", {k: tuple(v) for k, v in items.items()})
    return DeadlineRule(NAME, limits.starts(), END, Limit(catalog=limits), SOURCE)


def relabel(summary: Summary, ledger: Ledger, department: str | None = None) -> Summary:
    """The summary as the ledger's: its name instead of the temporary file's, and a note of
    the commitments never verified."""
    summary.file = ledger.shown
    summary.encoding = "台账"
    summary.line_numbers = False  # the temporary file's; the 办件编号 column names the case
    where, params = ("AND c.department = ?", (department,)) if department else ("", ())
    never = ledger.db.rows(
        "SELECT c.department, c.year, c.seq, c.platform_no, c.committed_on FROM cases c WHERE c.voided_on IS NULL"
        f" {where} AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'verified')"
        " ORDER BY c.committed_on, c.id",
        params,
    )
    if never:
        names = "、".join(
            f"{d} {f'{y}-{s}' if s is not None else p}" for d, y, s, p, _ in never[:UNVERIFIED_SHOWN]
        )
        more = f"等 {len(never)} 件" if len(never) > UNVERIFIED_SHOWN else f"共 {len(never)} 件"
        summary.warnings.append(
            f"从未记录核查结果的承诺：{names}（{more}；gaozhi ledger show 案件 可查看经过）"
        )
    return summary
