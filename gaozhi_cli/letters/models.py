"""The data each form needs, as pydantic models whose keys are the form's own labels.

Keys nest as the form nests them (附件4: ``申请人: {姓名, 联系方式, 证件类型, 证件编号}``); every
field also accepts its English name. Identity numbers are checked here (GB 11643, GB 32100),
so a bad one is reported at its field. Checks that need the catalogue or other files
(exclusion list, 代为承诺) are in ``letters.checks``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gaozhi_cli.catalog.model import Liaison, YesNo
from gaozhi_cli.dates import coerce_date
from gaozhi_cli.formats.gbt9704 import parse_doc_number
from gaozhi_cli.identity import credit_code_problem, id_number_problem
from gaozhi_cli.modelbase import ChineseModel

ID_CARD = "居民身份证"


def _date(value: Any) -> Any:
    return coerce_date(value) or value


def _items(value: Any) -> Any:
    """One item, or several on separate lines, where a list is expected."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    if isinstance(value, int):
        return [value]
    return value


def _names(value: Any) -> Any:
    """Names separated by 、，, or spaces, where a list of names is expected."""
    if isinstance(value, str):
        return [n for n in re.split(r"[、，,；;\s]+", value) if n]
    return value


Date = Annotated[date, BeforeValidator(_date)]
ItemRef = Annotated[int | str, Field(description="目录中的序号，或证明事项名称，或直接写出的内容")]
Items = Annotated[list[ItemRef], BeforeValidator(_items)]
Names = Annotated[list[str], BeforeValidator(_names)]
Text = Annotated[str, Field(min_length=1)]


def id_problem(id_type: str | None, number: str) -> str | None:
    """Why ``number`` is not a valid number of ``id_type``; types we cannot check pass."""
    kind = id_type or ID_CARD
    if "身份证" in kind:
        problem = id_number_problem(number)
        return f"不是有效的居民身份证号码（GB 11643）：{problem}" if problem else None
    if "信用代码" in kind or "营业执照" in kind:
        problem = credit_code_problem(number)
        return f"不是有效的统一社会信用代码（GB 32100）：{problem}" if problem else None
    return None


_ID_TYPE = Field(
    ID_CARD, alias="证件类型", description="证件类型：居民身份证、统一社会信用代码、护照……（默认居民身份证）"
)


class _Identified(ChineseModel):
    """Someone with an identity document (``id_type`` declared before ``id_number``); the
    number is checked against its type."""

    @field_validator("id_number", mode="after", check_fields=False)
    @classmethod
    def _valid_id(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.upper()
        problem = id_problem(info.data.get("id_type"), value)
        if problem:
            raise ValueError(problem)
        return value


class Applicant(_Identified):
    """附件4 一(一) 申请人."""

    name: Text = Field(alias="姓名", description="申请人姓名或单位名称")
    contact: str | None = Field(None, alias="联系方式", description="联系电话等")
    id_type: str = _ID_TYPE
    id_number: Text = Field(alias="证件编号", description="证件号码（居民身份证按 GB 11643 校验）")


class ApplicantRef(_Identified):
    """An applicant named on a check sheet or letter; the identity number is optional."""

    name: Text = Field(alias="姓名", description="申请人姓名或单位名称")
    id_type: str = _ID_TYPE
    id_number: str | None = Field(None, alias="证件编号", description="证件号码（可选；填写则校验）")


class Agent(_Identified):
    """代为承诺的代理人 (附件2 二.1)."""

    name: str | None = Field(None, alias="姓名", description="代理人姓名")
    id_type: str = _ID_TYPE
    id_number: str | None = Field(None, alias="证件编号", description="代理人证件号码（填写则校验）")
    authorisation: str | None = Field(
        None,
        alias="授权书",
        description="申请人的授权：授权书名称和日期",
    )


class AgencyContact(ChineseModel):
    """附件4 一(二) 行政机关 (名称 comes from the catalogue)."""

    person: str | None = Field(None, alias="联系人", description="联系人（默认取目录“联络”的联络员）")
    phone: str | None = Field(None, alias="联系方式", description="联系电话（默认取目录“联络”）")


class SerialNo(ChineseModel):
    """编号 of a commitment letter: [2021年]第15号."""

    year: int | None = Field(None, alias="年", ge=1900, le=2999, description="年份（默认取“日期”的年份）")
    seq: int = Field(alias="号", ge=1, description="顺序号")

    @model_validator(mode="before")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        """15, "2021-15", "[2021年]第15号", "2021年第15号"."""
        if isinstance(value, int):
            return {"号": value}
        if isinstance(value, str):
            m = re.fullmatch(
                r"\s*(?:[\[［]?\s*(\d{4})\s*年?\s*[\]］]?\s*[-－—/]?\s*)?第?\s*(\d+)\s*号?\s*", value
            )
            if m is None:
                raise ValueError("编号应为顺序号（如 15）或 [2021年]第15号")
            return {"年": int(m.group(1)) if m.group(1) else None, "号": int(m.group(2))}
        return value


class DocNo(ChineseModel):
    """函号: 前缀〔年〕号, as 晋市司函字〔2021〕15号."""

    prefix: str | None = Field(None, alias="前缀", description="函号前缀（默认取目录“函号前缀”）")
    year: int | None = Field(None, alias="年", ge=1900, le=2999, description="年份（默认取“日期”的年份）")
    seq: int = Field(alias="号", ge=1, description="顺序号")

    @model_validator(mode="before")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            return {"号": int(value)}
        if isinstance(value, str):
            parsed = parse_doc_number(value)
            if parsed is None:
                raise ValueError("函号应为顺序号（如 15）或 前缀〔年〕号（如 晋市司函字〔2021〕15号）")
            return {"前缀": parsed.prefix or None, "年": parsed.year, "号": parsed.seq}
        return value


class CommitmentData(ChineseModel):
    """附件4 证明事项告知承诺书."""

    number: SerialNo | None = Field(None, alias="编号", description="承诺书编号：顺序号，或 [2021年]第15号")
    item: ItemRef | None = Field(
        None, alias="证明事项", description="目录中的序号或证明事项名称（也可用 --item 指定）"
    )
    matter: str | None = Field(None, alias="申请事项", description="申请事项名称（默认取目录的证明用途）")
    applicant: Applicant = Field(alias="申请人", description="申请人")
    agent: Agent | None = Field(None, alias="代理人", description="代为承诺的代理人（事项允许代为承诺时）")
    agency: AgencyContact | None = Field(None, alias="行政机关", description="行政机关联系人和联系方式")
    willing: YesNo | None = Field(
        None, alias="愿意承诺", description="申请人是否愿意采取承诺制（是/否；不填则留空待勾选）"
    )
    conditions: str | None = Field(
        None, alias="符合条件", description="自身已符合的条件，具体是（默认取目录的证明内容）"
    )
    date: Date = Field(default_factory=date.today, alias="日期", description="日期（默认今天）")


class InternalCheckData(ChineseModel):
    """附件5 证明事项内部核验单."""

    department: str | None = Field(None, alias="监管部门", description="监管部门（默认取目录的行政机关）")
    system: Text = Field(alias="系统名称", description="登录核实的系统")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    items: Items = Field(
        alias="承诺事项", min_length=1, description="申请人承诺的证明事项（目录序号或名称，每行一项）"
    )
    findings: Text = Field(alias="相关信息", description="核验查到的相关信息")
    checker: str | None = Field(None, alias="核验人", description="核验人姓名（不填则留空待签字）")
    date: Date = Field(default_factory=date.today, alias="日期", description="核验日期（默认今天）")


class OnsiteCheckData(ChineseModel):
    """附件6 证明事项现场核验记录单."""

    department: str | None = Field(None, alias="监管部门", description="监管部门（默认取目录的行政机关）")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    items: Items = Field(alias="承诺事项", min_length=1, description="申请人承诺的证明事项（目录序号或名称）")
    check_date: Date = Field(alias="核验日期", description="现场核验日期")
    record: Text = Field(alias="核验记录", description="现场核验情况记录")
    nonconforming: Items = Field(
        default_factory=list, alias="不符合要求的事项", description="不符合要求的事项（没有则不填）"
    )
    correction_days: int | None = Field(
        None, alias="整改期限", ge=1, le=365, description="补交证明材料的期限（工作日）"
    )
    submit_to: str | None = Field(None, alias="递交单位", description="证明材料递交给谁（默认监管部门）")
    inspectors: Names = Field(default_factory=list, alias="现场核验人员", description="现场核验人员姓名")
    date: Date | None = Field(None, alias="日期", description="记录日期（默认核验日期）")

    @model_validator(mode="after")
    def _period(self) -> OnsiteCheckData:
        if self.nonconforming and self.correction_days is None:
            raise ValueError("有不符合要求的事项时须填写“整改期限”（工作日数）")
        return self


class AssistRequestData(ChineseModel):
    """附件7 申请行政协助函: （一）请求书面回复，（二）派员核实."""

    number: DocNo = Field(alias="函号", description="函号：顺序号，或 晋市司函字〔2021〕15号")
    agency: str | None = Field(None, alias="请求机关", description="发函的行政机关（默认取目录的行政机关）")
    addressee: Text = Field(alias="被请求单位", description="请求协助的部门")
    applied_on: Date = Field(alias="申请日期", description="申请人到本单位办理的日期")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    matter: Text = Field(alias="办理事项", description="申请人办理的事项")
    contents: Items = Field(
        alias="承诺内容", min_length=1, description="申请人书面承诺的内容（目录序号或文字，每行一项）"
    )
    manner: Literal["书面回复", "派员核实"] = Field(
        "书面回复", alias="协助方式", description="书面回复（附件7（一））或派员核实（附件7（二））"
    )
    reply_days: int | None = Field(
        None, alias="回复期限", ge=1, le=60, description="书面回复期限（工作日，书面回复时必填）"
    )
    staff: Names = Field(
        default_factory=list, alias="核查人员", description="派去核实的两名同志（派员核实时必填）"
    )
    date: Date = Field(default_factory=date.today, alias="日期", description="发函日期（默认今天）")

    @model_validator(mode="after")
    def _manner(self) -> AssistRequestData:
        if self.manner == "书面回复" and self.reply_days is None:
            raise ValueError("协助方式为书面回复时须填写“回复期限”（工作日数）")
        if self.manner == "派员核实" and len(self.staff) != 2:
            raise ValueError(f"协助方式为派员核实时“核查人员”须为两名同志，实际 {len(self.staff)} 名")
        return self


class Unable(ChineseModel):
    """附件8 备注: why no help can be given, and who could give it."""

    reason: Text = Field(alias="原因", description="无法提供协助的原因")
    suggested: str | None = Field(
        None, alias="建议协助单位", description="应当掌握该内容、建议请其协助的单位"
    )


class AssistReplyData(ChineseModel):
    """附件8 行政协助回复函."""

    number: DocNo = Field(alias="函号", description="本函函号")
    agency: str | None = Field(None, alias="回复机关", description="回复的行政机关（默认取目录的行政机关）")
    requester: Text = Field(alias="请求机关", description="请求协助的部门")
    requested_on: Date = Field(alias="请求日期", description="对方请求协助的日期")
    request_number: str | None = Field(None, alias="来函函号", description="对方行政协助函的函号")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    items: Items = Field(alias="承诺事项", min_length=1, description="请求核实的承诺事项")
    verdict: Literal["真实", "虚假"] | None = Field(None, alias="核实结果", description="真实 或 虚假")
    unable: Unable | None = Field(None, alias="无法协助", description="无法提供协助时：原因和建议协助单位")
    date: Date = Field(default_factory=date.today, alias="日期", description="回复日期（默认今天）")

    @field_validator("request_number")
    @classmethod
    def _gbt_number(cls, value: str | None) -> str | None:
        parsed = parse_doc_number(value) if value else None
        return str(parsed) if parsed else value

    @model_validator(mode="after")
    def _one_answer(self) -> AssistReplyData:
        if (self.verdict is None) == (self.unable is None):
            raise ValueError("“核实结果”（真实/虚假）和“无法协助”须填且只填一项")
        return self


class LiaisonData(Liaison):
    """附件1 推行证明事项告知承诺制联络表 (defaults from the catalogue's 联络)."""

    agency: str | None = Field(None, alias="单位名称", description="单位名称（默认取目录的行政机关）")
