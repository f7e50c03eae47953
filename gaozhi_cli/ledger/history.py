"""A case told whole: its letters, its events in order, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gaozhi_cli.identity import id_number_problem, mask_id_number
from gaozhi_cli.ledger.db import LedgerError
from gaozhi_cli.ledger.model import FALSE, KINDS
from gaozhi_cli.ledger.store import CASE_COLUMNS, EVENT_COLUMNS, Case, Ledger

EVENT_HEADINGS = ("日期", "事件", "内容", "来源")


@dataclass(frozen=True)
class CaseHistory:
    case: Case
    letters: list[tuple[Any, ...]]  # form, number, date, file, sha256, voided_on, void_reason
    events: list[tuple[Any, ...]]  # as Ledger.events gives them
    retracted: list[tuple[Any, ...]] = field(default_factory=list)  # as Ledger.retracted gives them

    @property
    def status(self) -> str:
        if self.case.voided_on:
            return f"已作废（{self.case.void_reason}）"
        kinds = [e[0] for e in self.events]
        verified = [e for e in self.events if e[0] == "verified"]
        if verified and verified[-1][4] == FALSE:
            repaired = [e for e in self.events if e[0] == "repaired" and e[1] >= verified[-1][1]]
            if repaired:
                return "核查为虚假，已信用修复"
            if "credit-collected" not in kinds:
                return "核查为虚假，待归集信用信息"
            return "核查为虚假，信用修复前不适用告知承诺制"
        if verified:
            return "已核查，承诺属实"
        if "assist-sent" in kinds:
            return "待协助回复" if "assist-replied" not in kinds else "已收到协助回复，待记录核查结论"
        return "待核查"

    def event_rows(self) -> list[tuple[str, str, str, str]]:
        return [(e[1], KINDS[e[0]].name, describe_event(e), e[11] or "") for e in self.events]

    def retracted_rows(self) -> list[tuple[str, str, str, str, str]]:
        return [(e[1], KINDS[e[0]].name, describe_event(e[:12]), e[12][:10], e[13]) for e in self.retracted]


def describe_event(e: tuple[Any, ...]) -> str:
    kind, _, channel, method, result, checker, addressee, reply_days, ref, effective_on, note, _ = e
    parts = [
        f"申请方式：{channel}" if channel else "",
        method or "",
        f"结果：{result}" if result else "",
        f"核查人：{checker}" if checker else "",
        f"被请求单位：{addressee}" if addressee else "",
        f"回复时限 {reply_days} 个工作日" if reply_days is not None else "",
        f"{'来函函号' if kind == 'assist-replied' else '函号'}：{ref}" if ref else "",
        f"结果生效：{effective_on}" if effective_on else "",
        note or "",
    ]
    return "；".join(p for p in parts if p)


def history(ledger: Ledger, ref: str, department: str | None = None) -> CaseHistory:
    return _whole(ledger, ledger.find_case(ref, department))


def lookup(ledger: Ledger, ref: str, department: str | None = None) -> CaseHistory | list[CaseHistory]:
    """What ``ledger show`` asks for: a case by its number, or an applicant's cases by the
    ID number (matched by its keyed hash; the number itself is not stored): the history
    when there is one case, the list when there are several."""
    if id_number_problem(ref) is not None:
        return history(ledger, ref, department)
    department = department or ledger.department  # as a case number is looked up
    where, params = ("AND department = ?", (department,)) if department else ("", ())
    found = ledger.db.rows(
        f"SELECT id FROM cases WHERE applicant_id_hmac = ? {where} ORDER BY id",
        (ledger.secret.id_hash(ref), *params),
    )
    cases = [_whole(ledger, ledger.case_by_id(row[0])) for row in found]
    if not cases:
        within = f"（{department}）" if department else ""
        raise LedgerError(f"台账中没有证件号码为 {mask_id_number(ref)} 的申请人的案件{within}")
    return cases[0] if len(cases) == 1 else cases


def _whole(ledger: Ledger, case: Case) -> CaseHistory:
    return CaseHistory(case, ledger.letters_of(case.id), ledger.events(case.id), ledger.retracted(case.id))


def all_cases(ledger: Ledger, department: str | None = None) -> list[CaseHistory]:
    """Every case, in the order they were opened (for ``ledger show`` without a case): the
    cases and their events in two queries, whatever their number."""
    where, params = ("WHERE c.department = ?", (department,)) if department else ("", ())
    columns = ", ".join("c." + c.strip() for c in CASE_COLUMNS.split(","))
    cases = [Case(*r) for r in ledger.db.rows(f"SELECT {columns} FROM cases c {where} ORDER BY c.id", params)]
    events: dict[int, list[tuple[Any, ...]]] = {c.id: [] for c in cases}
    for row in ledger.db.stream(
        f"SELECT e.case_id, {EVENT_COLUMNS} FROM events e JOIN cases c ON c.id = e.case_id {where}"
        " ORDER BY e.case_id, e.on_date, e.id",
        params,
    ):
        events[row[0]].append(row[1:])
    return [CaseHistory(c, [], events[c.id]) for c in cases]
