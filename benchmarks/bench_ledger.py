"""Benchmark: the ledger's cost, against a baseline in the same run.

1. A batch of commitment letters (附件4) through the ledger (numbered, written and registered,
   one transaction a letter) against the same batch without a ledger, both through
   ``letters.batch.generate`` (the batch of ``letter generate --batch``), alternately
   ``--repeat`` times; min/median/max seconds, the ratio of the medians, the CPU seconds of all
   processes (this one and its workers) and their ratio, the load average.
   Target (issue 11): at most 10 % more time.
2. ``deadlines report --ledger`` (the ledger's cases given to the report in the columns of an
   export, a batch at a time) on a ledger of N events, SQLite, and PostgreSQL when a server is named
   (``--postgresql URL`` or GAOZHI_TEST_POSTGRESQL). Target: under 5 s for 1,000,000 events on
   SQLite. The baseline is the same report from the ledger's cases written out as a CSV export
   (``ledger export``), what a liaison without a ledger runs; ``ledger report --year`` (the
   annual assessment) is timed too. The events are loaded with executemany, not through the
   CLI (that is not timed).

    python benchmarks/bench_ledger.py [--letters 10000] [--repeat 3] [--events 1000000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_letters import CATALOG, id_number  # noqa: E402
from gaozhi_cli.config import Settings  # noqa: E402
from gaozhi_cli.letters import batch  # noqa: E402
from gaozhi_cli.letters.data import Source  # noqa: E402
from gaozhi_cli.letters.generate import LetterMaker, LetterRequest  # noqa: E402


def _row(n: int) -> dict[str, object]:
    return {
        "证明事项": 1 + n % 2,
        "申请人": {"姓名": f"申请人{n}", "证件编号": id_number(n)},
        "日期": "2025-03-17",
    }


def _settings(folder: Path, ledger: dict[str, str] | None) -> Settings:
    return Settings.model_validate({"ledger": ledger or {}, "source": folder / "gaozhi.toml"})


def _cpu() -> float:
    """CPU seconds of this process and of its workers that have ended (0 for them on Windows)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_batch(folder: Path, letters: int, jobs: int, ledger: dict[str, str] | None) -> tuple[float, float]:
    """Seconds of wall time and CPU seconds (this process and the workers) of one batch."""
    out = folder / "out"
    settings = _settings(folder, ledger)
    if ledger:
        from gaozhi_cli.ledger import Ledger

        Ledger.open(settings, create=True).close()
    start, cpu = time.perf_counter(), _cpu()
    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=CATALOG, settings=settings))
    sources = [Source(_row(n), "bench.csv", n + 1) for n in range(1, letters + 1)]
    summary = batch.generate(maker, sources, out, None, force=False, pdf=False, jobs=jobs)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    failed = [r for r in summary.results if r.status != "written"]
    if failed:
        raise SystemExit(f"failed rows: {failed[:3]}")
    if maker.ledger is not None:
        maker.ledger.close()
    return elapsed, cpu


def batches(root: Path, letters: int, jobs: int, repeat: int) -> None:
    """Part 1: the two batches alternately, ``repeat`` times each."""
    load = os.getloadavg()
    seconds: dict[str, list[float]] = {"plain": [], "ledger": []}
    cpu: dict[str, list[float]] = {"plain": [], "ledger": []}
    for _ in range(repeat):
        for name, ledger in (("plain", None), ("ledger", {"path": "台账.db"})):
            wall, used = run_batch(root / name, letters, jobs, ledger)
            seconds[name].append(wall)
            cpu[name].append(used)
            shutil.rmtree(root / name)
    print(f"{letters} letters, {jobs} processes, {repeat} runs each; seconds (CPU seconds of all processes):")
    for name, label in (("plain", "without a ledger"), ("ledger", "with a ledger")):
        s, c = sorted(seconds[name]), sorted(cpu[name])
        print(
            f"  {label:17} min {s[0]:7.1f}  median {statistics.median(s):7.1f}  max {s[-1]:7.1f}"
            f"  (CPU min {c[0]:.1f}, median {statistics.median(c):.1f})"
        )
    ratio = statistics.median(seconds["ledger"]) / statistics.median(seconds["plain"])
    cpu_ratio = statistics.median(cpu["ledger"]) / statistics.median(cpu["plain"])
    print(f"with / without a ledger: {ratio:.3f} (target ≤ 1.10); CPU seconds: {cpu_ratio:.3f}")
    after = os.getloadavg()
    print(
        f"load average (1, 5, 15 min): before {', '.join(f'{x:.2f}' for x in load)}; after {', '.join(f'{x:.2f}' for x in after)}"
    )


KINDS = ("received", "delivered", "decided", "assist-sent", "assist-replied", "verified", "credit-collected")


def fill(ledger, events: int) -> None:  # type: ignore[no-untyped-def]
    """``events`` events over events / 7 cases, each case a full loop."""
    cases = max(1, events // len(KINDS))
    base = date(2025, 1, 2)
    db = ledger.db
    with ledger.transaction():
        db.many(
            "INSERT INTO cases (id, department, year, seq, item_name, item_purpose, time_limit, committed_on,"
            " created_at) VALUES (?, ?, 2025, ?, '无犯罪记录证明', '律师执业核准', '作出决定后20个工作日内', ?, '')",
            [
                (n, f"部门{n % 12}", n, (base + timedelta(days=n % 300)).isoformat())
                for n in range(1, cases + 1)
            ],
        )
        rows = []
        for n in range(1, cases + 1):
            day = base + timedelta(days=n % 300)
            for k, kind in enumerate(KINDS):
                on = (day + timedelta(days=k * (1 + n % 4))).isoformat()
                result = ("虚假" if n % 50 == 0 else "真实") if kind == "verified" else None
                rows.append(
                    (
                        n,
                        kind,
                        on,
                        "信函" if kind == "received" else None,
                        result,
                        5 if kind == "assist-sent" else None,
                    )
                )
                if len(rows) >= 50_000:
                    db.many(
                        "INSERT INTO events (case_id, kind, on_date, channel, result, reply_days, recorded_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, '')",
                        rows,
                    )
                    rows = []
        db.many(
            "INSERT INTO events (case_id, kind, on_date, channel, result, reply_days, recorded_at) VALUES (?, ?, ?, ?, ?, ?, '')",
            rows,
        )


def _timed(args: list[str]) -> float:
    from typer.testing import CliRunner

    from gaozhi_cli.cli.app import app

    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    elapsed = time.perf_counter() - start
    if result.exit_code not in (0, 1):
        raise SystemExit(result.output[-2000:])
    return elapsed


def time_report(folder: Path, ledger_config: dict[str, str], events: int) -> tuple[float, float, float]:
    """Seconds of ``deadlines report --ledger``, of the same report from the ledger's cases as
    a CSV export (the baseline: what a liaison without a ledger runs), and of ``ledger report``."""
    from gaozhi_cli.ledger import Ledger

    settings = _settings(folder, ledger_config)
    with Ledger.open(settings, create=True) as ledger:
        fill(ledger, events)
    toml = "[ledger]\n" + "".join(f'{k} = "{v}"\n' for k, v in ledger_config.items())
    (folder / "gaozhi.toml").write_text(toml, encoding="utf-8")
    os.chdir(folder)
    from_ledger = _timed(["deadlines", "report", "--ledger", "--as-of", "2025-12-31"])
    annual = _timed(["ledger", "report", "--year", "2025"])
    _timed(["ledger", "export", "-o", "导出.csv"])
    from_csv = _timed(["deadlines", "report", "导出.csv", "--catalog", str(CATALOG), "--as-of", "2025-12-31"])
    return from_ledger, from_csv, annual


def _say(backend: str, events: int, seconds: tuple[float, float, float], target: str = "") -> None:
    ledger, csv, annual = seconds
    print(
        f"deadlines report --ledger, {events} events, {backend}: {ledger:.1f} s{target}; the same cases from"
        f" a CSV export: {csv:.1f} s, ratio {ledger / csv:.2f}; ledger report --year: {annual:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each batch (part 1)")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--postgresql", default=os.environ.get("GAOZHI_TEST_POSTGRESQL"))
    args = parser.parse_args()
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.letters:
            batches(root, args.letters, args.jobs, args.repeat)
        if args.events:
            (root / "sqlite").mkdir()
            _say(
                "SQLite",
                args.events,
                time_report(root / "sqlite", {"path": "台账.db"}, args.events),
                " (target < 5 s)",
            )
            if args.postgresql:
                import psycopg

                schema = f"bench_{os.getpid()}"
                with psycopg.connect(args.postgresql, autocommit=True) as conn:
                    conn.execute(f"CREATE SCHEMA {schema}")
                try:
                    sep = "&" if "?" in args.postgresql else "?"
                    url = f"{args.postgresql}{sep}options=-csearch_path%3D{schema}"
                    (root / "pg").mkdir()
                    _say("PostgreSQL", args.events, time_report(root / "pg", {"url": url}, args.events))
                finally:
                    with psycopg.connect(args.postgresql, autocommit=True) as conn:
                        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        os.chdir(here)


if __name__ == "__main__":
    main()
