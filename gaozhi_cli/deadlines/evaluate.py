"""Judge every record of an export under every rule that applies to the file.

``results()`` streams a row object per record and rule; ``tally()`` only counts, a batch of
records at a time with C-level loops (map, zip, Counter), and makes row objects just for the
findings it keeps for listing. Both fill ``summary``; memory stays flat however long the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, compress, repeat
from operator import gt, is_, is_not, itemgetter, lt
from pathlib import Path
from typing import Any

from gaozhi_cli.calendar import WorkCalendar
from gaozhi_cli.deadlines.bind import CACHE_MAX, BoundRule, bind
from gaozhi_cli.deadlines.casestatus import CaseStatuses, Standing
from gaozhi_cli.deadlines.columns import (
    ALIASES,
    CASE_ID,
    CASE_STATUS,
    DEPARTMENT,
    doubled_headers,
    find_column,
    header_names,
)
from gaozhi_cli.deadlines.exports import Records, open_export
from gaozhi_cli.deadlines.judge import Judge, invalid
from gaozhi_cli.deadlines.model import FINDINGS, NOT_APPLICABLE, Options, RowBatch, RowResult, Status, Verdict
from gaozhi_cli.deadlines.reader import Span
from gaozhi_cli.deadlines.rules import DeadlineRule
from gaozhi_cli.deadlines.sheet import SheetExport
from gaozhi_cli.deadlines.summary import Summary, urgency
from gaozhi_cli.errors import UsageError
from gaozhi_cli.identity import SHORTEST_ID, mask_ids_in_text

PROGRESS_EVERY = 8  # batches (of 2048 records) between progress callbacks


class DeadlineReport:
    """Open ``path`` and bind the rules to its header. Raises UsageError when no rule applies
    or an applicable rule misses a column it needs."""

    def __init__(
        self,
        path: Path | Records,
        rules: list[DeadlineRule],
        calendar: WorkCalendar,
        options: Options,
        columns: Mapping[str, tuple[str, ...]] | None = None,
        *,
        span: Span | None = None,
    ) -> None:
        mapping = columns or {}
        known = header_names(
            {c for r in rules for c in r.columns} | {CASE_ID, DEPARTMENT, CASE_STATUS}, mapping
        )
        self.export = open_export(path, span, frozenset(known), options.sheet)
        try:
            self._bound = bind(self.export, rules, columns or {})
        except UsageError:
            self.export.close()
            raise
        self.options = options
        applied = [b.rule for b in self._bound]
        self.summary = Summary(self.export.shown, self.export.encoding_label, options, applied)
        self._judge = Judge(calendar, options, self.summary.missing_years)
        self._case_id = find_column(self.export.header, CASE_ID, mapping)
        self._department = find_column(self.export.header, DEPARTMENT, mapping)
        self._departments: dict[str, str] = {}  # cell text -> as reported
        status = find_column(self.export.header, CASE_STATUS, mapping)
        # None: an export without a status column pays nothing per record for it
        self._statuses = None if status is None else CaseStatuses(status)
        read = [i for b in self._bound for i in b.read()]
        self.summary.warnings += doubled_headers(
            self.export.header, [*read, self._case_id, self._department, status]
        )
        if self._case_id is None:
            self.summary.case_column = None
            names = "、".join(mapping.get(CASE_ID, ()) + ALIASES[CASE_ID])
            seen = "、".join(h for h in self.export.header if h) or "（空）"
            self.summary.warnings.append(
                f"没有找到办件编号列（认得的列名：{names}），以行号代替办件编号。表头为：{seen}。"
                "办件编号列另有名称时，请在列名映射文件（--columns）中写“办件编号: 列名”"
            )

    def results(self, progress: Callable[[int], None] | None = None) -> Iterator[RowResult]:
        """Every judgement, in file order; ``progress`` gets the bytes read now and then."""
        for batch in self.batches(progress):
            yield from batch.rows()

    def batches(self, progress: Callable[[int], None] | None = None) -> Iterator[RowBatch]:
        """Every judgement, in file order, a batch of records at a time: well-formed records
        are judged as ``tally()`` does, a batch with a broken record one record at a time."""
        try:
            for index, (lines, rows, problems) in enumerate(self.export.batches()):
                self._report(progress, index)
                lines, rows, problems, standings = self._leave_out(lines, rows, problems)
                if problems:
                    yield RowBatch.of(list(self._rows(lines, rows, problems, standings, every_row=True)))
                else:
                    yield self._batch(lines, rows, *self._tally(lines, rows, standings))
            self._report(progress, None)
        finally:
            self._done()

    def _done(self) -> None:
        self.export.close()
        self.summary.trim()
        if isinstance(self.export, SheetExport):
            self.summary.warnings += self.export.long_numbers.warnings()

    def _batch(
        self, lines: Sequence[int], rows: list[list[str]], every: list[list[Any]], blanks: list[int]
    ) -> RowBatch:
        """The judged rows of a batch of records, from their verdicts under each rule: record
        by record, then rule by rule, leaving out the records blank under a rule (``blanks``
        of them)."""
        if len(every) == 1 and not blanks[0]:  # the usual batch: every record judged, in order
            return RowBatch(
                [self._bound[0].name] * len(rows),
                self._cases(rows),
                self._departments_of(rows),
                lines,
                every[0],
            )
        judged = [
            list(compress(range(len(v)), map(is_not, map(itemgetter(3), v), repeat(None)))) for v in every
        ]
        if len(every) == 1:
            (order,) = judged
            names = [self._bound[0].name] * len(order)
            verdicts = list(map(every[0].__getitem__, order))
        else:
            pairs = sorted(chain.from_iterable(zip(o, repeat(k)) for k, o in enumerate(judged)))
            order = list(map(itemgetter(0), pairs))
            names = [self._bound[k].name for _, k in pairs]
            verdicts = [every[k][i] for i, k in pairs]
        picked = rows if len(every) == 1 and len(order) == len(rows) else list(map(rows.__getitem__, order))
        return RowBatch(
            names,
            self._cases(picked),
            self._departments_of(picked),
            list(map(lines.__getitem__, order)),
            verdicts,
        )

    def _cases(self, rows: list[list[str]]) -> list[str]:
        if self._case_id is None:
            return [""] * len(rows)
        cases = list(map(str.strip, map(itemgetter(self._case_id), rows)))
        if max(map(len, cases), default=0) >= SHORTEST_ID:  # long enough to hold an ID number
            cases = [mask_ids_in_text(c) if len(c) >= SHORTEST_ID else c for c in cases]
        return cases

    def _departments_of(self, rows: list[list[str]]) -> list[str]:
        if self._department is None:
            return [""] * len(rows)
        cells = list(map(itemgetter(self._department), rows))
        found: list[Any] = list(map(self._departments.get, cells))  # counting has seen them all
        return found if None not in found else list(map(self._clean_department, cells))

    def tally(self, progress: Callable[[int], None] | None = None) -> Summary:
        """Read the whole file for the summary alone."""
        try:
            for index, (lines, rows, problems) in enumerate(self.export.batches()):
                self._report(progress, index)
                lines, rows, problems, standings = self._leave_out(lines, rows, problems)
                if problems:  # a batch with a broken record goes one record at a time
                    for _ in self._rows(lines, rows, problems, standings, every_row=False):
                        pass
                else:
                    self._tally(lines, rows, standings)
            self._report(progress, None)
        finally:
            self._done()
        return self.summary

    def _leave_out(
        self, lines: Sequence[int], rows: list[list[str]], problems: dict[int, str]
    ) -> tuple[Sequence[int], list[list[str]], dict[int, str], list[Standing] | None]:
        """The batch without its withdrawn and not-accepted cases (counted as records read and
        in ``summary.withdrawn``), and the standing of each record kept; None without a status
        column. A broken record stays: its status cell may not be the status."""
        if self._statuses is None:
            return lines, rows, problems, None
        standings = self._statuses.of(rows)
        if Standing.WITHDRAWN not in standings:
            return lines, rows, problems, standings
        kept = [i for i, s in enumerate(standings) if s is not Standing.WITHDRAWN or i in problems]
        self.summary.records += len(rows) - len(kept)
        self.summary.withdrawn += len(rows) - len(kept)
        moved = {new: problems[old] for new, old in enumerate(kept) if old in problems}
        return (
            list(map(lines.__getitem__, kept)),
            list(map(rows.__getitem__, kept)),
            moved,
            list(map(standings.__getitem__, kept)),
        )

    def _report(self, progress: Callable[[int], None] | None, batch: int | None) -> None:
        if progress is not None and (batch is None or batch % PROGRESS_EVERY == 0):
            progress(self.export.end if batch is None else self.export.position)

    def _rows(
        self,
        lines: Sequence[int],
        rows: list[list[str]],
        problems: dict[int, str],
        standings: list[Standing] | None,
        *,
        every_row: bool,
    ) -> Iterator[RowResult]:
        """One record at a time: a row for each judgement when ``every_row``, else only for the
        findings still to be kept."""
        summary, judge, counts = self.summary, self._judge, self.summary.counts
        summary.records += len(rows)
        verdicts: list[Verdict] = []  # of the batch, for the December count as _tally() makes it
        for i, fields in enumerate(rows):
            department = self._department_of(fields)
            problem = problems.get(i)
            done = problem is None and standings is not None and standings[i] is Standing.DONE
            judged = False
            for bound in self._bound:
                if problem is None:
                    verdict = judge(bound, fields)
                    if done:
                        verdict = self._settled(bound, verdict, fields)
                else:  # a record that cannot be read right is invalid where it has cells
                    verdict = invalid(problem) if bound.has_cells(fields) else NOT_APPLICABLE
                if verdict is NOT_APPLICABLE:
                    if problem is None:
                        summary.blank[bound.name] += 1
                    continue
                judged = True
                verdicts.append(verdict)
                counts[bound.name, department, verdict[3]] += 1
                if verdict[3] is Status.DUE_SOON and verdict[1] == self.options.as_of:
                    summary.today[bound.name, department] += 1
                if every_row or summary.wants(verdict[3]):
                    row = RowResult(bound.name, self._case(fields), department, lines[i], *verdict)
                    summary.keep(row)
                    yield row
            if problem is not None and not judged:  # broken and blank for every rule
                name = self._bound[0].name
                counts[name, department, Status.INVALID] += 1
                row = RowResult(name, self._case(fields), department, lines[i], *invalid(problem))
                summary.keep(row)
                yield row
        if judge.unsettled:
            summary.unsettled.update(judge.unsettled_in(verdicts))

    def _tally(
        self, lines: Sequence[int], rows: list[list[str]], standings: list[Standing] | None
    ) -> tuple[list[list[Any]], list[int]]:
        """Count a batch of well-formed records, rule by rule, in C-level loops; the verdicts,
        per rule, for ``results()``, and how many records are blank under each."""
        summary, judge = self.summary, self._judge
        done = [] if standings is None else positions(standings, Standing.DONE)
        summary.records += len(rows)
        # Counted by the department's raw text, then folded under its clean name: a batch
        # has a few dozen departments, and stripping and masking each cell would cost more.
        cells = (
            [""] * len(rows) if self._department is None else list(map(itemgetter(self._department), rows))
        )
        found, every, blanks = [], [], []
        for order, b in enumerate(self._bound):
            if len(b.starts) == 1 and b.vectorised:
                verdicts = self._column_verdicts(b, rows)
            else:  # a start column or period of each record's own (the catalogue's 核查时限)
                verdicts = list(map(judge, repeat(b), rows))
            for i in done:
                verdicts[i] = self._settled(b, verdicts[i], rows[i])
            every.append(verdicts)
            if judge.unsettled:  # some deadline so far ran through a December still open to change
                summary.unsettled.update(judge.unsettled_in(verdicts))
            statuses = list(map(itemgetter(3), verdicts))  # None for records blank here
            batch = Counter(zip(cells, statuses, strict=True))
            totals: Counter[Status | None] = Counter()
            for (cell, status), n in batch.items():
                summary.counts[b.name, self._clean_department(cell), status] += n
                totals[status] += n
            blanks.append(totals[None])
            if Status.DUE_SOON in totals:
                as_of = self.options.as_of
                for i in positions(statuses, Status.DUE_SOON, totals[Status.DUE_SOON]):
                    if verdicts[i][1] == as_of:
                        summary.today[b.name, self._clean_department(cells[i])] += 1
            worst: list[int] = []  # the most working days late, once asked for
            for status in FINDINGS:
                if status in totals and summary.wants(status):
                    candidates = self._candidates(status, statuses, verdicts, lines, worst, totals[status])
                    found += [(lines[i], order, i) for i in candidates]
        for line, order, i in sorted(found):  # file order, then rule order, as results() gives
            b = self._bound[order]
            verdict = every[order][i]  # as counted: a done case's verdict is settled above
            department = self._department_of(rows[i])
            summary.keep(RowResult(b.name, self._case(rows[i]), department, line, *verdict))
        summary.fold_blanks()
        return every, blanks

    def _settled(self, b: BoundRule, verdict: Verdict, fields: list[str]) -> Verdict:
        assert self._statuses is not None  # called for a done case only
        return self._statuses.settled(verdict, b.rule.end, fields)

    def _column_verdicts(self, b: BoundRule, rows: list[list[str]]) -> list[Any]:
        """The verdicts of a rule with one start column and a fixed or per-cell period, looked
        up column by column; those not cached yet are judged one by one."""
        dates = self._judge.dates.column
        (start, start_name), end = b.starts[0], b.end
        limits = (
            repeat(b.days) if b.days is not None else map(b.limits.get, map(itemgetter(b.limit_column), rows))
        )
        keys = zip(
            dates(list(map(itemgetter(start), rows))),
            dates(list(map(itemgetter(end), rows))),
            limits,
            repeat(start_name),
        )
        verdicts: list[Any] = list(map(b.verdicts.get, keys))  # None: not judged yet
        for i in positions(verdicts, None):
            verdicts[i] = self._judge(b, rows[i])
        return verdicts

    def _candidates(
        self,
        status: Status,
        statuses: list[Any],
        verdicts: list[Any],
        lines: Sequence[int],
        worst: list[int],
        count: int,
    ) -> Iterable[int]:
        """The ``count`` records of a batch with ``status`` that could still be listed, found
        in C-level loops: once a list is full only rows more urgent than its last one are (rows
        later in the file never beat an equal one: ties go by line). A batch whose largest
        late-by count (``worst``, found on the first call that needs it) is no later than a full
        list's last row has none."""
        cutoff = self.summary.cutoff(status)
        if cutoff is not None and status in (Status.INVALID, Status.NO_CALENDAR):
            return ()  # ordered by line: the kept ones come first
        if cutoff is not None and status in (Status.LATE, Status.OVERDUE):
            if not worst:
                worst.append(max(filter(None, map(itemgetter(4), verdicts)), default=0))
            if worst[0] <= -cutoff[0]:
                return ()
        indices = positions(statuses, status, count)
        if cutoff is None or not indices:
            return indices
        field, bound = (1, cutoff[0]) if status is Status.DUE_SOON else (4, -cutoff[0])
        keys = list(map(itemgetter(field), map(verdicts.__getitem__, indices)))
        if None in keys:  # no late-by count (a missing calendar year): compare one by one
            return [i for i in indices if urgency(status, verdicts[i][4], verdicts[i][1], lines[i]) < cutoff]
        beats = map(lt, keys, repeat(bound)) if status is Status.DUE_SOON else map(gt, keys, repeat(bound))
        return list(compress(indices, beats))

    def _clean_department(self, cell: str) -> str:
        """A department cell as reported: stripped, ID numbers masked (cached per text)."""
        clean = self._departments.get(cell)
        if clean is None:
            clean = cell.strip()
            clean = mask_ids_in_text(clean) if len(clean) >= SHORTEST_ID else clean
            if len(self._departments) < CACHE_MAX:
                self._departments[cell] = clean
        return clean

    def _department_of(self, fields: list[str]) -> str:
        return "" if self._department is None else self._clean_department(fields[self._department])

    def _case(self, fields: list[str]) -> str:
        case = "" if self._case_id is None else fields[self._case_id].strip()
        return mask_ids_in_text(case) if len(case) >= SHORTEST_ID else case


def positions(values: list[Any], value: object, count: int | None = None) -> list[int]:
    """The indices of ``value`` (None, a Status) in ``values``, ``count`` of them if known.
    ``list.index`` scans in C from one hit to the next: cheaper than a compress over the
    whole batch for a value a few rows have (an unparsable date, due soon); a value of a
    tenth of the batch or more goes the compress way."""
    if count is not None and count * 10 >= len(values):
        return list(compress(range(len(values)), map(is_, values, repeat(value))))
    found: list[int] = []
    i = -1
    try:
        while count is None or len(found) < count:
            i = values.index(value, i + 1)
            found.append(i)
    except ValueError:  # no more
        pass
    return found
