"""Where the schedules come from: the chinese-calendar package, data shipped with gaozhi, and
YAML files a user writes from a newly published notice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from gaozhi_cli.calendar.index import WorkCalendar
from gaozhi_cli.calendar.model import YearData
from gaozhi_cli.datafile import DataFile, read_data_file
from gaozhi_cli.yamldoc import PMap, Pos

# Notices published after the installed chinese-calendar release, one YAML file per year.
SHIPPED_DIR = Path(__file__).with_name("data")

_FILE_KEYS = {"年份": "year", "文号": "number", "网址": "url", "节假日": "holidays"}
_HOLIDAY_KEYS = {"名称": "name", "开始": "start", "结束": "end", "调休上班": "workdays"}
_MAX_HOLIDAY_DAYS = 15  # the longest run so far is 9 days; more is a typo in a date


@cache
def builtin_years() -> tuple[YearData, ...]:
    """Every year in the installed chinese-calendar package, read from its data dicts."""
    import chinese_calendar

    names = {h.value: h.chinese for h in chinese_calendar.Holiday}
    version = getattr(chinese_calendar, "__version__", "")
    rest: dict[int, dict[date, str]] = {}
    makeup: dict[int, dict[date, str]] = {}
    for day, name in chinese_calendar.holidays.items():
        rest.setdefault(day.year, {})[day] = names.get(name, name)
    for day, name in chinese_calendar.workdays.items():
        makeup.setdefault(day.year, {})[day] = names.get(name, name)
    source = f"chinese-calendar {version}（据国务院办公厅节假日安排通知）"
    # The package covers every year between its first and last holiday, as its own check does.
    return tuple(
        YearData(year, rest.get(year, {}), makeup.get(year, {}), source)
        for year in range(min(rest), max(rest) + 1)
    )


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


@cache
def default_calendar() -> WorkCalendar:
    """The built-in calendar: chinese-calendar plus the notices shipped with gaozhi."""
    return WorkCalendar([*builtin_years(), *map(read_year_file, shipped_files())])


def load_calendar(paths: Iterable[Path]) -> WorkCalendar:
    """The built-in calendar plus years from the user's notice files (a file replaces a year;
    where it changes a built-in year's days, the calendar's ``notes`` say which)."""
    extra = [(Path(p), read_year_file(Path(p))) for p in paths]
    if not extra:
        return default_calendar()
    builtin = default_calendar()
    notes = tuple(n for path, data in extra if (n := _replacement(path, data, builtin.year_data(data.year))))
    years = [*builtin_years(), *map(read_year_file, shipped_files()), *(data for _, data in extra)]
    return WorkCalendar(years, notes)


def _replacement(path: Path, data: YearData, builtin: YearData | None) -> str | None:
    """What a user's file changes in a year gaozhi already has (None: nothing, or a new year)."""
    if builtin is None:
        return None
    days = sorted({*data.rest, *data.makeup, *builtin.rest, *builtin.makeup})
    off = [d for d in days if _works(d, builtin) and not _works(d, data)]
    on = [d for d in days if _works(d, data) and not _works(d, builtin)]
    if not off and not on:
        return None
    changes = "；".join(
        f"{what} {len(found)} 天（{'、'.join(d.isoformat() for d in found[:5])}{' 等' if len(found) > 5 else ''}）"
        for what, found in (("改为休息", off), ("改为上班", on))
        if found
    )
    return f"{path.name}：{data.year} 年与内置的节假日安排（{builtin.source}）不同，以此文件为准：{changes}"


def _works(day: date, data: YearData) -> bool:
    return day in data.makeup or (day.weekday() < 5 and day not in data.rest)


def read_year_file(path: Path) -> YearData:
    """A year's schedule from a YAML file (see ``year_template``). Raises DataFileError."""
    f = read_data_file(path, "节假日安排文件")
    root = f.root_mapping("节假日安排文件", _FILE_KEYS)
    year = _year(f, root)
    number = f.text(root, "文号", "number")
    url = f.text(root, "网址", "url", required=False)
    rest: dict[date, str] = {}
    makeup: dict[date, tuple[str, Pos]] = {}
    found = f.get(root, "节假日", "holidays")
    if found is None:
        f.problem(root.pos, "缺少“节假日”")
    else:
        for node, pos in f.items(*found, "节假日"):
            _holiday(f, node, pos, year, rest, makeup)
    for day, (_, pos) in makeup.items():
        if day in rest:
            f.problem(pos, f"{day} 既是放假日又是调休上班日")
    f.check()
    assert year is not None
    source = "、".join(p for p in (number, url, f.file) if p)
    return YearData(year, rest, {day: name for day, (name, _) in makeup.items()}, source)


def _year(f: DataFile, root: PMap) -> int | None:
    found = f.get(root, "年份", "year")
    if found is None:
        f.problem(root.pos, "缺少“年份”")
        return None
    value, pos = found
    if not isinstance(value, int) or isinstance(value, bool) or not 1949 < value < 2200:
        f.problem(pos, f"“年份”应为四位年份，如 2027，实际为“{value}”")
        return None
    return value


def _holiday(
    f: DataFile,
    node: object,
    pos: Pos,
    year: int | None,
    rest: dict[date, str],
    makeup: dict[date, tuple[str, Pos]],
) -> None:
    holiday = f.mapping(node, pos, "节假日项", _HOLIDAY_KEYS)
    if holiday is None:
        return
    name = f.text(holiday, "名称", "name") or "节假日"
    start = _day(f, holiday, "开始", "start", year, required=True)
    end = _day(f, holiday, "结束", "end", year, required=False) or start
    if start is not None and end is not None:
        end_found = f.get(holiday, "结束", "end")
        end_pos = end_found[1] if end_found else holiday.pos
        if end < start:
            f.problem(end_pos, f"“结束”{end} 早于“开始”{start}")
        elif (end - start).days >= _MAX_HOLIDAY_DAYS:
            f.problem(
                end_pos, f"{name}放假 {(end - start).days + 1} 天，超过 {_MAX_HOLIDAY_DAYS} 天，请核对日期"
            )
        else:
            for i in range((end - start).days + 1):
                day = start + timedelta(days=i)
                if day in rest:
                    f.problem(holiday.pos, f"{day} 同时属于“{rest[day]}”和“{name}”的放假日期")
                rest[day] = name
    found = f.get(holiday, "调休上班", "workdays")
    for value, where in f.items(*found, "调休上班") if found and found[0] is not None else ():
        workday = f.day(value, where, "调休上班")
        if workday is None or not _in_reach(f, workday, where, year):
            continue
        if workday.weekday() < 5:
            weekday = "一二三四五"[workday.weekday()]
            f.problem(
                where, f"调休上班日 {workday} 是星期{weekday}，本来就是工作日；只填通知中上班的周六、周日"
            )
        else:
            makeup[workday] = (name, where)


def _day(f: DataFile, node: PMap, key: str, english: str, year: int | None, *, required: bool) -> date | None:
    found = f.get(node, key, english)
    if found is None or found[0] is None:
        if required:
            f.problem(node.pos, f"缺少“{key}”")
        return None
    day = f.day(found[0], found[1], key)
    return day if day is not None and _in_reach(f, day, found[1], year) else None


def _in_reach(f: DataFile, day: date, pos: Pos, year: int | None) -> bool:
    """A notice for year Y sets days in Y, and sometimes in the last days of December of Y-1."""
    if year is None or day.year == year or (day.year == year - 1 and day.month == 12):
        return True
    f.problem(pos, f"{day} 不在 {year} 年内（通知只能涉及本年和上年 12 月的日期）")
    return False


def year_template(year: int) -> str:
    """A YAML skeleton for a year, to be filled in from the notice. Unfilled, it fails to load."""
    holidays = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
    lines = [
        f"# 《国务院办公厅关于{year}年部分节假日安排的通知》，按原文逐项填写。",
        "# 日期写作 2027-01-01 或 2027年1月1日；只放一天的节日可省略“结束”；",
        "# 调休上班只填通知中写明上班的周六、周日；合并放假的节日（如中秋、国庆）写成一项。",
        f"# 使用：gaozhi deadlines report 导出.csv --calendar {year}.yaml",
        f'# 或在 gaozhi.toml 中写：[deadlines] calendar = ["{year}.yaml"]',
        f"年份: {year}",
        "文号:        # 如 国办发明电〔2025〕7号",
        "网址:        # 中国政府网上通知的网址（可选）",
        "节假日:",
    ]
    for name in holidays:
        lines += [f"  - 名称: {name}", "    开始:", "    结束:", "    调休上班: []"]
    return "\n".join(lines) + "\n"
