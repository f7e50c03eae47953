"""The verification deadline of each catalogue item (its 核查时限) as a deadline rule.

A case row names its item by 证明事项 (and 事项名称 where one certificate serves several
matters); the item's 核查时限 gives the event the period starts from and its length
(catalog.timelimit), so the start column differs row by row (决定日期, 受理日期 …) and the
period may be working days, calendar days or months. The end column is 核查完成日期.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.catalog.model import normalise
from gaozhi_cli.catalog.timelimit import EVENT_COLUMNS, Period, parse_time_limit
from gaozhi_cli.deadlines.bind import CACHE_MAX, BoundRule
from gaozhi_cli.deadlines.rules import DeadlineRule, Limit
from gaozhi_cli.errors import UsageError

NAME = "核查时限"
ITEM, MATTER, END = "证明事项", "事项名称", "核查完成日期"
SOURCE = "实施方案 四(四)：明确核查时间；各事项的核查时限以证明事项目录为准"


@dataclass(frozen=True)
class Entry:
    name: str
    purpose: str
    limit: Period | str  # the period, or why the item has none


@dataclass(frozen=True)
class CatalogLimits:
    """The items of the catalogues, by normalised certificate name."""

    files: str
    items: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)

    def starts(self) -> tuple[str, ...]:
        """Every column an item's period may start from, the usual ones first."""
        found = [c for columns in EVENT_COLUMNS.values() for c in columns]
        for entries in self.items.values():
            found += [c for e in entries if isinstance(e.limit, Period) for c in e.limit.columns]
        return tuple(dict.fromkeys(found))

    def lookup(self, item: str, matter: str) -> Period | str:
        entries = self.items.get(normalise(item))
        if not entries:
            return f"目录中没有证明事项“{item}”"
        if len(entries) > 1 and matter:
            key = normalise(matter)
            narrowed = tuple(
                e for e in entries if (p := normalise(e.purpose)) and (p == key or p in key or key in p)
            )
            entries = narrowed or entries
        if len(entries) > 1:
            purposes = "、".join(e.purpose for e in entries)
            return f"证明事项“{item}”在目录中有 {len(entries)} 项（用途：{purposes}），请在导出中用“{MATTER}”列区分"
        return entries[0].limit


def catalog_rule(paths: Iterable[Path], max_size: int) -> DeadlineRule:
    """The rule of the items in these catalogue files or folders. Raises UsageError when a
    file cannot be read or no item is found."""
    from gaozhi_cli.catalog.files import collect_files
    from gaozhi_cli.catalog.loader import read_file

    files = collect_files(paths)
    items: dict[str, list[Entry]] = {}
    for path in files:
        loaded = read_file(path, max_size=max_size)
        if not loaded.readable:
            raise UsageError(
                f"目录文件 {loaded.file} 无法读取：{loaded.problems[0].message if loaded.problems else ''}"
            )
        for entry in loaded.entries:
            item = entry.item
            if item is None:
                continue
            supervision = item.supervision
            text = (supervision.time_limit or "").strip() if supervision else ""
            limit: Period | str
            if supervision and supervision.methods == ["免予核查"]:
                limit = "目录中该事项免予核查，没有核查时限"
            elif not text:
                limit = f"目录中“{item.name}”（{loaded.file}）没有写核查时限"
            else:
                found = parse_time_limit(text)
                limit = found if isinstance(found, Period) else f"目录中的核查时限“{text}”{found}"
            items.setdefault(normalise(item.name), []).append(Entry(item.name, item.purpose, limit))
    if not items:
        raise UsageError("--catalog：没有在所给的目录文件中找到证明事项")
    limits = CatalogLimits("、".join(p.name for p in files), {k: tuple(v) for k, v in items.items()})
    return DeadlineRule(NAME, limits.starts(), END, Limit(catalog=limits), SOURCE)


class CatalogBoundRule(BoundRule):
    """The catalogue rule bound to a file: the start column and period come from the row's
    item, looked up once per distinct (证明事项, 事项名称)."""

    __slots__ = ("by_name", "catalog", "item", "matter", "resolved")
    vectorised = False

    def __init__(
        self, rule: DeadlineRule, starts: tuple[tuple[int, str], ...], end: int, item: int, matter: int | None
    ) -> None:
        super().__init__(rule, starts, end, None)
        assert rule.limit.catalog is not None
        self.catalog = rule.limit.catalog
        self.item, self.matter = item, matter
        self.by_name = {name: index for index, name in starts}
        self.resolved: dict[tuple[str, str], tuple[Period | str, str]] = {}

    def read(self) -> tuple[int | None, ...]:
        return (*super().read(), self.item, self.matter)

    def _resolve(self, fields: list[str]) -> tuple[Period | str, str]:
        key = (fields[self.item].strip(), fields[self.matter].strip() if self.matter is not None else "")
        found = self.resolved.get(key)
        if found is None:
            limit = self.catalog.lookup(*key) if key[0] else f"缺少{ITEM}"
            start = ""
            if isinstance(limit, Period):
                present = [c for c in limit.columns if c in self.by_name]
                if present:
                    start = present[0]
                else:
                    wanted = "或".join(f"“{c}”" for c in limit.columns)
                    limit = f"核查时限从{limit.event}起算，导出中没有{wanted}列（可用 --columns 映射）"
            found = (limit, start)
            if len(self.resolved) < CACHE_MAX:
                self.resolved[key] = found
        return found

    def start_cell(self, fields: list[str]) -> tuple[str, str]:
        start = self._resolve(fields)[1]
        return (start, fields[self.by_name[start]]) if start else (self.starts[0][1], "")

    def limit(self, fields: list[str]) -> int | Period | str:
        return self._resolve(fields)[0]

    def problem(self, fields: list[str]) -> str | None:
        """Why a row that names an item cannot be judged: the item is unknown, has no
        computable 核查时限, or its start column is missing."""
        limit = self._resolve(fields)[0]
        return limit if isinstance(limit, str) and self.has_cells(fields) else None

    def has_cells(self, fields: list[str]) -> bool:
        return bool(fields[self.item].strip()) or bool(fields[self.end].strip())
