"""Benchmark: `gaozhi catalog fmt --check` and `gaozhi catalog export` on 3,000 items.

Uses the catalogues of bench_validate.py (60 agency files, findings planted in them):

- tidy: those files as ``gaozhi catalog fmt`` writes them; untidy: the same files with every
  item's 序号 off by one and its 备注 moved to the top, and in a third of the files 4-space
  indentation, in another third trailing spaces and two spaces after each colon, so that each
  file needs rewriting and formatting it gives back the tidy file (checked before timing).
- fmt --check on both, in a fresh process, against the floor a YAML formatter pays: one
  ruamel.yaml round trip (load and dump) of every file, on one process.
- export to csv, html, xlsx and docx with --allow-errors (the files have errors: each is read
  and checked once, then published as far as it could be read), against the floor of reading the same items
  with libyaml (PyYAML's C loader, no positions, no checks) and writing them with csv.writer.
  The csv is read back: one row per item.

Targets (issue 14): fmt --check ≤ 2 s tidy, ≤ 5 s untidy; each export ≤ 2.5 s.

    python benchmarks/bench_publish.py [--files 60] [--items 3000] [--repeat 3] [--only fmt|export]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_validate import generate
from timing import ENV, load_average, median, repeated, spread, tool, verdict

from gaozhi_cli.catalog.fmt import canonical_yaml

ROUND_TRIP = r"""
import io, sys
from gaozhi_cli.catalog.fmt import canonical_yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        text = f.read()
    yaml = canonical_yaml()
    yaml.dump(yaml.load(text), io.StringIO())
"""

CSV_FLOOR = r"""
import csv, sys, yaml
out = csv.writer(open(sys.argv[1], "w", encoding="utf-8-sig", newline=""))
for name in sys.argv[2:]:
    with open(name, encoding="utf-8") as f:
        data = yaml.load(f, Loader=yaml.CSafeLoader)
    for item in data["证明事项"]:
        basis = "；".join(f"{b['名称']}{b.get('条款', '')}" for b in item["设定依据"])
        check = item["监管措施"]
        out.writerow([data["行政机关"], item["序号"], item["证明事项"], item.get("证明用途", ""), basis,
                      item["索要单位"], item["开具单位"], "、".join(check["核查方式"]), check["核查时限"]])
"""

ITEM = re.compile(r"^  - 序号: (\d+)\n((?:    .*\n|  #.*\n)*?)    备注: 无\n", re.M)


def untidy(text: str, style: int = 0) -> str:
    """Every item with 序号 off by one and 备注 first: a file fmt must rewrite. Style 1 also
    indents by 4, style 2 adds trailing spaces and a second space after each colon."""
    text = ITEM.sub(lambda m: f"  - 备注: 无\n    序号: {int(m.group(1)) + 1}\n{m.group(2)}", text)
    if style == 1:
        yaml = canonical_yaml()
        yaml.indent(mapping=4, sequence=4, offset=2)
        out = io.StringIO()
        yaml.dump(yaml.load(text), out)
        return out.getvalue()
    if style == 2:
        return re.sub(r"^( *(?:- )?[^#\n:]+:) (.*)$", r"\1  \2  ", text, flags=re.M)
    return text


def time_fmt(gaozhi: str, root: Path, count: int, repeat: int) -> list[str]:
    """fmt --check on the tidy files (in ``root``/tidy) and on untidy copies of them, against
    one ruamel round trip of every file; returns the lines to print."""
    tidy, messy, check = root / "tidy", root / "untidy", root / "check"
    messy.mkdir()
    for n, path in enumerate(sorted(tidy.glob("*.yaml"))):
        messy.joinpath(path.name).write_text(untidy(path.read_text("utf-8"), n % 3), "utf-8")
    shutil.copytree(messy, check)
    subprocess.run([gaozhi, "catalog", "fmt", str(check)], check=True, capture_output=True, env=ENV)
    for path in sorted(tidy.glob("*.yaml")):
        if messy.joinpath(path.name).read_bytes() == path.read_bytes():
            raise SystemExit(f"{path.name} 打乱后与整齐的文件相同，计时无意义")
        if check.joinpath(path.name).read_bytes() != path.read_bytes():
            raise SystemExit(f"格式化打乱的 {path.name} 没有得到整齐的文件，计时无意义")
    files = [str(p) for p in sorted(tidy.glob("*.yaml"))]
    tidy_times, t = repeated([gaozhi, "catalog", "fmt", "--check", str(tidy)], repeat)
    messy_times, m = repeated([gaozhi, "catalog", "fmt", "--check", str(messy)], repeat)
    listed = sum(1 for line in m.stderr.splitlines() if line.startswith("需要格式化："))
    if t.returncode != 0 or m.returncode != 1 or listed != count:
        raise SystemExit(
            f"fmt --check 的结果不对：整齐的退出码 {t.returncode}（应为 0），打乱的退出码 "
            f"{m.returncode}（应为 1），列出 {listed} 个文件（应为 {count} 个）"
        )
    trip_times, _ = repeated([sys.executable, "-c", ROUND_TRIP, *files], repeat)
    trip, lines = median(trip_times), []
    for label, times, target in (
        ("fmt --check，整齐", tidy_times, 2.0),
        ("fmt --check，打乱", messy_times, 5.0),
    ):
        lines.append(f"gaozhi catalog {label}：{spread(times)}")
        lines.append(
            f"  比值（中位）：ruamel 往返 / gaozhi = {trip / median(times):.2f}；"
            f"目标 ≤ {target:.0f} s：{verdict(median(times) <= target)}"
        )
    lines.append(f"基线：ruamel.yaml 往返（加载并写出，单进程）：{spread(trip_times)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("fmt", "export"), help="只测 fmt --check 或只测 export")
    args = parser.parse_args()
    fmt_part, export_part = args.only in (None, "fmt"), args.only in (None, "export")
    gaozhi = tool("gaozhi")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        tidy = root / "tidy"
        tidy.mkdir()
        generate(tidy, args.files, args.items)
        subprocess.run([gaozhi, "catalog", "fmt", str(tidy)], check=True, capture_output=True, env=ENV)
        files = [str(p) for p in sorted(tidy.glob("*.yaml"))]
        before = load_average()
        report = time_fmt(gaozhi, root, args.files, args.repeat) if fmt_part else []

        exports: dict[str, list[float]] = {}
        for fmt in ("csv", "html", "xlsx", "docx") if export_part else ():
            out = root / f"目录.{fmt}"
            command = [gaozhi, "catalog", "export", "--allow-errors", "--force", "-o", str(out), str(tidy)]
            exports[fmt], e = repeated(command, args.repeat)
            if e.returncode != 0:
                raise SystemExit(f"export {fmt} 失败（退出码 {e.returncode}）")
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
                if len(rows) - 1 != args.items:
                    raise SystemExit(f"导出的 csv 有 {len(rows) - 1} 行，应为 {args.items} 行")
        floor_times: list[float] = []
        if export_part:
            floor_times, f = repeated(
                [sys.executable, "-c", CSV_FLOOR, str(root / "floor.csv"), *files], args.repeat
            )
            if f.returncode != 0:  # e.g. PyYAML missing: install the bench extra
                raise SystemExit(f"下限脚本失败（退出码 {f.returncode}）：{f.stderr.strip()[-300:]}")
    print(
        f"输入：{args.files} 个文件，{args.items} 个证明事项；整齐的与打乱的各一份（打乱的格式化后与整齐的相同，已核对）"
    )
    print(f"系统负载（1、5、15 分钟）：开始 {before}，结束 {load_average()}")
    for line in report:
        print(line)
    for fmt, times in exports.items():
        floor = median(floor_times)
        print(f"gaozhi catalog export -f {fmt}：{spread(times)}")
        print(
            f"  比值（中位）：libyaml+csv 下限 / gaozhi = {floor / median(times):.2f}；"
            f"目标 ≤ 2.5 s：{verdict(median(times) <= 2.5)}"
        )
    if export_part:
        print(f"下限：libyaml 读入（不检查）并用 csv.writer 写出，单进程：{spread(floor_times)}")


if __name__ == "__main__":
    main()
