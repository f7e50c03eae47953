"""What the catalogue benchmarks share: fresh-process runs, their spread, the machine's load.

Every figure is a command run in a fresh process with cached bytecode (as an installed package
has it), repeated; a benchmark prints the minimum, median and maximum of the runs, the load
average before and after, and ratios of medians taken in the same run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# cached bytecode, as an installed package has it
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def tool(name: str) -> str:
    """The console script ``name`` of this interpreter's environment."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"找不到 {name}；请先安装：pip install -e '.[bench]'")
    return found


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    stdout: str
    stderr: str
    returncode: int


def run(args: Sequence[str], *, cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    done = subprocess.run(list(args), capture_output=True, text=True, env=ENV, cwd=cwd)
    return Run(time.perf_counter() - start, done.stdout, done.stderr, done.returncode)


def repeated(args: Sequence[str], repeat: int, *, cwd: Path | None = None) -> tuple[list[float], Run]:
    """Seconds of ``repeat`` runs after one warm-up run, and the last run (to check its output)."""
    last = run(args, cwd=cwd)
    times = []
    for _ in range(repeat):
        last = run(args, cwd=cwd)
        times.append(last.seconds)
    return times, last


def spread(times: Sequence[float]) -> str:
    ordered = sorted(times)
    return (
        f"最短 {ordered[0]:.2f} s，中位 {statistics.median(ordered):.2f} s，最长 {ordered[-1]:.2f} s"
        f"（{len(ordered)} 次）"
    )


def median(times: Sequence[float]) -> float:
    return statistics.median(times)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "未知"


def verdict(met: bool) -> str:
    return "达到" if met else "未达到"
