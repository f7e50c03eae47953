"""The baselines of bench_deadlines.py, each run in its own process so that its time includes
the interpreter's start and its peak memory is its own:

    python benchmarks/deadline_baselines.py floor  FILE                  # csv.reader, nothing else
    python benchmarks/deadline_baselines.py naive  FILE --as-of DAY      # DictReader + cached chinese_calendar
    python benchmarks/deadline_baselines.py pandas FILE --as-of DAY      # pandas + numpy, pyarrow reader
    python benchmarks/deadline_baselines.py arrow-lists FILE   # pyarrow.csv streamed, cells as Python lists
    python benchmarks/deadline_baselines.py arrow-dict  FILE   # pyarrow.csv streamed, columns dictionary-encoded

The two ``arrow`` floors measure the optional native reader the issue names: ``arrow-lists``
reads in record batches (memory flat) and hands every cell over as a Python string, which is
what gaozhi's judging takes today (the reader behind the same interface); ``arrow-dict``
dictionary-encodes the department, channel and date columns instead, the least a vectorised
path (distinct values judged once, numpy ``take``) would do before judging anything.

``naive`` and ``pandas`` compute the terminal report's content: counts per department and
status, and the 50 most urgent late, overdue and due-soon rows. With ``--rows-out`` they
also write every row's line, status code and deadline, which bench_deadlines.py compares
with gaozhi's ``-f csv`` output before it prints any time.

The file is a case log of the benchmark's shape: 申请方式 gives the limit (当面 0 working days,
网上 3 …), 收件日期 starts the period and 告知承诺书送达日期 ends it. Both baselines count the
way gaozhi does by default: the n-th working day after the day of receipt (n = 0: that day).
"""

from __future__ import annotations

import argparse
import csv
import heapq
import sys
from collections import Counter
from datetime import date, timedelta
from functools import cache
from pathlib import Path

LIMITS = {"当面": 0, "现场": 0, "窗口": 0, "信函": 3, "邮寄": 3, "电传": 3, "传真": 3, "电子数据交换": 3}
LIMITS |= {"电子邮件": 3, "网上": 3}
WARN_DAYS = 1
LISTED = 50
START, END, CHANNEL, DEPARTMENT = "收件日期", "告知承诺书送达日期", "申请方式", "部门"


def limit_of(channel: str) -> int:
    """The rules' lookup: the exact value, else the one key it contains (网上申请 → 网上)."""
    if channel in LIMITS:
        return LIMITS[channel]
    (found,) = {days for key, days in LIMITS.items() if key in channel}
    return found


def floor(path: Path) -> None:
    with open(path, encoding="gb18030", newline="") as f:
        n = sum(1 for _ in csv.reader(f))
    print(n)


def arrow(path: Path, *, lists: bool) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    read = pa_csv.ReadOptions(encoding="gb18030", block_size=1 << 22)
    convert = pa_csv.ConvertOptions(
        strings_can_be_null=False, column_types={START: pa.string(), END: pa.string()}
    )
    n = distinct = 0
    with pa_csv.open_csv(path, read_options=read, convert_options=convert) as reader:
        for batch in reader:
            n += batch.num_rows
            if lists:
                cells = [column.to_pylist() for column in batch.columns]
                distinct += len(cells)
                continue
            for name in (DEPARTMENT, CHANNEL, START, END):
                encoded = pc.dictionary_encode(batch.column(name))
                distinct += len(encoded.dictionary)
                encoded.indices.to_numpy()
    print(n, distinct)


# -- the naive loop, with chinese_calendar cached -------------------------------------------------


def naive(path: Path, as_of: date, rows_out: Path | None) -> None:
    """What a user writes: DictReader, a date parser, chinese_calendar with an lru_cache."""
    import chinese_calendar

    from gaozhi_cli.dates import parse_date

    is_workday = cache(chinese_calendar.is_workday)  # it checks its whole table on every call

    @cache
    def due(start: date, n: int) -> date:  # the n-th working day after start
        day = start
        while n:
            day += timedelta(days=1)
            n -= is_workday(day)
        return day

    @cache
    def workdays(after: date, through: date) -> int:  # in (after, through]
        return sum(is_workday(after + timedelta(days=k)) for k in range(1, (through - after).days + 1))

    counts: Counter[tuple[str, str]] = Counter()
    late: list[tuple[int, int]] = []
    overdue: list[tuple[int, int]] = []
    soon: list[tuple[date, int]] = []
    out: list[tuple[int, str, str]] | None = [] if rows_out else None
    with open(path, encoding="gb18030", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            start_text, end_text = row[START].strip(), row[END].strip()
            start, end = parse_date(start_text), parse_date(end_text)
            deadline = None
            if not start_text and not end_text:
                continue
            if not start or (end_text and not end) or (end and (end < start or end > as_of)):
                status = "invalid"
            else:
                deadline = due(start, limit_of(row[CHANNEL].strip()))
                if end and end <= deadline:
                    status = "on_time"
                elif end:
                    status = "late"
                    heapq.heappush(late, (workdays(deadline, end), -line))
                    if len(late) > LISTED:
                        heapq.heappop(late)
                elif as_of > deadline:
                    status = "overdue"
                    heapq.heappush(overdue, (workdays(deadline, as_of), -line))
                    if len(overdue) > LISTED:
                        heapq.heappop(overdue)
                elif workdays(as_of, deadline) <= WARN_DAYS:
                    status = "due_soon"
                    soon.append((deadline, line))
                else:
                    status = "open"
            counts[row[DEPARTMENT].strip(), status] += 1
            if out is not None:
                out.append((line, status, "" if deadline is None else deadline.isoformat()))
    report(counts, len(late) + len(overdue) + len(heapq.nsmallest(LISTED, soon)))
    if rows_out and out is not None:
        write_rows(rows_out, out)


# -- pandas + numpy ----------------------------------------------------------------------------


def pandas(path: Path, as_of: date, rows_out: Path | None) -> None:
    """A competent pandas/numpy version: the file read by pyarrow, dates normalised and parsed
    by column, a precomputed working-day array and ``searchsorted``."""
    import chinese_calendar
    import numpy as np
    import pandas as pd

    frame = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False, engine="pyarrow")
    work = np.array(
        chinese_calendar.get_workdays(date(2004, 1, 1), date(2026, 12, 31)), dtype="datetime64[D]"
    )

    def parse(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Each distinct text parsed once (a log repeats its dates), then spread by code."""
        codes, texts = pd.factorize(column)
        texts = pd.Series(texts).str.strip()
        parts = texts.str.extract(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})")
        parts.columns = ["year", "month", "day"]
        days = pd.to_datetime(parts, errors="coerce").to_numpy().astype("datetime64[D]")
        return days[codes], (texts == "").to_numpy()[codes]

    start, start_blank = parse(frame[START])
    end, end_blank = parse(frame[END])
    codes, channels = pd.factorize(frame[CHANNEL])
    limit = np.array([limit_of(c.strip()) for c in channels])[codes]
    valid = ~np.isnat(start)
    after = np.searchsorted(work, start, side="right")
    deadline = np.where(limit == 0, start, work[np.minimum(after + limit - 1, len(work) - 1)])
    deadline[~valid] = np.datetime64("NaT")
    day = np.datetime64(as_of, "D")
    done = ~np.isnat(end)
    invalid = ~valid | (~end_blank & ~done) | (done & ((end < start) | (end > day)))
    left = np.searchsorted(work, deadline, side="right") - np.searchsorted(work, day, side="right")
    status = np.select(
        [
            invalid,
            done & (end <= deadline),
            done,
            day > deadline,
            left <= WARN_DAYS,
        ],
        ["invalid", "on_time", "late", "overdue", "due_soon"],
        "open",
    )
    keep = ~(start_blank & end_blank)
    past = np.searchsorted(work, np.where(done, end, day), side="left")
    late_by = past - np.searchsorted(work, deadline, side="right") + 1
    result = pd.DataFrame(
        {
            "department": frame[DEPARTMENT].str.strip(),
            "status": status,
            "late_by": late_by,
            "deadline": deadline,
        }
    )[keep]
    result.insert(0, "line", np.arange(2, len(frame) + 2)[keep])
    counts = result.groupby(["department", "status"]).size()
    listed = sum(
        len(result[result.status == s].nlargest(LISTED, "late_by")) for s in ("late", "overdue")
    ) + len(result[result.status == "due_soon"].nsmallest(LISTED, "deadline"))
    report(Counter(dict(counts.items())), listed)
    if rows_out:
        days = result.deadline.dt.strftime("%Y-%m-%d").fillna("")
        write_rows(rows_out, zip(result.line, result.status, days, strict=True))


def report(counts: Counter[tuple[str, str]], listed: int) -> None:
    print(f"{sum(counts.values())} rows in {len({d for d, _ in counts})} departments, {listed} listed")


def write_rows(path: Path, rows: object) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=("floor", "naive", "pandas", "arrow-lists", "arrow-dict"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat)
    parser.add_argument("--rows-out", type=Path)
    ns = parser.parse_args()
    if ns.which == "floor":
        floor(ns.file)
    elif ns.which.startswith("arrow"):
        arrow(ns.file, lists=ns.which == "arrow-lists")
    else:
        (naive if ns.which == "naive" else pandas)(ns.file, ns.as_of, ns.rows_out)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
