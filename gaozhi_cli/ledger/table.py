"""The ledger as a case-log table in the deadline report's own columns (收件日期, 告知承诺书送达日期,
核查完成日期 …): what ``ledger export`` writes and ``deadlines report --ledger`` reads.

One row per case; a case with a second complaint or a second assistance request gets a further
row carrying only its 办件编号, 部门 and that pair, so every rule sees every period once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gaozhi_cli.ledger.model import FALSE
from gaozhi_cli.ledger.store import CASE_COLUMNS, Case, Ledger

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
_KEYS = ("办件编号", "承诺书编号", "部门", "证明事项", "事项名称")


@dataclass
class _Events:
    received: tuple[str, str | None] | None = None
    delivered: str | None = None
    decided: str | None = None
    verified: tuple[Any, ...] | None = None  # the first: it ends the verification period
    false: tuple[Any, ...] | None = None  # the latest false result
    credit: list[str] | None = None
    repaired: str | None = None
    sent: list[tuple[Any, ...]] | None = None
    replies: list[tuple[Any, ...]] | None = None
    complaints: list[str] | None = None
    answers: list[str] | None = None


def rows(ledger: Ledger, department: str | None = None, year: int | None = None) -> Iterator[list[str]]:
    """Every case not voided (of ``department``, committed in ``year``), in case order."""
    where, params = ["c.voided_on IS NULL"], []
    if department:
        where.append("c.department = ?")
        params.append(department)
    if year is not None:
        where.append("c.committed_on >= ? AND c.committed_on <= ?")
        params += [f"{year}-01-01", f"{year}-12-31"]
    cases = ledger.db.run(
        f"SELECT {', '.join('c.' + c.strip() for c in CASE_COLUMNS.split(','))} FROM cases c"
        f" WHERE {' AND '.join(where)} ORDER BY c.id",
        params,
    ).fetchall()
    # One pass over the events in case order, beside the cases (a million events stream).
    events = ledger.db.run(
        "SELECT e.case_id, e.kind, e.on_date, e.channel, e.method, e.result, e.checker, e.addressee,"
        " e.reply_days, e.ref, e.effective_on FROM events e JOIN cases c ON c.id = e.case_id"
        f" WHERE {' AND '.join(where)} ORDER BY e.case_id, e.on_date, e.id",
        params,
    )
    pending = events.fetchone()
    for raw in cases:
        case = Case(*raw)
        found = _Events()
        while pending is not None and pending[0] < case.id:
            pending = events.fetchone()
        while pending is not None and pending[0] == case.id:
            _add(found, pending)
            pending = events.fetchone()
        yield from _case_rows(case, found)


def _add(found: _Events, e: tuple[Any, ...]) -> None:
    kind, on = e[1], e[2]
    if kind == "received" and found.received is None:
        found.received = (on, e[3])
    elif kind == "delivered" and found.delivered is None:
        found.delivered = on
    elif kind == "decided" and found.decided is None:
        found.decided = on
    elif kind == "verified":
        found.verified = found.verified or e
        if e[5] == FALSE:
            found.false = e
    elif kind == "credit-collected":
        found.credit = [*(found.credit or []), on]
    elif kind == "repaired":
        found.repaired = on
    elif kind == "assist-sent":
        found.sent = [*(found.sent or []), e]
    elif kind == "assist-replied":
        found.replies = [*(found.replies or []), e]
    elif kind == "complaint":
        found.complaints = [*(found.complaints or []), on]
    elif kind == "complaint-answered":
        found.answers = [*(found.answers or []), on]


def _case_rows(case: Case, found: _Events) -> Iterator[list[str]]:
    row = [""] * len(COLUMNS)
    put = _putter(row)
    put("办件编号", case.key)
    put("承诺书编号", case.number if case.seq is not None else "")
    put("部门", case.department)
    put("证明事项", case.item_name)
    put("事项名称", case.item_purpose)
    put("申请人", case.applicant_name)
    put("证件号码", case.applicant_id_masked)
    put("承诺日期", case.committed_on)
    put("核查时限", case.time_limit)
    if found.received:
        put("收件日期", found.received[0])
        put("申请方式", found.received[1])
    put("告知承诺书送达日期", found.delivered)
    put("决定日期", found.decided)
    if found.verified:
        v = found.verified
        put("核查方式", v[4])
        put("核查结果", (found.false or v)[5])
        put("核查人", v[6])
        put("核查完成日期", v[2])
    if found.false:
        effective = found.false[10] or found.false[2]
        put("结果生效日期", effective)
        put("信用信息归集日期", next((d for d in found.credit or [] if d >= effective), ""))
    put("信用修复日期", found.repaired)
    pairs = _assist_pairs(found.sent or [], found.replies or [])
    complaints = _complaint_pairs(found.complaints or [], found.answers or [])
    for n in range(max(1, len(pairs), len(complaints))):
        if n:
            extra = [""] * len(COLUMNS)
            for key in _KEYS:
                extra[_AT[key]] = row[_AT[key]]
            row, put = extra, _putter(extra)
        if n < len(pairs):
            sent, reply = pairs[n]
            put("发函日期", sent[2])
            put("被请求单位", sent[7])
            put("回复时限（工作日）", "" if sent[8] is None else str(sent[8]))
            put("回复日期", reply[2] if reply else "")
        if n < len(complaints):
            put("投诉受理日期", complaints[n][0])
            put("处理结果告知日期", complaints[n][1])
        yield row


def _putter(row: list[str]):  # type: ignore[no-untyped-def]
    def put(column: str, value: Any) -> None:
        row[_AT[column]] = "" if value is None else str(value)

    return put


def _assist_pairs(sent: list[tuple[Any, ...]], replies: list[tuple[Any, ...]]) -> list[tuple[Any, Any]]:
    """Each request with its reply: the one naming its 函号, else the next unanswered one."""
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
    left = sorted(answers)
    pairs = []
    for day in sorted(complaints):
        answer = next((a for a in left if a >= day), "")
        if answer:
            left.remove(answer)
        pairs.append((day, answer))
    return pairs
