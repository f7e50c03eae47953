"""The deadline report from the ledger (``deadlines report --ledger``, ``ledger report``).

The ledger's cases are given to the report as the records of the case-log export they stand
for (ledger.table, the columns of the deadline report's contract), a batch at a time, with no
file between: every rule, status and format is the one a CSV export gets, row for row, and a
row's line is its line in ``ledger export``'s CSV. The verification rule takes each case's
核查时限 as it was recorded with the commitment (the catalogue of that day), unless
``--catalog`` names catalogues to use instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, islice

from gaozhi_cli.catalog.model import normalise
from gaozhi_cli.catalog.timelimit import Period, parse_time_limit
from gaozhi_cli.deadlines.columns import clean_header
from gaozhi_cli.deadlines.reader import Batch, Span
from gaozhi_cli.deadlines.rules import DeadlineRule, Limit
from gaozhi_cli.deadlines.summary import Summary
from gaozhi_cli.deadlines.verification import END, NAME, SOURCE, CatalogLimits, Entry
from gaozhi_cli.ledger import table
from gaozhi_cli.ledger.db import Database, Dialect, reopen
from gaozhi_cli.ledger.store import Ledger

UNVERIFIED_SHOWN = 20  # commitments never verified named in the report's note
PARALLEL_FROM = 20_000  # cases: fewer are judged faster than a second process starts
ENCODING = "台账"  # what the report says in place of a file's encoding
# The text columns a row takes from cases and from events: a line break in one makes the
# row's record span more than one line of the export.
_CASE_TEXT = ("department", "platform_no", "item_name", "item_purpose", "time_limit", "applicant_name")
_EVENT_TEXT = ("channel", "method", "result", "checker", "addressee")


@dataclass(frozen=True)
class LedgerCases:
    """The cases ``table.rows`` selects, as records for the deadline report
    (deadlines.exports.Records): split by case id into parts, each opened on a connection
    of its own, so a part can be judged in another process."""

    dialect: Dialect
    source: str
    shown: str
    department: str | None = None
    year: int | None = None
    until: date | None = None

    last: int = 0  # the highest case id: the progress of a report is counted in case ids

    @classmethod
    def of(
        cls, ledger: Ledger, department: str | None = None, year: int | None = None, until: date | None = None
    ) -> LedgerCases:
        last = int(ledger.db.scalar("SELECT max(id) FROM cases") or 0)
        return cls(ledger.db.dialect, ledger.db.source, ledger.shown, department, year, until, last)

    @property
    def size(self) -> int:
        return self.last

    @property
    def selection(self) -> tuple[str | None, int | None, date | None]:
        return self.department, self.year, self.until

    def split(self, parts: int) -> list[Span]:
        """The whole, or two halves by case id from PARALLEL_FROM cases on. A span runs from
        ``start`` (an id, not included) to ``end`` (included); the second half's first line
        (0 here) is counted by the process that reads it (``lines_before``)."""
        db = reopen(self.dialect, self.source)
        try:
            where, params = table.case_filter(*self.selection)
            count = db.scalar(f"SELECT count(*) FROM cases c WHERE {' AND '.join(where)}", params) or 0
            if parts < 2 or count < PARALLEL_FROM:
                return [Span(-1, self.last, 2)]
            # The second process first counts the lines before its half (a query, a few
            # per cent of the work): it is given a little less.
            middle = db.scalar(
                f"SELECT c.id FROM cases c WHERE {' AND '.join(where)} ORDER BY c.id LIMIT 1 OFFSET ?",
                [*params, count * 53 // 100],
            )
        finally:
            db.close()
        return [Span(-1, middle, 2), Span(middle, self.last, 0)]

    def open(self, span: Span | None = None) -> LedgerRecords:
        return LedgerRecords(self, span)


class LedgerRecords:
    """One part of the ledger's cases, open: the ``header`` and ``batches()`` of an export
    (deadlines.reader.Export), progress counted in case ids."""

    def __init__(self, cases: LedgerCases, span: Span | None) -> None:
        self.cases = cases
        self.shown = cases.shown
        self.encoding_label = ENCODING
        self.header = clean_header(table.COLUMNS)
        self._db = reopen(cases.dialect, cases.source)
        try:
            span = span or Span(-1, cases.last, 2)
            self._ids = (span.start, span.end)
            self._first = span.first_line or lines_before(self._db, cases.selection, span.start)
        except BaseException:
            self._db.close()
            raise
        self.size, self.end = cases.last, span.end
        self.position = max(0, span.start)

    def batches(self, size: int = table.BATCH) -> Iterator[Batch]:
        line = self._first
        for rows in table.batches(self._db, *self.cases.selection, ids=self._ids, size=size):
            lines = _lines(rows, line)
            line = lines[-1] + 1 + _breaks(rows[-1]) if isinstance(lines, list) else lines.stop
            self.position = min(self.end, self.position + len(rows))
            yield lines, rows, {}

    def close(self) -> None:
        self._db.close()


def _lines(rows: list[list[str]], first: int) -> range | list[int]:
    """The line each row starts on: one line a row, unless a cell holds a line break (as
    the report counts the lines of a CSV record, reader._first_lines)."""
    if "\n" not in "".join(map("".join, rows)):
        return range(first, first + len(rows))
    return list(accumulate((1 + _breaks(r) for r in islice(rows, len(rows) - 1)), initial=first))


def _breaks(row: list[str]) -> int:
    return sum(cell.count("\n") for cell in row)


def lines_before(db: Database, selection: tuple[str | None, int | None, date | None], case_id: int) -> int:
    """The line of ``ledger export``'s CSV the first case after ``case_id`` starts on: after
    the header, a line a row, where a case has a row per 协助请求 or 投诉, whichever are more
    (table._case_rows). When a text of those cases holds a line break, the rows are counted
    as written instead."""
    department, year, until = selection
    where, params = table.case_filter(department, year, until, (-1, case_id))
    cases = int(db.scalar(f"SELECT count(*) FROM cases c WHERE {' AND '.join(where)}", params) or 0)
    on, given = list(where), list(params)
    if until is not None:
        on, given = [*on, "e.on_date <= ?"], [*given, until.isoformat()]
    extra = db.scalar(
        "SELECT coalesce(sum(most - 1), 0) FROM (SELECT max(n) AS most FROM (SELECT e.case_id, count(*) AS n"
        " FROM events e JOIN cases c ON c.id = e.case_id"
        f" WHERE e.kind IN ('assist-sent', 'complaint') AND {' AND '.join(on)} GROUP BY e.case_id, e.kind)"
        " per_kind GROUP BY case_id) per_case",
        given,
    )
    if _broken(db, "cases c", _CASE_TEXT, where, params) or _broken(
        db, "events e", _EVENT_TEXT, ["e.case_id <= ?"], [case_id]
    ):
        return 2 + sum(1 + _breaks(row) for row in table.rows(db, department, year, until, (-1, case_id)))
    return 2 + cases + int(extra or 0)


def _broken(
    db: Database, source: str, columns: tuple[str, ...], where: list[str], params: list[object]
) -> bool:
    """Whether a text of the rows selected holds a line break."""
    alias = source.split()[1]
    broken = " OR ".join(f"{alias}.{c} LIKE ?" for c in columns)
    return bool(
        db.scalar(
            f"SELECT EXISTS (SELECT 1 FROM {source} WHERE {' AND '.join(where)} AND ({broken}))",
            [*params, *["%\n%"] * len(columns)],
        )
    )


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
