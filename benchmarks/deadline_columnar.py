"""An experiment of bench_deadlines.py: the optional native reader the issue names, built as
far as a tally and measured beside gaozhi, not shipped.

    python benchmarks/deadline_columnar.py FILE --as-of DAY [-o SUMMARY.json]
    python benchmarks/deadline_columnar.py FILE --as-of DAY --check   # the same summary as gaozhi's?

It gives gaozhi's summary of a plain CSV export (no quote or NUL byte after the header, every
record one line of the header's width, every byte decodable; anything else raises Unsuitable)
with the work done column by column:

- pyarrow reads the bytes in record batches as they are, without decoding them to text (the
  delimiter, line-break and quote bytes never occur inside a GB18030 or UTF-8 character);
  each block is only checked to decode;
- a column's distinct cells are dictionary-encoded, and only those are decoded and looked up
  (cells.DateCells; ``2025-05-09 10:30:00`` cut to its date in pyarrow first);
- a record's verdict depends only on its start date, end date, limit and start column: packed
  into one integer, it is found by searchsorted in a table of the verdicts seen so far, and
  only new combinations go through gaozhi's Judge;
- counting is a bincount by department and status; the findings to list are the most urgent
  few of each batch, made into rows by Judge from their cells.

``--check`` compares the summary (counts, blanks, due today, every listed row) with gaozhi's
own tally of the same file, and bench_deadlines.py runs it before timing. On the benchmark's
files it is exact, but slower than gaozhi's pure-Python path on two processes, at about four
times its memory (the README gives the figures): which is why it is not shipped.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from gaozhi_cli.calendar import WorkCalendar
from gaozhi_cli.deadlines.bind import CACHE_MAX, BoundRule
from gaozhi_cli.deadlines.cells import BLANK
from gaozhi_cli.deadlines.evaluate import DeadlineReport, positions
from gaozhi_cli.deadlines.model import FINDINGS, Options, RowResult, Status
from gaozhi_cli.deadlines.reader import Export
from gaozhi_cli.deadlines.rules import DeadlineRule
from gaozhi_cli.deadlines.summary import Summary, urgency
from gaozhi_cli.files import GB18030, UTF8, UTF8_BOM

MIN_SIZE = 32 * 1024**2  # below this, importing pyarrow costs more than it saves
BLOCK = 1 << 20  # bytes per batch
LONGEST = 131072  # the csv module's field_size_limit: a longer cell is a problem there
STATUSES: list[Status | None] = [*Status, None]  # by code; None: blank under the rule
CODES = {s: k for k, s in enumerate(STATUSES)}
_LINE_END = re.compile(rb"\r\n|\r|\n")
_TIMESTAMP = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\z"  # RE2, over the bytes


class Unsuitable(Exception):
    """The file is not plain, or pyarrow is missing: read it the usual way."""


def tally(
    path: Path,
    rules: list[DeadlineRule],
    calendar: WorkCalendar,
    options: Options,
    columns: Mapping[str, tuple[str, ...]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """The summary of a plain CSV export; raises Unsuitable for any other file (and UsageError
    as DeadlineReport does)."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise Unsuitable("pyarrow is not installed") from None
    try:
        if path.stat().st_size < MIN_SIZE:
            raise Unsuitable("small file")
    except OSError:
        raise Unsuitable("cannot stat") from None
    report = DeadlineReport(path, rules, calendar, options, columns)
    try:
        export = report.export
        if not isinstance(export, Export) or export.encoding not in (UTF8, UTF8_BOM, GB18030):
            raise Unsuitable("not a CSV file in UTF-8 or GB18030")
        if any(type(b) is not BoundRule or len(b.starts) > 15 for b in report._bound):
            raise Unsuitable("a rule with a period of each record's own")
        _Pass(report, export).run(progress)
        return report.summary
    finally:
        report.export.close()


class _Plain:
    """The records' bytes as pyarrow asks for them, each block checked to be plain and to decode."""

    def __init__(self, raw: Any, encoding: str) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(UTF8 if encoding == UTF8_BOM else encoding)()
        self.position = raw.tell()
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        block: bytes = self._raw.read(size)
        if block.endswith(b"\r"):  # keep a CRLF in one block
            block += self._raw.read(1)
        self.position += len(block)
        if b'"' in block or b"\0" in block:
            raise Unsuitable("a quote or NUL byte")
        try:
            self._decoder.decode(block, final=not block)
        except UnicodeDecodeError:
            raise Unsuitable("bytes that do not decode") from None
        return block

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


class _Table:
    """The verdicts seen under one rule, by packed key: status code, deadline, days late."""

    def __init__(self, np: Any) -> None:
        self.np = np
        self.keys = np.empty(0, np.int64)
        self.status = np.empty(0, np.int8)
        self.deadline = np.empty(0, np.int64)
        self.late = np.empty(0, np.int64)

    def add(self, keys: Any, verdicts: list[Any]) -> None:
        np = self.np
        status = np.array([CODES[v[3]] for v in verdicts], np.int8)
        deadline = np.array([0 if v[1] is None else v[1].toordinal() for v in verdicts], np.int64)
        late = np.array([v[4] or 0 for v in verdicts], np.int64)
        at = np.searchsorted(self.keys, keys)  # both sorted: each new key's place
        self.keys = np.insert(self.keys, at, keys)
        self.status = np.insert(self.status, at, status)
        self.deadline = np.insert(self.deadline, at, deadline)
        self.late = np.insert(self.late, at, late)


class _Pass:
    """One pass over the file's records, batch by batch, filling the report's summary."""

    def __init__(self, report: DeadlineReport, export: Export) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        self.np, self.pa, self.pc = np, pa, pc
        self.report, self.export = report, export
        self.codec = UTF8 if export.encoding == UTF8_BOM else export.encoding
        self.width = len(export.header)
        self.tables = [_Table(np) for _ in report._bound]
        self.departments: dict[str, int] = {}  # as reported -> id
        self.department_names: list[str] = []
        self.limit_ids: list[dict[Any, int]] = [{} for _ in report._bound]
        self.date_keys: dict[str, int] = {}  # cell text -> date key (see _date_keys)
        self.cells: dict[int, tuple[Any, Any]] = {}  # column -> this batch's _texts
        self.first_line = export._skip + 2  # the header is on the line before
        self.row = 0  # records read so far

    def run(self, progress: Callable[[int], None] | None) -> None:
        import pyarrow.csv as pa_csv

        pa, export = self.pa, self.export
        names = [f"c{i}" for i in range(self.width)]
        with open(export.path, "rb") as raw:
            raw.seek(self._records_start(raw))
            source = _Plain(raw, export.encoding)
            read = pa_csv.ReadOptions(column_names=names, block_size=BLOCK, use_threads=False)
            parse = pa_csv.ParseOptions(
                delimiter=export.delimiter, quote_char=False, escape_char=False, ignore_empty_lines=False
            )
            convert = pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.binary()), strings_can_be_null=False, check_utf8=False
            )
            try:
                reader = pa_csv.open_csv(
                    source,
                    read_options=read,
                    parse_options=parse,
                    convert_options=convert,
                    memory_pool=pa.system_memory_pool(),  # gives memory back between batches
                )
                for batch in reader:
                    self._batch(batch)
                    if progress is not None:
                        progress(source.position)
            except pa.ArrowInvalid:  # a record of another width, a blank line, a cell too long
                raise Unsuitable("not one record per line of the header's width") from None
        self.report.summary.fold_blanks()
        self.report.summary.trim()
        if progress is not None:
            progress(export.end)

    def _records_start(self, raw: Any) -> int:
        """The byte after the header line (line ends as the csv module counts them)."""
        prefix = raw.read(65536)
        ends = list(_LINE_END.finditer(prefix))
        if len(ends) <= self.export._skip or ends[self.export._skip].end() == len(prefix):
            raise Unsuitable("no record after the header")
        return ends[self.export._skip].end()

    def _texts(self, batch: Any, index: int) -> tuple[Any, Any]:
        """A column's distinct cells (bytes, in pyarrow) and each record's index into them."""
        encoded = self.pc.dictionary_encode(batch.column(index))
        self.cells[index] = found = encoded.dictionary, encoded.indices.to_numpy()
        return found

    def _decoded(self, values: Any) -> list[str]:
        """Cells as text: one join, decode and split for them all (a cell holds no line break)."""
        cells = values.to_pylist()
        return b"\n".join(cells).decode(self.codec).split("\n") if cells else []

    def _batch(self, batch: Any) -> None:
        pc, report = self.pc, self.report
        n = batch.num_rows
        if n == 0:
            return
        for column in batch.columns:
            longest = pc.max(pc.binary_length(column)).as_py()
            if longest is not None and longest >= LONGEST:
                raise Unsuitable("a cell longer than the csv module reads")
        summary = report.summary
        summary.records += n
        self.cells = {}
        dates: dict[int, Any] = {}  # column -> each record's date key
        for b in report._bound:
            for index in (*(i for i, _ in b.starts), b.end):
                if index not in dates:
                    dates[index] = self._date_keys(batch, index)
        department = self._department_ids(batch, n)
        found: list[tuple[int, int, int]] = []  # (line, rule, record) of findings to list
        for order, b in enumerate(report._bound):
            status, deadline, late = self._verdicts(order, b, batch, dates)
            self._count(b, status, deadline, department)
            found += self._findings(order, status, deadline, late)
        for line, order, i in sorted(found):
            b = report._bound[order]
            fields = self._fields(batch, i)
            verdict = report._judge(b, fields)
            summary.keep(
                RowResult(b.name, report._case(fields), report._department_of(fields), line, *verdict)
            )
        self.row += n

    def _date_keys(self, batch: Any, index: int) -> Any:
        """Each record's date as an integer: 0 no date, 1 blank, else the ordinal + 1."""
        np, pc = self.np, self.pc
        values, indices = self._texts(batch, index)
        keys = np.zeros(len(values), np.int64)
        rest = np.ones(len(values), bool)  # the cells still to look up in Python
        stamped = pc.match_substring_regex(values, _TIMESTAMP)
        if pc.any(stamped).as_py():  # 2025-05-09 10:30:00 is the date 2025-05-09 (cells.DateCells)
            heads, where = self._texts_keys(pc.binary_slice(pc.filter(values, stamped), 0, 10))
            at = np.flatnonzero(stamped.to_numpy(zero_copy_only=False))
            keys[at] = heads[where]
            rest[at[keys[at] != 0]] = False  # a head that is no date: the whole cell is parsed
        if rest.all():
            found, where = self._texts_keys(values)
            return found[where][indices]
        if rest.any():
            at = np.flatnonzero(rest)
            found, where = self._texts_keys(values.take(at))
            keys[at] = found[where]
        return keys[indices]

    def _texts_keys(self, values: Any) -> tuple[Any, Any]:
        """The date keys of distinct cells, and each value's index into them."""
        encoded = self.pc.dictionary_encode(values)
        texts = self._decoded(encoded.dictionary)
        keys: list[Any] = list(map(self.date_keys.get, texts))
        if None in keys:
            misses = positions(keys, None)
            unseen = list(map(texts.__getitem__, misses))
            known = self.date_keys
            for k, text, day in zip(misses, unseen, self.report._judge.dates.column(unseen), strict=True):
                keys[k] = key = 0 if day is None else 1 if day is BLANK else day.toordinal() + 1
                if len(known) < CACHE_MAX:
                    known[text] = key
        return self.np.array(keys, self.np.int64), encoded.indices.to_numpy()

    def _department_ids(self, batch: Any, n: int) -> Any:
        np, report = self.np, self.report
        if report._department is None:
            return np.full(n, self._department_id(""), np.int64)
        values, indices = self._texts(batch, report._department)
        texts = self._decoded(values)
        ids = [self._department_id(report._clean_department(t)) for t in texts]
        return np.array(ids, np.int64)[indices]

    def _department_id(self, name: str) -> int:
        found = self.departments.get(name)
        if found is None:
            found = self.departments[name] = len(self.department_names)
            self.department_names.append(name)
        return found

    def _verdicts(self, order: int, b: BoundRule, batch: Any, dates: dict[int, Any]) -> tuple[Any, Any, Any]:
        """Each record's status code, deadline ordinal and days late under rule ``b``."""
        np = self.np
        (first, _), *others = b.starts
        start, used = dates[first], np.zeros(batch.num_rows, np.int64)
        for k, (index, _) in enumerate(others, start=1):  # the first start column not blank
            take = (start == 1) & (dates[index] != 1)
            start = np.where(take, dates[index], start)
            used = np.where(take, k, used)
        limit = np.zeros(batch.num_rows, np.int64) if b.days is not None else self._limit_ids(order, b, batch)
        packed = (((start << 22) | dates[b.end]) << 14 | limit) << 4 | used
        keys, first_of, inverse = np.unique(packed, return_index=True, return_inverse=True)
        table = self.tables[order]
        at = np.searchsorted(table.keys, keys)
        known = at < len(table.keys)
        known[known] = table.keys[at[known]] == keys[known]
        if not known.all():
            new = np.flatnonzero(~known)
            judge = self.report._judge
            verdicts = [judge(b, fields) for fields in self._records(batch, b, first_of[new])]
            table.add(keys[new], verdicts)
            at = np.searchsorted(table.keys, keys)
        rows = at[inverse.reshape(-1)]
        return table.status[rows], table.deadline[rows], table.late[rows]

    def _limit_ids(self, order: int, b: BoundRule, batch: Any) -> Any:
        assert b.limit_column is not None
        values, indices = self._texts(batch, b.limit_column)
        texts = self._decoded(values)
        ids = self.limit_ids[order]
        fields = [""] * self.width
        found = []
        for t in texts:
            fields[b.limit_column] = t
            found.append(ids.setdefault(b.limit(fields), len(ids)))
        if len(ids) >= 1 << 14:
            raise Unsuitable("too many distinct limits")
        return self.np.array(found, self.np.int64)[indices]

    def _count(self, b: BoundRule, status: Any, deadline: Any, department: Any) -> None:
        np, summary, names = self.np, self.report.summary, self.department_names
        counts = np.bincount(department * len(STATUSES) + status)
        for flat in np.flatnonzero(counts):
            d, s = divmod(int(flat), len(STATUSES))
            summary.counts[b.name, names[d], STATUSES[s]] += int(counts[flat])
        soon = (status == CODES[Status.DUE_SOON]) & (deadline == self.report.options.as_of.toordinal())
        if soon.any():
            today = np.bincount(department[soon])
            for d in np.flatnonzero(today):
                summary.today[b.name, names[d]] += int(today[d])

    def _findings(self, order: int, status: Any, deadline: Any, late: Any) -> list[tuple[int, int, int]]:
        """The records of each finding that could still be listed: at most ``limit`` of each,
        the most urgent of the batch, and only those more urgent than a full list's last row."""
        np, summary, limit = self.np, self.report.summary, self.report.options.limit
        found: list[tuple[int, int, int]] = []
        for s in FINDINGS:
            if not summary.wants(s):
                continue
            where = np.flatnonzero(status == CODES[s])
            if not len(where):
                continue
            cutoff = summary.cutoff(s)
            if s in (Status.LATE, Status.OVERDUE):
                where = where[np.lexsort((where, -late[where]))[:limit]]
            elif s is Status.DUE_SOON:
                where = where[np.lexsort((where, deadline[where]))[:limit]]
            elif cutoff is not None:
                continue  # listed by line: the kept ones come first
            else:
                where = where[:limit]
            for i in map(int, where):
                line = self.first_line + self.row + i
                day = date.fromordinal(int(deadline[i])) if deadline[i] else None
                if cutoff is None or urgency(s, int(late[i]), day, line) < cutoff:
                    found.append((line, order, i))
        return found

    def _fields(self, batch: Any, i: int) -> list[str]:
        """Record ``i`` of the batch as the csv module gives it."""
        return [batch.column(k)[i].as_py().decode(self.codec) for k in range(self.width)]

    def _records(self, batch: Any, b: BoundRule, rows: Any) -> list[list[str]]:
        """Records of the batch with only the cells rule ``b`` reads (the others empty):
        enough for Judge."""
        records = [[""] * self.width for _ in range(len(rows))]
        taken = self.pa.array(rows)
        for k in {*(i for i, _ in b.starts), b.end, *([b.limit_column] if b.days is None else [])}:
            assert k is not None
            for record, text in zip(records, self._decoded(batch.column(k).take(taken)), strict=True):
                record[k] = text
        return records


def main() -> None:
    from gaozhi_cli.calendar import load_calendar
    from gaozhi_cli.deadlines import load_rules
    from gaozhi_cli.deadlines import tally as gaozhi_tally
    from gaozhi_cli.deadlines.parallel import fewer_collections

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--check", action="store_true", help="compare with gaozhi's own tally")
    ns = parser.parse_args()
    rules, calendar, options = load_rules(), load_calendar([]), Options(as_of=ns.as_of)
    try:
        with fewer_collections():
            summary = tally(ns.file, rules, calendar, options)
    except Unsuitable as exc:
        sys.exit(f"{ns.file}: not read column by column ({exc}); gaozhi reads it the usual way")
    found = json.dumps(summary.to_json(), ensure_ascii=False, indent=1)
    if ns.output:
        ns.output.write_text(found, encoding="utf-8")
    if ns.check:
        theirs = gaozhi_tally(ns.file, rules, calendar, options)
        same = summary.to_json() == theirs.to_json() and all(
            summary.listed(s) == theirs.listed(s) for s in summary.findings
        )
        print(f"  columnar summary {'equal to' if same else 'DIFFERENT from'} gaozhi's on {ns.file.name}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
