"""Benchmark: ``gaozhi deadlines report`` against the loop a user would write, same file, same run.

    python benchmarks/bench_deadlines.py                      # 1,000,000 rows
    python benchmarks/bench_deadlines.py --rows 200000 --timestamps

Generates N synthetic case-log rows (GB18030, dates in mixed forms, some with a time part;
``--timestamps`` gives every date a time, the worst case for caching), then times, best of
``--repeat`` runs, the command end to end in a subprocess (interpreter start included):
the terminal report and the CSV of every row (both on two processes). Peak memory is the
resident size of the command and its worker process together, sampled every 20 ms.

It also times ``-f xlsx`` (the Excel report of every row, streamed) and the terminal report
read from the same rows saved as .xlsx (compared with the CSV), and, when pandas and numpy are
installed (``pip install '.[bench]'``), a second, fair baseline: a competent pandas/numpy
version (dates normalised and parsed by column, a precomputed working-day array and
``searchsorted``), timed in-process on the whole file.

The naive baseline is ``csv.DictReader`` + ``chinese_calendar.find_workday`` per row. At
0.1–0.3 ms a row it would take minutes on a million rows, so it runs on a prefix
(``--baseline-rows``, best of ``--repeat`` runs too) and its rate is compared with ours; the
output says so. On that prefix the benchmark also checks that our deadlines under
--start-on-next-workday equal find_workday's.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

HEADER = ["办件编号", "部门", "事项名称", "申请方式", "收件日期", "告知承诺书送达日期"]
CHANNELS = {"窗口": 0, "当面": 0, "网上": 3, "网上申请": 3, "邮寄": 3, "电子邮件": 3, "传真": 3, "信函": 3}
AS_OF = "2026-11-29"


def generate(path: Path, rows: int, *, timestamps: bool, seed: int = 20251129) -> None:
    rnd = random.Random(seed)
    departments = [f"晋城市第{i + 1}局" for i in range(40)]
    channels = list(CHANNELS)
    first = date(2024, 1, 2).toordinal()
    span = date(2026, 10, 31).toordinal() - first

    def show(day: date) -> str:
        if timestamps:
            return f"{day} {rnd.randrange(8, 18):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
        form = rnd.random()
        if form < 0.6:
            return day.isoformat()
        if form < 0.8:
            return f"{day} {rnd.randrange(8, 18):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
        if form < 0.9:
            return f"{day.year}/{day.month}/{day.day}"
        return f"{day.year}年{day.month}月{day.day}日"

    with open(path, "w", encoding="gb18030", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(HEADER)
        for i in range(rows):
            start = date.fromordinal(first + rnd.randrange(span))
            r = rnd.random()
            end = "" if r < 0.08 else show(start + timedelta(days=rnd.randrange(0, 9)))
            start_text = "2025-02-30" if r > 0.995 else show(start)
            dept = departments[rnd.randrange(40)]
            out.writerow([f"JC{i:012d}", dept, "食品经营许可", channels[rnd.randrange(8)], start_text, end])


def run_command(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS of the process tree (MB, sampled), largest single process (MB)."""
    started = time.perf_counter()
    # An installed package has its bytecode compiled; let Python cache it here too.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return elapsed, peak[0] / 1024**2, usage.ru_maxrss / 1024


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * page
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += [child for child, parent in parents.items() if parent == current]
    return total


def best(args: list[str], repeat: int) -> tuple[float, float, float]:
    runs = [run_command(args) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


def naive(path: Path, limit: int) -> tuple[float, list[date | None]]:
    """What a user writes: DictReader and chinese_calendar.find_workday per row."""
    import chinese_calendar

    from gaozhi_cli.dates import parse_date

    deadlines: list[date | None] = []
    started = time.perf_counter()
    with open(path, encoding="gb18030", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i == limit:
                break
            start = parse_date(row["收件日期"])
            if start is None:
                deadlines.append(None)
                continue
            deadline = chinese_calendar.find_workday(CHANNELS[row["申请方式"]], start)
            end = parse_date(row["告知承诺书送达日期"])
            _ = "open" if end is None else "on_time" if end <= deadline else "late"
            deadlines.append(deadline)
    return time.perf_counter() - started, deadlines


def agreement(path: Path, expected: list[date | None]) -> tuple[int, int]:
    """Rows of the prefix where our deadline (start on next workday) equals find_workday's."""
    from gaozhi_cli.calendar import default_calendar
    from gaozhi_cli.deadlines import DeadlineReport, Options, load_rules

    options = Options(as_of=date.fromisoformat(AS_OF), start_on_next_workday=True)
    report = DeadlineReport(path, load_rules(), default_calendar(), options)
    same = compared = 0
    for row, theirs in zip(report.results(), expected, strict=False):
        if theirs is not None:
            compared += 1
            same += row.deadline == theirs
    return same, compared


def as_xlsx(source: Path, target: Path) -> None:
    """The same rows as an .xlsx export: dates as Excel dates, a title line above the header."""
    from gaozhi_cli.dates import parse_date
    from gaozhi_cli.formats.xlsxstream import Book

    with open(source, encoding="gb18030", newline="") as f, open(target, "wb") as raw:
        book = Book(raw)
        date_style = book.styles(number="yyyy-mm-dd")
        sheet = book.sheet("办件")
        sheet.row(["办件导出（模拟）"])
        rows = csv.reader(f)
        sheet.row(next(rows))
        styles = [0, 0, 0, 0, date_style, date_style]
        for row in rows:
            sheet.row([*row[:4], *(parse_date(c) or c for c in row[4:])], styles)
        sheet.close()
        book.close()


def pandas_baseline(path: Path) -> tuple[float, int] | None:
    """The terminal report's counts by a competent pandas/numpy program; None without pandas."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        return None
    from gaozhi_cli.calendar import default_calendar

    started = time.perf_counter()
    cal = default_calendar()
    first, last = date(2023, 12, 1), date(2026, 12, 31)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    work = np.array([d for d in days if cal.is_workday(d)], dtype="datetime64[D]")
    frame = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False)

    def parse(column: pd.Series) -> np.ndarray:
        text = column.str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False).str[:10]
        return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").to_numpy().astype("datetime64[D]")

    start, end = parse(frame["收件日期"]), parse(frame["告知承诺书送达日期"])
    limit = frame["申请方式"].map(CHANNELS).to_numpy()
    valid = ~np.isnat(start)
    index = np.searchsorted(work, start[valid], side="right") + limit[valid] - 1
    deadline = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[D]")
    deadline[valid] = work[np.minimum(index, len(work) - 1)]
    done = ~np.isnat(end)
    on_time = int((done & valid & (end <= deadline)).sum())
    as_of = np.datetime64(AS_OF)
    late = int((done & valid & (end > deadline)).sum())
    overdue = int((~done & valid & (deadline < as_of)).sum())
    frame.assign(on_time=on_time).groupby("部门").size()  # the per-department table
    return time.perf_counter() - started, on_time + late + overdue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--timestamps", action="store_true", help="every date with a time part")
    parser.add_argument("--keep", type=Path, help="keep the generated file here")
    ns = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gaozhi-bench-"))
    path = ns.keep or workdir / "cases.csv"
    t = time.perf_counter()
    generate(path, ns.rows, timestamps=ns.timestamps)
    size = path.stat().st_size / 1024**2
    print(f"generated {ns.rows:,} rows, {size:.1f} MB GB18030 in {time.perf_counter() - t:.1f} s ({path})")
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    command = [sys.executable, "-m", "gaozhi_cli", "deadlines", "report", str(path), "--as-of", AS_OF]
    text_time, text_peak, text_max = best([*command, "-o", str(workdir / "out.txt"), "--force"], ns.repeat)
    csv_args = [*command, "-f", "csv", "-o", str(workdir / "out.csv"), "--force"]
    csv_time, csv_peak, csv_max = best(csv_args, ns.repeat)

    xlsx_time, xlsx_peak, _ = best([*command, "-o", str(workdir / "out.xlsx"), "--force"], 1)
    export_xlsx = workdir / "cases.xlsx"
    t = time.perf_counter()
    as_xlsx(path, export_xlsx)
    print(
        f"same rows as .xlsx: {export_xlsx.stat().st_size / 1024**2:.1f} MB in {time.perf_counter() - t:.1f} s"
    )
    xlsx_args = [
        sys.executable,
        "-m",
        "gaozhi_cli",
        "deadlines",
        "report",
        str(export_xlsx),
        "--as-of",
        AS_OF,
    ]
    read_time, read_peak, _ = best([*xlsx_args, "-o", str(workdir / "in.txt"), "--force"], 1)
    fair = pandas_baseline(path)

    prefix = min(ns.baseline_rows, ns.rows)
    naive_runs = [naive(path, prefix) for _ in range(ns.repeat)]
    base_time, base_deadlines = min(naive_runs, key=lambda run: run[0])
    base_rate = prefix / base_time
    same, compared = agreement(path, base_deadlines)

    text_rate, csv_rate = ns.rows / text_time, ns.rows / csv_time
    print()
    print(f"{'':34}{'seconds':>9}{'rows/s':>12}{'peak MB':>9}{'x naive':>9}")
    print(
        f"{'gaozhi report (terminal, 2 procs)':34}{text_time:9.2f}{text_rate:12,.0f}{text_peak:9.0f}{text_rate / base_rate:9.0f}"
    )
    print(
        f"{'gaozhi report -f csv (every row)':34}{csv_time:9.2f}{csv_rate:12,.0f}{csv_peak:9.0f}{csv_rate / base_rate:9.0f}"
    )
    print(
        f"{'naive find_workday, first ' + format(prefix, ',') + ' rows':34}{base_time:9.2f}{base_rate:12,.0f}"
    )
    print(f"  (naive on all {ns.rows:,} rows would take ≈ {ns.rows / base_rate:,.0f} s at that rate)")
    print(
        f"{'gaozhi report -f xlsx (every row)':34}{xlsx_time:9.2f}{ns.rows / xlsx_time:12,.0f}{xlsx_peak:9.0f}"
    )
    print(
        f"{'gaozhi report, .xlsx export in':34}{read_time:9.2f}{ns.rows / read_time:12,.0f}{read_peak:9.0f}"
    )
    print(f"  reading the .xlsx takes {read_time / text_time:.1f}× the time of the same rows as CSV")
    if fair is None:
        print("  pandas/numpy baseline skipped: pip install '.[bench]'")
    else:
        print(f"{'pandas/numpy baseline (in-process)':34}{fair[0]:9.2f}{ns.rows / fair[0]:12,.0f}")
        print(f"  gaozhi (end to end, interpreter start included) takes {text_time / fair[0]:.2f}× its time")
    print(f"  largest single process: {text_max:.0f} MB (terminal), {csv_max:.0f} MB (csv)")
    print(f"  deadlines equal to find_workday (--start-on-next-workday) on the prefix: {same:,}/{compared:,}")
    print()
    if ns.rows >= 1_000_000:
        print(
            "targets: 1M rows < 5 s: {}; peak < 200 MB: {}; ≥ 50× naive: {}".format(
                "met" if text_time < 5 else "NOT met",
                "met" if max(text_peak, csv_peak) < 200 else "NOT met",
                "met" if text_rate / base_rate >= 50 else "NOT met",
            )
        )
        print(f"xlsx of every row < 60 s: {'met' if xlsx_time < 60 else 'NOT met'} (peak {xlsx_peak:.0f} MB)")
    else:
        print("targets are for 1,000,000 rows: run without --rows to check them")
    if not ns.keep:
        for p in workdir.iterdir():
            p.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
