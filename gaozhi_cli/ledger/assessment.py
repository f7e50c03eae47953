"""The annual assessment (实施方案 六(四)): per department, what the year's commitments came to.

    found = assess(ledger, 2025, calendar)          # the ledger as it stood on 2025-12-31

The commitments counted are those made in the year (承诺日期 in it, not voided); the ledger is
read as it stood on the cut-off day (the year's last day, or ``as_of``): events after it are
left out. Whether a verification, a credit record or an assistance reply was on time is the
deadline report's own verdict (deadlines.tally on the ledger's cases, ledger.deadlines), as of
the cut-off day:

- on time / late — done by the deadline, or done after it or still not done when it passed;
- pending — not done, the deadline not yet passed at the cut-off: neither on time nor late,
  and not in the rate (按期率 = 按期 ÷ (按期 + 逾期), as in the deadline report);
- not judged — a date or a 核查时限 the report cannot read, or a year without holiday data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from gaozhi_cli.calendar import WorkCalendar
from gaozhi_cli.deadlines import Options, Status, load_rules, tally
from gaozhi_cli.deadlines.verification import NAME as VERIFICATION
from gaozhi_cli.ledger.db import LedgerError
from gaozhi_cli.ledger.deadlines import LedgerCases, verification_rule
from gaozhi_cli.ledger.model import FALSE
from gaozhi_cli.ledger.store import Ledger
from gaozhi_cli.ledger.table import case_filter

CREDIT, ASSISTANCE = "信用信息归集", "行政协助回复"  # the built-in rules' names (rules.yaml)
METHODS = ("内部核查", "在线核查", "现场核查", "行政协助核查")
UNSTATED = "未注明方式"
TOTAL = "合计"
_LATE = (Status.LATE, Status.OVERDUE)
_PENDING = (Status.OPEN, Status.DUE_SOON)


@dataclass
class Timely:
    """One deadline's verdicts for a department."""

    on_time: int = 0
    late: int = 0  # done late, or not done and overdue at the cut-off
    pending: int = 0  # not done, still within the deadline at the cut-off
    unjudged: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    def count(self, status: Status, n: int) -> None:
        if status is Status.ON_TIME:
            self.on_time += n
        elif status in _LATE:
            self.late += n
        elif status in _PENDING:
            self.pending += n
        else:
            self.unjudged += n

    def add(self, other: Timely) -> None:
        self.on_time += other.on_time
        self.late += other.late
        self.pending += other.pending
        self.unjudged += other.unjudged


@dataclass
class Figures:
    """A department's year (or the total)."""

    department: str
    committed: int = 0
    verified: int = 0  # commitments with a verification by the cut-off (the first counts)
    methods: Counter[str] = field(default_factory=Counter)  # of that first verification
    false_found: int = 0  # commitments a verification found false
    verification: Timely = field(default_factory=Timely)
    credit: Timely = field(default_factory=Timely)  # 7 working days after a false result (四(七))
    assistance: Timely = field(default_factory=Timely)  # replies within the letter's N days (附件7)

    def add(self, other: Figures) -> None:
        self.committed += other.committed
        self.verified += other.verified
        self.methods.update(other.methods)
        self.false_found += other.false_found
        self.verification.add(other.verification)
        self.credit.add(other.credit)
        self.assistance.add(other.assistance)


@dataclass(frozen=True)
class Assessment:
    year: int
    as_of: date
    departments: list[Figures]
    total: Figures
    missing_years: frozenset[int] = frozenset()

    @property
    def methods(self) -> tuple[str, ...]:
        """The verification methods to show: the four of the plan, and 未注明方式 when used."""
        return (*METHODS, *((UNSTATED,) if self.total.methods[UNSTATED] else ()))


def assess(
    ledger: Ledger,
    year: int,
    calendar: WorkCalendar,
    *,
    as_of: date | None = None,
    department: str | None = None,
    start_on_next_workday: bool = False,
) -> Assessment:
    """The assessment of ``year``'s commitments as the ledger stood on ``as_of`` (default:
    the year's last day, or today while the year runs)."""
    cut = as_of or min(date(year, 12, 31), date.today())
    if cut < date(year, 1, 1):
        raise LedgerError(f"统计截止日 {cut} 早于 {year} 年：请用 --as-of 写 {year} 年或以后的日期")
    where, params = case_filter(department, year, cut)
    figures: dict[str, Figures] = {}

    def of(name: str) -> Figures:  # called for every verification: no Figures made to be dropped
        found = figures.get(name)
        return found if found is not None else figures.setdefault(name, Figures(name))

    for name, n in ledger.db.rows(
        f"SELECT c.department, count(*) FROM cases c WHERE {' AND '.join(where)} GROUP BY c.department",
        params,
    ):
        of(name).committed = int(n)
    _verifications(ledger, where, [*params, cut.isoformat()], of)
    rules = [*load_rules(), verification_rule(ledger)]
    options = Options(as_of=cut, start_on_next_workday=start_on_next_workday, limit=0)
    summary = tally(LedgerCases.of(ledger, department, year, cut), rules, calendar, options, jobs=2)
    for (rule, name, status), n in summary.counts.items():
        if status is not None and rule in _RULES and name in figures:
            getattr(figures[name], _RULES[rule]).count(status, n)
    departments = sorted(figures.values(), key=lambda f: f.department)
    total = Figures(TOTAL)
    for f in departments:
        total.add(f)
    return Assessment(year, cut, departments, total, frozenset(summary.missing_years))


_RULES = {VERIFICATION: "verification", CREDIT: "credit", ASSISTANCE: "assistance"}


def _verifications(ledger: Ledger, where: list[str], params: list[object], of) -> None:  # type: ignore[no-untyped-def]
    """Verified commitments by the method of their first verification, and those found false."""
    rows: Iterable[tuple[object, ...]] = ledger.db.stream(
        "SELECT c.department, e.case_id, e.method, e.result FROM events e JOIN cases c ON c.id = e.case_id"
        f" WHERE e.kind = 'verified' AND {' AND '.join(where)} AND e.on_date <= ?"
        " ORDER BY e.case_id, e.on_date, e.id",
        params,
    )
    seen: int | None = None
    false_seen: int | None = None
    for department, case_id, method, result in rows:
        figures = of(department)
        if case_id != seen:
            seen = case_id  # type: ignore[assignment]
            figures.verified += 1
            figures.methods[method or UNSTATED] += 1
        if result == FALSE and case_id != false_seen:
            false_seen = case_id  # type: ignore[assignment]
            figures.false_found += 1
