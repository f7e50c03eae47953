"""The deadline report from the ledger (``deadlines report --ledger``).

The ledger is written out as the case-log export it stands for (ledger.table, the columns of
the deadline report's contract) and read by the same report as a platform's export: every
rule, status and format is the one a CSV export gets, row for row. The verification rule
takes each case's 核查时限 as it was recorded with the commitment (the catalogue of that
day), unless ``--catalog`` names catalogues to use instead.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

from gaozhi_cli.catalog.model import normalise
from gaozhi_cli.catalog.timelimit import Period, parse_time_limit
from gaozhi_cli.deadlines.rules import DeadlineRule, Limit
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.deadlines.verification import END, NAME, SOURCE, CatalogLimits, Entry
from gaozhi_cli.ledger import table
from gaozhi_cli.ledger.db import Database, Dialect, reopen
from gaozhi_cli.ledger.store import Ledger
from gaozhi_cli.workers import start_context

UNVERIFIED_SHOWN = 20  # commitments never verified named in the report's note
PARALLEL_FROM = 20_000  # cases: fewer are written out faster than a second process starts


@contextmanager
def ledger_export(
    ledger: Ledger,
    department: str | None = None,
    year: int | None = None,
    until: date | None = None,
    *,
    jobs: int = 2,
) -> Iterator[Path]:
    """The ledger (or the part ``table.rows`` selects) as a CSV export in a private temporary
    file, removed afterwards. Plain CSV, not the Excel-safe kind: only the report reads it,
    and a cell must come back as the ledger holds it (no apostrophe before an "="). A large
    ledger is written in two halves by case, the second by another process on a connection
    of its own, then joined in case order."""
    selection = (department, year, until)
    where, params = table.case_filter(*selection)
    count, last = ledger.db.one(
        f"SELECT count(*), max(c.id) FROM cases c WHERE {' AND '.join(where)}", params
    ) or (0, 0)
    middle = None
    if jobs > 1 and count >= PARALLEL_FROM:
        middle = ledger.db.scalar(
            f"SELECT c.id FROM cases c WHERE {' AND '.join(where)} ORDER BY c.id LIMIT 1 OFFSET ?",
            [*params, count // 2],
        )
    paths: list[Path] = []
    try:
        with ExitStack() as stack:
            later = None
            if middle is not None:
                pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=start_context()))
                later = pool.submit(
                    _write_part, ledger.db.source, ledger.db.dialect, selection, (middle, last)
                )
            paths.append(
                _write(ledger.db, selection, (-1, middle) if middle is not None else None, header=True)
            )
            if later is not None:
                paths.append(Path(later.result()))
        if len(paths) > 1:
            with open(paths[0], "ab") as first, open(paths[1], "rb") as second:
                shutil.copyfileobj(second, first, 1 << 20)
        yield paths[0]
    finally:
        for path in paths:
            path.unlink(missing_ok=True)


def _write(
    db: Database,
    selection: tuple[str | None, int | None, date | None],
    ids: tuple[int, int] | None,
    *,
    header: bool,
) -> Path:
    """The rows of the cases selected (with an id in ``ids``) in a new private file."""
    fd, name = tempfile.mkstemp(prefix="gaozhi-ledger-", suffix=".csv")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            if header:
                writer.writerow(table.COLUMNS)
            writer.writerows(table.rows(db, *selection, ids=ids))
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _write_part(
    source: str, dialect: Dialect, selection: tuple[str | None, int | None, date | None], ids: tuple[int, int]
) -> str:
    """In a worker process: the second half, read on a connection of its own."""
    db = reopen(dialect, source)
    try:
        return str(_write(db, selection, ids, header=False))
    finally:
        db.close()


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
