"""What the ledger records: the events of a case, how a case is named, what a letter leaves.

The events follow the loop of the 实施方案: the application received (收件) and the letter
delivered (送达, 四(三)3), the decision (决定), the verification (核查: method, 真实/虚假, 四(四)),
the assistance asked and answered (发函/回函, 四(六), 附件7/8), the credit information collected
after a false result (信用归集, 四(七)), complaints and their answers (投诉/投诉答复, 四(三)3), and
credit repair (信用修复, 四(二)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from gaozhi_cli.catalog.model import VERIFICATION_METHODS
from gaozhi_cli.dates import coerce_date
from gaozhi_cli.modelbase import ChineseModel

TRUE, FALSE = "真实", "虚假"
Result = Literal["真实", "虚假"]
CheckMethod = Literal["内部核查", "在线核查", "现场核查", "行政协助核查"]
COMMITMENT_SERIES, LETTER_SERIES = "承诺书", "函"


@dataclass(frozen=True)
class EventKind:
    id: str
    name: str
    aliases: tuple[str, ...]
    required: tuple[str, ...] = ()  # field aliases that must be given
    summary: str = ""


KINDS = {
    k.id: k
    for k in (
        EventKind(
            "received",
            "收件",
            ("收到申请", "受理"),
            ("申请方式",),
            "收到申请（申请方式：当面、信函、网上……）",
        ),
        EventKind("delivered", "送达", ("送达告知承诺书",), (), "告知承诺书送达申请人"),
        EventKind("decided", "决定", ("作出决定", "审批决定"), (), "作出行政决定"),
        EventKind(
            "verified",
            "核查",
            ("核查完成", "核验"),
            ("核查方式", "核查结果"),
            "核查完成：方式、结果（真实/虚假）、核查人",
        ),
        EventKind("assist-sent", "发函", ("发出协助函", "申请协助"), ("被请求单位",), "发出申请行政协助函"),
        EventKind("assist-replied", "回函", ("收到回复", "协助回复"), (), "收到行政协助回复函"),
        EventKind("credit-collected", "信用归集", ("归集", "信用信息归集"), (), "信用信息归集到信用平台"),
        EventKind("complaint", "投诉", ("投诉举报", "收到投诉"), (), "收到投诉举报"),
        EventKind("complaint-answered", "投诉答复", ("答复", "投诉处理"), (), "投诉举报调查处理并告知"),
        EventKind("repaired", "信用修复", ("修复",), (), "申请人完成信用修复"),
    )
}


def find_kind(name: str) -> EventKind | None:
    wanted = name.strip()
    for kind in KINDS.values():
        if wanted.lower() == kind.id or wanted in (kind.name, *kind.aliases):
            return kind
    return None


def unknown_kind(name: str) -> str:
    """The message for an event name that is none of KINDS, listing them."""
    names = "、".join(f"{k.name}（{k.id}）" for k in KINDS.values())
    return f"没有事件“{name}”；可用：{names}"


def _date(value: Any) -> Any:
    return coerce_date(value) or value


def _blank_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Day = Annotated[date, BeforeValidator(_date)]
Words = Annotated[str | None, BeforeValidator(_blank_none)]


class EventInput(ChineseModel):
    """One event, from ``ledger record`` options or an import row (keys are the Chinese names)."""

    kind: str = Field(alias="事件")
    on: Day = Field(alias="日期", description="事件发生的日期")
    channel: Words = Field(
        None, alias="申请方式", description="收件：当面、窗口、信函、邮寄、传真、电子邮件、网上……"
    )
    method: Annotated[CheckMethod | None, BeforeValidator(_blank_none)] = Field(
        None, alias="核查方式", description="核查：" + "、".join(VERIFICATION_METHODS[:-1])
    )
    result: Annotated[Result | None, BeforeValidator(_blank_none)] = Field(
        None, alias="核查结果", description="核查或协助回复的结果：真实 或 虚假"
    )
    checker: Words = Field(None, alias="核查人", description="核查人")
    addressee: Words = Field(None, alias="被请求单位", description="发函：请求协助的单位")
    reply_days: Annotated[int | None, BeforeValidator(_blank_none)] = Field(
        None, alias="回复时限", ge=0, le=60, description="发函：书面回复期限（工作日）"
    )
    ref: Words = Field(None, alias="函号", description="发函、回函：协助函的函号")
    effective_on: Annotated[date | None, BeforeValidator(_blank_none), BeforeValidator(_date)] = Field(
        None, alias="结果生效日期", description="核查为虚假时：结果生效之日（默认核查日期），信用归集由此起算"
    )
    note: Words = Field(None, alias="备注")

    @model_validator(mode="after")
    def _complete(self) -> EventInput:
        kind = find_kind(self.kind)
        if kind is None:
            raise ValueError(unknown_kind(self.kind))
        self.kind = kind.id
        missing = [f for f in kind.required if getattr(self, _FIELD_OF[f]) is None]
        if missing:
            raise ValueError(f"“{kind.name}”须写明{'、'.join(missing)}")
        if self.effective_on is not None and not (kind.id == "verified" and self.result == FALSE):
            raise ValueError("“结果生效日期”只用于核查结果为虚假的核查")
        return self


_FIELD_OF = {info.alias: name for name, info in EventInput.model_fields.items() if info.alias}


# -- how a person names a case: the 承诺书编号, or the platform's 办件编号

_SERIAL = re.compile(r"\s*[\[［]?\s*(\d{4})\s*年?\s*[\]］]?\s*[-－—/]?\s*第?\s*(\d{1,9})\s*号?\s*")
_SEQ = re.compile(r"\s*第?\s*(\d{1,9})\s*号?\s*")


@dataclass(frozen=True)
class CaseRef:
    text: str  # as written
    year: int | None
    seq: int | None

    @classmethod
    def parse(cls, text: str, *, this_year: int) -> CaseRef:
        """[2025年]第15号, 2025-15, 2025年第15号, or 15 (this year); anything else may be a 办件编号."""
        m = _SERIAL.fullmatch(text)
        if m and int(m.group(2)) > 0:
            return cls(text.strip(), int(m.group(1)), int(m.group(2)))
        m = _SEQ.fullmatch(text)
        if m and int(m.group(1)) > 0 and len(m.group(1)) <= 6:
            return cls(text.strip(), this_year, int(m.group(1)))
        return cls(text.strip(), None, None)


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str | None  # in clear only in memory, on the way to being masked and hashed


@dataclass(frozen=True)
class ItemSnapshot:
    """The catalogue item as it stood when the commitment was made."""

    seq: int | None
    name: str
    purpose: str | None = None
    time_limit: str | None = None  # 核查时限
    methods: str | None = None  # 核查方式, joined by 、
    public: bool | None = None
    public_scope: str | None = None
    public_period: str | None = None


@dataclass(frozen=True)
class LetterEntry:
    """What a letter leaves in the ledger when it is issued."""

    form: str  # the form id
    department: str
    letter_date: date
    file_name: str
    sha256: str
    applicant: Applicant | None = None
    series: str | None = None  # 承诺书 or 函, for a numbered letter
    year: int | None = None
    prefix: str = ""
    seq: int | None = None
    number: str | None = None  # as printed
    item: ItemSnapshot | None = None  # a commitment letter: the case it opens
    case: str | None = None  # another letter: the commitment it is about (承诺书编号)
    event: EventInput | None = None  # what the letter does to its case (发函, 回函)
    data_key: str | None = None


def parse_event(values: dict[str, Any], where: str = "") -> EventInput:
    """An event from Chinese-keyed values (blank ones left out), or LedgerError saying each
    problem with its field."""
    from pydantic import ValidationError

    from gaozhi_cli.ledger.db import LedgerError
    from gaozhi_cli.modelbase import field_path, reason

    try:
        return EventInput.model_validate({k: v for k, v in values.items() if v is not None and v != ""})
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in field_path(tuple(err["loc"])))
            problems.append(f"“{loc}”{reason(err)}" if loc else reason(err))
        raise LedgerError(f"{where}{'；'.join(dict.fromkeys(problems))}") from None


def event_from_fields(**values: Any) -> EventInput:
    """An event from values named by field (kind, on, channel …, as ``ledger record``'s
    options give them), checked as ``parse_event`` checks the Chinese-keyed ones."""
    return parse_event({EventInput.model_fields[k].alias or k: v for k, v in values.items()})
