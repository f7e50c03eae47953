"""Build gaozhi's statute book from the national database mirror (LawRefBook/Laws layout).

    python tools/build_statutes.py [SOURCE] [-o gaozhi_cli/statutes/data/statutes.bin]

SOURCE defaults to ../shared/reference/statutes. The mirror's folders give each text its level
(法律 by legal branch, 行政法规, 部门规章); its db.sqlite3 gives the date of undated files and
the "expired" flag of each version. tools/statute_additions/ adds what the mirror lacks (the
State Council decision of 国务院令第412号) and the order numbers of amending decisions.
The script prints how many documents, versions and articles it read, and every line it
could not read. Rerunning it on the same input writes the same file.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from gaozhi_cli.statutes.assemble import (  # noqa: E402
    AmendmentNumbers,
    Assembled,
    Part,
    add_repealed,
    assemble,
    read_part,
)
from gaozhi_cli.statutes.book import write_book  # noqa: E402
from gaozhi_cli.statutes.model import CONSTITUTION, LAW, REGULATION, RULE  # noqa: E402
from gaozhi_cli.statutes.orders import OrderKind  # noqa: E402
from gaozhi_cli.statutes.text import day_from_name  # noqa: E402
from gaozhi_cli.statutes.titles import title_key  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "statutes"
DEFAULT_OUTPUT = ROOT / "gaozhi_cli" / "statutes" / "data" / "statutes.bin"
ADDITIONS = ROOT / "tools" / "statute_additions"
SNAPSHOT = date(2025, 4, 19)

LAW_FOLDERS = ("宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法")
FOLDER_LEVELS = {
    **dict.fromkeys(LAW_FOLDERS, LAW),
    "宪法": CONSTITUTION,
    "行政法规": REGULATION,
    "部门规章": RULE,
}
SKIPPED_NAMES = {"README.md", "_index.md", "法律法规模版.md"}


class Mirror:
    """The mirror's db.sqlite3: (name, date) -> expired, and name -> dates."""

    def __init__(self, db: Path) -> None:
        self.expired: dict[tuple[str, str], bool] = {}
        self.dates: dict[str, list[str]] = {}
        if not db.is_file():
            return
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            for name, publish, expired in con.execute("select name, publish, expired from law"):
                if publish:
                    self.expired[(name, publish)] = bool(expired)
                    self.dates.setdefault(name, []).append(publish)

    def flags(self, title: str, day: str | None) -> tuple[str | None, bool]:
        """(version date, expired) for a file of ``title`` dated ``day`` (None: undated)."""
        for name in (title, title.removeprefix("中华人民共和国")):
            if day is None and self.dates.get(name):
                day = max(self.dates[name])
            if day and (name, day) in self.expired:
                return day, self.expired[(name, day)]
        return day, False


def read_mirror(source: Path) -> tuple[list[Part], list[str]]:
    mirror = Mirror(source / "db.sqlite3")
    parts: list[Part] = []
    skipped: list[str] = []
    for path in sorted(source.rglob("*.md")):
        relative = path.relative_to(source)
        if path.name in SKIPPED_NAMES:
            continue
        level = FOLDER_LEVELS.get(relative.parts[0]) if len(relative.parts) > 1 else None
        if level is None:
            skipped.append(f"{relative}（不是法律、法规或规章）")
            continue
        text = path.read_text(encoding="utf-8")
        named = day_from_name(path.name)
        title = text.lstrip("\ufeff").split("\n", 1)[0].lstrip("#").strip()
        day, expired = mirror.flags(title, named.isoformat() if named else None)
        parts.append(
            read_part(
                str(relative),
                text,
                day=date.fromisoformat(day) if day else None,
                level=level,
                expired=expired,
            )
        )
    return parts, skipped


def read_additions(folder: Path) -> tuple[list[Part], AmendmentNumbers]:
    parts = [
        read_part(f"additions/{p.name}", p.read_text(encoding="utf-8"), day=day_from_name(p.name), level=None)
        for p in sorted(folder.glob("*.md"))
        if p.name != "README.md"
    ]
    table = tomllib.loads((folder / "orders.toml").read_text(encoding="utf-8"))
    omnibus = {date.fromisoformat(k): int(v) for k, v in table.get("omnibus", {}).items()}
    single = {}
    for key, number in table.get("single", {}).items():
        day, title = key.split(" ", 1)
        single[(date.fromisoformat(day), title_key(title))] = int(number)
    return parts, AmendmentNumbers(omnibus, single)


def check_amendments(assembled: Assembled, amendments: AmendmentNumbers) -> list[str]:
    """国务院令 are numbered in time order: a table number out of line with the numbers the
    headers give (by more than two months) is probably wrong."""
    known = sorted(
        {
            (k.order.number, k.day)
            for d in assembled.documents
            for k in d.orders
            if k.day and k.order.kind in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC)
        }
    )
    doubts = []
    table = [*amendments.omnibus.items(), *((d, n) for (d, _), n in amendments.single.items())]
    for day, number in sorted(table):
        before = [d for n, d in known if n < number and d]
        after = [d for n, d in known if n > number and d]
        if (before and (max(before) - day).days > 60) or (after and (day - min(after)).days > 60):
            doubts.append(f"国务院令第{number}号（{day}）与公布信息中的令号时间顺序不一致")
    return doubts


def build(source: Path, output: Path) -> int:
    parts, skipped = read_mirror(source)
    added, amendments = read_additions(ADDITIONS)
    for part in added:
        part.file.problems = [p for p in part.file.problems if "没有找到任何条文" not in p.message]
    assembled = assemble([*parts, *added], amendments)
    known = add_repeals(assembled, ADDITIONS / "repeals.toml")
    for doc in assembled.documents:
        if doc.note:
            doc.origin = "addition"
    size = write_book(
        output,
        assembled.documents,
        assembled.texts,
        {
            "format": 1,
            "snapshot": SNAPSHOT.isoformat(),
            "source": "LawRefBook/Laws（国家法律法规数据库镜像）",
        },
    )
    report(assembled, parts, skipped, check_amendments(assembled, amendments), size, output)
    for title in known:
        print(f"  repeals.toml：法规库已有《{title}》，未按补充加入（可从补充中删去）")
    return 0


def add_repeals(assembled: Assembled, path: Path) -> list[str]:
    """The repealed documents of repeals.toml the book does not have yet; the titles it has."""
    known = []
    for entry in tomllib.loads(path.read_text(encoding="utf-8"))["repealed"]:
        if not add_repealed(assembled, entry["title"], entry["level"], entry["on"], entry["by"]):
            known.append(entry["title"])
    return known


def report(
    assembled: Assembled, parts: list[Part], skipped: list[str], doubts: list[str], size: int, output: Path
) -> None:
    docs = assembled.documents
    real = [d for d in docs if d.origin != "repealed"]
    levels = Counter(d.level for d in real)
    versions = sum(len(d.versions) for d in real)
    articles = sum(v.article_count for d in real for v in d.versions)
    print(f"读入 {len(parts)} 个文件，得到 {len(real)} 部文件（{versions} 个版本，{articles} 条）：")
    for level, count in levels.most_common():
        print(f"  {level} {count} 部")
    print(f"  另有 {len(docs) - len(real)} 部只知已被废止（见于其他法律“同时废止”的规定，或 repeals.toml）")
    print(
        f"  现行有效 {sum(1 for d in real if d.in_force)} 部；已废止或失效 {sum(1 for d in real if not d.in_force)} 部"
    )
    complete = sum(1 for d in real if d.level == REGULATION and d.orders_complete)
    print(f"  行政法规中令号齐全（每个版本的公布、修订令号都已知）的 {complete} 部")
    print(f"跳过 {len(skipped)} 个文件：")
    for s in skipped:
        print(f"  {s}")
    print(f"无法读取的内容 {len(assembled.problems)} 处：")
    for path, problem in assembled.problems:
        print(f"  {path}:{problem.line}: {problem.message}")
    if doubts:
        print("令号存疑：")
        for d in doubts:
            print(f"  {d}")
    print(f"已写入 {output}（{size / 1024**2:.2f} MB）")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    if not (args.source / "db.sqlite3").is_file():
        print(f"找不到镜像：{args.source}（应含 db.sqlite3 和各法律文件夹）", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    return build(args.source, args.output)


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # the report piped into head: the book is already written
        sys.stderr.close()
        raise SystemExit(0) from None
