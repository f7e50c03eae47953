"""What the calendar knows about a year, and the error for a year it does not know."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from gaozhi_cli.errors import GaozhiError


@dataclass(frozen=True)
class YearData:
    """One year's schedule from the State Council notice.

    ``rest`` are the days off it sets (weekends inside a holiday included), ``makeup`` the
    Saturdays and Sundays it makes working days (调休上班); both map a day to its holiday's name.
    A notice may reach into the last days of the year before (2023's 元旦 began 2022-12-31).
    """

    year: int
    rest: Mapping[date, str]
    makeup: Mapping[date, str]
    source: str


class DayKind(str, Enum):
    WORKDAY = "workday"
    MAKEUP = "makeup"  # a Saturday or Sunday that is a working day (调休上班)
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a day off set by the notice

    @property
    def label(self) -> str:
        return {"workday": "工作日", "makeup": "调休上班", "weekend": "周末", "holiday": "放假"}[self.value]

    @property
    def working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP)


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: date
    kind: DayKind
    name: str | None = None  # the holiday a rest or make-up day belongs to


class CalendarDataMissing(GaozhiError):
    """A computation needs a year for which no holiday notice is loaded. Never guessed."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"缺少 {year} 年的节假日安排数据，无法计算工作日（gaozhi 不推测未公布的安排）。"
            f"国务院办公厅发布《关于{year}年部分节假日安排的通知》后，运行 gaozhi calendar template {year} "
            f"生成模板，按通知填写，再用 --calendar 文件 指定（或写入 gaozhi.toml 的 [deadlines] calendar，"
            "各命令都读它）；"
            "也可以升级 chinese-calendar 包"
        )
        self.year = year

    @property
    def short(self) -> str:
        """The one-line form used per row in reports."""
        return f"缺少 {self.year} 年节假日安排数据（gaozhi calendar template {self.year} 可生成模板）"
