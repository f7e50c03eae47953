"""Benchmark: what the statute book costs a validation run.

Times, each in a fresh process, repeated, what the book adds to a run (its modules, the index,
the cited documents and the checks; the validator's own modules are loaded first):

- gaozhi: load the book's index and check every 设定依据 of the shipped catalogues (catalogs/),
  which reads and parses only the documents they cite;
- baseline: the same load followed by reading and parsing every document of the book, the
  cost of a book that is not lazy.

Before timing, both runs must agree on how many bases they resolved. Target (issue 8): the
part a validation run needs under 150 ms.

    python benchmarks/bench_statutes.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The validator's own modules are imported before the clock starts: the time is what the
# statute book adds to a run (its modules, its index, the cited documents, the checks).
NEEDED = r"""
import json, sys, time
import gaozhi_cli.catalog.validate
start = time.perf_counter()
from gaozhi_cli.statutes.book import load_book
from gaozhi_cli.statutes.check import check_basis
book = load_book()
resolved = 0
for title, number, article, text in json.loads(sys.argv[1]):
    resolved += check_basis(book, title, number, article, text).resolved is not None
if sys.argv[2] == "all":
    for doc in book.documents:
        if doc.origin != "repealed":
            for version in doc.versions:
                book.body(doc, version).articles
print(time.perf_counter() - start, resolved)
"""


def shipped_bases() -> list[tuple[str, str | None, str | None, str | None]]:
    from gaozhi_cli.catalog.loader import read_file

    bases = []
    for path in sorted((REPO / "catalogs").glob("*.yaml")):
        loaded = read_file(path, max_size=10 * 1024**2)
        for entry in loaded.entries:
            if entry.item:
                bases += [(b.title, b.number, b.article, b.text) for b in entry.item.bases]
    return bases


def run(bases: str, mode: str) -> tuple[float, int]:
    env = {
        k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"
    }  # cached bytecode, as installed
    out = subprocess.run(
        [sys.executable, "-c", NEEDED, bases, mode],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=REPO,
    ).stdout.split()
    return float(out[0]), int(out[1])


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "未知"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    bases = shipped_bases()
    payload = json.dumps(bases, ensure_ascii=False)
    run(payload, "needed")  # warm the bytecode cache
    needed = [run(payload, "needed") for _ in range(args.repeat)]
    everything = [run(payload, "all") for _ in range(args.repeat)]
    if {n for _, n in needed} != {n for _, n in everything}:
        raise SystemExit("两种方式解析出的依据数不同，计时无意义")
    print(
        f"设定依据：{len(bases)} 条（catalogs/ 中的全部目录），法规库中找到 {needed[0][1]} 条；系统负载 {load_average()}"
    )
    for label, times in (("gaozhi（只读所引文件）", needed), ("基线（读入全部文件）", everything)):
        ms = sorted(t * 1000 for t, _ in times)
        print(f"{label}：最短 {ms[0]:.0f} ms，中位 {statistics.median(ms):.0f} ms，最长 {ms[-1]:.0f} ms")
    a = statistics.median(t for t, _ in needed)
    b = statistics.median(t for t, _ in everything)
    print(
        f"比值：gaozhi 用时为基线的 {a / b:.2f} 倍（快 {b / a:.1f} 倍）；目标 < 150 ms：{'达到' if a < 0.15 else '未达到'}"
    )


if __name__ == "__main__":
    main()
