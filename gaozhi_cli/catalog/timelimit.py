"""A 核查时限 read as a machine can check it: the event the period starts from and its length.

"作出决定后20个工作日内" → 20 working days after the decision; "受理之日起15日内" → 15 calendar
days after receipt (日 and 工作日 are kept apart); "受理时当场" → 0 working days after receipt;
"登记后12个月内" → 12 months after registration. A milestone added to a period ("……，在作出许可
决定前完成") does not change it; a clause for a special case ("情况紧急先行救助的，救助后5个工作
日内") gives way to the main one. What has no count, or no event to count from, is not
computable, and ``parse_time_limit`` says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gaozhi_cli.numerals import parse_number

WORKDAYS, DAYS, MONTHS, YEARS = "工作日", "日", "个月", "年"
_UNITS = {"工作日": WORKDAYS, "自然日": DAYS, "日": DAYS, "天": DAYS, "月": MONTHS, "年": YEARS}
_NUMBER = r"\d{1,4}|[一二两三四五六七八九十百]{1,4}"
_PERIOD = re.compile(
    rf"(?P<event>[\u4e00-\u9fff]{{1,20}}?)(?P<link>之日起|之日后|之日|起|后)\s*(?P<n>{_NUMBER})\s*个?\s*"
    r"(?P<unit>工作日|自然日|日|天|月|年)"
)
# A length with no event: 10日内, 30天, 五个工作日, 时限为5个工作日, 3个月 (but 3月, 12月31日
# and 2025年 are dates; 每5天 is a frequency, 第5日 a day).
_BARE = re.compile(
    rf"(?<![\d一二两三四五六七八九十百千零〇每第月年])(?P<n>{_NUMBER})\s*"
    r"(?:个?\s*(?:工作日|自然日|日|天)|个\s*月|[月年]\s*(?:内|以内|之内))"
)
_LENGTH = re.compile(
    rf"\s*(?P<n>{_NUMBER})\s*个?\s*(?P<unit>工作日|自然日|日|天|月|年)?\s*(?:内|以内|之内)?\s*"
)
_ON_THE_SPOT = re.compile(r"(?P<event>[\u4e00-\u9fff]{0,20}?)(?:时|当时)?(?:当场|当日|当天|即时)")
_CONDITION = re.compile(r"的[，,]")
_LEAD = re.compile(r"^(?:自|从|于|在|经|作出|自作出)+")
# An event → the contract columns (in order of preference) that hold its date in an export.
EVENT_COLUMNS = {
    "受理": ("受理日期", "收件日期"),
    "决定": ("决定日期",),
    "登记": ("登记日期",),
    "发证": ("发证日期", "发放日期"),
}


@dataclass(frozen=True)
class Period:
    event: str  # 受理, 决定, 登记, 发证, or the catalogue's own words (报名截止)
    count: int
    unit: str  # WORKDAYS, DAYS, MONTHS or YEARS

    @property
    def columns(self) -> tuple[str, ...]:
        """Where an export keeps the event's date: 决定日期, or 报名截止日期 for the catalogue's own."""
        return EVENT_COLUMNS.get(self.event, (f"{self.event}日期",))

    def describe(self) -> str:
        when = (
            "当日" if self.count == 0 else f"后 {self.count} {'个' if self.unit != YEARS else ''}{self.unit}"
        )
        return f"{self.event}{when}"


def _event(words: str) -> str:
    words = _LEAD.sub("", words)
    if words.startswith("收到") or words in ("受理", "受理申请", "受理报名", "收件", "申请"):
        return "受理"
    if "决定" in words:
        return "决定"
    if words.endswith("登记") and len(words) <= 4:
        return "登记"
    if words.startswith(("发放", "颁发", "核发", "发证", "颁证", "领取")):
        return "发证"
    return words


@lru_cache(maxsize=4096)
def parse_time_limit(text: str) -> Period | str:
    """The period of a 核查时限, or why it cannot be computed (a Chinese phrase that follows
    the limit in a message: 没有写明……)."""
    clauses = [c for c in re.split(r"[；;。]", text) if c.strip()]
    for i, clause in enumerate(clauses):
        if i > 0 and _CONDITION.search(clause):
            continue  # a special case; the main clause came first
        found = _PERIOD.search(clause)
        spot = _ON_THE_SPOT.search(clause)
        if spot and (not found or spot.start() < found.start()) and spot.group("event"):
            return Period(_event(spot.group("event")), 0, WORKDAYS)
        if found:
            n = parse_number(found.group("n"))
            if n is None:
                return f"中的“{found.group('n')}”不是天数"
            return Period(_event(found.group("event")), n, _UNITS[found.group("unit")])
        if spot:
            return Period("受理", 0, WORKDAYS)  # on the spot: when the application is received
        if _BARE.search(clause):
            return "没有写明从哪个环节起算（如“作出决定后”“受理之日起”）"
    return "没有可计算的天数（只写了办理环节或时点）"


def unit_word(text: str) -> str | None:
    """The unit a word names (工作日, 个工作日, 天, 日, 自然日, 月, 个月, 年), or None."""
    return _UNITS.get(text.strip().removeprefix("个"))


def parse_length(text: str, event: str, *, workday_column: bool = False) -> Period | None:
    """A length alone, as a column of limits writes it: 5 (working days), 5个工作日, 五个工作日,
    20天, 1个月, 3年内; counted from ``event``. In a column headed in working days
    (回复时限（工作日）) 3天 and 3日 are working days too: only 自然日 says otherwise there.
    None when it is not one."""
    found = _LENGTH.fullmatch(text)
    n = parse_number(found.group("n")) if found else None
    if found is None or n is None:
        return None
    unit = found.group("unit") or WORKDAYS
    if workday_column and unit in ("日", "天"):
        unit = WORKDAYS
    return Period(event, n, _UNITS[unit])


# A 核查时限 says by when verification is complete. Four ways of saying it count:
_COUNT = r"(?:\d{1,3}|[一二两三四五六七八九十百]+)"
# an event the rest of the procedure runs on; "…前" or "…时" after it is a by-when
_STEP = (
    r"受理|决定|审批|审查|审核|许可|登记|发证|颁证|换证|出证|发照|颁发|发放|核发|领取|领证|取证|证书|执照|"
    r"备案|注册|核准|"
    r"办结|报送|初审|核定|签发|开业|验收|批准|上岗|执业|入学|落户|注销|救助"
)
CONCRETE_TIME = re.compile(
    # 1. a period, usually from an event: 受理之日起10个工作日内, 三个月内, 许可决定作出之日起1年内.
    #    Not a frequency (每3个月) and not a year's number (2025年): the lookbehind keeps both out.
    rf"(?<![每\d]){_COUNT}\s*(?:个\s*)?(?:工作日|自然日|日|天|小时|周|星期)"
    rf"|(?<![每\d]){_COUNT}\s*(?:个\s*月|月\s*(?:内|以内|之内))"
    rf"|(?<![每\d])(?:\d{{1,2}}|[一二两三四五六七八九十]+)\s*(?:个\s*)?年\s*(?:内|以内|之内)"
    # 2. a calendar deadline: 每年3月31日前, 2025年12月31日前, 每年年底前
    rf"|{_COUNT}\s*月\s*{_COUNT}\s*日|年\s*[底末]\s*(?:前|之前|以前)"
    # 3. on the spot
    r"|当场|当日|当天|次日|即时|实时|立即|同步"
    # 4. a procedural milestone: 作出许可决定前, 在办理收养登记前完成, 领取证书前, 取许可证时
    #    (but not 受理后及时…, 登记后提前…: 及时 and 提前 are no milestones)
    rf"|(?:{_STEP})[^，,。；;]{{0,12}}?(?:之前|以前|(?<![提目当此从])前|(?<![及适随要按临届定])时)"
)


def is_concrete_time(text: str) -> bool:
    """Whether ``text`` says by when verification is complete (see ``CONCRETE_TIME``)."""
    return CONCRETE_TIME.search(text) is not None
