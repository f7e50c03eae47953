"""附件8 行政协助回复函: the answer to a 申请行政协助函 — 真实, 虚假, or why no help can be
given (the annex's 备注, printed on every variant)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from gaozhi_cli.docnumbers import parse_doc_number
from gaozhi_cli.formtext import Gap
from gaozhi_cli.letters.data import DataProblem
from gaozhi_cli.letters.fields import ApplicantRef, Date, DocNo, Items, Text, case_field
from gaozhi_cli.letters.form import Form, Lookup, Prepared
from gaozhi_cli.letters.values import (
    agency,
    applicant_name,
    clause,
    inline_date,
    item_names,
    letter_number,
    signing_date,
)
from gaozhi_cli.modelbase import ChineseModel


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
    case: str | None = case_field()

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


def build(data: AssistReplyData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    if data is None:
        return Prepared(
            {
                "空白": True,
                "函号": letter_number(None, catalog, None),
                "请求机关": Gap(10),
                "请求日期": inline_date(None),
                "申请人": Gap(6),
                "承诺事项": [Gap(20), Gap(20)],
                "来函函号": Gap(10),
                "核实结果": "真实（虚假）",
                "无法协助": None,
                "回复机关": agency(None, catalog),
                "日期": signing_date(None),
            }
        )
    unable = data.unable
    own = catalog is not None and data.agency not in (None, catalog.agency)
    if own and catalog is not None and data.number is not None and not data.number.prefix:
        # the 函号前缀 of the catalogue is its agency's, not the replying agency's
        raise DataProblem(
            f"回复机关“{data.agency}”不是目录的行政机关（{catalog.agency}），函号不能用目录的函号前缀"
            f"（{catalog.letter_prefix or '未设'}）：请写明回复机关的前缀，如 函号.前缀=晋市公函字"
        )
    return Prepared(
        {
            "空白": False,
            "函号": letter_number(data.number, None if own else catalog, data.date),
            "请求机关": data.requester,
            "请求日期": inline_date(data.requested_on),
            "申请人": applicant_name(data.applicant),
            # the template ends each with ；or 。
            "承诺事项": [clause(n) for n in item_names(data.items, catalog, "承诺事项")],
            "来函函号": data.request_number or Gap(10),
            "核实结果": data.verdict,
            "无法协助": {"原因": clause(unable.reason), "建议协助单位": unable.suggested} if unable else None,
            "回复机关": agency(data.agency, catalog),
            "日期": signing_date(data.date),
        }
    )


FORM = Form(
    id="assist-reply",
    name="回复函",
    annex="附件8",
    title="行政协助回复函",
    aliases=("行政协助回复函",),
    model=AssistReplyData,
    build=build,
    example={
        "函号": "晋市公函〔2021〕3号",
        "回复机关": "晋城市公安局",
        "请求机关": "晋城市司法局",
        "请求日期": "2021-03-17",
        "来函函号": "晋市司函字〔2021〕15号",
        "申请人": {"姓名": "张三"},
        "承诺事项": ["申请人未受过刑事处罚（过失犯罪除外）"],
        "核实结果": "真实",
        "日期": "2021-03-22",
    },
    file_name="行政协助回复函-{函号}-{申请人.姓名}",
    letter=True,
    number_field="函号",
)
