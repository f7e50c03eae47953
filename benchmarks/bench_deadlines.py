"""Benchmark: ``gaozhi deadlines report`` against the programs a user would write instead,
on the same file, in the same run.

    pip install '.[bench]'                                  # pandas, numpy, pyarrow
    python benchmarks/bench_deadlines.py                     # 1,000,000 rows, 3 runs each
    python benchmarks/bench_deadlines.py --rows 10000000 --repeat 1 --no-plain   # flat memory

Generates a GB18030 case log (``generate``) and, before timing anything, checks that
gaozhi's status and deadline of every row (its ``-f csv``) equal those of each baseline.
Then it times, end to end in a fresh process each (interpreter start included), round by
round so the machine's load falls on all alike: gaozhi's terminal report, ``-f csv`` and
``-f json``; a competent pandas + numpy program (pyarrow reader, dates parsed once per
distinct text, a working-day array and ``searchsorted``); the naive loop with
chinese_calendar behind an lru_cache; a bare ``csv.reader`` pass, the floor; and two floors
of an optional native reader, pyarrow.csv streamed in record batches with the cells handed
over as Python lists or the columns dictionary-encoded (deadline_baselines.py); and that
reader built as far as a whole tally, column by column (deadline_columnar.py, an experiment,
checked first to give gaozhi's summary). Peak memory is the resident size of a process and
its workers, sampled every 20 ms. A second file, a plain export with four date forms and no times, is
timed against pandas and the floor too. It prints min/median/max, the load average, the
ratio to every baseline and whether each target of issue 14 is met.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

HEADER = ["办件编号", "部门", "事项名称", "申请方式", "收件日期", "告知承诺书送达日期"]
CHANNELS = ["窗口", "当面", "网上", "网上申请", "邮寄", "电子邮件", "传真", "信函"]
AS_OF = "2026-10-30"  # the day of the export: nothing is done after it


def generate(path: Path, rows: int, *, dates: str = "mixed", seed: int = 20251129) -> None:
    """A case log: 40 departments, 8 channels (0 or 3 working days), a start from 2024 to the
    export day, done 0–8 days later or still open (8 %, and every case not done by the export
    day), a start that is no real day now and then (0.5 %). ``dates``: ``mixed`` (ISO 60 %,
    with a time 20 %, 2025/5/9 10 %, 2025年5月9日 10 %), ``plain`` (2025-05-09, 2025/5/9,
    2025年5月9日, 20250509 in equal shares, no time), ``timestamps`` (every date with a time)."""
    rnd = random.Random(seed)
    departments = [f"晋城市第{i + 1}局" for i in range(40)]
    first = date(2024, 1, 2).toordinal()
    as_of = date.fromisoformat(AS_OF)
    span = as_of.toordinal() - first + 1

    def stamp(day: date) -> str:
        return f"{day} {rnd.randrange(8, 18):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"

    def show(day: date) -> str:
        if dates == "timestamps":
            return stamp(day)
        form = rnd.random()
        if dates == "plain":
            forms = (day.isoformat, lambda: f"{day.year}/{day.month}/{day.day}", lambda: format_cn(day))
            return (*forms, lambda: day.strftime("%Y%m%d"))[int(form * 4)]()
        if form < 0.6:
            return day.isoformat()
        if form < 0.8:
            return stamp(day)
        return f"{day.year}/{day.month}/{day.day}" if form < 0.9 else format_cn(day)

    with open(path, "w", encoding="gb18030", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(HEADER)
        for i in range(rows):
            start = date.fromordinal(first + rnd.randrange(span))
            r = rnd.random()
            done = start + timedelta(days=rnd.randrange(0, 9))
            end = "" if r < 0.08 or done > as_of else show(done)
            start_text = "2025-02-30" if r > 0.995 else show(start)
            dept = departments[rnd.randrange(40)]
            out.writerow([f"JC{i:012d}", dept, "食品经营许可", CHANNELS[rnd.randrange(8)], start_text, end])


def format_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


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
    """Resident bytes of ``pid`` and all its descendants, read from /proc along each task's
    ``children`` list: scanning every process of a busy machine 50 times a second would take
    the cores the measured command needs."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                todo += map(int, Path(f"/proc/{current}/task/{task}/children").read_text().split())
        except OSError:  # it has just ended
            continue
    return total


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


Run = tuple[float, float]  # wall seconds, peak MB of the process tree


class Timed:
    """One contender: its command, and the runs it has had."""

    def __init__(self, name: str, args: list[str]) -> None:
        self.name, self.args, self.runs = name, args, list[Run]()

    def run(self) -> None:
        wall, peak, _ = run_command(self.args)
        self.runs.append((wall, peak))

    @property
    def median(self) -> float:
        return statistics.median(w for w, _ in self.runs)

    @property
    def peak(self) -> float:
        return max(p for _, p in self.runs)

    def line(self, rows: int) -> str:
        walls = [w for w, _ in self.runs]
        return (
            f"{self.name:38}{min(walls):8.2f}{self.median:8.2f}{max(walls):8.2f}"
            f"{rows / self.median:12,.0f}{self.peak:9.0f}"
        )


def table(title: str, contenders: list[Timed], rows: int) -> None:
    print(f"\n{title}")
    print(f"{'':38}{'min s':>8}{'median':>8}{'max s':>8}{'rows/s':>12}{'peak MB':>9}")
    for c in contenders:
        print(c.line(rows))


def rounds(contenders: list[Timed], repeat: int) -> None:
    """Each contender once per round, in turn, so that the machine's load falls on all alike."""
    for _ in range(repeat):
        for c in contenders:
            c.run()
        print(f"  round done, load average {load()}", file=sys.stderr)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ratios(ours: Timed, others: list[Timed]) -> None:
    for other in others:
        print(
            f"  {ours.name} vs {other.name}: {other.median / ours.median:.2f}× as fast (medians), "
            f"{ours.peak / other.peak:.2f}× the memory"
        )


def gaozhi_rows(path: Path) -> dict[int, tuple[str, str]]:
    """Line → (status code, deadline) from ``-f csv``."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        line, status, deadline = (header.index(n) for n in ("行号", "状态代码", "截止日期"))
        return {int(r[line]): (r[status], r[deadline]) for r in rows}


def baseline_rows(path: Path) -> dict[int, tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return {int(line): (status, deadline) for line, status, deadline in csv.reader(f)}


def check(name: str, ours: dict[int, tuple[str, str]], theirs: dict[int, tuple[str, str]]) -> None:
    """Every row's status and deadline equal, or no time is printed."""
    wrong = [line for line in ours.keys() | theirs.keys() if ours.get(line) != theirs.get(line)]
    if wrong:
        shown = "; ".join(
            f"line {n}: gaozhi {ours.get(n)}, {name} {theirs.get(n)}" for n in sorted(wrong)[:5]
        )
        raise SystemExit(f"{name} disagrees with gaozhi on {len(wrong):,} rows ({shown}): no times printed")
    counts = Counter(status for status, _ in ours.values())
    print(f"  {name}: status and deadline equal on all {len(ours):,} rows ({dict(counts)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dates", choices=("mixed", "plain", "timestamps"), default="mixed")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain export with four date forms")
    parser.add_argument("--xlsx", action="store_true", help="also time -f xlsx and reading the rows as .xlsx")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    ns = parser.parse_args()
    try:
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise SystemExit("the pandas baseline needs the bench extra: pip install '.[bench]'") from None

    workdir = ns.keep or Path(tempfile.mkdtemp(prefix="gaozhi-bench-"))
    workdir.mkdir(exist_ok=True)
    print(f"{os.cpu_count()} CPUs, load average {load()}, Python {sys.version.split()[0]}")
    files = {"main": (workdir / "cases.csv", ns.dates)}
    if not ns.no_plain:
        files["plain"] = (workdir / "plain.csv", "plain")
    for path, dates in files.values():
        t = time.perf_counter()
        generate(path, ns.rows, dates=dates)
        size = path.stat().st_size / 1024**2
        print(
            f"generated {path.name}: {ns.rows:,} rows, dates {dates}, {size:.1f} MB GB18030 in {time.perf_counter() - t:.1f} s"
        )

    py, gaozhi = sys.executable, [sys.executable, "-m", "gaozhi_cli", "deadlines", "report"]
    base = [py, str(Path(__file__).with_name("deadline_baselines.py"))]
    columnar = [py, str(Path(__file__).with_name("deadline_columnar.py"))]

    def contenders(path: Path) -> dict[str, Timed]:
        out = workdir / path.stem
        report = [*gaozhi, str(path), "--as-of", AS_OF, "--force"]
        return {
            "text": Timed("gaozhi report (terminal, 2 procs)", [*report, "-o", f"{out}.txt"]),
            "csv": Timed("gaozhi report -f csv (every row)", [*report, "-o", f"{out}.out.csv"]),
            "json": Timed("gaozhi report -f json (every row)", [*report, "-o", f"{out}.json"]),
            "pandas": Timed("pandas + numpy, pyarrow reader", [*base, "pandas", str(path), "--as-of", AS_OF]),
            "naive": Timed(
                "naive loop, chinese_calendar cached", [*base, "naive", str(path), "--as-of", AS_OF]
            ),
            "floor": Timed("csv.reader pass (floor)", [*base, "floor", str(path)]),
            "arrow-lists": Timed("pyarrow streamed, cells as lists", [*base, "arrow-lists", str(path)]),
            "arrow-dict": Timed("pyarrow streamed, dictionary-encoded", [*base, "arrow-dict", str(path)]),
            "columnar": Timed(
                "columnar tally (pyarrow, experiment)",
                [*columnar, str(path), "--as-of", AS_OF, "-o", f"{out}.columnar.json"],
            ),
        }

    print("\nchecking every row against the baselines (before any time):")
    for path, _ in files.values():
        c = contenders(path)
        run_command(c["csv"].args)
        ours = gaozhi_rows(workdir / f"{path.stem}.out.csv")
        for name in ("pandas", "naive"):
            rows_out = workdir / f"{path.stem}.{name}.rows"
            run_command([*c[name].args, "--rows-out", str(rows_out)])
            check(f"{path.name} {name}", ours, baseline_rows(rows_out))
        subprocess.run([*c["columnar"].args, "--check"], check=True)

    main_file = contenders(files["main"][0])
    everyone = list(main_file.values())
    rounds(everyone, ns.repeat)
    table(
        f"{files['main'][0].name} ({ns.dates} dates), {ns.repeat} runs each, load average now {load()}",
        everyone,
        ns.rows,
    )
    text = main_file["text"]
    ratios(text, [main_file[k] for k in ("pandas", "naive", "floor")])
    for k in ("arrow-lists", "arrow-dict"):  # the native reader the issue names, as a floor
        print(
            f"  {main_file[k].name}: {main_file[k].median / main_file['floor'].median:.2f}× the csv.reader pass"
        )
    for k in ("csv", "json", "columnar"):
        print(f"  {main_file[k].name}: {main_file[k].median / text.median:.2f}× the terminal report's time")
    columnar_ = main_file["columnar"]
    print(f"  {columnar_.name}: {columnar_.median / main_file['floor'].median:.2f}× the csv.reader pass")

    plain = None
    if "plain" in files:
        plain = contenders(files["plain"][0])
        chosen = [plain[k] for k in ("text", "pandas", "floor", "columnar")]
        rounds(chosen, ns.repeat)
        table(f"plain export (four date forms, no time), load average now {load()}", chosen, ns.rows)
        ratios(plain["text"], chosen[1:])

    if ns.xlsx:
        xlsx_times(workdir, files["main"][0], gaozhi, text, ns.rows)

    print(f"\ntargets (load average {load()}):")
    pandas_ = main_file["pandas"]
    verdict = [
        ("terminal ≥ 1.2× pandas + numpy", pandas_.median / text.median >= 1.2),
        ("terminal memory ≤ ¼ of pandas + numpy", text.peak <= pandas_.peak / 4),
        ("terminal ≤ 1.5× the csv.reader pass", text.median <= 1.5 * main_file["floor"].median),
        ("-f csv ≤ 1.5× terminal", main_file["csv"].median <= 1.5 * text.median),
        ("-f json ≤ 1.5× terminal", main_file["json"].median <= 1.5 * text.median),
    ]
    if plain is not None:
        verdict.append(
            (
                "plain export: terminal ≥ 1.2× pandas + numpy",
                plain["pandas"].median / plain["text"].median >= 1.2,
            )
        )
    if ns.rows >= 10_000_000:
        verdict.append(("memory ≤ 150 MB at 10M rows", max(c.peak for c in (text, main_file["csv"])) <= 150))
    else:
        print("  (the flat-memory target is for --rows 10000000)")
    for what, met in verdict:
        print(f"  {what}: {'met' if met else 'NOT met'}")
    if not ns.keep:
        shutil.rmtree(workdir)


def xlsx_times(workdir: Path, path: Path, gaozhi: list[str], text: Timed, rows: int) -> None:
    """``-f xlsx`` of every row, and the terminal report read from the rows saved as .xlsx."""
    export = workdir / "cases.xlsx"
    as_xlsx(path, export)
    write = Timed(
        "gaozhi report -f xlsx (every row)",
        [*gaozhi, str(path), "--as-of", AS_OF, "-o", str(workdir / "out.xlsx"), "--force"],
    )
    read = Timed(
        "gaozhi report, .xlsx export in",
        [*gaozhi, str(export), "--as-of", AS_OF, "-o", str(workdir / "in.txt"), "--force"],
    )
    rounds([write, read], 1)
    table("xlsx", [write, read], rows)
    print(f"  reading the .xlsx takes {read.median / text.median:.1f}× the time of the same rows as CSV")


if __name__ == "__main__":
    main()
