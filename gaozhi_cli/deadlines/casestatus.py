"""What a case's status column (办理状态) says about judging it.

实施方案 四(二) lets the applicant withdraw before the decision: a withdrawn or not-accepted
application has no deadline to meet, and counted as 超期未完成 it lowers the on-time rate.
A case the platform calls done (已办结) but without a rule's completion date cannot be judged;
it is not still open. Any other status changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from operator import itemgetter

from gaozhi_cli.deadlines.bind import CACHE_MAX, says
from gaozhi_cli.deadlines.judge import invalid
from gaozhi_cli.deadlines.model import Status, Verdict

# Words in the status of an application that was withdrawn or not accepted: 撤回、已撤回、
# 申请人撤回、撤销申请、不予受理、退件、作废 … (未撤回 is not one: bind.says).
WITHDRAWN_WORDS = ("撤回", "撤销申请", "不予受理", "退件", "作废")
DONE_WORDS = ("已办结", "办结")  # how the status starts: 未办结、待办结 are not done
STILL_OPEN = (Status.OVERDUE, Status.DUE_SOON, Status.OPEN)  # verdicts a done case cannot have


class Standing(Enum):
    WITHDRAWN = "withdrawn"
    DONE = "done"
    OTHER = "other"


def standing_of(text: str) -> Standing:
    status = "".join(text.split())
    if any(says(status, word) for word in WITHDRAWN_WORDS):
        return Standing.WITHDRAWN
    return Standing.DONE if status.startswith(DONE_WORDS) else Standing.OTHER


class CaseStatuses:
    """The status column of one export, its standing worked out once per distinct cell."""

    __slots__ = ("column", "known")

    def __init__(self, column: int) -> None:
        self.column = column
        self.known: dict[str, Standing] = {}

    def of(self, rows: Sequence[list[str]]) -> list[Standing]:
        cells = list(map(itemgetter(self.column), rows))
        found: list[Standing | None] = list(map(self.known.get, cells))
        if None not in found:
            return found  # type: ignore[return-value]
        return list(map(self._standing, cells))

    def _standing(self, cell: str) -> Standing:
        found = self.known.get(cell)
        if found is None:
            found = standing_of(cell)
            if len(self.known) < CACHE_MAX:
                self.known[cell] = found
        return found

    def settled(self, verdict: Verdict, end_name: str, fields: list[str]) -> Verdict:
        """The verdict on a done case: one without the completion date cannot be judged."""
        if verdict[3] not in STILL_OPEN:
            return verdict
        status = fields[self.column].strip()
        return invalid(f"办理状态为{status}，但没有“{end_name}”", verdict[0])
