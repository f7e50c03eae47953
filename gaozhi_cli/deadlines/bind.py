"""Rules bound to one export's header: where their columns are, and what a limit cell means."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from gaozhi_cli.catalog.timelimit import DAYS, MONTHS, WORKDAYS, YEARS, Period, parse_length, unit_word
from gaozhi_cli.deadlines.columns import find_column
from gaozhi_cli.deadlines.exports import AnyExport
from gaozhi_cli.deadlines.model import Verdict
from gaozhi_cli.deadlines.rules import DeadlineRule
from gaozhi_cli.errors import UsageError
from gaozhi_cli.numerals import parse_number

CACHE_MAX = 100_000  # entries per cache: timestamps with seconds would otherwise grow it
NEGATIONS = "非不无未免"  # a channel word right after one of these is denied: 非现场、不当面


class BoundRule:
    """A rule with the positions of its columns in one file, and its caches for that file."""

    __slots__ = (
        "days",
        "end",
        "limit_column",
        "limits",
        "name",
        "rule",
        "starts",
        "verdicts",
        "workday_column",
    )
    vectorised = True  # tally() may judge a batch of its records column by column

    def __init__(
        self,
        rule: DeadlineRule,
        starts: tuple[tuple[int, str], ...],
        end: int,
        limit_column: int | None,
        limit_header: str = "",
    ):
        self.rule = rule
        self.name = rule.name
        self.starts = starts  # (index, contract name), in order of preference
        self.end = end
        self.limit_column = limit_column
        self.days = rule.limit.days
        # 回复时限（工作日）: the header says the unit, so a cell's 3天 is 3 working days
        self.workday_column = WORKDAYS in limit_header or WORKDAYS in (rule.limit.column or "")
        self.limits: dict[str, int | Period | str] = {}  # limit cell -> its period, or why it has none
        # (start, end, limit, start column) -> verdict
        self.verdicts: dict[tuple[date | None, date | None, int | Period | str | None, str], Verdict] = {}

    def start_cell(self, fields: list[str]) -> tuple[str, str]:
        """The start column used (the first non-empty one) and its raw text."""
        for index, name in self.starts:
            if fields[index].strip():
                return name, fields[index]
        return self.starts[0][1], ""

    def problem(self, fields: list[str]) -> str | None:
        """Why the record cannot be judged under this rule before its dates are read."""
        return None

    def limit(self, fields: list[str]) -> int | Period | str:
        """The working days of the period for this record, or why it has none."""
        if self.days is not None:
            return self.days
        assert self.limit_column is not None  # bound only with its limit column
        text = fields[self.limit_column]
        found = self.limits.get(text)
        if found is None:
            found = _limit_of(self.rule, text.strip(), self.workday_column)
            if len(self.limits) < CACHE_MAX:
                self.limits[text] = found
        return found

    def read(self) -> tuple[int | None, ...]:
        """The columns this rule reads, by index."""
        return (*(i for i, _ in self.starts), self.end, self.limit_column)

    def has_cells(self, fields: list[str]) -> bool:
        return any(fields[i].strip() for i in (*(i for i, _ in self.starts), self.end))


def bind(
    export: AnyExport, rules: list[DeadlineRule], columns: Mapping[str, tuple[str, ...]]
) -> list[BoundRule]:
    """The rules that apply to the export (it has one of their start columns). Raises
    UsageError when none applies, or one that applies lacks another column it needs."""
    header = export.header
    bound: list[BoundRule] = []
    problems: list[str] = []
    for rule in rules:
        starts = tuple((i, n) for n in rule.start if (i := find_column(header, n, columns)) is not None)
        if not starts:
            continue
        end = find_column(header, rule.end, columns)
        if rule.limit.catalog is not None:
            item = find_column(header, "证明事项", columns)
            if item is None or end is None:
                missing = [c for c, i in (("证明事项", item), (rule.end, end)) if i is None]
                problems.append(f"--catalog 需要的列“{'”“'.join(missing)}”在表头中找不到")
            else:
                from gaozhi_cli.deadlines.verification import CatalogBoundRule

                matter = find_column(header, "事项名称", columns)
                bound.append(CatalogBoundRule(rule, starts, end, item, matter))
            continue
        limit = find_column(header, rule.limit.column, columns) if rule.limit.column else None
        unit = find_column(header, rule.limit.unit_column, columns) if rule.limit.unit_column else None
        needed = ((rule.end, end), (rule.limit.column, limit), (rule.limit.unit_column, unit))
        missing = [c for c, i in needed if c and i is None]
        if missing:
            problems.append(f"规则“{rule.name}”需要的列“{'”“'.join(missing)}”在表头中找不到")
        elif end is not None and unit is not None:
            bound.append(UnitBoundRule(rule, starts, end, limit, unit))
        elif end is not None:
            bound.append(BoundRule(rule, starts, end, limit, header[limit] if limit is not None else ""))
    hint = (
        f"表头为：{'、'.join(h for h in header if h) or '（空）'}。列名不同时请用 --columns 指定列名映射文件"
    )
    if problems:
        raise UsageError(f"{export.shown}：{'；'.join(problems)}。{hint}")
    if not bound:
        names = "、".join(dict.fromkeys(name for r in rules for name in r.start))
        raise UsageError(f"{export.shown} 的表头中没有任何规则的开始列（{names}）。{hint}")
    return bound


class UnitBoundRule(BoundRule):
    """A rule whose limit is a number in one column and its unit in another (承诺期限 5,
    期限单位 1: the exchange format of Zhejiang's platform, 1 工作日 2 月 3 年 4 天)."""

    __slots__ = ("unit_column",)
    vectorised = False  # its limit is keyed by two cells, which the column path does not read

    def __init__(
        self, rule: DeadlineRule, starts: tuple[tuple[int, str], ...], end: int, limit: int | None, unit: int
    ):
        super().__init__(rule, starts, end, limit)
        self.unit_column = unit

    def read(self) -> tuple[int | None, ...]:
        return (*super().read(), self.unit_column)

    def limit(self, fields: list[str]) -> int | Period | str:
        assert self.limit_column is not None  # bound only with its limit column
        key = f"{fields[self.limit_column]}\x1f{fields[self.unit_column]}"
        found = self.limits.get(key)
        if found is None:
            found = _unit_limit_of(
                self.rule, fields[self.limit_column].strip(), fields[self.unit_column].strip()
            )
            if len(self.limits) < CACHE_MAX:
                self.limits[key] = found
        return found


# A unit cell: the code of the exchange format, or the word (timelimit.unit_word).
UNIT_CODES = {"1": WORKDAYS, "2": MONTHS, "3": YEARS, "4": DAYS}


def _unit_limit_of(rule: DeadlineRule, text: str, unit_text: str) -> int | Period | str:
    limit = rule.limit
    if not unit_text:
        return _limit_of(rule, text, workday_column=False)
    unit = UNIT_CODES.get(unit_text) or unit_word(unit_text)
    if unit is None:
        return (
            f"{limit.unit_column}“{unit_text}”不是时限单位"
            "（应为 工作日、天、月、年，或代码 1 工作日、2 月、3 年、4 天）"
        )
    if not text:
        return f"缺少{limit.column}"
    n = parse_number(text)
    if n is None:  # a number with its own unit: 5个工作日 beside 期限单位 1
        own = parse_length(text, rule.start[0])
        if own is None:
            return f"{limit.column}“{text}”不是时限（应为不小于 0 的数，如 5）"
        if own.unit != unit:
            said = f"{unit_text}（{unit}）" if unit_text in UNIT_CODES else unit_text
            return f"{limit.column}“{text}”与{limit.unit_column}“{said}”不一致（应为数字，如 5）"
        n = own.count
    return _checked(limit.column, text, n if unit == WORKDAYS else Period(rule.start[0], n, unit))


# The longest limit read as one: no procedure runs for a century; 9999年 is a slip of the keys.
LONGEST = {WORKDAYS: 25_000, DAYS: 36_500, MONTHS: 1_200, YEARS: 100}


def _checked(column: str | None, text: str, found: int | Period) -> int | Period | str:
    count, unit = (found, WORKDAYS) if isinstance(found, int) else (found.count, found.unit)
    if count > LONGEST[unit]:
        return f"{column}“{text}”过长（超过 100 年），请核对"
    return found


def _limit_of(rule: DeadlineRule, text: str, workday_column: bool) -> int | Period | str:
    limit = rule.limit
    if not text:
        return f"缺少{limit.column}"
    if limit.values:
        days = _lookup(limit.values, text)
        if days is not None:
            return days
        return f"{limit.column}“{text}”不在规则“{rule.name}”的时限表中（{'、'.join(limit.values)}）"
    period = parse_length(text, rule.start[0], workday_column=workday_column)
    if period is None:
        return f"{limit.column}“{text}”不是时限（应为工作日数，如 5；或写明单位，如 5个工作日、20日、1个月）"
    return _checked(limit.column, text, period.count if period.unit == WORKDAYS else period)


def _lookup(values: Mapping[str, Any], text: str) -> int | None:
    """The limit for a column value: exact, else the one limit of the keys the value contains
    (网上申请 → 网上) other than negated (非现场办理 is not 现场); None when no key, or keys
    with different limits, match."""
    if text in values:
        return int(values[text])
    found = {days for key, days in values.items() if says(text, key)}
    return found.pop() if len(found) == 1 else None


def says(text: str, key: str) -> bool:
    """Whether ``text`` holds ``key`` with no negation just before it: 非现场、非线下 mean
    the opposite of 现场、线下 (a key that is itself negated, 非现场, may still match)."""
    at = text.find(key)
    while at >= 0:
        if at == 0 or text[at - 1] not in NEGATIONS:
            return True
        at = text.find(key, at + 1)
    return False
