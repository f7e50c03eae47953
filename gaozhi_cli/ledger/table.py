"""The ledger as a case-log table in the deadline report's own columns (收件日期, 告知承诺书送达日期,
核查完成日期 …): what ``ledger export`` writes and ``deadlines report --ledger`` reads.

One row per case; a case with a second complaint or a second assistance request gets a further
row carrying only its 办件编号, 部门 and that pair, so every rule sees every period once.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date
from typing import Any

from gaozhi_cli.docnumbers import serial_number
from gaozhi_cli.ledger.db import Database
from gaozhi_cli.ledger.model import FALSE
from gaozhi_cli.ledger.store import CASE_COLUMNS

COLUMNS = (
    "办件编号",
    "承诺书编号",
    "部门",
    "证明事项",
    "事项名称",
    "申请人",
    "证件号码",
    "承诺日期",
    "收件日期",
    "申请方式",
    "告知承诺书送达日期",
    "决定日期",
    "核查方式",
    "核查结果",
    "核查人",
    "核查完成日期",
    "结果生效日期",
    "信用信息归集日期",
    "发函日期",
    "被请求单位",
    "回复时限（工作日）",
    "回复日期",
    "投诉受理日期",
    "处理结果告知日期",
    "信用修复日期",
    "核查时限",
)
_AT = {name: i for i, name in enumerate(COLUMNS)}
# What every further row of a case repeats.
_KEYS = tuple(_AT[c] for c in ("办件编号", "承诺书编号", "部门", "证明事项", "事项名称"))
(
    _CASE,
    _NUMBER,
    _DEPARTMENT,
    _ITEM,
    _PURPOSE,
    _APPLICANT,
    _ID,
    _COMMITTED,
    _RECEIVED,
    _CHANNEL,
    _DELIVERED,
    _DECIDED,
    _METHOD,
    _RESULT,
    _CHECKER,
    _VERIFIED,
    _EFFECTIVE,
    _CREDIT,
    _SENT,
    _ADDRESSEE,
    _REPLY_DAYS,
    _REPLIED,
    _COMPLAINT,
    _ANSWERED,
    _REPAIRED,
    _TIME_LIMIT,
) = range(len(COLUMNS))
# An event as read: case_id, kind, on_date, channel, method, result, checker, addressee,
# reply_days, ref, effective_on.
_TABLE_EVENTS = (
    "e.case_id, e.kind, e.on_date, e.channel, e.method, e.result, e.checker, e.addressee,"
    " e.reply_days, e.ref, e.effective_on"
)
Event = tuple[Any, ...]


def case_filter(
    department: str | None = None,
    year: int | None = None,
    until: date | None = None,
    ids: tuple[int, int] | None = None,
) -> tuple[list[str], list[Any]]:
    """The WHERE clauses (on cases ``c``) and parameters of the cases not voided, of
    ``department``, committed in ``year`` and by ``until``, with an id in (first, last]."""
    where, params = ["c.voided_on IS NULL"], list[Any]()
    if ids is not None:
        where.append("c.id > ? AND c.id <= ?")
        params += list(ids)
    if department:
        where.append("c.department = ?")
        params.append(department)
    if year is not None:
        where.append("c.committed_on >= ? AND c.committed_on <= ?")
        params += [f"{year}-01-01", f"{year}-12-31"]
    if until is not None:
        where.append("(c.committed_on IS NULL OR c.committed_on <= ?)")
        params.append(until.isoformat())
    return where, params


def rows(
    db: Database,
    department: str | None = None,
    year: int | None = None,
    until: date | None = None,
    ids: tuple[int, int] | None = None,
) -> Iterator[list[str]]:
    """Every case not voided (of ``department``, committed in ``year``, with an id in
    ``ids``), in case order; with ``until``, the ledger as it stood that day (later events
    left out)."""
    where, params = case_filter(department, year, until, ids)
    cases = db.rows(
        f"SELECT {', '.join('c.' + c.strip() for c in CASE_COLUMNS.split(','))} FROM cases c"
        f" WHERE {' AND '.join(where)} ORDER BY c.id",
        params,
    )
    if until is not None:
        where, params = [*where, "e.on_date <= ?"], [*params, until.isoformat()]
    # One pass over the events in case order, beside the cases (a million events stream), in
    # the order of the events_case index: within a case, each kind's events come together.
    events = db.stream(
        f"SELECT {_TABLE_EVENTS} FROM events e JOIN cases c ON c.id = e.case_id"
        f" WHERE {' AND '.join(where)} ORDER BY e.case_id, e.kind, e.on_date, e.id",
        params,
    )
    at, current = 0, None
    by_kind: dict[str, list[Event]] = {}
    for event in events:
        if event[0] != current:
            if current is not None:
                at = yield from _through(cases, at, current, by_kind)
            current, by_kind = event[0], {}
        found = by_kind.get(event[1])
        if found is None:
            by_kind[event[1]] = [event]
        else:
            found.append(event)
    if current is not None:
        at = yield from _through(cases, at, current, by_kind)
    for case in cases[at:]:
        yield from _case_rows(case, {})


def _through(
    cases: list[tuple[Any, ...]], at: int, case_id: int, by_kind: dict[str, list[Event]]
) -> Generator[list[str], None, int]:
    """The rows of the cases from ``at`` up to ``case_id`` (those before it have no events);
    returns where the next case is. Events of a case not listed (opened by another process
    since the cases were read) are left out."""
    while at < len(cases) and cases[at][0] < case_id:
        yield from _case_rows(cases[at], {})
        at += 1
    if at < len(cases) and cases[at][0] == case_id:
        yield from _case_rows(cases[at], by_kind)
        at += 1
    return at


def _case_rows(case: tuple[Any, ...], by_kind: dict[str, list[Event]]) -> list[list[str]]:
    """The rows of one case (a row of CASE_COLUMNS) from its events by kind, each list in
    the order they happened."""
    (case_id, department, year, seq, platform_no, _, item_name, item_purpose, time_limit) = case[:9]
    row = [""] * len(COLUMNS)
    numbered = year is not None and seq is not None
    row[_CASE] = f"{year}-{seq}" if numbered else platform_no or f"#{case_id}"
    row[_NUMBER] = serial_number(year, seq) if numbered else ""
    row[_DEPARTMENT] = department
    row[_ITEM] = item_name
    row[_PURPOSE] = item_purpose or ""
    row[_APPLICANT] = case[13] or ""
    row[_ID] = case[14] or ""
    row[_COMMITTED] = case[15] or ""
    row[_TIME_LIMIT] = time_limit or ""
    get = by_kind.get
    if received := get("received"):
        row[_RECEIVED] = received[0][2]
        row[_CHANNEL] = received[0][3] or ""
    if delivered := get("delivered"):
        row[_DELIVERED] = delivered[0][2]
    if decided := get("decided"):
        row[_DECIDED] = decided[0][2]
    if verified := get("verified"):
        first = verified[0]  # it ends the verification period
        false = next((v for v in reversed(verified) if v[5] == FALSE), None)  # the latest false result
        row[_METHOD] = first[4] or ""
        row[_RESULT] = (false or first)[5] or ""
        row[_CHECKER] = first[6] or ""
        row[_VERIFIED] = first[2]
        if false is not None:
            effective = false[10] or false[2]
            row[_EFFECTIVE] = effective
            row[_CREDIT] = next((e[2] for e in get("credit-collected", ()) if e[2] >= effective), "")
    if repaired := get("repaired"):
        row[_REPAIRED] = repaired[-1][2]
    sent, complaints = get("assist-sent"), get("complaint")
    if sent is None and complaints is None:
        return [row]
    pairs = _assist_pairs(sent or [], get("assist-replied", []))
    answered = _complaint_pairs(
        [e[2] for e in complaints or ()], [e[2] for e in get("complaint-answered", ())]
    )
    out: list[list[str]] = []
    for n in range(max(1, len(pairs), len(answered))):
        if n:
            row = [""] * len(COLUMNS)
            for key in _KEYS:
                row[key] = out[0][key]
        if n < len(pairs):
            request, reply = pairs[n]
            row[_SENT] = request[2]
            row[_ADDRESSEE] = request[7] or ""
            row[_REPLY_DAYS] = "" if request[8] is None else str(request[8])
            row[_REPLIED] = reply[2] if reply else ""
        if n < len(answered):
            row[_COMPLAINT], row[_ANSWERED] = answered[n]
        out.append(row)
    return out


def _assist_pairs(sent: list[Event], replies: list[Event]) -> list[tuple[Event, Event | None]]:
    """Each request with its reply: the one naming its 函号, else the next unanswered one."""
    if len(sent) == 1 and len(replies) <= 1:  # the usual case, without the search
        request, reply = sent[0], replies[0] if replies else None
        if reply is not None and (
            (request[9] and reply[9] == request[9]) or (not reply[9] and reply[2] >= request[2])
        ):
            return [(request, reply)]
        return [(request, None)]
    left = list(replies)
    pairs = []
    for request in sent:
        match = next((r for r in left if request[9] and r[9] == request[9]), None)
        if match is None:
            match = next((r for r in left if not r[9] and r[2] >= request[2]), None)
        if match is not None:
            left.remove(match)
        pairs.append((request, match))
    return pairs


def _complaint_pairs(complaints: list[str], answers: list[str]) -> list[tuple[str, str]]:
    if not complaints:
        return []
    left = sorted(answers)
    pairs = []
    for day in sorted(complaints):
        answer = next((a for a in left if a >= day), "")
        if answer:
            left.remove(answer)
        pairs.append((day, answer))
    return pairs
