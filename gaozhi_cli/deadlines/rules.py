"""Deadline rules: which columns start and end a period, and how many working days it has.

The defaults are data (``rules.yaml``, from the seed); a user's rules file in the same format
replaces rules of the same name and adds new ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gaozhi_cli.datafile import DataFile, read_data_file
from gaozhi_cli.yamldoc import PMap, Pos

if TYPE_CHECKING:
    from gaozhi_cli.deadlines.verification import CatalogLimits

DEFAULT_RULES = Path(__file__).with_name("rules.yaml")

_FILE_KEYS = {"规则": "rules"}
_RULE_KEYS = {"名称": "name", "开始列": "start", "结束列": "end", "时限": "limit", "依据": "source"}
_LIMIT_KEYS = {"列": "column", "取值": "values", "单位列": "unit_column"}


@dataclass(frozen=True)
class Limit:
    """A fixed number of working days, the number in a column, or a lookup on a column's value."""

    days: int | None = None
    column: str | None = None
    values: Mapping[str, int] = field(default_factory=dict)
    catalog: CatalogLimits | None = None  # each item's 核查时限, from --catalog
    unit_column: str | None = None  # the unit of ``column``'s number: 期限单位 (1 工作日, 2 月 …)

    def describe(self) -> str:
        if self.catalog is not None:
            return f"按目录（{self.catalog.files}）各事项的核查时限"
        if self.days is not None:
            return f"{self.days} 个工作日"
        if self.values:
            days = " 或 ".join(str(d) for d in sorted(set(self.values.values())))
            return f"按“{self.column}”{days} 个工作日"
        if self.unit_column:
            return f"按“{self.column}”列的数和“{self.unit_column}”列的单位"
        return f"按“{self.column}”列的工作日数"


@dataclass(frozen=True)
class DeadlineRule:
    name: str
    start: tuple[str, ...]  # the first non-empty of these columns starts the period
    end: str
    limit: Limit
    source: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        """The contract columns it reads (each may be mapped to an export's own header)."""
        extra = ("证明事项", "事项名称") if self.limit.catalog else ()
        limit = tuple(c for c in (self.limit.column, self.limit.unit_column) if c)
        return (*self.start, self.end, *limit, *extra)


def load_rules(
    user_file: Path | None = None, *, catalogs: Sequence[Path] = (), max_size: int = 10 * 1024**2
) -> list[DeadlineRule]:
    """The built-in rules, with a user's file applied on top, and the verification rule of
    the catalogues given."""
    rules = {r.name: r for r in read_rules(DEFAULT_RULES)}
    if user_file is not None:
        rules.update((r.name, r) for r in read_rules(user_file))
    if catalogs:
        from gaozhi_cli.deadlines.verification import catalog_rule

        verification = catalog_rule(catalogs, max_size)
        rules[verification.name] = verification
    return list(rules.values())


def read_rules(path: Path) -> list[DeadlineRule]:
    """Rules from a YAML file. Raises DataFileError naming every problem."""
    f = read_data_file(path, "时限规则文件")
    root = f.root_mapping("时限规则文件", _FILE_KEYS)
    found = f.get(root, "规则", "rules")
    rules: list[DeadlineRule] = []
    if found is None:
        f.problem(root.pos, "缺少“规则”")
    else:
        for node, pos in f.items(*found, "规则"):
            rule = _rule(f, node, pos)
            if rule is not None and any(r.name == rule.name for r in rules):
                f.problem(pos, f"规则“{rule.name}”重复定义")
            elif rule is not None:
                rules.append(rule)
    f.check()
    return rules


def _rule(f: DataFile, node: Any, pos: Pos) -> DeadlineRule | None:
    mapping = f.mapping(node, pos, "规则", _RULE_KEYS)
    if mapping is None:
        return None
    name = f.text(mapping, "名称", "name")
    end = f.text(mapping, "结束列", "end")
    source = f.text(mapping, "依据", "source", required=False) or ""
    start: list[str] = []
    found = f.get(mapping, "开始列", "start")
    if found is None:
        f.problem(mapping.pos, "缺少“开始列”")
    else:
        for value, where in f.items(*found, "开始列"):
            if isinstance(value, str) and value.strip():
                start.append(value.strip())
            else:
                f.problem(where, "“开始列”应为列名（文字）")
    limit = _limit(f, mapping)
    if name is None or end is None or not start or limit is None:
        return None
    return DeadlineRule(name, tuple(start), end, limit, source)


def _limit(f: DataFile, rule: PMap) -> Limit | None:
    found = f.get(rule, "时限", "limit")
    if found is None:
        f.problem(rule.pos, "缺少“时限”")
        return None
    value, pos = found
    if _is_days(value):
        return Limit(days=value)
    if not isinstance(value, PMap):
        f.problem(pos, f"“时限”应为不小于 0 的工作日数，或写明“列”（及“取值”）的映射，实际为“{value}”")
        return None
    f.mapping(value, pos, "时限", _LIMIT_KEYS)
    column = f.text(value, "列", "column")
    unit_column = f.text(value, "单位列", "unit_column", required=False)
    table = f.get(value, "取值", "values")
    if table is not None and unit_column:
        f.problem(table[1], "“取值”和“单位列”不能同时使用：查表的时限已是工作日数")
        return None
    if table is None:
        return Limit(column=column, unit_column=unit_column or None) if column else None
    lookup = f.mapping(*table, "取值")
    if lookup is None:
        return None
    if not lookup:
        f.problem(table[1], "“取值”不能为空")
    for key, days in lookup.items():
        if not _is_days(days):
            f.problem(lookup.value_pos[key], f"“{key}”的时限应为不小于 0 的工作日数，实际为“{days}”")
    values = {str(k): v for k, v in lookup.items() if _is_days(v)}
    return Limit(column=column, values=values) if column and values else None


def _is_days(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
