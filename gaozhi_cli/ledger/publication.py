"""The commitments to be published (实施方案 四(八)): those whose item said 公开 when the
letter was issued (the item snapshot of the case), for ``ledger publish``.

What is published is what the plan asks to publish — the commitment: who committed, to which
certificate, for which matter, when — and no more. An organisation is named in full with its
code as the ledger keeps it (masked); a natural person only by surname (张*), without any
part of the ID number: 个人信息保护法 第六条 (the least personal information for the purpose)
and 四(八)'s own exception for 个人隐私. The verification result is not published here: the
credit information of a false commitment goes to the credit platform (四(七)), by its rules.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from gaozhi_cli.dates import format_cn, parse_date
from gaozhi_cli.ledger.db import LedgerError
from gaozhi_cli.ledger.store import CASE_COLUMNS, Case, Ledger
from gaozhi_cli.numerals import NUMBER, parse_number

COLUMNS = (
    "序号",
    "承诺书编号",
    "承诺日期",
    "行政机关",
    "证明事项",
    "办理事项",
    "申请人",
    "统一社会信用代码",
    "公开范围",
    "公开时限",
)
NOTE = (
    "依据《晋城市全面推行证明事项告知承诺制实施方案》四(八)公开。申请人为自然人的，"
    "依《中华人民共和国个人信息保护法》只公开姓氏，不公开证件号码；统一社会信用代码部分遮盖。"
)

# Words an organisation's name ends with; the one-character ones only after a name longer
# than a person's usually is (李园 and 张行 are people).
_ORGANISATION = re.compile(
    r"(公司|中心|协会|学会|商会|基金会|委员会|集团|银行|医院|诊所|合作社|事务所|工作室|个体工商户|农场|酒店"
    r"|宾馆|超市|俱乐部|联合会|研究会|促进会)$"
)
_ORGANISATION_SHORT = re.compile(r"[厂店行部社所院校园馆站局处室队场]$")
_COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "令狐",
    "端木",
    "南宫",
    "西门",
    "独孤",
    "呼延",
    "万俟",
    "闻人",
    "轩辕",
]
_PERIOD = re.compile(rf"公开期(?:限)?(?:为)?\s*({NUMBER})\s*(年|个月|月|日|天)")


@dataclass(frozen=True)
class Window:
    """Which commitments: made from ``start`` to ``end`` (inclusive), of ``department``;
    with ``as_of``, only those whose 公开期 has not ended by that day."""

    start: date | None = None
    end: date | None = None
    department: str | None = None
    as_of: date | None = None

    @classmethod
    def parse(
        cls,
        year: int | None = None,
        start: str | None = None,
        end: str | None = None,
        department: str | None = None,
        as_of: str | None = None,
    ) -> Window:
        """From the command line's --year, --from, --to, --department, --as-of."""
        if year is not None and (start or end):
            raise LedgerError("--year 与 --from/--to 只写一种")
        if year is not None:
            return cls(date(year, 1, 1), date(year, 12, 31), department, _day("--as-of", as_of))
        window = cls(_day("--from", start), _day("--to", end), department, _day("--as-of", as_of))
        if window.start and window.end and window.start > window.end:
            raise LedgerError(f"--from {window.start} 晚于 --to {window.end}")
        return window

    @property
    def shown(self) -> str:
        """承诺日期 2025年1月1日至2025年12月31日, for titles and messages."""
        s, e = self.start, self.end
        if s and e and (s.month, s.day, e.month, e.day, e.year) == (1, 1, 12, 31, s.year):
            return f"{s.year}年作出的承诺"
        if s or e:
            return f"承诺日期{format_cn(s) if s else '最早'}至{format_cn(e) if e else '今'}"
        return "全部承诺"


def _day(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise LedgerError(f"{option}：“{text}”不是可识别的日期（可写 2025-10-01、2025年10月1日）")
    return day


@dataclass(frozen=True)
class Publication:
    heading: str
    period: str
    rows: list[list[str]]
    columns: tuple[str, ...] = COLUMNS
    note: str = NOTE


def publication(ledger: Ledger, window: Window) -> Publication:
    """What ``ledger publish`` writes: the title, the period it covers, the rows."""
    rows = list(public_rows(ledger, window))
    departments = {r[3] for r in rows} | ({window.department} if window.department else set())
    agency = departments.pop() if len(departments) == 1 else ""
    period = window.shown + (f"，截至{format_cn(window.as_of)}仍在公开期内" if window.as_of else "")
    return Publication(f"{agency}证明事项告知承诺书公开目录", period, rows)


def is_organisation(name: str, masked_code: str | None) -> bool:
    """An applicant that is a company or another organisation, not a natural person. A
    统一社会信用代码 shows itself by letters or a leading 9 (企业); otherwise the name
    decides. In doubt, a person: the safe side for privacy."""
    code = (masked_code or "").replace("*", "")
    if code and (code[0] in "9Y" or any(c.isalpha() and c != "X" for c in code)):
        return True
    bare = name.strip()
    if _ORGANISATION.search(bare):
        return True
    return "·" not in bare and (len(bare) > 6 or (len(bare) > 4 and bool(_ORGANISATION_SHORT.search(bare))))


def masked_person(name: str) -> str:
    """张三 → 张*, 欧阳修文 → 欧阳**: the surname and a star for each other character."""
    bare = name.strip()
    keep = 2 if bare[:2] in _COMPOUND_SURNAMES else 1
    return bare[:keep] + "".join("·" if c == "·" else "*" for c in bare[keep:])


def public_until(case: Case, decided_on: str | None) -> date | None:
    """The last day of a commitment's 公开期 (公开期1年, 公开期限6个月, 公开期30日), counted
    from the decision (else the commitment); None when the text gives no period."""
    m = _PERIOD.search(case.public_period or "")
    since = decided_on or case.committed_on
    if m is None or since is None:
        return None
    count, start = parse_number(m.group(1)), date.fromisoformat(since)
    if count is None:  # more digits than any period has: no end is read into it
        return None
    if m.group(2) in ("日", "天"):
        return start + timedelta(days=count) if count <= (date.max - start).days else date.max
    months = start.month - 1 + count * (12 if m.group(2) == "年" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    if year > date.max.year:  # 公开期9999年: public for as long as a date goes
        return date.max
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def public_rows(ledger: Ledger, window: Window) -> Iterator[list[str]]:
    """The rows of the publication, in the order the commitments were made; as of a day,
    those committed by then (a letter issued later was not yet there to publish)."""
    where, params = ["c.voided_on IS NULL", "c.public = 1"], []
    for clause, value in (
        ("c.committed_on >= ?", window.start),
        ("c.committed_on <= ?", window.end),
        ("c.committed_on <= ?", window.as_of),
        ("c.department = ?", window.department),
    ):
        if value is not None:
            where.append(clause)
            params.append(value.isoformat() if isinstance(value, date) else value)
    columns = ", ".join("c." + c.strip() for c in CASE_COLUMNS.split(","))
    decided = "(SELECT min(e.on_date) FROM events e WHERE e.case_id = c.id AND e.kind = 'decided')"
    found = ledger.db.stream(
        f"SELECT {columns}, {decided} FROM cases c WHERE {' AND '.join(where)}"
        " ORDER BY c.committed_on, c.department, c.year, c.seq, c.id",
        params,
    )
    n = 0
    for raw in found:
        case = Case(*raw[:-1])
        if window.as_of is not None:
            until = public_until(case, raw[-1])
            if until is not None and until < window.as_of:
                continue
        n += 1
        yield _row(n, case)


def _row(n: int, case: Case) -> list[str]:
    name = case.applicant_name or ""
    organisation = bool(name) and is_organisation(name, case.applicant_id_masked)
    return [
        str(n),
        case.number if case.seq is not None else case.platform_no or "",
        case.committed_on or "",
        case.department,
        case.item_name,
        case.item_purpose or "",
        name if organisation else masked_person(name) if name else "",
        (case.applicant_id_masked or "") if organisation else "",
        case.public_scope or "",
        case.public_period or "",
    ]
