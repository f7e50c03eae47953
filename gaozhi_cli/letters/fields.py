"""The fields several forms share: people, numbers, dates, lists of items.

Keys are the forms' own labels and nest as the forms nest them (``申请人: {姓名, 证件编号}``);
every field also accepts its English name. Identity numbers are checked here (GB 11643,
GB 32100), so a bad one is reported at its field. Each form's own model is in its module in
``letters.forms``; checks that need other files (exclusion list) are in ``letters.checks``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gaozhi_cli.dates import coerce_date
from gaozhi_cli.docnumbers import parse_doc_number
from gaozhi_cli.identity import credit_code_problem, id_number_problem, normalise_id
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
        value = normalise_id(value)
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


def case_field() -> Any:
    """承诺书编号: the commitment a check sheet or letter is about. Not printed; with a ledger
    the letter is filed under that case (and a 协助函 records its event there)."""
    return Field(
        None,
        alias="承诺书编号",
        description="所涉告知承诺书的编号，如 2025-15 或 [2025年]第15号（不印出；有台账时据此记入案件）",
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
            if len(str(value).strip()) > 9:
                raise ValueError("函号的顺序号太长（至多 9 位）")
            return {"号": int(value)}
        if isinstance(value, str):
            parsed = parse_doc_number(value)
            if parsed is None:
                raise ValueError("函号应为顺序号（如 15）或 前缀〔年〕号（如 晋市司函字〔2021〕15号）")
            return {"前缀": parsed.prefix or None, "年": parsed.year, "号": parsed.seq}
        return value
