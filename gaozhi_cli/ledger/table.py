"""The ledger as a case-log table in the deadline report's own columns (收件日期, 告知承诺书送达日期,
核查完成日期 …): what ``ledger export`` writes and ``deadlines report --ledger`` reads.

One row per case; a case with a second complaint or a second assistance request gets a further
row carrying only its 办件编号, 部门 and that pair, so every rule sees every period once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import chain
from typing import Any

from gaozhi_cli.docnumbers import serial_number
from gaozhi_cli.ledger.db import Database
from gaozhi_cli.ledger.model import FALSE

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
# A case as read: the columns of its rows.
_TABLE_CASES = (
    "c.id, c.department, c.year, c.seq, c.platform_no, c.item_name, c.item_purpose, c.time_limit,"
    " c.applicant_name, c.applicant_id_masked, c.committed_on"
)
Event = tuple[Any, ...]
BATCH = 2048  # rows at a time, as the deadline report reads an export's records
_NONE: dict[str, list[Event]] = {}


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
    return chain.from_iterable(batches(db, department, year, until, ids))


def batches(
    db: Database,
    department: str | None = None,
    year: int | None = None,
    until: date | None = None,
    ids: tuple[int, int] | None = None,
    *,
    size: int = BATCH,
) -> Iterator[list[list[str]]]:
    """The rows of ``rows()`` in lists of about ``size``: the cases read a page at a time, the
    events in one pass beside them in the order of their index (events_rows on SQLite):
    within a case, each kind's events together, in the order they happened."""
    where, params = case_filter(department, year, until)
    cases = chain.from_iterable(_case_pages(db, where, params, ids, size))
    # When cases are chosen by id alone, the events are filtered on their own columns: those
    # of a case not listed (voided) are passed over below, which costs less than a join.
    joined = bool(department) or year is not None
    on, given = _by_id(ids)
    if joined:
        on, given = [*on, *where], [*given, *params]
    if until is not None:
        on, given = [*on, "e.on_date <= ?"], [*given, until.isoformat()]
    events = db.stream(
        f"SELECT {_TABLE_EVENTS} FROM events e{' JOIN cases c ON c.id = e.case_id' if joined else ''}"
        f" WHERE {' AND '.join(on) or 'TRUE'} ORDER BY e.case_id, e.kind, e.on_date, e.id",
        given,
    )
    out: list[list[str]] = []
    case = next(cases, None)
    current, by_kind = None, _NONE
    for event in events:
        if event[0] != current:
            if current is not None:
                case = _through(cases, case, current, by_kind, out)
                if case is None:
                    break  # the events of cases not listed (opened since) are left out
                if len(out) >= size:
                    yield out
                    out = []
            current, by_kind = event[0], {}
        found = by_kind.get(event[1])
        if found is None:
            by_kind[event[1]] = [event]
        else:
            found.append(event)
    else:
        if current is not None:
            case = _through(cases, case, current, by_kind, out)
    while case is not None:
        out += _case_rows(case, _NONE)
        if len(out) >= size:
            yield out
            out = []
        case = next(cases, None)
    if out:
        yield out


def _through(
    cases: Iterator[tuple[Any, ...]],
    case: tuple[Any, ...] | None,
    case_id: int,
    by_kind: dict[str, list[Event]],
    out: list[list[str]],
) -> tuple[Any, ...] | None:
    """Add the rows of the cases up to ``case_id`` to ``out`` (those before it have no
    events); returns the case after it."""
    while case is not None and case[0] < case_id:
        out += _case_rows(case, _NONE)
        case = next(cases, None)
    if case is not None and case[0] == case_id:
        out += _case_rows(case, by_kind)
        case = next(cases, None)
    return case


def _case_pages(
    db: Database, where: list[str], params: list[Any], ids: tuple[int, int] | None, size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The cases selected, in id order, ``size`` at a time: keyset pages, so neither a second
    cursor is held open beside the events' nor every case is in memory at once. (The pages'
    own lower bound is the only one given: SQLite ranges over one.)"""
    last, end = ids if ids is not None else (-1, None)
    bound = "" if end is None else " AND c.id <= ?"
    while True:
        page = db.rows(
            f"SELECT {_TABLE_CASES} FROM cases c WHERE {' AND '.join(where)} AND c.id > ?{bound}"
            " ORDER BY c.id LIMIT ?",
            [*params, last, *([] if end is None else [end]), size],
        )
        if page:
            yield page
        if len(page) < size:
            return
        last = page[-1][0]


def _by_id(ids: tuple[int, int] | None) -> tuple[list[str], list[Any]]:
    return (["e.case_id > ? AND e.case_id <= ?"], list(ids)) if ids is not None else ([], [])


def _case_rows(case: tuple[Any, ...], by_kind: dict[str, list[Event]]) -> list[list[str]]:
    """The rows of one case (a row of _TABLE_CASES) from its events by kind, each list in
    the order they happened. (A case is a few microseconds of a report of a million
    events: the first row is made in one list display.)"""
    case_id, department, year, seq, platform_no, item_name, purpose, time_limit, applicant, masked, on = case
    get = by_kind.get
    received, delivered, decided, verified = (
        get("received"),
        get("delivered"),
        get("decided"),
        get("verified"),
    )
    method = result = checker = verified_on = effective = credit = ""
    if verified:
        first, last = verified[0], verified[-1]  # the first ends the verification period
        # the latest result is the case's, as the exclusion list takes it (a check found 虚假
        # and corrected on review is not a false commitment; one found 虚假 later is)
        false = last if last[5] == FALSE else None
        method, result, checker, verified_on = (
            first[4] or "",
            last[5] or "",
            first[6] or "",
            first[2],
        )
        if false is not None:
            effective = false[10] or false[2]
            credit = next((e[2] for e in get("credit-collected", ()) if e[2] >= effective), "")
    repaired = get("repaired")
    numbered = year is not None and seq is not None
    row = [
        f"{year}-{seq}" if numbered else platform_no or f"#{case_id}",
        serial_number(year, seq) if numbered else "",
        department,
        item_name,
        purpose or "",
        applicant or "",
        masked or "",
        on or "",
        received[0][2] if received else "",
        (received[0][3] or "") if received else "",
        delivered[0][2] if delivered else "",
        decided[0][2] if decided else "",
        method,
        result,
        checker,
        verified_on,
        effective,
        credit,
        "",  # 发函日期 …: below
        "",
        "",
        "",
        "",  # 投诉受理日期 …: below
        "",
        repaired[-1][2] if repaired else "",
        time_limit or "",
    ]
    sent, complaints = get("assist-sent"), get("complaint")
    if sent is None and complaints is None:
        return [row]
    pairs = _assist_pairs(sent or [], get("assist-replied", []))
    answered = (
        _complaint_pairs([e[2] for e in complaints], [e[2] for e in get("complaint-answered", ())])
        if complaints
        else []
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
